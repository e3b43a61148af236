"""Every cluster enforces NetworkPolicy. The team namespaces get default-deny policies
(`GpuStack`); a cluster whose network plugin does not enforce them accepts them and lets
everything through. One check per cloud, over every cluster of every stack."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from hap.plan import Plan, PlannedResource
from tests.clusters.support import CLUSTER_TYPES, PUBLIC_FIXTURE, child
from tests.conftest import cached_plan

STACKS = ("dev", "staging", "prod", "public")


@pytest.fixture(scope="module", params=STACKS)
def plan(request: pytest.FixtureRequest, plan_of: Callable[[str], Plan]) -> Plan:
    stack: str = request.param
    return cached_plan(stack, PUBLIC_FIXTURE) if stack == "public" else plan_of(stack)


def clusters(plan: Plan, cloud: str) -> list[PlannedResource]:
    return list(plan.of_type(CLUSTER_TYPES[cloud]))


def test_every_stack_has_a_cluster_on_some_cloud(plan: Plan) -> None:
    assert any(clusters(plan, cloud) for cloud in CLUSTER_TYPES)


def test_eks_vpc_cni_enforces_network_policies(plan: Plan) -> None:
    for component in clusters(plan, "aws"):
        addon = child(plan, component.name, "aws:eks/addon:Addon", f"{component.name}-vpc-cni")
        # The add-on's schema takes the setting as a string, not a boolean.
        assert json.loads(addon.inputs["configurationValues"]) == {"enableNetworkPolicy": "true"}


def test_aks_enforces_network_policies_with_cilium(plan: Plan) -> None:
    for component in clusters(plan, "azure"):
        aks = child(
            plan,
            component.name,
            "azure-native:containerservice:ManagedCluster",
            f"{component.name}-aks",
        )
        network = aks.inputs["networkProfile"]
        # Azure CNI powered by Cilium: the policy engine is Cilium's own dataplane.
        assert (network["networkPolicy"], network["networkDataplane"]) == ("cilium", "cilium")


def test_gke_enforces_network_policies_with_dataplane_v2(plan: Plan) -> None:
    for component in clusters(plan, "gcp"):
        gke = child(plan, component.name, "gcp:container/cluster:Cluster", f"{component.name}-gke")
        assert gke.inputs["datapathProvider"] == "ADVANCED_DATAPATH"
        # Dataplane V2 enforces on its own; the Calico add-on would conflict with it.
        assert "networkPolicy" not in gke.inputs
