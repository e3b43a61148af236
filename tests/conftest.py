"""Shared fixtures: one credential-free preview per stack per test session.

A preview of `prod` registers hundreds of resources; every test that reads a stack shares
the same `Plan` instead of running the program again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hap.engine import run_program
from hap.plan import Plan

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
