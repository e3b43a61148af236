"""`hap preview STACK --watch`: preview again whenever the stack file or the program changes.

A platform engineer edits a stack file and previews dozens of times a day; a cold `hap`
pays the provider SDK imports (seconds) every time. Watching keeps them loaded and re-runs
the same command in the same process: the engine resets Pulumi's runtime state before each
run, the project's own modules (components, policies) are forgotten so an edited module is
imported afresh (unless only stack files changed), and the report is printed exactly as a
cold run prints it, with the same exit code (stdout carries only that; "watching…" lines go
to stderr).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# Edits are saved by people: five checks a second feel instant and cost nothing.
POLL_SECONDS = 0.2
WATCHED_SUFFIXES = (".py", ".yaml", ".yml", ".json")
# Not part of what `pulumi up` runs: tests, benchmarks, caches, virtual environments.
SKIPPED_DIRECTORIES = {"tests", "benchmarks", "examples", "node_modules", "__pycache__"}

Snapshot = dict[Path, tuple[int, int]]


def snapshot(project_dir: Path) -> Snapshot:
    """Modification time and size of every file of the program and its stacks."""
    files: Snapshot = {}
    for path in _program_files(project_dir):
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        files[path] = (status.st_mtime_ns, status.st_size)
    return files


def _program_files(directory: Path) -> Iterator[Path]:
    for entry in os.scandir(directory):
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith(".") or entry.name in SKIPPED_DIRECTORIES:
                continue
            yield from _program_files(Path(entry.path))
        elif entry.name.endswith(WATCHED_SUFFIXES):
            yield Path(entry.path)


def changed_files(before: Snapshot, after: Snapshot) -> list[Path]:
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


def watch(
    run_once: Callable[[], int],
    project_dir: Path,
    *,
    poll_seconds: float = POLL_SECONDS,
    stop: threading.Event | None = None,
    on_run: Callable[[int], None] | None = None,
) -> int:
    """Run, then run again after every change until interrupted (or `stop` is set).
    Returns the exit code of the last run."""
    directory = Path(project_dir).resolve()
    stop = stop or threading.Event()
    # Taken before the run: a file saved while it runs is previewed again right after.
    seen = snapshot(directory)
    code = _run(run_once, on_run)
    _settle()
    _say(f"watching {directory} for changes (Ctrl-C to stop)")
    try:
        while not stop.is_set():
            time.sleep(poll_seconds)
            current = snapshot(directory)
            edited = changed_files(seen, current)
            if not edited:
                continue
            seen = current
            _say(f"changed: {', '.join(_shown(path, directory) for path in edited[:3])}")
            if not all(_is_stack_file(path) for path in edited):
                _forget_project(directory)
            code = _run(run_once, on_run)
            _settle()
    except KeyboardInterrupt:
        pass
    return code


def _run(run_once: Callable[[], int], on_run: Callable[[int], None] | None) -> int:
    started = time.perf_counter()
    code = run_once()
    sys.stdout.flush()
    _say(f"previewed in {time.perf_counter() - started:.2f} s (exit {code})")
    if on_run is not None:
        on_run(code)
    return code


def _is_stack_file(path: Path) -> bool:
    """`Pulumi.<stack>.yaml`: configuration each run reads afresh, never imported or cached by
    a module. After an edit of stack files alone the program's modules stay loaded, as they
    stay between the stacks of one project that a session previews (`hap.engine`); any other
    file may be code or data a module caches (the accelerator catalog), so it reloads them."""
    return (
        path.name.startswith("Pulumi.")
        and path.suffix in (".yaml", ".yml")
        and path.name.count(".") >= 2
    )


def _forget_project(directory: Path) -> None:
    from hap.engine import forget_project_modules
    from hap.policy.pack import forget_loaded_packs

    forget_project_modules(directory)
    forget_loaded_packs()


def _settle() -> None:
    """Free the finished run while nobody waits, then keep the survivors (the loaded SDKs)
    out of every later collection: collections between runs stay short."""
    gc.collect()
    gc.freeze()


def _shown(path: Path, directory: Path) -> str:
    return str(path.relative_to(directory)) if path.is_relative_to(directory) else str(path)


def _say(message: str) -> None:
    print(f"[watch] {message}", file=sys.stderr, flush=True)
