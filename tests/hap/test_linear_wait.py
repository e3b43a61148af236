"""The linear end-of-program wait keeps the SDK's contract: every output awaited, outputs
created while waiting picked up, a failure raised, and the SDK's function restored; the
outputs' bookkeeping drops what finished cleanly and keeps what failed, within bounds."""

from __future__ import annotations

import asyncio
import threading

import pytest
from pulumi import Output
from pulumi.runtime import stack as runtime_stack
from pulumi.runtime.settings import SETTINGS

from hap.linear_wait import linear_wait_for_rpcs, wait_for_rpcs


@pytest.fixture
def outputs():
    saved_outputs, saved_lock = SETTINGS.outputs, SETTINGS.lock
    SETTINGS.outputs, SETTINGS.lock = set(), threading.Lock()
    SETTINGS.rpc_manager.clear()
    yield SETTINGS.outputs
    SETTINGS.outputs, SETTINGS.lock = saved_outputs, saved_lock
    SETTINGS.rpc_manager.clear()


def test_every_output_and_every_output_created_while_waiting_is_awaited(outputs):
    finished: list[str] = []

    async def leaf(name: str) -> None:
        await asyncio.sleep(0)
        finished.append(name)

    async def spawner() -> None:
        await asyncio.sleep(0)
        # An apply that creates more outputs once its input resolves.
        outputs.add(asyncio.ensure_future(leaf("late")))
        finished.append("spawner")

    async def program() -> None:
        outputs.update(asyncio.ensure_future(leaf(f"early-{i}")) for i in range(500))
        outputs.add(asyncio.ensure_future(spawner()))
        await wait_for_rpcs()

    asyncio.run(program())
    assert len(finished) == 502 and "late" in finished
    assert not outputs


def test_a_failed_output_is_raised(outputs):
    async def broken() -> None:
        raise ValueError("apply failed")

    async def program() -> None:
        outputs.add(asyncio.ensure_future(broken()))
        await wait_for_rpcs()

    with pytest.raises(ValueError, match="apply failed"):
        asyncio.run(program())


def test_the_sdk_functions_are_swapped_in_only_for_a_run():
    original_wait, original_track = runtime_stack.wait_for_rpcs, Output._track
    with linear_wait_for_rpcs():
        assert runtime_stack.wait_for_rpcs is wait_for_rpcs
        assert Output._track is not original_track
    assert runtime_stack.wait_for_rpcs is original_wait
    assert Output._track is original_track


def test_tracked_outputs_stay_within_twice_what_is_outstanding(outputs):
    sizes: list[int] = []

    async def program() -> None:
        gate = asyncio.get_running_loop().create_future()
        waiting = [Output.from_input(gate) for _ in range(100)]
        for value in range(20_000):
            Output.from_input(value).apply(lambda v: v + 1)
            if value % 100 == 0:
                await asyncio.sleep(0)  # the outputs made so far finish
                sizes.append(len(outputs))
        gate.set_result("open")
        await wait_for_rpcs()
        assert all(future.done() for future in (output._data for output in waiting))

    with linear_wait_for_rpcs():
        asyncio.run(program())
    # The SDK drops each finished output at once; the sweep drops them in bulk, so the set
    # never grows with the program, only with what is still outstanding.
    assert max(sizes) < 2 * 1024 + 200
    assert not outputs


def test_a_failed_output_stays_tracked_until_the_wait_raises_it(outputs):
    async def program() -> None:
        failed = Output.from_input(1).apply(lambda _: 1 / 0)
        for value in range(5_000):  # enough finished outputs for several sweeps
            Output.from_input(value)
            if value % 100 == 0:
                await asyncio.sleep(0)
        assert failed._data in outputs
        await wait_for_rpcs()

    with linear_wait_for_rpcs(), pytest.raises(ZeroDivisionError):
        asyncio.run(program())
