"""Run a Pulumi Python program under the mock runtime and return its `Plan`.

This does what `pulumi preview` + the Python language host do, minus the cloud: read
Pulumi.yaml and the stack file, hand the config to the program, run `__main__.py` (or
`main`) inside a root stack with cwd = project dir and the project dir first on sys.path,
answer every registration with deterministic fakes, and record it all.

`run_program` can run many times in one process (tests preview several stacks and fixture
projects in one session): the runtime state is reset before and after each run, cwd,
sys.path and sys.argv are restored, and modules a project imported from its own directory
are forgotten before another project runs (two projects may both have a `components`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gc
import logging
import os
import runpy
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from google.protobuf import empty_pb2  # type: ignore[import-untyped]
from pulumi.runtime import settings as runtime_settings
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockEngine, MockSettings
from pulumi.runtime.stack import run_in_stack

from hap.errors import DefinitionError, HapError, display_path
from hap.failures import ExceptionOrigins, as_hap_error, is_user_file
from hap.isolation import own_modules, source_roots
from hap.lazy_aliases import deferred_alias_urns
from hap.lazy_sdk import lazy_sdk_packages
from hap.linear_wait import linear_wait_for_rpcs
from hap.monitor import RecordingMonitor
from hap.plan import Plan
from hap.project import Project, StackConfig, load_project, load_stack_config
from hap.stack_trace import fast_stack_traces

_PROGRAM_LOGGER = logging.getLogger("hap.program")
# Modules each project imported from its own directory (see _forget_other_projects).
_PROJECT_MODULES: dict[Path, set[str]] = {}


def run_program(
    project_dir: Path,
    stack: str,
    *,
    stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
) -> Plan:
    """Preview `stack` of the Pulumi project in `project_dir`.

    `stack_outputs` gives the outputs of stacks the program reads through
    `StackReference`, by stack name (`"org/project/stack"`); values may hold `Secret`.
    Raises `DefinitionError` for an invalid definition or configuration and `ProgramError`
    when the program crashes.
    """
    directory = Path(project_dir).resolve()
    project = load_project(directory)
    config = load_stack_config(project, stack)
    program = _program_path(project)
    monitor = RecordingMonitor(
        project.name, stack, config.runtime_values(), directory, stack_outputs
    )
    origins = ExceptionOrigins()
    failure: HapError | None = None
    with _quiet_abandoned_coroutines():
        try:
            with _project_context(directory, program), lazy_sdk_packages():
                _run_under_mocks(program, monitor, project, config, origins)
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            failure = as_hap_error(error, directory, config, origins, monitor.stack_references())
        if failure is not None:
            # Raised outside the `except` so nothing keeps the failed run's frames alive,
            # then collected now: the futures a failed program leaves behind are finalized
            # here, quietly, instead of at some later moment in the caller's code.
            origins.clear()
            gc.collect()
            raise failure
    return monitor.plan(config.program_view())


@contextlib.contextmanager
def _quiet_abandoned_coroutines() -> Iterator[None]:
    """A failed program leaves the SDK's Output coroutines unawaited; Python warns about
    each one as it is collected, which buries the one error the user needs above lines
    about hap's own files."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"coroutine '.*' was never awaited", category=RuntimeWarning
        )
        yield


def _program_path(project: Project) -> Path:
    program = project.program_path
    entry = program / "__main__.py" if program.is_dir() else program
    if not entry.is_file():
        where = f"main: {project.main}" if project.main else "the project directory"
        raise DefinitionError(
            f"{display_path(project.file)}: no program found ({display_path(entry)}, from {where})"
        )
    return program


def _run_under_mocks(
    program: Path,
    monitor: RecordingMonitor,
    project: Project,
    config: StackConfig,
    origins: ExceptionOrigins,
) -> None:
    loop = asyncio.new_event_loop()
    loop.set_default_executor(_CallerThreadExecutor())
    origins.install(loop)
    # A failed program leaves futures whose exception nobody reads; asyncio's complaints
    # about them (even after the loop closed) are noise: the real error is raised below.
    loop.set_exception_handler(_ignore_unretrieved_exceptions)
    asyncio.set_event_loop(loop)
    asyncio_logger = logging.getLogger("asyncio")
    asyncio_level = asyncio_logger.level
    asyncio_logger.setLevel(logging.CRITICAL)
    try:
        _configure_runtime(monitor, project, config)

        def run() -> None:
            runpy.run_path(str(program), run_name="__main__")

        with linear_wait_for_rpcs(), fast_stack_traces(), deferred_alias_urns():
            loop.run_until_complete(run_in_stack(run))
    finally:
        _close_loop(loop)
        _reset_runtime()
        asyncio_logger.setLevel(asyncio_level)


