"""Every stack's preview, as the issue's reviewer would check it: the network baseline of
each cloud it names, every resource inside a component, every resource on an explicit
provider (never a default one)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hap.plan import Plan

STACKS = ("dev", "staging", "prod")
NETWORK_BY_CLOUD = {
    "aws": "aws:ec2/vpc:Vpc",
    "azure": "azure-native:network:VirtualNetwork",
    "gcp": "gcp:compute/network:Network",
    "openstack": "openstack:networking/network:Network",
}


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_sits_in_a_component_on_an_explicit_provider(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    plan = plan_of(stack)
    components = {r.urn for r in plan.resources if r.is_component}
    providers = {r.urn for r in plan.resources if r.is_provider}
    custom = [r for r in plan.resources if r.custom and not r.is_provider]
    assert custom
    for resource in custom:
        assert resource.parent in components, f"{resource.urn} is not inside a component"
        assert resource.provider in providers, f"{resource.urn} uses {resource.provider}"
        assert "::default" not in (resource.provider or "")


def test_prod_has_the_network_baseline_of_all_four_clouds(plan_of: Callable[[str], Plan]) -> None:
    plan = plan_of("prod")
    for cloud, network_type in NETWORK_BY_CLOUD.items():
        assert plan.of_type(network_type), f"no {cloud} network ({network_type}) in prod"


def test_dev_spans_two_clouds_with_a_gpu_cluster(plan_of: Callable[[str], Plan]) -> None:
    plan = plan_of("dev")
    assert plan.of_type("aws:ec2/vpc:Vpc") and plan.of_type("gcp:compute/network:Network")
    gpu_groups = [
        r
        for r in plan.of_type("aws:eks/nodeGroup:NodeGroup")
        if r.inputs.get("amiType") == "AL2023_x86_64_NVIDIA"
    ]
    assert gpu_groups
