"""pytest fixture for teams that consume a platform stack.

Enable it in your `conftest.py` with
`pytest_plugins = ["hybrid_ai_platform.consumer.pytest_plugin"]`:

    def test_serving_lands_on_gpu_nodes(mock_platform_stack):
        mocks = mock_platform_stack(outputs)   # before the program creates its PlatformStack
        ...
"""

from __future__ import annotations

import asyncio
import gc
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest

from hybrid_ai_platform.consumer.testing import PlatformStackMocks
from hybrid_ai_platform.consumer.testing import mock_platform_stack as install_mocks


@pytest.fixture(name="mock_platform_stack")
def mock_platform_stack_fixture() -> Iterator[Callable[..., PlatformStackMocks]]:
    """`mock_platform_stack(outputs, stacks=(), fallback=None)` installs the mocks; the
    runtime's root stack and config are reset after the test so tests stay independent."""

    def install(*args: Any, **kwargs: Any) -> PlatformStackMocks:
        pulumi.runtime.settings.ROOT.set(None)
        return install_mocks(*args, **kwargs)

    yield install
    _settle_pending_work()
    # The next `set_mocks` creates a fresh root stack only when none is set.
    pulumi.runtime.settings.ROOT.set(None)
    pulumi.runtime.set_all_config({}, [])


def _settle_pending_work() -> None:
    """Finish what the test left pending, then drop it, so nothing of this test surfaces in
    a later one.

    Outputs the test never awaited run to completion on their own loop. Outputs and RPCs
    that failed (a test of an error path) are kept by pulumi until the program exits and
    hold coroutines that were never awaited; they are released and collected here,
    quietly, as the language host does at exit.
    """
    loop = asyncio.get_event_loop_policy().get_event_loop()
    pending = asyncio.all_tasks(loop)
    if pending and not loop.is_running():
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)
        pulumi.runtime.settings.SETTINGS.outputs.clear()
        pulumi.runtime.settings.SETTINGS.rpc_manager.clear()
        gc.collect()