class _CallerThreadExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs each request to the monitor at once, on the event loop's thread.

    The SDK sends every request (RegisterResource, Invoke, ...) through
    `loop.run_in_executor(None, ...)` so that a gRPC round trip to the engine does not block
    the event loop. The recording monitor answers in process, in microseconds, under its own
    lock: handing each request to a worker thread and its answer back costs a queue, a wake-up
    and two switches of the interpreter lock per request, and the worker competes with the
    loop for that lock. Here the answer is ready when the SDK awaits it; the loop still
    delivers it as before (a finished future, through `call_soon_threadsafe`).
    """

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        answer: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            answer.set_result(fn(*args, **kwargs))
        except Exception as error:  # the SDK's await raises it, as from a worker thread
            answer.set_exception(error)
        return answer


def _ignore_unretrieved_exceptions(
    loop: asyncio.AbstractEventLoop, context: dict[str, Any]
) -> None:
    if "exception was never retrieved" in str(context.get("message", "")):
        return
    loop.default_exception_handler(context)


def _configure_runtime(monitor: RecordingMonitor, project: Project, config: StackConfig) -> None:
    """`pulumi.runtime.set_mocks` minus its eager root Stack: `run_in_stack` creates that one.

    Every per-deployment setting is given explicitly so nothing leaks from a previous run.
    """
    _reset_runtime()
    set_all_config(config.runtime_values(), config.secret_keys())
    features = set(monitor.GetDeploymentInfo(empty_pb2.Empty()).supportedFeatures)
    runtime_settings.configure(
        MockSettings(
            monitor=monitor,
            monitor_features=features,
            engine=MockEngine(_PROGRAM_LOGGER),
            project=project.name,
            stack=config.stack,
            dry_run=True,
            organization="organization",
            root_directory=str(project.directory),
            callbacks=None,
            outputs=set(),
            lock=threading.Lock(),
            package_refs={},
            base_providers_by_ref={},
            legacy_apply_enabled=False,
        )
    )


def _reset_runtime() -> None:
    runtime_settings.ROOT.set(None)
    runtime_settings.SETTINGS.outputs.clear()
    runtime_settings.SETTINGS.rpc_manager.clear()
    set_all_config({}, [])


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what a failed program left pending, stop the executor threads, close the loop."""
    try:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
    finally:
        asyncio.set_event_loop(None)
        loop.close()


@contextlib.contextmanager
def _project_context(directory: Path, program: Path) -> Iterator[None]:
    """cwd, sys.path, sys.argv and the program's own modules as the language host has
    them (hap/isolation.py); restored afterwards."""
    saved_cwd, saved_path, saved_argv = os.getcwd(), list(sys.path), list(sys.argv)
    _forget_other_projects(directory)
    with own_modules(directory) as set_aside:
        modules_before = set(sys.modules)
        os.chdir(directory)
        sys.path[0:0] = [str(directory), *(str(root) for root in source_roots(directory))]
        sys.argv = [str(program)]
        try:
            yield
        finally:
            # Names that shadowed a module loaded before the run are dropped on leaving
            # `own_modules`: only the others stay cached for this project's next run.
            _PROJECT_MODULES.setdefault(directory, set()).update(
                name
                for name in set(sys.modules) - modules_before
                if name.partition(".")[0] not in set_aside
                and _is_project_module(sys.modules.get(name), directory)
            )
            os.chdir(saved_cwd)
            sys.path[:] = saved_path
            sys.argv = saved_argv


def _forget_other_projects(directory: Path) -> None:
    """Drop modules another project imported from its directory, so names cannot clash.

    Modules of the same project stay cached: previewing dev, staging and prod in one
    session imports the component library once.
    """
    for other in [other for other in _PROJECT_MODULES if other != directory]:
        for name in _PROJECT_MODULES.pop(other):
            sys.modules.pop(name, None)


def forget_project_modules(project_dir: Path) -> None:
    """Drop every module imported from the project's directory (hap itself excepted), so
    the next run imports the program's code afresh: `hap preview --watch` after an edit."""
    directory = Path(project_dir).resolve()
    _PROJECT_MODULES.pop(directory, None)
    for name, module in list(sys.modules.items()):
        if _is_project_module(module, directory):
            del sys.modules[name]


def _is_project_module(module: ModuleType | None, directory: Path) -> bool:
    file = getattr(module, "__file__", None)
    return isinstance(file, str) and is_user_file(file, directory)
