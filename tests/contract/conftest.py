"""Helpers for the contract tests: the consumer's pytest fixture and Output resolution."""

from __future__ import annotations

import asyncio
from typing import Any

import pulumi

# The fixture consuming teams enable with `pytest_plugins`; imported here because
# `pytest_plugins` is only honoured in the root conftest.
from hybrid_ai_platform.consumer.pytest_plugin import mock_platform_stack_fixture  # noqa: F401


def resolve(output: pulumi.Output[Any]) -> Any:
    """The value of an Output under the mock runtime (re-raises what its apply raised)."""
    return asyncio.get_event_loop_policy().get_event_loop().run_until_complete(output.future())


def is_secret(output: pulumi.Output[Any]) -> bool:
    loop = asyncio.get_event_loop_policy().get_event_loop()
    return loop.run_until_complete(output.is_secret())
