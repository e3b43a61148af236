"""The real stacks against the pack: no mandatory rule may fail, and the stack-wide rules
see the real graph (GPU Operator releases linked to their own cluster's pools)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hap.plan import Plan, PlannedResource
from hap.policy import load_policy_config, policy_config_file, run_pack
from hap.policy.harness import run_policy
from hap.policy.pack import LoadedPack

STACKS = ("dev", "staging", "prod")


@pytest.mark.parametrize("stack", STACKS)
def test_real_stack_passes_every_mandatory_rule(
    plan_of: Callable[[str], Plan], project_dir: Path, pack: LoadedPack, stack: str
) -> None:
    config = load_policy_config(policy_config_file(project_dir, stack))
    report = run_pack(plan_of(stack), config, pack=pack)
    assert [f"{v.policy}: {v.resource_name}: {v.detail}" for v in report.mandatory] == []


def test_prod_pack_config_pins_each_cloud_to_its_region(
    plan_of: Callable[[str], Plan], project_dir: Path, pack: LoadedPack
) -> None:
    """stacks/policy-config.prod.json is read: moving AWS out of its region fails prod."""
    config = load_policy_config(policy_config_file(project_dir, "prod"))
    assert config["aws-all-allowed-regions"] == {"allowedRegions": ["us-east-1"]}
    elsewhere = {**config, "aws-all-allowed-regions": {"allowedRegions": ["eu-west-1"]}}
    report = run_pack(plan_of("prod"), elsewhere, pack=pack)
    assert {v.policy for v in report.mandatory} == {"aws-all-allowed-regions"}


@pytest.mark.parametrize("stack", STACKS)
def test_real_stack_budget_rule_prices_the_stack(
    plan_of: Callable[[str], Plan], pack: LoadedPack, stack: str
) -> None:
    """With a budget of one dollar every real stack is over it: the rule prices real resources."""
    report = run_policy(
        pack.policy("common-cost-within-budget"), plan_of(stack), {"monthlyBudgetUsd": 1}
    )
    [violation] = report.violations
    assert violation.detail.startswith("estimated $")
    assert "exceeds the budget of $1.00/month" in violation.detail


def test_gpu_operator_releases_are_checked_against_their_own_cluster(
    plan_of: Callable[[str], Plan], pack: LoadedPack
) -> None:
    """prod: an operator values change that drops the GPU toleration is caught per cluster."""
    plan = plan_of("prod")
    def is_operator(r: PlannedResource) -> bool:
        return r.type == "kubernetes:helm.sh/v3:Release" and r.inputs.get("chart") == "gpu-operator"

    releases = [r for r in plan.resources if is_operator(r)]
    assert releases
    stripped = tuple(
        r
        if not is_operator(r)
        else type(r)(
            **{
                **r.__dict__,
                "outputs": {**r.outputs, "values": {"daemonsets": {"tolerations": []}}},
            }
        )
        for r in plan.resources
    )
    broken = Plan(plan.project, plan.stack, stripped, plan.outputs, plan.config)
    report = run_policy(pack.policy("kubernetes-helm-gpu-operator-tolerates-gpu-pools"), broken)
    flagged = {(v.resource_name, v.detail.rsplit("'", 2)[-2]) for v in report.violations}
    # Each release is only blamed for GPU pools of its own cluster (named after it).
    assert flagged
    assert all(pool.startswith(release.split("-")[0]) for release, pool in flagged)
    assert {release for release, _ in flagged} == {r.name for r in releases}
