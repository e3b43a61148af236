"""A YAML reader for files people edit by hand and attackers may write: stack files and
Pulumi.yaml.

`yaml.safe_load` builds no arbitrary objects, but it is not safe against:
- aliases: nine nested anchors of ten aliases each (a 1.9 KB "billion laughs") expand to
  10^9 nodes when the value is walked or serialised to JSON for the program;
- duplicate keys: the last one silently wins (`tier: dev` then `tier: prod` is prod);
- deep nesting: the composer recurses once per level, so 10,000 levels end in a
  RecursionError traceback;
- bytes that are not UTF-8: a UnicodeDecodeError traceback.

So this reader refuses anchors and aliases (a stack file never needs them: the Pulumi CLI
writes plain values), duplicate keys (naming both lines), files over `MAX_BYTES` or nested
deeper than `MAX_DEPTH`, and anything that is not UTF-8 text, each as a `StrictYamlError`
with the line where the problem is. Depth and aliases are checked on the parser's event
stream, which is iterative, before anything is composed.

Pure: imports only PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

# Stack files of this project are about 4 KB; a 1 MiB file is a mistake or an attack.
MAX_BYTES = 1024 * 1024
# The environment definition is 7 levels deep inside `config:`; 64 leaves room for any
# structured config a program may take and stops the composer long before Python's
# recursion limit (1,000 frames, two or three per level).
MAX_DEPTH = 64


class StrictYamlError(ValueError):
    """The text is not acceptable YAML; `line` (1-based) is where, when known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    @property
    def where(self) -> str:
        """`:line:column`, `:line` or nothing, to follow a file name."""
        return "".join(f":{part}" for part in (self.line, self.column) if part is not None)


# libyaml's parser when PyYAML was built with it (the wheels are): the same events, nodes and
# marks as the pure-Python one, several times faster on the stack files read every preview.
SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

def decode(data: bytes) -> str:
    """`data` as UTF-8 text (a UTF-8 byte-order mark is allowed), within `MAX_BYTES`."""
    if len(data) > MAX_BYTES:
        raise StrictYamlError(
            f"is {len(data):,} bytes; a stack file may be at most {MAX_BYTES:,} bytes"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise StrictYamlError(
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save the file as UTF-8",
            line,
        ) from None


def load(text: str) -> Any:
    """Parse one YAML document strictly (see the module's docstring)."""
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_BYTES:
        raise StrictYamlError(f"is larger than {MAX_BYTES:,} bytes")
    _check_events(text)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # a (C)SafeLoader subclass
    except StrictYamlError:
        raise
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except yaml.YAMLError as error:
        raise StrictYamlError(f"invalid YAML: {error}") from None


def read(data: bytes) -> Any:
    """`decode` then `load`."""
    return load(decode(data))


def _check_events(text: str) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=SAFE_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise StrictYamlError(
                    "uses a YAML anchor or alias (& or *); write the value out in full "
                    "(stack files allow no aliases: a few nested ones expand to billions "
                    "of values)",
                    _line(event.start_mark),
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise StrictYamlError(
                        f"is nested more than {MAX_DEPTH} levels deep", _line(event.start_mark)
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except yaml.YAMLError as error:
        raise StrictYamlError(f"invalid YAML: {error}") from None


def _syntax_error(error: yaml.MarkedYAMLError) -> StrictYamlError:
    problem = error.problem or error.context or "not YAML"
    if "maximum nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
        return StrictYamlError(
            f"is nested more than {MAX_DEPTH} levels deep", _line(error.problem_mark)
        )
    if error.context and problem.startswith("but "):
        problem = f"{error.context}, {problem}"
    mark = error.problem_mark or error.context_mark
    return StrictYamlError(f"invalid YAML: {problem}", *_line_column(mark))


def _line_column(mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


class _StrictLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """SafeLoader that refuses duplicate mapping keys, naming both lines."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                raise StrictYamlError(
                    "uses a list or mapping as a mapping key", _line(key_node.start_mark)
                ) from None
            line = key_node.start_mark.line + 1
            if first is not None:
                raise StrictYamlError(
                    f"key {key!r} appears twice in one mapping, on line {first} and line "
                    f"{line}; keep one (YAML readers disagree on which one wins)",
                    line,
                )
            seen[key] = line
        return super().construct_mapping(node, deep=deep)
