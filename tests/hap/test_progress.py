"""The progress line: on a terminal for steps past a second, never in pipes or logs."""

from __future__ import annotations

import io
import time

from rich.console import Console

from hap.progress import progress


def _console(terminal: bool) -> tuple[Console, io.StringIO]:
    stream = io.StringIO()
    return Console(file=stream, force_terminal=terminal, width=80), stream


def test_a_slow_step_on_a_terminal_shows_its_label() -> None:
    console, stream = _console(terminal=True)
    with progress("Previewing prod", console, delay=0.05):
        time.sleep(0.4)
    assert "Previewing prod…" in stream.getvalue()


def test_a_quick_step_on_a_terminal_prints_nothing() -> None:
    console, stream = _console(terminal=True)
    with progress("Previewing prod", console, delay=5.0):
        pass
    assert stream.getvalue() == ""


def test_without_a_terminal_even_a_slow_step_prints_nothing() -> None:
    console, stream = _console(terminal=False)
    with progress("Previewing prod", console, delay=0.0):
        time.sleep(0.2)
    assert stream.getvalue() == ""


def test_the_step_error_passes_through_and_the_spinner_stops() -> None:
    console, stream = _console(terminal=True)
    try:
        with progress("Previewing prod", console, delay=0.0):
            time.sleep(0.2)
            raise ValueError("program failed")
    except ValueError as error:
        assert str(error) == "program failed"
    written = len(stream.getvalue())
    time.sleep(0.3)
    assert len(stream.getvalue()) == written  # no frames after the step ended
