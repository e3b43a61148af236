"""Typed failures of a preview. The engine raises them; only the CLI turns them into exit codes.

- `DefinitionError` (exit 2): the user's definition or configuration is wrong: a missing or
  unreadable Pulumi.yaml / stack file, a YAML syntax error, a missing or ill-typed config
  key, or the program raised `pulumi.RunError` (our spec validation errors are RunErrors
  whose message already names the file and the path). The message is complete as is.
- `ProgramError` (exit 1): the program itself crashed. `location` is the deepest traceback
  frame inside the project (file:line), `details` the full traceback for `--debug`.
"""

from __future__ import annotations

from pathlib import Path


class HapError(Exception):
    """Base class of every failure a preview reports to the user."""

    def __init__(self, message: str, *, details: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        # The full traceback, shown only with --debug.
        self.details = details


class DefinitionError(HapError):
    """The definition or configuration is invalid; the message says where."""


class ProgramError(HapError):
    """The program raised an unexpected exception."""

    def __init__(
        self,
        message: str,
        *,
        location: str | None = None,
        exception_type: str = "",
        details: str | None = None,
    ) -> None:
        super().__init__(message, details=details)
        self.location = location
        self.exception_type = exception_type


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it, else absolute."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)
