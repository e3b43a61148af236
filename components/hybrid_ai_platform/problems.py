"""Problems found in an environment definition, and the error that carries all of them.

Every problem names where it is (`environment.clusters[1].nodePools[0].max`), what was found
and what is allowed. Pure: no Pulumi import; `__main__.py` turns `DefinitionError` into a
`pulumi.RunError` so that the real CLI prints it as one clean error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """`("environment", "clusters", 1, "name")` -> `environment.clusters[1].name`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{format_path(self.path)}: {self.message}"


class DefinitionError(ValueError):
    """The definition in `source` has problems; the message lists them all."""

    def __init__(
        self, source: str, problems: Sequence[Problem], lines: dict[Path, int] | None = None
    ) -> None:
        self.source = source
        self.problems = tuple(problems)
        self.lines = dict(lines or {})
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        out = [f"{self.source}: {count} {noun} in the environment definition:"]
        for problem in self.problems:
            line = self.lines.get(problem.path)
            where = f"{self.source}:{line}" if line else self.source
            out.append(f"  - {format_path(problem.path)} ({where}): {problem.message}")
        return "\n".join(out)
