"""What kind of contract change one outputs schema is from another, by the rules of
`hybrid_ai_platform.contract`'s docstring, read from the two JSON Schemas:

- MAJOR: anything a consumer could trip over: a field or definition removed, a field no
  longer required, a type, format or pattern changed, any change to an enum (a value added
  is major too: a consumer's exhaustive match would miss it).
- MINOR: additive: a new field, a new definition, an optional field now always present.
- PATCH: descriptions and titles only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

Kind = Literal["major", "minor", "patch"]
RANK: dict[Kind, int] = {"patch": 0, "minor": 1, "major": 2}
WORDS = ("description", "title")
# Keys whose value is a map of names to schemas: a name added is additive, one gone major.
NAMED = ("properties", "$defs")


def change_kind(old: Any, new: Any) -> Kind | None:
    """The largest kind of change from `old` to `new`, None if they are equal."""
    kinds = list(_changes(old, new))
    return max(kinds, key=RANK.__getitem__) if kinds else None


def bump_kind(old_version: str, new_version: str) -> Kind | None:
    """What kind of bump `new_version` is over `old_version` (semantic versions)."""
    old, new = old_version.split("."), new_version.split(".")
    for index, kind in enumerate(("major", "minor", "patch")):
        if old[index] != new[index]:
            return kind  # type: ignore[return-value]
    return None


def _changes(old: Any, new: Any) -> Iterator[Kind]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() | new.keys():
            yield from _key_changes(key, old.get(key), new.get(key))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for before, after in zip(old, new, strict=True):
            yield from _changes(before, after)
    elif old != new:
        yield "major"


def _key_changes(key: str, old: Any, new: Any) -> Iterator[Kind]:
    if old == new:
        return
    if key in WORDS:
        yield "patch"
    elif key == "enum":
        yield "major"
    elif key == "required":
        before, after = set(old or ()), set(new or ())
        if before - after:
            yield "major"
        if after - before:
            yield "minor"
    elif key in NAMED and isinstance(old or {}, dict) and isinstance(new or {}, dict):
        before, after = old or {}, new or {}
        if before.keys() - after.keys():
            yield "major"
        if after.keys() - before.keys():
            yield "minor"
        for name in before.keys() & after.keys():
            yield from _changes(before[name], after[name])
    elif old is None or new is None:
        yield "major"  # a constraint added or dropped (type, format, pattern, ...)
    else:
        yield from _changes(old, new)
