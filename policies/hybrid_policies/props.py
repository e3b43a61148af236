"""Reading resource properties the way the policy SDK hands them over.

The SDK wraps `args.props` in read-only proxies: nested objects are `Mapping`s and lists
are `Sequence`s (not `dict`/`list`), numbers are floats, secrets arrive as plain values,
and reading a value that is unknown during a preview raises `UnknownValueError`, which
the engine reports as "can't run policy during preview" instead of a false verdict. These
helpers keep that behaviour for the values a rule reads, and let the rules that scan every
property (secrets, untranslated keys) skip unknown values instead of giving up.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import UnknownValueError

Path = tuple[str | int, ...]


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


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every known (path, value) pair below `value`, containers included, depth first.

    Iterative: a recursive generator hands each pair up through every level above it, which
    made the two rules that scan all properties the slowest of the pack at 5,000 resources.
    """
    pending = [(path, value)]
    while pending:
        path, value = pending.pop()
        yield path, value
        children: list[tuple[Path, Any]] = []
        if is_mapping(value):
            for key in sorted(keys(value)):
                is_known, item = known(value, key)
                if is_known:
                    children.append(((*path, key), item))
        elif is_list(value):
            for index in range(len(value)):
                is_known, item = known(value, index)
                if is_known:
                    children.append(((*path, index), item))
        pending.extend(reversed(children))


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
