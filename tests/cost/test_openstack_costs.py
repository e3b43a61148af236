"""The private cloud in `hap cost`: priced at the definition's internal rates, with their
source, where the plan knows the flavor; unpriced with the reason otherwise, never $0."""

from __future__ import annotations

import pytest

from hap.plan import Plan
from hybrid_ai_shared.cost import HOURS_PER_MONTH, estimate
from hybrid_ai_shared.cost.openstack import flavor_gpus

NODE_GROUP = "openstack:containerinfra/nodeGroup:NodeGroup"


def _without_rates(plan: Plan) -> Plan:
    environment = dict(plan.config["hybrid-ai-platform:environment"])
    private = dict(environment["privateCloud"])
    private.pop("internalRates")
    environment["privateCloud"] = private
    config = {**plan.config, "hybrid-ai-platform:environment": environment}
    return Plan(plan.project, plan.stack, plan.resources, plan.outputs, config, plan.invokes)


def test_prod_gpu_node_group_is_priced_at_the_internal_rates_with_their_source(plan_of):
    report = estimate(plan_of("prod"))
    (line,) = [line for line in report.lines if line.name == "onprem-a100"]
    # g1.a100.4: 4 GPUs (pci_passthrough:alias nvidia-a100-80gb:4) and 64 vCPUs; 0-4 nodes.
    hourly = 4 * 1.9 + 64 * 0.015
    assert line.item == "node group (g1.a100.4)"
    assert line.monthly_min_usd == 0
    assert line.monthly_max_usd == pytest.approx(4 * hourly * HOURS_PER_MONTH)
    assert {p.unit for p in line.prices} == {"GPU-hour", "vCPU-hour"}
    assert all(p.source == "internal rate: FinOps chargeback sheet FY2027" for p in line.prices)
    assert all(p.date == "2026-10-01" for p in line.prices)


def test_capacity_on_the_clouds_own_flavors_is_unpriced_with_the_reason(plan_of):
    report = estimate(plan_of("prod"))
    reasons = {(u.name, u.reason) for u in report.unpriced if u.type.startswith("openstack:")}
    assert (
        "private-cloud-bastion",
        "instance: flavor 'm1.small' is the cloud's own (not defined by this stack), so its "
        "vCPUs are not in the plan",
    ) in reasons
    assert any(name == "onprem-cluster" and "'m1.large'" in why for name, why in reasons)
    assert not [
        line
        for line in report.lines
        if line.type.startswith("openstack:") and line.monthly_max_usd == 0
    ]


def test_without_internal_rates_openstack_capacity_is_unpriced_never_zero(plan_of):
    report = estimate(_without_rates(plan_of("prod")))
    assert not [line for line in report.lines if line.type.startswith("openstack:")]
    (group,) = [u for u in report.unpriced if u.type == NODE_GROUP]
    assert "no privateCloud.internalRates" in group.reason
    # staging has no rates in its definition: the same there.
    staging = estimate(plan_of("staging"))
    assert any(u.type == NODE_GROUP for u in staging.unpriced)


def test_gpus_are_read_from_the_flavors_extra_specs() -> None:
    assert flavor_gpus({"pci_passthrough:alias": "nvidia-a100-80gb:4"}) == 4
    assert flavor_gpus({"pci_passthrough:alias": "a100:1,l4:2"}) == 3
    assert flavor_gpus({"resources:VGPU": "1", "trait:CUSTOM_NVIDIA_A100_4C": "required"}) == 1
    assert flavor_gpus({"hw:cpu_policy": "dedicated"}) == 0
