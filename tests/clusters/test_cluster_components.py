"""What holds for every cluster component in every stack: children parented under it and
on its cloud's explicit provider, the documented outputs, a kubeconfig that stays secret,
a Kubernetes provider per cluster, and no API open to the whole internet."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hap.plan import Plan, PlannedResource, Secret, contains_secret, reveal
from tests.clusters.support import CLUSTER_TYPES, PUBLIC_FIXTURE, descendants
from tests.conftest import cached_plan

PROVIDER_TYPES = {
    "aws": "pulumi:providers:aws",
    "azure": "pulumi:providers:azure-native",
    "gcp": "pulumi:providers:gcp",
    "openstack": "pulumi:providers:openstack",
}
OUTPUTS = {"cloud", "region", "pools", "cluster_name", "endpoint", "kubeconfig", "oidc_issuer"}
STACKS = ("dev", "staging", "prod", "public")


@pytest.fixture(scope="module", params=STACKS)
def plan(request: pytest.FixtureRequest, plan_of: Callable[[str], Plan]) -> Plan:
    stack: str = request.param
    return cached_plan(stack, PUBLIC_FIXTURE) if stack == "public" else plan_of(stack)


def components(plan: Plan) -> list[tuple[str, PlannedResource]]:
    by_type = {token: cloud for cloud, token in CLUSTER_TYPES.items()}
    return [(by_type[r.type], r) for r in plan.resources if r.type in by_type]


def test_each_stack_builds_one_component_per_cluster_magnum_included(plan: Plan) -> None:
    clusters = {r.name for _, r in components(plan)}
    assert clusters
    for cloud, component in components(plan):
        assert component.outputs["cloud"] == cloud
        assert component.parent == plan.stack_urn


def test_every_child_is_parented_and_on_the_clouds_explicit_provider(plan: Plan) -> None:
    for cloud, component in components(plan):
        children = descendants(plan, component.urn)
        custom = [r for r in children if r.custom and not r.is_provider]
        assert len(custom) >= 3
        providers = {r.provider for r in custom}
        (provider,) = providers
        assert provider is not None
        assert plan.resource(provider).type == PROVIDER_TYPES[cloud]
        # Every child's logical name starts with the cluster's: unique per environment.
        assert all(r.name.startswith(f"{component.name}-") for r in children)


def test_cluster_resources_exist_only_inside_a_cluster_component(plan: Plan) -> None:
    inside = {r.urn for _, c in components(plan) for r in descendants(plan, c.urn)}
    for token in (
        "aws:eks/cluster:Cluster",
        "aws:eks/nodeGroup:NodeGroup",
        "azure-native:containerservice:ManagedCluster",
        "azure-native:containerservice:AgentPool",
        "gcp:container/cluster:Cluster",
        "gcp:container/nodePool:NodePool",
    ):
        assert {r.urn for r in plan.of_type(token)} <= inside


def test_components_register_their_documented_outputs(plan: Plan) -> None:
    for _, component in components(plan):
        assert set(component.outputs) >= OUTPUTS
        assert isinstance(component.outputs["kubeconfig"], Secret)
        assert component.outputs["endpoint"].startswith("https://")
        assert component.outputs["oidc_issuer"].startswith("https://")
        pools = component.outputs["pools"]
        assert [p["name"] for p in pools]
        # The pool description carries no secret and no unknown: plain definition data.
        assert not contains_secret(pools)


NODE_POOL_TYPES = {
    "aws": "aws:eks/nodeGroup:NodeGroup",
    "azure": "azure-native:containerservice:ManagedCluster",  # the system pool is inline
    "gcp": "gcp:container/nodePool:NodePool",
    "openstack": "openstack:containerinfra/nodeGroup:NodeGroup",
}


def kubernetes_provider(plan: Plan, component: PlannedResource) -> PlannedResource:
    (provider,) = [
        r for r in plan.of_type("pulumi:providers:kubernetes") if r.name == f"{component.name}-k8s"
    ]
    return provider


def test_each_cluster_has_a_server_side_apply_kubernetes_provider_fed_a_secret(
    plan: Plan,
) -> None:
    for _, component in components(plan):
        provider = kubernetes_provider(plan, component)
        assert isinstance(provider.inputs["kubeconfig"], Secret)
        assert reveal(provider.inputs["kubeconfig"]) == reveal(component.outputs["kubeconfig"])
        assert provider.inputs["enableServerSideApply"] in (True, "true")


def test_the_kubernetes_provider_waits_for_every_node_pool_of_its_cluster(plan: Plan) -> None:
    """Nothing is deployed into a cluster before its nodes exist: Helm releases wait for
    their pods, and pods need nodes."""
    for cloud, component in components(plan):
        provider = kubernetes_provider(plan, component)
        pools = [
            r.urn
            for r in descendants(plan, component.urn)
            if r.type in (NODE_POOL_TYPES[cloud], "azure-native:containerservice:AgentPool")
        ]
        assert pools
        assert set(pools) <= set(provider.dependencies), component.name
        # Beside the component, not under it: a dependency on a component is one on all
        # its children, so a child could not wait for the others.
        assert provider.parent == plan.stack_urn


def test_no_cluster_api_is_open_to_the_whole_internet(plan: Plan) -> None:
    for _, component in components(plan):
        for resource in descendants(plan, component.urn):
            assert "0.0.0.0/0" not in repr(reveal(dict(resource.inputs)))
