"""The Python SDK's bookkeeping of outstanding outputs and its end-of-program wait, in time
linear in the number of outputs.

The wait: `pulumi.runtime.stack.wait_for_rpcs` (pulumi 3.272.0) waits for the program's
outstanding outputs with `asyncio.wait(pending, return_when=FIRST_COMPLETED)` in a loop,
putting the unfinished ones back each time. Every call attaches a done-callback to every
pending task and detaches it again, so N outputs that finish one by one cost O(N^2) callback
operations: a stack of a few thousand resources spends most of its preview there.
`asyncio.as_completed` attaches one callback per task once and yields each task as it
finishes, in the same order, so the wait below keeps the SDK's behaviour (RPCs first, the
first failure raised as soon as it happens, outputs created while waiting picked up by the
next round) at O(N).

The bookkeeping: `Output._track` adds each output's future to `SETTINGS.outputs` and attaches
a done-callback that takes it out again once it succeeded (a failed or cancelled one stays,
for the wait to raise). That is one more event-loop callback per output: 27,500 of the 94,000
a prod preview runs. `track` adds the future alone; futures that finished cleanly are dropped
in bulk whenever the set has doubled since the last sweep (so it stays within twice what is
outstanding) and when the wait takes the set. The wait sees the same futures as with the
SDK's callback, and no other code reads the set.

Upstream-ready: the loop in `wait_for_rpcs` can take the body of `_await_outputs` unchanged,
and `Output._track` the body of `track` (with `_sweep` and `_finished_cleanly`). Until then
`hap` swaps both in for the length of one program run only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pulumi import Output
from pulumi.runtime import stack as runtime_stack
from pulumi.runtime.settings import SETTINGS

# Below this many tracked futures a sweep is not worth its pass over the set.
_FIRST_SWEEP_AT = 1024
# When `track` next sweeps; reset at the start of every run.
_next_sweep_at = _FIRST_SWEEP_AT


async def wait_for_rpcs(await_all_outstanding_tasks: bool = True) -> None:
    """Same contract as the SDK's function of that name (see the module's docstring)."""
    rpc_manager = SETTINGS.rpc_manager
    while True:
        while rpc_manager.rpcs:
            # Let the RPCs just queued run before blocking on the newest one.
            await asyncio.sleep(0)
            try:
                await rpc_manager.rpcs.pop()
            except Exception as error:
                cause = rpc_manager.unhandled_exception
                if cause is not None:
                    raise error from cause.with_traceback(rpc_manager.exception_traceback)
                raise
        if rpc_manager.unhandled_exception is not None:
            raise rpc_manager.unhandled_exception.with_traceback(rpc_manager.exception_traceback)
        if await_all_outstanding_tasks:
            await _await_outputs()
        if not rpc_manager.rpcs:
            return


async def _await_outputs() -> None:
    while True:
        with SETTINGS.lock:
            pending = [future for future in SETTINGS.outputs if not _finished_cleanly(future)]
            SETTINGS.outputs.clear()
        if not pending:
            return
        for finished in asyncio.as_completed(pending):
            await finished  # re-raises the task's exception, like the SDK's loop


def track(output: Output[Any]) -> None:
    """Same contract as the SDK's `Output._track` (see the module's docstring)."""
    with SETTINGS.lock:
        outputs = SETTINGS.outputs
        outputs.add(output._data)
        if len(outputs) >= _next_sweep_at:
            _sweep(outputs)


def _sweep(outputs: set[asyncio.Future[Any]]) -> None:
    global _next_sweep_at
    outputs.difference_update([future for future in outputs if _finished_cleanly(future)])
    _next_sweep_at = max(2 * len(outputs), _FIRST_SWEEP_AT)


def _finished_cleanly(future: asyncio.Future[Any]) -> bool:
    """What the SDK's done-callback removes: finished, neither cancelled nor failed."""
    return future.done() and not future.cancelled() and future.exception() is None


@contextmanager
def linear_wait_for_rpcs() -> Iterator[None]:
    """The SDK's `run_pulumi_func` looks `wait_for_rpcs` up in its module at call time, and
    `Output.__init__` / `Output._from_data` call `self._track()`."""
    global _next_sweep_at
    original_wait, original_track = runtime_stack.wait_for_rpcs, Output._track
    runtime_stack.wait_for_rpcs = wait_for_rpcs
    Output._track = track  # type: ignore[method-assign,assignment]
    _next_sweep_at = _FIRST_SWEEP_AT
    try:
        yield
    finally:
        runtime_stack.wait_for_rpcs = original_wait
        Output._track = original_track  # type: ignore[method-assign]
