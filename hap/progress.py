"""A progress line on a terminal for the steps that take seconds, and nothing otherwise.

`with progress("Running the program"):` shows a spinner on stderr when stderr is a
terminal and the step is still running after `DELAY_SECONDS`; a step that finishes sooner
prints nothing, and logs, pipes and CI output never carry spinner frames. stderr, so that
`--json -` and `--sarif -` keep stdout a clean document.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

# Under a second a spinner only flickers; past it the user wonders whether hap hangs.
DELAY_SECONDS = 1.0


@contextmanager
def progress(
    label: str, console: Console | None = None, delay: float = DELAY_SECONDS
) -> Iterator[None]:
    if console is None:
        from rich.console import Console

        console = Console(stderr=True)
    if not console.is_terminal:
        yield
        return
    status = console.status(f"{label}…", spinner="dots")
    shown = threading.Event()
    lock = threading.Lock()
    finished = False

    def show() -> None:
        with lock:
            if not finished:
                status.start()
                shown.set()

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            finished = True
            timer.cancel()
        if shown.is_set():
            status.stop()
