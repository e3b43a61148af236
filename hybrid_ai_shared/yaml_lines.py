"""Find the line of a path in a YAML document, so errors and policy reports can point at
the exact place (`stacks/Pulumi.dev.yaml:23`). Pure: no Pulumi import.

Shared: the program's validation (hybrid_ai_platform.definition) and the preview engine's SARIF
locator (hap.policy.locate) both read stack files through it."""

from __future__ import annotations

from collections.abc import Iterable

import yaml

# A path into a document: mapping keys and list positions (`clusters[1].nodePools[0]`).
Path = tuple[str | int, ...]


def line_index(text: str) -> dict[Path, int]:
    """Map every path in the YAML document `text` to its 1-based line; a mapping key's
    path points at the key's line (where a user would fix it)."""
    try:
        # libyaml's parser when PyYAML has it: the same nodes and marks, several times faster.
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError):
        # Unreadable text has no lines to give; the strict reader (strict_yaml) says why.
        return {}
    index: dict[Path, int] = {}
    if root is not None:
        _walk(root, (), index)
    return index


def index_under(text: str, document_path: Path, as_path: Path) -> dict[Path, int]:
    """Lines of the subtree at `document_path`, with that prefix renamed to `as_path`."""
    index = line_index(text)
    size = len(document_path)
    return {
        as_path + path[size:]: line for path, line in index.items() if path[:size] == document_path
    }


def _walk(node: yaml.Node, path: Path, index: dict[Path, int]) -> None:
    index.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = path + (key,)
            index[child] = key_node.start_mark.line + 1
            _walk(value_node, child, index)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _walk(item, path + (position,), index)


def nearest_line(index: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its closest ancestor present in the file (a missing key is
    reported on the mapping that should hold it)."""
    for size in range(len(path), 0, -1):
        line = index.get(path[:size])
        if line is not None:
            return line
    return None


def lines_for(index: dict[Path, int], paths: Iterable[Path]) -> dict[Path, int]:
    found = {}
    for path in paths:
        line = nearest_line(index, path)
        if line is not None:
            found[path] = line
    return found
