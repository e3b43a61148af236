"""Magnum GPU clusters as `hap preview prod` plans them, and the pure Magnum plan."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from hap.plan import Plan, PlannedResource, reveal
from hybrid_ai_platform.clusters.magnum_plan import kubelet_options, magnum_pools
from hybrid_ai_platform.definition import load_stack_file
from tests.conftest import PROJECT_DIR

TEMPLATE = "openstack:containerinfra/clusterTemplate:ClusterTemplate"
CLUSTER = "openstack:containerinfra/cluster:Cluster"
NODE_GROUP = "openstack:containerinfra/nodeGroup:NodeGroup"


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


def _one(plan: Plan, type_: str, name: str) -> PlannedResource:
    (found,) = [r for r in plan.of_type(type_) if r.name == name]
    return found


def test_prod_builds_a_magnum_cluster_in_the_fraud_project(prod: Plan) -> None:
    cluster = _one(prod, CLUSTER, "onprem-cluster")
    assert cluster.protect
    assert (cluster.inputs["masterCount"], cluster.inputs["masterLbEnabled"]) == (3, True)
    assert cluster.inputs["floatingIpEnabled"] is False
    provider = prod.resource(cluster.provider or "")
    assert provider.inputs["tenantName"] == "prod-fraud"
    # The deploying identity is a member of the project the provider is scoped to.
    deployer = _one(
        prod,
        "openstack:identity/roleAssignment:RoleAssignment",
        "private-cloud-project-fraud-deployer",
    )
    assert deployer.inputs["userId"]
    share = _one(prod, "openstack:networking/rbacPolicyV2:RbacPolicyV2", "onprem-network-share")
    assert (share.inputs["action"], share.inputs["objectType"]) == ("access_as_shared", "network")


def test_the_gpu_pool_is_a_node_group_on_the_private_gpu_flavor(prod: Plan) -> None:
    group = _one(prod, NODE_GROUP, "onprem-a100")
    inputs = group.inputs
    assert inputs["flavorId"] == "g1.a100.4"
    assert (inputs["minNodeCount"], inputs["maxNodeCount"]) == (0, 4)
    options = inputs["labels"]["kubelet_options"]
    assert "--register-with-taints=nvidia.com/gpu=present:NoSchedule" in options
    assert "hybrid.ai/accelerator=nvidia-a100-80gb" in options
    assert inputs["mergeLabels"] is True
    assert "nodeCount" in group.ignore_changes


def test_the_template_pins_the_release_and_restricts_the_api(prod: Plan) -> None:
    labels = _one(prod, TEMPLATE, "onprem-template").inputs["labels"]
    assert labels["kube_tag"] == "v1.36.3"
    # The nodes' network, the deploy runner's (runner-in-network) and the office range.
    assert labels["master_lb_allowed_cidrs"] == "10.38.0.0/16,10.40.0.0/24,192.0.2.0/24"
    assert labels["api_master_lb_allowed_cidrs"] == labels["master_lb_allowed_cidrs"]
    assert labels["master_lb_floating_ip_enabled"] == "false"
    assert labels["boot_volume_type"] == "LUKS"
    assert labels["auto_scaling_enabled"] == "true"


def test_the_gpu_operator_installs_driver_and_toolkit_through_magnums_kubeconfig(
    prod: Plan,
) -> None:
    (release,) = [
        r
        for r in prod.of_type("kubernetes:helm.sh/v3:Release")
        if r.name == "onprem-gpu-gpu-operator"
    ]
    values = release.inputs["values"]
    assert values["driver"] == {"enabled": True}
    assert values["toolkit"] == {"enabled": True}
    provider = prod.resource(release.provider or "")
    kubeconfig = yaml.safe_load(reveal(provider.inputs["kubeconfig"]))
    assert kubeconfig["clusters"][0]["cluster"]["server"].endswith(":6443")


def test_magnum_cluster_is_in_the_contract_with_its_pools(prod: Plan) -> None:
    onprem = prod.outputs["clusters"]["onprem"]
    assert onprem["cloud"] == "openstack"
    pools = {p["name"]: p for p in onprem["nodePools"]}
    assert pools["a100"]["machineType"] == "g1.a100.4"
    assert pools["a100"]["gpusPerNode"] == 4


def test_pools_map_to_flavors_and_carry_labels_and_taints() -> None:
    env = load_stack_file(PROJECT_DIR / "stacks" / "Pulumi.staging.yaml")
    (cluster,) = [c for c in env.clusters if c.cloud == "openstack"]
    assert env.private_cloud is not None
    pools = {p.name: p for p in magnum_pools(cluster, env.private_cloud)}
    assert pools["a100"].machine_type == "g1.a100.1"
    assert pools["system"].machine_type == "m1.large"
    assert pools["a100"].desired == 1  # Magnum creates node groups with one node or more
    assert kubelet_options(pools["system"]) == "--node-labels=hybrid.ai/pool=system"
