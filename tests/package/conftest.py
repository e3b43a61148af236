"""The package's plugin, shared by every preview through it in the test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.package.engine import Plugin, running_plugin


@pytest.fixture(scope="session")
def plugin() -> Iterator[Plugin]:
    """One plugin process for the session, started when a test first needs it: a new
    process imports the SDK and the cloud provider SDKs again, most of what a preview
    through it costs. Each deployment still gets its own monitor, stack, config and log."""
    with running_plugin() as started:
        yield started
