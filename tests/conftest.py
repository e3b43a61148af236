"""Shared fixtures: one credential-free preview per stack per test session.

A preview of `prod` registers hundreds of resources; every test that reads a stack shares
the same `Plan` instead of running the program again.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from hap.engine import run_program
from hap.plan import Plan
from hap.policy import LoadedPack, load_pack
from tests import fresh_runs

PROJECT_DIR = Path(__file__).parents[1]
STACKS = ("dev", "staging", "prod")

_plans: dict[tuple[Path, str], Plan] = {}


def cached_plan(stack: str, project_dir: Path = PROJECT_DIR) -> Plan:
    key = (project_dir.resolve(), stack)
    if key not in _plans:
        _plans[key] = run_program(project_dir, stack)
    return _plans[key]


@pytest.fixture(scope="session")
def plan_of() -> Callable[[str], Plan]:
    """`plan_of("prod")`: the session's preview of that stack of the main project."""
    return cached_plan


@pytest.fixture(scope="session")
def project_dir() -> Path:
    return PROJECT_DIR


@pytest.fixture(scope="session")
def pack() -> LoadedPack:
    """The project's policy pack, loaded like `pulumi preview --policy-pack policies`."""
    return load_pack(PROJECT_DIR / "policies")


# What lives for the whole session (the provider SDKs' classes, loaded as previews need
# them; the cached plans) is a few million objects that Python's cyclic collector would
# rescan at every full collection, and a failed preview collects on purpose
# (`hap.engine.run_program`): frozen out of its sight after collection and after each test
# module, a collection scans only what tests created since (the bad-input, AKS and contract
# tests, back to back: 36-42 -> 23-26 s of CPU on 2026-12-02). The `hap` command itself runs
# with the collector off (`hap.cli.main`).
def pytest_collection_finish(session: pytest.Session) -> None:
    _freeze_long_lived()
    if session.config.option.collectonly:
        return
    # The fresh processes the collected tests read, started now on the core pytest leaves
    # idle (`tests/fresh_runs.py`).
    modules = dict.fromkeys(getattr(item, "module", None) for item in session.items)
    fresh_runs.start_in_background(
        run for module in modules for run in getattr(module, "FRESH_RUNS", ())
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    fresh_runs.close()


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    if getattr(nextitem, "module", None) is not getattr(item, "module", None):
        _freeze_long_lived()


def _freeze_long_lived() -> None:
    gc.collect()
    gc.freeze()
