"""What a tier means is one table (`components/hybrid_ai_platform/tiers.py`), shown in the
README, and the overridable settings of an environment's `tierOverrides` reach the resources."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

import pytest

from hap.plan import Plan, PlannedResource
from hybrid_ai_platform.definition import load_definition
from hybrid_ai_platform.problems import DefinitionError, format_path
from hybrid_ai_platform.tiers import TIER_SETTINGS, settings_for
from tests.conftest import cached_plan

REPOSITORY = Path(__file__).parents[2]
OVERRIDES = REPOSITORY / "tests" / "fixtures" / "overrides"


@pytest.fixture(scope="module")
def overrides() -> Plan:
    return cached_plan("overrides", OVERRIDES)


def _one(plan: Plan, type_: str, name: str) -> PlannedResource:
    (found,) = [r for r in plan.of_type(type_) if r.name == name]
    return found


def _readme_tier_table() -> dict[str, list[str]]:
    """Rows of the README's "What a tier means" table: setting -> [dev, staging, prod]."""
    text = (REPOSITORY / "README.md").read_text()
    section = text.split("### What a tier means", 1)[1].split("\n#", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    return {cells[0]: cells[1:4] for cells in (_cells(row) for row in rows)}


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def test_the_readme_shows_every_tier_setting_as_the_table_has_it() -> None:
    table = _readme_tier_table()
    settings = [f.name for f in fields(TIER_SETTINGS["dev"])]
    assert sorted(table) == sorted(name.replace("_", " ") for name in settings)
    for name in settings:
        expected = [_shown(getattr(TIER_SETTINGS[tier], name)) for tier in TIER_SETTINGS]
        assert table[name.replace("_", " ")] == expected, name


def test_overrides_replace_only_the_settings_they_name() -> None:
    raw = {
        "name": "rehearsal",
        "tier": "staging",
        "tierOverrides": {"nat": "per-zone", "logRetentionDays": 365},
        "owner": "ml@example.com",
        "costCenter": "cc",
        "monthlyBudgetUsd": 1,
    }
    settings = settings_for(load_definition(raw, "Pulumi.rehearsal.yaml"))
    staging = TIER_SETTINGS["staging"]
    assert (settings.nat, settings.log_retention_days) == ("per-zone", 365)
    assert settings.full_audit_logs is staging.full_audit_logs
    assert settings.protect is staging.protect is False


def test_an_unknown_or_unacceptable_override_is_refused_with_its_path() -> None:
    raw = {
        "name": "rehearsal",
        "tier": "staging",
        "tierOverrides": {"logRetentionDays": 14, "protect": True},
        "owner": "ml@example.com",
        "costCenter": "cc",
        "monthlyBudgetUsd": 1,
    }
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, "Pulumi.rehearsal.yaml")
    problems = {format_path(p.path): p.message for p in caught.value.problems}
    assert "365" in problems["environment.tierOverrides.logRetentionDays"]
    assert "unknown key 'protect'" in problems["environment.tierOverrides.protect"]


def test_staging_with_overrides_gets_a_nat_gateway_per_zone(
    overrides: Plan, plan_of: Callable[[str], Plan]
) -> None:
    assert len(overrides.of_type("aws:ec2/natGateway:NatGateway")) == 3
    assert len(plan_of("staging").of_type("aws:ec2/natGateway:NatGateway")) == 1


def test_overridden_log_retention_reaches_every_log_store(overrides: Plan) -> None:
    groups = overrides.of_type("aws:cloudwatch/logGroup:LogGroup")
    assert {g.name for g in groups} == {"train-network-flow-logs", "train-control-plane-logs"}
    assert {g.inputs["retentionInDays"] for g in groups} == {365}
    workspace = _one(overrides, "azure-native:operationalinsights:Workspace", "serve-logs")
    assert workspace.inputs["retentionInDays"] == 365


def test_overridden_availability_and_audit_reach_aks(overrides: Plan) -> None:
    cluster = _one(overrides, "azure-native:containerservice:ManagedCluster", "serve-aks")
    assert cluster.inputs["sku"]["tier"] == "Standard"
    logs = _one(overrides, "azure-native:monitor:DiagnosticSetting", "serve-control-plane-logs")
    assert "kube-audit" in {entry["category"] for entry in logs.inputs["logs"]}


def test_what_is_not_overridden_follows_the_tier(overrides: Plan) -> None:
    eks = _one(overrides, "aws:eks/cluster:Cluster", "train-eks")
    assert eks.protect is False and eks.inputs["deletionProtection"] is False
    key = _one(overrides, "aws:kms/key:Key", "train-secrets-key")
    assert key.inputs["deletionWindowInDays"] == TIER_SETTINGS["staging"].key_deletion_window_days


def test_no_component_asks_whether_it_is_production() -> None:
    offenders = [
        str(path.relative_to(REPOSITORY))
        for path in sorted((REPOSITORY / "components").rglob("*.py"))
        if re.search(r"\.production\b|tier == \"prod\"", path.read_text())
    ]
    assert offenders == []
