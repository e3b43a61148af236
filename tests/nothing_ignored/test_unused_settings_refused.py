"""Settings that only one kind of entry reads are refused, with path and line, when the
definition has no such entry: they would be accepted and then used by nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hybrid_ai_platform.definition import DOCUMENT_PATH, load_stack_file
from hybrid_ai_platform.problems import DefinitionError, format_path
from hybrid_ai_shared import strict_yaml
from tests.conftest import PROJECT_DIR

PROD = PROJECT_DIR / "stacks" / "Pulumi.prod.yaml"


def test_magnum_settings_without_a_cluster_on_openstack_are_refused(tmp_path: Path) -> None:
    document = strict_yaml.load(PROD.read_text())
    env = document["config"][DOCUMENT_PATH[1]]
    env["clusters"] = [c for c in env["clusters"] if c["cloud"] != "openstack"]
    stack_file = tmp_path / "Pulumi.no-magnum-cluster.yaml"
    stack_file.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(stack_file)
    (problem,) = caught.value.problems
    assert format_path(problem.path) == "environment.privateCloud.magnum"
    assert "no cluster is on openstack" in problem.message
    line = caught.value.lines[problem.path]
    assert "magnum:" in stack_file.read_text().splitlines()[line - 1]


def test_an_account_nothing_deploys_to_is_refused(tmp_path: Path) -> None:
    document = strict_yaml.load((PROJECT_DIR / "stacks" / "Pulumi.dev.yaml").read_text())
    env = document["config"][DOCUMENT_PATH[1]]
    env["accounts"]["azure"] = {
        "subscriptionId": "6f1c2a9e-2b4d-4c8e-9a51-3d7e0b1f2a64",
        "tenantId": "0b7d3e5a-8c21-4f6d-a9e4-5c2b1d0f7e38",
    }
    stack_file = tmp_path / "Pulumi.unused-account.yaml"
    stack_file.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(stack_file)
    (problem,) = caught.value.problems
    assert format_path(problem.path) == "environment.accounts.azure"
    assert "nothing in this definition deploys to azure" in problem.message
    line = caught.value.lines[problem.path]
    assert "azure:" in stack_file.read_text().splitlines()[line - 1]


def test_tier_overrides_nothing_reads_are_refused(tmp_path: Path) -> None:
    """dev has no cluster or pipeline on azure or openstack: no component reads either."""
    document = strict_yaml.load((PROJECT_DIR / "stacks" / "Pulumi.dev.yaml").read_text())
    env = document["config"][DOCUMENT_PATH[1]]
    assert not {c["cloud"] for c in env["clusters"]} & {"azure", "openstack"}
    assert all(p["cloud"] != "azure" for p in env.get("pipelines", []))
    env["tierOverrides"] = {"highAvailability": True, "fullAuditLogs": True}
    stack_file = tmp_path / "Pulumi.unread-overrides.yaml"
    stack_file.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(stack_file)
    found = {format_path(p.path): p for p in caught.value.problems}
    assert set(found) == {
        "environment.tierOverrides.fullAuditLogs",
        "environment.tierOverrides.highAvailability",
    }
    assert "no cluster is on azure" in found["environment.tierOverrides.fullAuditLogs"].message
    lines = stack_file.read_text().splitlines()
    for name, problem in found.items():
        key = name.rsplit(".", 1)[1]
        assert f"{key}:" in lines[caught.value.lines[problem.path] - 1]
