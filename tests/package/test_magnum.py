"""The Magnum component of the package, through the plugin as the example's cluster: the
private cloud the cluster needs (network, team projects, GPU flavors), the cluster's own
network and the Magnum cluster in the project the arguments name, and the GPU stack, all
under the component, on providers of its own."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime import rpc

from hap.plan import Plan, PlannedResource
from tests.package.engine import Plugin, construct_each
from tests.package.test_other_clouds import descendants

NAME = "lab"
TYPE = "hybrid:index:MagnumGpuCluster"
PROPERTIES: dict[str, Any] = {
    "environment": {
        "name": "ml-dev",
        "tier": "dev",
        "owner": "ml-platform@example.com",
        "costCenter": "cc-ml-1042",
        "deployRunner": {"labels": ["self-hosted", "ml-deploy"]},
    },
    "account": {"cloud": "onprem"},
    "privateCloud": {
        "networkCidr": "10.39.0.0/16",
        "externalNetwork": "public",
        "magnum": {"image": "ubuntu-jammy-kube-v1.35", "masterFlavor": "m1.large"},
        "gpuFlavors": [
            {
                "name": "g1.a100.1",
                "accelerator": "nvidia-a100-80gb",
                "gpus": 1,
                "vcpus": 16,
                "ramGb": 120,
                "diskGb": 200,
            }
        ],
        "projects": [{"name": "research", "instances": 20, "cores": 320, "ramGb": 2400}],
    },
    "cluster": {
        "region": "RegionOne",
        "kubernetesVersion": "1.35",
        "networkCidr": "10.38.0.0/16",
        "deployAccess": {"path": "runner-in-network", "runnerCidrs": ["10.40.0.0/24"]},
        "project": "research",
        "nodePools": [
            {"name": "system", "machineType": "m1.xlarge", "min": 1, "max": 3},
            {"name": "a100", "accelerator": "nvidia-a100-80gb", "min": 0, "max": 2},
        ],
        "teams": [{"name": "research", "gpuQuota": 2}],
    },
}


@pytest.fixture(scope="module")
def deployment(plugin: Plugin) -> tuple[Plan, dict[str, Any]]:
    """One preview of the component, shared by the tests below."""
    plan, states = construct_each(plugin, "yaml-magnum", {NAME: (TYPE, PROPERTIES)})
    return plan, states[NAME]


@pytest.fixture(scope="module")
def plan(deployment: tuple[Plan, dict[str, Any]]) -> Plan:
    return deployment[0]


def component(plan: Plan) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.type == TYPE]
    return found


def of_type(plan: Plan, type_: str) -> list[PlannedResource]:
    return [r for r in descendants(plan, component(plan).urn) if r.type == type_]


def test_the_component_holds_private_cloud_cluster_and_gpu_stack(plan: Plan) -> None:
    """The private cloud is named after the cluster: two components in one program do not
    collide."""
    children = {(r.type, r.name) for r in plan.children(component(plan).urn)}
    assert children == {
        ("pulumi:providers:openstack", "lab-openstack-regionone"),
        ("pulumi:providers:openstack", "lab-openstack-regionone-research"),
        ("hybrid:openstack:Network", "lab-private-cloud-network"),
        ("hybrid:openstack:PrivateCloud", "lab-private-cloud"),
        ("hybrid:openstack:Network", "lab-network"),
        ("hybrid:openstack:MagnumGpuCluster", "lab"),
        ("pulumi:providers:kubernetes", "lab-k8s"),
        ("hybrid:kubernetes:GpuStack", "lab-gpu"),
    }


def test_every_openstack_resource_is_on_a_provider_of_the_component(plan: Plan) -> None:
    children = plan.children(component(plan).urn)
    providers = {r.name: r for r in children if r.type == "pulumi:providers:openstack"}
    assert {p.inputs["cloud"] for p in providers.values()} == {"onprem"}
    inside = descendants(plan, component(plan).urn)
    on_openstack = [r for r in inside if r.type.startswith("openstack:")]
    assert {r.provider for r in on_openstack} == {p.urn for p in providers.values()}
    # Magnum's cluster is created in the team project, through the provider scoped to it.
    project_scoped = providers["lab-openstack-regionone-research"].urn
    for type_ in (
        "openstack:containerinfra/clusterTemplate:ClusterTemplate",
        "openstack:containerinfra/cluster:Cluster",
        "openstack:containerinfra/nodeGroup:NodeGroup",
    ):
        assert {r.provider for r in of_type(plan, type_)} == {project_scoped}


def test_the_private_cloud_has_the_project_and_gpu_flavor_asked_for(plan: Plan) -> None:
    (project,) = of_type(plan, "openstack:identity/project:Project")
    assert project.inputs["name"] == "ml-dev-research"
    (flavor,) = of_type(plan, "openstack:compute/flavor:Flavor")
    assert flavor.inputs["name"] == "g1.a100.1"
    assert flavor.inputs["vcpus"] == 16
    assert flavor.inputs["extraSpecs"] == {"pci_passthrough:alias": "nvidia-a100-80gb:1"}
    assert flavor.inputs["isPublic"] is False


def test_magnum_builds_the_cluster_from_the_private_clouds_settings(plan: Plan) -> None:
    (template,) = of_type(plan, "openstack:containerinfra/clusterTemplate:ClusterTemplate")
    assert template.inputs["image"] == "ubuntu-jammy-kube-v1.35"
    assert template.inputs["masterFlavor"] == "m1.large"
    (cluster,) = of_type(plan, "openstack:containerinfra/cluster:Cluster")
    assert cluster.inputs["name"] == "ml-dev-lab"
    assert cluster.inputs["flavor"] == "m1.xlarge"
    (gpu_group,) = [
        r
        for r in of_type(plan, "openstack:containerinfra/nodeGroup:NodeGroup")
        if r.inputs["name"] == "a100"
    ]
    assert gpu_group.inputs["flavorId"] == "g1.a100.1"
    assert (gpu_group.inputs["minNodeCount"], gpu_group.inputs["maxNodeCount"]) == (0, 2)


def test_the_outputs_reach_the_program_with_the_kubeconfig_secret(
    deployment: tuple[Plan, dict[str, Any]],
) -> None:
    state = deployment[1]
    assert set(state) == {"clusterName", "endpoint", "kubeconfig"}
    assert state["clusterName"] == "ml-dev-lab"
    assert rpc.is_rpc_secret(state["kubeconfig"])
