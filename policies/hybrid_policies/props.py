"""Reading resource properties the way the policy SDK hands them over.

The SDK wraps `args.props` in read-only proxies: nested objects are `Mapping`s and lists
are `Sequence`s (not `dict`/`list`), numbers are floats, secrets arrive as plain values,
and reading a value that is unknown during a preview raises `UnknownValueError`, which
the engine reports as "can't run policy during preview" instead of a false verdict. These
helpers keep that behaviour for the values a rule reads, and let the rules that scan every
property (secrets, untranslated keys) skip unknown values instead of giving up.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import (  # the SDK's own deserializer uses the proxy classes too
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
    _DictProxy,
    _ListProxy,
)

Path = tuple[str | int, ...]
# What the SDK puts where a value is unknown during preview (`pulumi_policy.proxy._is_unknown`).
UNKNOWN_SENTINELS = frozenset({
    UNKNOWN_ARCHIVE_VALUE, UNKNOWN_ARRAY_VALUE, UNKNOWN_ASSET_VALUE, UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE, UNKNOWN_OBJECT_VALUE, UNKNOWN_STRING_VALUE,
})  # fmt: skip
_LEAVES = (str, bytes, bool, int, float, type(None))


def get(props: Any, *path: str | int) -> Any:
    """The value at `path`, or None when any step is missing or not a container.

    An unknown value on the way raises `UnknownValueError` (the engine's preview rule).
    """
    current = props
    for step in path:
        if isinstance(step, str) and is_mapping(current):
            current = current.get(step)
        elif isinstance(step, int) and is_list(current) and -len(current) <= step < len(current):
            current = current[step]
        else:
            return None
        if current is None:
            return None
    return current


def is_mapping(value: Any) -> bool:
    return isinstance(value, Mapping)


def is_list(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


def items(value: Any) -> list[Any]:
    """The elements of a list property; [] when absent or not a list."""
    return list(value) if is_list(value) else []


def strings(value: Any) -> list[str]:
    """The string elements of a list property."""
    return [item for item in items(value) if isinstance(item, str)]


def keys(mapping: Any) -> set[str]:
    """The keys of a mapping without reading (and so without tripping on) its values."""
    return set(iter(mapping)) if is_mapping(mapping) else set()


def known(container: Any, key: str | int) -> tuple[bool, Any]:
    """(True, value) for a known value ((True, None) when absent); (False, None) when it is
    unknown during preview."""
    try:
        return True, container[key]
    except (KeyError, IndexError, TypeError):
        return True, None
    except UnknownValueError:
        return False, None


def walk(
    value: Any, path: Path = (), prune: Collection[str | int] = ()
) -> Iterator[tuple[Path, Any]]:
    """Every known (path, value) pair below `value`, containers included, depth first by
    sorted key; nothing below a key in `prune` (its own pair is still yielded).

    Iterative: a recursive generator hands each pair up through every level above it. The
    SDK's proxies are read through their target (`proxy["__target"]`, as the SDK's own
    serializer unwraps them): the same children, in the same containers, as reading key by
    key, without an unknown check that raises and a path list built for every read; unknown
    values are left out here instead. The two rules that scan every property of every
    resource spent most of their time in those reads.

    Upstream-ready (pulumi-policy 1.21, proxy.py): `_DictProxy` and `_ListProxy` get
    `items()`, `get()` and iteration from the `Mapping` / `Sequence` mixins, one Python
    `__getitem__` per value; an `items()` that reads the target and raises on the first
    unknown value would give every policy that scans a resource this speed without the
    private "__target" key.
    """
    pending = [(path, value)]
    while pending:
        path, value = pending.pop()
        yield path, value
        # Most values are leaves: told apart first, as the containers' ABC checks are slow.
        if isinstance(value, _LEAVES) or (path and path[-1] in prune):
            continue
        pending.extend(reversed([((*path, key), item) for key, item in _known_children(value)]))


def _known_children(value: Any) -> list[tuple[str | int, Any]]:
    """(key, value) of every known child of a container, by sorted key or index; [] for a
    leaf."""
    if isinstance(value, _DictProxy | _ListProxy):
        value = value["__target"]
        if isinstance(value, dict):
            return [(key, value[key]) for key in sorted(value) if not _is_unknown(value[key])]
        return [(index, item) for index, item in enumerate(value) if not _is_unknown(item)]
    steps: list[str | int]
    if is_mapping(value):
        steps = sorted(keys(value))
    elif is_list(value):
        steps = list(range(len(value)))
    else:
        return []
    found = [(step, *known(value, step)) for step in steps]
    return [(step, item) for step, is_known, item in found if is_known]


def _is_unknown(value: Any) -> bool:
    return isinstance(value, str) and value in UNKNOWN_SENTINELS


def dotted(path: Path) -> str:
    """`("vpcConfig", "publicAccessCidrs", 0)` -> `vpcConfig.publicAccessCidrs[0]`."""
    text = ""
    for step in path:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def number(value: Any) -> float | None:
    """A numeric property (the SDK delivers floats; strings of digits occur in some schemas)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None
