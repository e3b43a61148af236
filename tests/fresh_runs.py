"""Fresh interpreters the tests read, run beside the tests on the machine's other core.

pytest runs one test at a time, on one core, and a test that starts a fresh `hap` or Python
process sits idle while that process imports the SDKs and previews. A test module names the
runs it reads in `FRESH_RUNS`; once the session has collected its tests, the conftest starts
those runs one after another in the background, and `finished(run)` waits for one. A run
not started yet (its module run alone, or the background busy with earlier ones) is started
by the test that asks for it. Either way a run is what the test would have started itself:
the same command, working directory and environment (taken before any test ran), once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).parents[1]
HAP = str(Path(sys.executable).parent / "hap")
# In an argument, the run's own directory: empty when the run starts.
OUT = "{out}"
# Generous: a fresh preview of prod takes seconds; a hung run fails its test, not the session.
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class FreshRun:
    """`args` in `cwd`, with `env` set over this process's environment."""

    args: tuple[str, ...]
    cwd: Path = REPOSITORY
    env: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str
    out: Path  # what the run wrote into its own directory stays there until the session ends


class _Runs:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._results: dict[FreshRun, Future[Finished]] = {}
        self._background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fresh-run")
        self._directories: list[str] = []

    def start(self, runs: Iterable[FreshRun]) -> None:
        environment = dict(os.environ)
        with self._lock:
            for run in runs:
                if run not in self._results:
                    self._results[run] = self._background.submit(self._run, run, environment)

    def finished(self, run: FreshRun) -> Finished:
        with self._lock:
            result = self._results.get(run)
            # Not started yet: this test's thread runs it, the background keeps to the next.
            mine = result is None or result.cancel()
            if mine:
                result = self._results[run] = Future()
        assert result is not None
        if mine:
            try:
                result.set_result(self._run(run, dict(os.environ)))
            except BaseException as error:
                result.set_exception(error)
        return result.result()

    def close(self) -> None:
        self._background.shutdown(wait=True, cancel_futures=True)
        for directory in self._directories:
            shutil.rmtree(directory, ignore_errors=True)

    def _run(self, run: FreshRun, environment: dict[str, str]) -> Finished:
        with self._lock:
            out = tempfile.mkdtemp(prefix="fresh-run-")
            self._directories.append(out)
        done = subprocess.run(
            [arg.replace(OUT, out) for arg in run.args],
            cwd=run.cwd,
            env={**environment, **dict(run.env)},
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
        return Finished(done.returncode, done.stdout, done.stderr, Path(out))


_runs = _Runs()
start_in_background = _runs.start
finished = _runs.finished
close = _runs.close
