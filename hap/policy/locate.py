"""Point a resource at the line of the stack file that made it, for SARIF and messages.

Components and their children are named after the definition entry they come from (a
cluster `train` makes `train-network`, `train-eks`, `train-a100`, ...). So a resource is
located by its name and its ancestors' names: the longest definition entry name that a
name starts with (`lab-gcp` before `lab`), then, inside that entry, the nested entry (a
node pool, a team) named by the last `-`-separated segment of the rest of the name that
names one (`train-a100`: pool `a100`; `train-gpu-team-fraud-ns`: team `fraud`). A resource
that matches nothing is located at the first line of the stack file.

Definition entries are looked for under every structured config value of the stack file
(this platform's `hybrid-ai-platform:environment`, or any other program's own key): the
engine knows no project's config.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hap.plan import Plan, PlannedResource
from hybrid_ai_shared.yaml_lines import line_index

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class _Entry:
    name: str
    path: Path_
    children: tuple[_Entry, ...]


class StackFileLocator:
    """Lines of one stack file, and the definition entries they hold."""

    def __init__(self, file: Path, text: str) -> None:
        self.file = file
        self._lines = line_index(text)
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError:
            document = None
        config = _at(document, ("config",))
        roots = [
            (("config", key), value)
            for key, value in (config.items() if isinstance(config, Mapping) else ())
            if isinstance(value, Mapping)
        ]
        self._entries = tuple(
            entry for root, value in roots for entry in _entries(value, root, root)
        )

    @classmethod
    def read(cls, file: Path) -> StackFileLocator:
        text = file.read_text(encoding="utf-8") if file.is_file() else ""
        return cls(file, text)

    def line_of(self, resource: PlannedResource, plan: Plan) -> int:
        return self.entry_line(resource, plan) or 1

    def entry_line(self, resource: PlannedResource, plan: Plan) -> int | None:
        """The line of the definition entry `resource` came from; None if none did."""
        for name in _names(resource, plan):
            path = self._match(name)
            if path is not None:
                return self._lines.get(path, 1)
        return None

    def _match(self, name: str) -> Path_ | None:
        entry = _longest(self._entries, name)
        if entry is None:
            return None
        rest = name[len(entry.name) + 1 :]
        child = _last_segment(entry.children, rest) if rest else None
        return child.path if child is not None else entry.path


def _at(document: Any, path: Path_) -> Any:
    for step in path:
        if not isinstance(document, Mapping):
            return None
        document = document.get(step)
    return document


def _entries(mapping: Mapping[str, Any], path: Path_, root: Path_) -> Iterator[_Entry]:
    """Named list items (clusters, node pools, teams, flavors, ...) and named sections
    (`privateCloud` -> `private-cloud`), each with the named items inside it."""
    for key, value in mapping.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping) and isinstance(item.get("name"), str):
                    here = (*path, key, index)
                    yield _Entry(item["name"], here, tuple(_entries(item, here, root)))
        elif isinstance(value, Mapping) and path == root:
            here = (*path, key)
            yield _Entry(_kebab(key), here, tuple(_entries(value, here, root)))


def _kebab(key: str) -> str:
    return "".join(f"-{c.lower()}" if c.isupper() else c for c in key)


def _longest(entries: Sequence[_Entry], name: str) -> _Entry | None:
    matching = [
        entry for entry in entries if name == entry.name or name.startswith(f"{entry.name}-")
    ]
    return max(matching, key=lambda entry: len(entry.name), default=None)


def _last_segment(entries: Sequence[_Entry], rest: str) -> _Entry | None:
    """The entry whose name is a whole `-`-separated segment of `rest`, the last one to
    occur (`gpu-team-fraud-ns`: the team `fraud`, not a pool that happens to be `gpu`)."""
    padded = f"-{rest}-"
    found = [(padded.rfind(f"-{entry.name}-"), entry) for entry in entries]
    placed = [(position, entry) for position, entry in found if position >= 0]
    return max(placed, key=lambda item: (item[0], len(item[1].name)), default=(0, None))[1]


def _names(resource: PlannedResource, plan: Plan) -> Iterator[str]:
    """The resource's own name, then its ancestors', nearest first."""
    current: PlannedResource | None = resource
    seen: set[str] = set()
    while current is not None and current.urn not in seen:
        seen.add(current.urn)
        yield current.name
        try:
            current = plan.resource(current.parent) if current.parent else None
        except KeyError:
            current = None
