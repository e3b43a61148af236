"""The linear end-of-program wait keeps the SDK's contract: every output awaited, outputs
created while waiting picked up, a failure raised, and the SDK's function restored."""

from __future__ import annotations

import asyncio
import threading

import pytest
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


def test_the_sdk_function_is_swapped_in_only_for_a_run():
    original = runtime_stack.wait_for_rpcs
    with linear_wait_for_rpcs():
        assert runtime_stack.wait_for_rpcs is wait_for_rpcs
    assert runtime_stack.wait_for_rpcs is original
