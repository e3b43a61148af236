"""The Python SDK's end-of-program wait, in time linear in the number of pending outputs.

`pulumi.runtime.stack.wait_for_rpcs` (pulumi 3.272.0) waits for the program's outstanding
outputs with `asyncio.wait(pending, return_when=FIRST_COMPLETED)` in a loop, putting the
unfinished ones back each time. Every call attaches a done-callback to every pending task and
detaches it again, so N outputs that finish one by one cost O(N^2) callback operations: a
stack of a few thousand resources spends most of its preview there. `asyncio.as_completed`
attaches one callback per task once and yields each task as it finishes, in the same order,
so the wait below keeps the SDK's behaviour (RPCs first, the first failure raised as soon as it
happens, outputs created while waiting picked up by the next round) at O(N).

Upstream-ready: the loop in `wait_for_rpcs` can take the body of `_await_outputs` unchanged.
Until then `hap` swaps the function in for the length of one program run only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from pulumi.runtime import stack as runtime_stack
from pulumi.runtime.settings import SETTINGS


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
            pending = list(SETTINGS.outputs)
            SETTINGS.outputs.clear()
        if not pending:
            return
        for finished in asyncio.as_completed(pending):
            await finished  # re-raises the task's exception, like the SDK's loop


@contextmanager
def linear_wait_for_rpcs() -> Iterator[None]:
    """The SDK's `run_pulumi_func` looks `wait_for_rpcs` up in its module at call time."""
    original = runtime_stack.wait_for_rpcs
    runtime_stack.wait_for_rpcs = wait_for_rpcs
    try:
        yield
    finally:
        runtime_stack.wait_for_rpcs = original
