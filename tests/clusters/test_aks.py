"""AKS as the previews show it: prod's `serve` (private, production, MIG and time-sliced
GPU pools), staging's `serve` and the fixture's `edge-azure` (public endpoint, Spot)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest

from hap.plan import Plan, PlannedResource, Secret
from hybrid_ai_platform.clusters.aks import AksGpuClusterArgs
from hybrid_ai_platform.clusters.plan import AksRanges, ApiAccess, plan_pools
from hybrid_ai_platform.spec import Cluster, NodePool
from hybrid_ai_platform.tiers import TIER_SETTINGS
from hybrid_ai_shared.catalog import load_catalog
from tests.clusters.support import PUBLIC_FIXTURE, child, children_of_type, cluster
from tests.conftest import cached_plan

MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"
AGENT_POOL = "azure-native:containerservice:AgentPool"
ROLE_ASSIGNMENT = "azure-native:authorization:RoleAssignment"
GPU_TAINT = "nvidia.com/gpu=present:NoSchedule"
SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


@pytest.fixture(scope="module")
def staging(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("staging")


@pytest.fixture(scope="module")
def public() -> Plan:
    return cached_plan("public", PUBLIC_FIXTURE)


def managed_cluster(plan: Plan, name: str) -> PlannedResource:
    return child(plan, name, MANAGED_CLUSTER, f"{name}-aks")


def agent_pool(plan: Plan, name: str, pool: str) -> PlannedResource:
    return child(plan, name, AGENT_POOL, f"{name}-{pool}")


def test_the_system_pool_is_inline_and_every_other_pool_an_agent_pool(prod: Plan) -> None:
    aks = managed_cluster(prod, "serve")
    (system,) = aks.inputs["agentPoolProfiles"]
    assert (system["name"], system["mode"], system["vmSize"]) == (
        "system",
        "System",
        "Standard_D8s_v5",
    )
    assert (system["enableAutoScaling"], system["minCount"], system["maxCount"]) == (True, 3, 5)
    assert system["nodeTaints"] == []
    pools = {p.inputs["agentPoolName"]: p for p in children_of_type(prod, "serve", AGENT_POOL)}
    assert sorted(pools) == ["a100", "t4", "t4spot"]
    for pool in pools.values():
        assert pool.inputs["mode"] == "User"
        assert pool.inputs["resourceName"] == "prod-serve"
        assert pool.inputs["vnetSubnetID"] == system["vnetSubnetID"]
        assert pool.ignore_changes == ("count",) and pool.delete_before_replace
        assert pool.inputs["tags"] == aks.inputs["tags"] == system["tags"]
        assert pool.inputs["tags"]["component"] == "serve-cluster"
    assert aks.ignore_changes == ("agentPoolProfiles[0].count",)


def test_gpu_pools_use_the_catalog_size_taint_labels_and_bounds(prod: Plan) -> None:
    t4 = agent_pool(prod, "serve", "t4").inputs
    assert t4["vmSize"] == "Standard_NC4as_T4_v3"
    assert t4["nodeTaints"] == [GPU_TAINT]
    assert t4["nodeLabels"] == {
        "hybrid.ai/accelerator": "nvidia-t4",
        "hybrid.ai/pool": "t4",
        "nvidia.com/device-plugin.config": "t4",
    }
    assert (t4["enableAutoScaling"], t4["minCount"], t4["maxCount"], t4["count"]) == (
        True,
        2,
        10,
        2,
    )
    assert "gpuInstanceProfile" not in t4
    assert "scaleSetPriority" not in t4
    # MIG: AKS partitions the A100 itself, three 3g slices.
    a100 = agent_pool(prod, "serve", "a100").inputs
    assert (a100["vmSize"], a100["gpuInstanceProfile"]) == ("Standard_NC24ads_A100_v4", "MIG3g")
    assert a100["nodeLabels"]["nvidia.com/mig.config"] == "all-3g.40gb"
    assert (a100["minCount"], a100["maxCount"]) == (0, 4)


def test_spot_pools_are_evicted_by_deletion_at_up_to_the_on_demand_price(public: Plan) -> None:
    pool = agent_pool(public, "edge-azure", "t4spot").inputs
    assert pool["scaleSetPriority"] == "Spot"
    assert pool["scaleSetEvictionPolicy"] == "Delete"
    assert pool["spotMaxPrice"] == -1
    # What AKS puts on Spot nodes itself is declared beside the definition's own taint,
    # so nothing drifts.
    assert pool["nodeTaints"] == [SPOT_TAINT, GPU_TAINT, "workload=inference:PreferNoSchedule"]
    assert pool["nodeLabels"]["kubernetes.azure.com/scalesetpriority"] == "spot"


def test_entra_id_only_with_azure_rbac_and_workload_identity(prod: Plan) -> None:
    aks = managed_cluster(prod, "serve").inputs
    assert aks["aadProfile"] == {
        "managed": True,
        "enableAzureRBAC": True,
        "tenantID": "0b7d3e5a-8c21-4f6d-a9e4-5c2b1d0f7e38",
    }
    assert aks["disableLocalAccounts"] is True
    assert aks["oidcIssuerProfile"] == {"enabled": True}
    assert aks["securityProfile"] == {"workloadIdentity": {"enabled": True}}
    # The identity running Pulumi gets cluster admin through Azure RBAC, on this cluster.
    admin = child(prod, "serve", ROLE_ASSIGNMENT, "serve-deployer-admin")
    assert admin.inputs["scope"] == managed_cluster(prod, "serve").id
    assert admin.inputs["roleDefinitionId"].endswith("/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b")
    assert admin.inputs["principalType"] in ("User", "ServicePrincipal")


def test_the_api_server_is_private_or_limited_to_authorised_ranges(
    prod: Plan, public: Plan
) -> None:
    # Private; the public FQDN only names the private address, for the deploy runner
    # (tests/clusters/test_deploy_paths.py).
    assert managed_cluster(prod, "serve").inputs["apiServerAccessProfile"] == {
        "enablePrivateCluster": True,
        "enablePrivateClusterPublicFQDN": True,
    }
    # The office range and the deploy runner's egress address.
    assert managed_cluster(public, "edge-azure").inputs["apiServerAccessProfile"] == {
        "authorizedIPRanges": ["192.0.2.10/32", "203.0.113.0/24"]
    }
    assert cluster(prod, "serve").outputs["endpoint"].startswith("https://")
    assert ".privatelink." in cluster(prod, "serve").outputs["endpoint"]


def test_overlay_networking_leaves_through_the_networks_nat_gateway(prod: Plan) -> None:
    network = managed_cluster(prod, "serve").inputs["networkProfile"]
    assert network["networkPlugin"] == "azure"
    assert network["networkPluginMode"] == "overlay"
    assert (network["networkDataplane"], network["networkPolicy"]) == ("cilium", "cilium")
    assert network["outboundType"] == "userAssignedNATGateway"
    # Service and pod ranges overlap nothing prod routes to (its networks, on-prem DNS).
    routed = ["10.30.0.0/16", "10.31.0.0/16", "10.32.0.0/16", "10.39.0.0/16", "10.0.0.53/32"]
    for chosen in (network["serviceCidr"], network["podCidr"]):
        assert not any(
            ipaddress.IPv4Network(chosen).overlaps(ipaddress.IPv4Network(r)) for r in routed
        )
    assert ipaddress.IPv4Address(network["dnsServiceIP"]) in ipaddress.IPv4Network(
        network["serviceCidr"]
    )


def test_the_control_plane_identity_is_user_assigned_and_may_join_the_vnet(prod: Plan) -> None:
    aks = managed_cluster(prod, "serve")
    identity = child(
        prod, "serve", "azure-native:managedidentity:UserAssignedIdentity", "serve-identity"
    )
    assert aks.inputs["identity"]["type"] == "UserAssigned"
    assert aks.inputs["identity"]["userAssignedIdentities"] == [identity.id]
    network_role = child(prod, "serve", ROLE_ASSIGNMENT, "serve-identity-network")
    assert network_role.inputs["principalId"] == identity.outputs["principalId"]
    assert network_role.inputs["scope"].endswith("/virtualNetworks/prod-serve-vnet")
    assert network_role.inputs["roleDefinitionId"].endswith("/4d97b98b-1d4f-4787-a291-c67834d212e7")
    assert network_role.urn in aks.dependencies


def test_production_pays_for_the_sla_tier_and_protects_the_cluster(
    prod: Plan, staging: Plan
) -> None:
    assert managed_cluster(prod, "serve").inputs["sku"] == {"name": "Base", "tier": "Standard"}
    assert managed_cluster(prod, "serve").protect
    assert managed_cluster(staging, "serve").inputs["sku"] == {"name": "Base", "tier": "Free"}
    assert not managed_cluster(staging, "serve").protect


def test_control_plane_logs_and_container_insights_go_to_the_workspace(
    prod: Plan, staging: Plan
) -> None:
    workspace = child(prod, "serve", "azure-native:operationalinsights:Workspace", "serve-logs")
    assert workspace.inputs["retentionInDays"] == 365
    assert (workspace.protect, workspace.retain_on_delete) == (True, True)
    addon = managed_cluster(prod, "serve").inputs["addonProfiles"]["omsagent"]
    assert addon["enabled"] is True
    assert addon["config"]["logAnalyticsWorkspaceResourceID"] == workspace.id
    setting = child(
        prod, "serve", "azure-native:monitor:DiagnosticSetting", "serve-control-plane-logs"
    ).inputs
    assert setting["resourceUri"] == managed_cluster(prod, "serve").id
    assert setting["workspaceId"] == workspace.id
    categories = {log["category"] for log in setting["logs"] if log["enabled"]}
    assert {"kube-apiserver", "kube-audit", "guard"} <= categories
    staging_setting = child(
        staging, "serve", "azure-native:monitor:DiagnosticSetting", "serve-control-plane-logs"
    ).inputs
    staging_categories = {log["category"] for log in staging_setting["logs"]}
    assert "kube-audit-admin" in staging_categories and "kube-audit" not in staging_categories
    staging_workspace = child(
        staging, "serve", "azure-native:operationalinsights:Workspace", "serve-logs"
    )
    assert staging_workspace.inputs["retentionInDays"] == 90


def test_the_kubeconfig_is_the_user_credential_as_a_secret(prod: Plan) -> None:
    assert isinstance(cluster(prod, "serve").outputs["kubeconfig"], Secret)
    (listing,) = [
        call
        for call in prod.invokes
        if call.token == "azure-native:containerservice:listManagedClusterUserCredentials"
        and call.args.get("resourceName") == "prod-serve"
    ]
    # `exec`: a kubelogin entry (local accounts are off, so no static credential exists).
    assert listing.args["format"] == "exec"


def test_a_spot_only_system_pool_is_refused_before_anything_is_built() -> None:
    cluster_definition = Cluster(
        name="serve",
        cloud="azure",
        region="eastus",
        kubernetes_version="1.31",
        network_cidr="10.31.0.0/16",
        node_pools=(
            NodePool(name="system", machine_type="Standard_D4s_v5", min=1, max=2, spot=True),
        ),
    )
    with pytest.raises(ValueError, match="cannot be Spot"):
        AksGpuClusterArgs(
            name="prod-serve",
            location="eastus",
            resource_group_name="rg",
            vnet_id="vnet",
            nodes_subnet_id="subnet",
            zones=("1", "2", "3"),
            kubernetes_version="1.31",
            pools=plan_pools(cluster_definition, load_catalog()),
            access=ApiAccess(public=False, authorized_cidrs=()),
            ranges=AksRanges("10.244.0.0/16", "10.0.0.0/16", "10.0.0.10"),
            subscription_id="9a3e6c1d-4f2b-4e7a-8d15-2c6b0e9f1a47",
            tenant_id="0b7d3e5a-8c21-4f6d-a9e4-5c2b1d0f7e38",
            tags={},
            settings=TIER_SETTINGS["prod"],
        )
