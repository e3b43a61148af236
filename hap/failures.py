"""Turn whatever a program run raised into the typed error the user reads.

`DefinitionError` for config problems, `pulumi.RunError` (the message is complete as is)
and a stack reference's required output that nobody supplied; `ProgramError` for crashes,
located at the deepest frame inside the project, even when the exception surfaced through
the runtime's task machinery far from the user's code.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import os
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pulumi

from hap.approximations import StackReferenceRead, missing_required_output
from hap.errors import DefinitionError, HapError, ProgramError, display_path
from hap.monitor import RejectedByEngine
from hap.project import StackConfig

_HAP_PREFIX = os.path.join(os.path.dirname(os.path.realpath(__file__)), "")


class ExceptionOrigins:
    """The traceback each exception had when it first failed a task.

    An exception raised in an `apply` callback is awaited by several tasks; on Python 3.11
    every re-raise of a task's stored exception replaces its `__traceback__`, so by the time
    it reaches us only the last `await` remains. Recording it when the first task finishes
    keeps the user's frame (file:line of the callback) for the error message.
    """

    def __init__(self) -> None:
        self._tracebacks: dict[int, tuple[BaseException, TracebackType | None]] = {}

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        def task_factory(
            loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
        ) -> asyncio.Task[Any]:
            task: asyncio.Task[Any] = asyncio.Task(coro, loop=loop, **kwargs)
            task.add_done_callback(self._record)
            return task

        loop.set_task_factory(task_factory)

    def clear(self) -> None:
        self._tracebacks.clear()

    def traceback_of(self, error: BaseException) -> TracebackType | None:
        recorded = self._tracebacks.get(id(error))
        return recorded[1] if recorded is not None else error.__traceback__

    def _record(self, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None and id(error) not in self._tracebacks:
            # Keep the exception alive with its traceback so the id stays unique.
            self._tracebacks[id(error)] = (error, error.__traceback__)


def is_user_file(file: str, directory: Path) -> bool:
    """A file of the user's project: inside it, and not a dependency or hap itself."""
    if file.startswith("<"):
        return False
    # Resolving a path costs a system call per component, and the end of a run checks every
    # module it loaded (~1,800 for a small preview: 0.12 s as `Path.resolve`s) from a few
    # hundred directories: each directory is resolved once, and a file on its own only
    # where it is a link itself.
    head, name = os.path.split(file)
    real = os.path.join(_real(head), name) if not os.path.islink(file) else os.path.realpath(file)
    return (
        real.startswith(os.path.join(_real(str(directory)), ""))
        and "site-packages" not in real.split(os.sep)
        and not real.startswith(_HAP_PREFIX)
    )


def _real(directory: str) -> str:
    """`directory` resolved; absolute ones once per process (a relative one depends on the
    working directory, which a run changes)."""
    return _real_absolute(directory) if os.path.isabs(directory) else os.path.realpath(directory)


@functools.cache
def _real_absolute(directory: str) -> str:
    return os.path.realpath(directory)


def as_hap_error(
    error: BaseException,
    directory: Path,
    config: StackConfig,
    origins: ExceptionOrigins,
    stack_references: Sequence[StackReferenceRead] = (),
) -> HapError:
    if isinstance(error, HapError):
        return error
    details = "".join(traceback.format_exception(type(error), error, origins.traceback_of(error)))
    missing = _missing_stack_output(error, origins, directory, stack_references)
    if missing is not None:
        return DefinitionError(missing, details=details)
    if isinstance(error, pulumi.ConfigMissingError):
        source = display_path(config.source_of(error.key))
        return DefinitionError(
            f"{source}: missing required configuration key '{error.key}' (set it under `config:`)",
            details=details,
        )
    if isinstance(error, pulumi.ConfigTypeError):
        source = display_path(config.source_of(error.key))
        return DefinitionError(
            f"{source}: configuration key '{error.key}' has value {error.value!r}, "
            f"which is not a valid {error.expect_type}",
            details=details,
        )
    if isinstance(error, pulumi.RunError):
        return DefinitionError(str(error), details=details)
    if isinstance(error, RejectedByEngine):
        where = f"{display_path(error.source[0])}:{error.source[1]}" if error.source else None
        return ProgramError(
            f"{where}: {error.message}" if where else error.message,
            location=where,
            exception_type="RejectedByEngine",
            details=details,
        )
    location = _user_location(error, directory, origins)
    summary = f"{type(error).__name__}: {error}"
    if location is None and _raised_in_hap(origins.traceback_of(error)):
        summary = f"internal error in hap (not in your program): {summary}"
    return ProgramError(
        f"{location}: {summary}" if location else summary,
        location=location,
        exception_type=type(error).__name__,
        details=details,
    )


def _missing_stack_output(
    error: BaseException,
    origins: ExceptionOrigins,
    directory: Path,
    references: Sequence[StackReferenceRead],
) -> str | None:
    """The message for a `StackReference.require_output` that found nothing: the SDK raises
    a bare KeyError inside its own lambda, far from the program's line. Missing outputs
    are the user's input to give (`--stack-outputs`), not a crash of their program."""
    frames = traceback.extract_tb(origins.traceback_of(error))
    if not (
        isinstance(error, KeyError)
        and len(error.args) == 1
        and isinstance(error.args[0], str)
        and frames
        and Path(frames[-1].filename).parts[-2:] == ("pulumi", "stack_reference.py")
    ):
        return None
    shown = [
        dataclasses.replace(reference, source_position=_displayed(reference, directory))
        for reference in references
    ]
    return missing_required_output(error.args[0], shown)


def _displayed(reference: StackReferenceRead, directory: Path) -> str | None:
    if reference.source_position is None:
        return None
    path, _, line = reference.source_position.rpartition(":")
    return f"{display_path(directory / path)}:{line}"


def _user_location(error: BaseException, directory: Path, origins: ExceptionOrigins) -> str | None:
    """`file:line` of the deepest traceback frame inside the project (following causes)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        location = _deepest_user_frame(origins.traceback_of(current), directory)
        if location:
            return location
        current = current.__cause__ or current.__context__
    return None


def _raised_in_hap(trace: TracebackType | None) -> bool:
    frames = traceback.extract_tb(trace)
    return bool(frames) and os.path.realpath(frames[-1].filename).startswith(_HAP_PREFIX)


def _deepest_user_frame(trace: TracebackType | None, directory: Path) -> str | None:
    location = None
    for frame in traceback.extract_tb(trace):
        if is_user_file(frame.filename, directory):
            location = f"{display_path(Path(frame.filename))}:{frame.lineno}"
    return location
