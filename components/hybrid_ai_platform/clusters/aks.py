"""`AksGpuCluster`: an AKS cluster with GPU agent pools, on an `AzureNetwork`.

Control plane: Entra ID only (no local accounts, Azure RBAC for Kubernetes), private API
server or authorised ranges, workload identity, a user-assigned identity, control-plane
logs and Container Insights in a Log Analytics workspace. Nodes: the system pool inline
(AKS requires one at creation), every other pool a separate `AgentPool`, all on the
network's `nodes` subnet with egress through its NAT gateway.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import authorization, containerservice, managedidentity, monitor
from pulumi_azure_native import operationalinsights as insights

from hybrid_ai_platform.clusters.kubeconfig import with_azure_cli_login
from hybrid_ai_platform.clusters.plan import (
    AksRanges,
    ApiAccess,
    PoolPlan,
    aks_gpu_instance_profile,
    aks_node_labels,
    aks_taints,
    system_pool,
)
from hybrid_ai_platform.clusters.skeleton import GpuCluster, Published
from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:azure:AksGpuCluster"

# Azure built-in role definition ids ("Azure built-in roles", Microsoft Learn).
NETWORK_CONTRIBUTOR_ROLE = "4d97b98b-1d4f-4787-a291-c67834d212e7"
AKS_RBAC_CLUSTER_ADMIN_ROLE = "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
# Control-plane log categories of `Microsoft.ContainerService/managedClusters`. Production
# records every API request (`kube-audit`, reads of Secrets included); other tiers only
# the changes (`kube-audit-admin`), a fraction of the volume.
CONTROL_PLANE_LOGS = (
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "cluster-autoscaler",
    "guard",
)
# Name limits: dnsPrefix 54, Log Analytics workspace 63, node resource group 80.
DNS_PREFIX_LIMIT = 54
WORKSPACE_NAME_LIMIT = 63
RESOURCE_GROUP_NAME_LIMIT = 80
# The Azure CLI's public client id: the provider reports it as its client when it runs
# on an operator's `az login` session (a user), and the application's own id when it runs
# as a service principal or managed identity (CI).
AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
# `serverFqdn` of the credentials listing: a kubeconfig whose server is the private
# cluster's public FQDN.
PUBLIC_SERVER_FQDN = "public"
# Spot price cap -1: pay up to the on-demand price, evicted only for capacity.
SPOT_MAX_PRICE_ON_DEMAND = -1.0


@dataclass(frozen=True)
class AksGpuClusterArgs:
    """What an `AksGpuCluster` needs; plain values, because they shape the resource graph."""

    # Physical cluster name (`plan.cluster_physical_name`); other Azure names start with it.
    name: str
    location: str
    # The network's resource group (the cluster goes next to its VNet).
    resource_group_name: pulumi.Input[str]
    vnet_id: pulumi.Input[str]
    # The network's `nodes` subnet; it has the NAT gateway the nodes leave through.
    nodes_subnet_id: pulumi.Input[str]
    # Availability zones ("1", "2", "3") every pool spreads over.
    zones: tuple[str, ...]
    kubernetes_version: str
    pools: tuple[PoolPlan, ...]
    access: ApiAccess
    ranges: AksRanges
    subscription_id: str
    tenant_id: str
    # Tags for every taggable resource, already layered by `hybrid_ai_platform.tags`.
    tags: Mapping[str, str]
    # The environment's tier settings: Standard (SLA) tier with high availability, the
    # full audit log, protection of workspace and cluster, the workspace's retention.
    settings: TierSettings
    # What the control plane and nodes must wait for: the network component, so its
    # NAT egress and routes exist before nodes boot and pull images.
    wait_for: tuple[pulumi.Resource, ...] = ()

    def __post_init__(self) -> None:
        if not 30 <= self.settings.log_retention_days <= 730:
            raise ValueError("Log Analytics keeps data 30 to 730 days")
        if system_pool(self.pools).spot:
            raise ValueError(f"AKS system pool {system_pool(self.pools).name!r} cannot be Spot")


class AksGpuCluster(GpuCluster):
    """An AKS cluster with a system pool and one agent pool per other pool. Its kubeconfig
    authenticates through kubelogin and the Azure CLI."""

    CLOUD = "azure"
    resource_group_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: AksGpuClusterArgs,
        provider: azure_native.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._args = args
        super().__init__(TYPE, name, args.location, args.pools, provider, opts)

    def _build(self) -> Published:
        name, args, provider = self._name, self._args, self._cloud_provider
        workspace = insights.Workspace(
            f"{name}-logs",
            workspace_name=physical_name(args.name, "logs", max_length=WORKSPACE_NAME_LIMIT),
            resource_group_name=args.resource_group_name,
            location=args.location,
            sku={"name": insights.WorkspaceSkuNameEnum.PER_GB2018},
            retention_in_days=args.settings.log_retention_days,
            tags=dict(args.tags),
            # Holds the control-plane audit trail.
            opts=self._opts(
                protect=args.settings.protect, retain_on_delete=args.settings.retain_on_delete
            ),
        )
        identity = managedidentity.UserAssignedIdentity(
            f"{name}-identity",
            resource_name_=physical_name(args.name, "control-plane"),
            resource_group_name=args.resource_group_name,
            location=args.location,
            tags=dict(args.tags),
            # The control plane runs as this identity; a new one has a new principal and
            # loses its role on the VNet until it is granted again.
            opts=self._opts(protect=args.settings.protect),
        )
        # AKS joins the nodes to our subnet and uses its NAT gateway: the control plane's
        # identity needs Network Contributor on the VNet before the cluster is created.
        network_role = self._role_assignment(
            "identity-network",
            args.vnet_id,
            NETWORK_CONTRIBUTOR_ROLE,
            identity.principal_id,
            principal_type=authorization.PrincipalType.SERVICE_PRINCIPAL,
        )
        cluster = self._cluster(identity, workspace, network_role)
        for pool in args.pools:
            if pool != system_pool(args.pools):
                self._agent_pool(cluster, pool)
        self._control_plane_logs(cluster, workspace)
        deployer = authorization.get_client_config_output(
            opts=pulumi.InvokeOutputOptions(parent=self, provider=provider)
        )
        # Local accounts are off, so Kubernetes access is Azure RBAC: the identity running
        # Pulumi deploys the in-cluster GPU stack and needs cluster admin for it.
        admin = self._role_assignment(
            "deployer-admin",
            cluster.id,
            AKS_RBAC_CLUSTER_ADMIN_ROLE,
            deployer.object_id,
            principal_type=deployer.client_id.apply(deployer_principal_type),
        )

        self.resource_group_name = pulumi.Output.from_input(args.resource_group_name)
        fqdn = cluster.fqdn if args.access.public else cluster.private_fqdn
        # With local accounts disabled the user credentials are the supported kubeconfig:
        # an exec entry for kubelogin, switched here to the Azure CLI login. Listing waits
        # for the deployer's role assignment, which the API server checks on every call.
        credentials = containerservice.list_managed_cluster_user_credentials_output(
            resource_group_name=args.resource_group_name,
            resource_name=cluster.name,
            format="exec",
            # The runner outside the cluster's VNet resolves the public name only
            # (`az aks get-credentials --public-fqdn`).
            server_fqdn=PUBLIC_SERVER_FQDN if args.access.runner_in_network else None,
            opts=pulumi.InvokeOutputOptions(parent=self, provider=provider, depends_on=[admin]),
        )
        return Published(
            cluster_name=cluster.name,
            endpoint=fqdn.apply(lambda host: f"https://{host}:443"),
            kubeconfig=credentials.kubeconfigs.apply(
                lambda configs: with_azure_cli_login(base64.b64decode(configs[0].value).decode())
            ),
            oidc_issuer=cluster.oidc_issuer_profile.apply(
                lambda profile: profile.issuer_url if profile else ""
            ),
            extra={"resource_group_name": self.resource_group_name},
        )

    def _cluster(
        self,
        identity: managedidentity.UserAssignedIdentity,
        workspace: insights.Workspace,
        network_role: authorization.RoleAssignment,
    ) -> containerservice.ManagedCluster:
        args = self._args
        api_server: containerservice.ManagedClusterAPIServerAccessProfileArgsDict = (
            {"authorized_ip_ranges": list(args.access.authorized_cidrs)}
            if args.access.public
            else {
                "enable_private_cluster": True,
                # runner-in-network: a public DNS name for the private address, so a runner
                # in a peered or VPN-routed network resolves the API server without a link
                # to the cluster's private DNS zone ("Create a private AKS cluster":
                # public FQDN). Only the name is public; the address stays private.
                "enable_private_cluster_public_fqdn": args.access.runner_in_network,
            }
        )
        return containerservice.ManagedCluster(
            f"{self._name}-aks",
            resource_name_=args.name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            dns_prefix=physical_name(args.name, max_length=DNS_PREFIX_LIMIT),
            kubernetes_version=args.kubernetes_version,
            # The community support window, no LTS (which needs the Premium tier): the
            # version catalog measures support against it.
            support_plan=containerservice.KubernetesSupportPlan.KUBERNETES_OFFICIAL,
            node_resource_group=physical_name(
                args.name, "nodes", max_length=RESOURCE_GROUP_NAME_LIMIT
            ),
            sku={
                "name": containerservice.ManagedClusterSKUName.BASE,
                # Standard carries the uptime SLA; Free has none.
                "tier": (
                    containerservice.ManagedClusterSKUTier.STANDARD
                    if args.settings.high_availability
                    else containerservice.ManagedClusterSKUTier.FREE
                ),
            },
            identity={
                "type": containerservice.ResourceIdentityType.USER_ASSIGNED,
                "user_assigned_identities": [identity.id],
            },
            agent_pool_profiles=[self._pool_profile(system_pool(args.pools))],
            aad_profile={
                "managed": True,
                "enable_azure_rbac": True,
                "tenant_id": args.tenant_id,
            },
            disable_local_accounts=True,
            enable_rbac=True,
            api_server_access_profile=api_server,
            oidc_issuer_profile={"enabled": True},
            security_profile={"workload_identity": {"enabled": True}},
            network_profile={
                "network_plugin": containerservice.NetworkPlugin.AZURE,
                "network_plugin_mode": containerservice.NetworkPluginMode.OVERLAY,
                "network_dataplane": containerservice.NetworkDataplane.CILIUM,
                "network_policy": containerservice.NetworkPolicy.CILIUM,
                "pod_cidr": args.ranges.pod_cidr,
                "service_cidr": args.ranges.service_cidr,
                "dns_service_ip": args.ranges.dns_service_ip,
                "load_balancer_sku": containerservice.LoadBalancerSku.STANDARD,
                # The network's NAT gateway on the nodes subnet: a fixed egress address.
                "outbound_type": containerservice.OutboundType.USER_ASSIGNED_NAT_GATEWAY,
            },
            auto_upgrade_profile={
                "upgrade_channel": containerservice.UpgradeChannel.PATCH,
                "node_os_upgrade_channel": containerservice.NodeOSUpgradeChannel.NODE_IMAGE,
            },
            addon_profiles={
                # Container Insights into the workspace, authenticating with Entra ID.
                "omsagent": {
                    "enabled": True,
                    "config": {
                        "logAnalyticsWorkspaceResourceID": workspace.id,
                        "useAADAuth": "true",
                    },
                }
            },
            tags=dict(args.tags),
            opts=self._opts(
                depends_on=[network_role, *args.wait_for],
                protect=args.settings.protect,
                # The autoscaler owns the system pool's current size.
                ignore_changes=["agentPoolProfiles[0].count"],
            ),
        )

    def _pool_profile(
        self, pool: PoolPlan
    ) -> containerservice.ManagedClusterAgentPoolProfileArgsDict:
        """A pool's settings in the API's agent-pool schema, inline (system pool) or as
        an `AgentPool` (every other pool)."""
        args = self._args
        profile: containerservice.ManagedClusterAgentPoolProfileArgsDict = {
            "name": pool.name,
            "mode": (
                containerservice.AgentPoolMode.SYSTEM
                if pool == system_pool(args.pools)
                else containerservice.AgentPoolMode.USER
            ),
            "vm_size": pool.machine_type,
            "count": pool.desired,
            "min_count": pool.min,
            "max_count": pool.max,
            "enable_auto_scaling": True,
            "os_type": containerservice.OSType.LINUX,
            "type": containerservice.AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS,
            "os_disk_size_gb": pool.disk_size_gb,
            "orchestrator_version": args.kubernetes_version,
            "vnet_subnet_id": args.nodes_subnet_id,
            "availability_zones": list(args.zones),
            "node_labels": aks_node_labels(pool),
            "node_taints": aks_taints(pool),
            # On the pool's scale set and VMs, which carry the pool's cost.
            "tags": dict(args.tags),
        }
        mig = aks_gpu_instance_profile(pool)
        if mig:
            profile["gpu_instance_profile"] = mig
        if pool.spot:
            profile["scale_set_priority"] = containerservice.ScaleSetPriority.SPOT
            # Delete, not Deallocate: a deallocated Spot VM still counts against quota.
            profile["scale_set_eviction_policy"] = containerservice.ScaleSetEvictionPolicy.DELETE
            profile["spot_max_price"] = SPOT_MAX_PRICE_ON_DEMAND
        return profile

    def _agent_pool(
        self, cluster: containerservice.ManagedCluster, pool: PoolPlan
    ) -> containerservice.AgentPool:
        profile: dict[str, Any] = dict(self._pool_profile(pool))
        # Every other key of the inline profile is an `AgentPool` argument of the same
        # name (one API schema); the SDK raises TypeError on one that is not.
        agent_pool_name = profile.pop("name")
        return containerservice.AgentPool(
            f"{self._name}-{pool.name}",
            agent_pool_name=agent_pool_name,
            resource_name_=cluster.name,
            resource_group_name=self._args.resource_group_name,
            **profile,
            opts=self._opts(
                # The autoscaler owns the current size; the name is fixed, so a
                # replacement must delete the old pool first.
                ignore_changes=["count"],
                delete_before_replace=True,
            ),
        )

    def _control_plane_logs(
        self, cluster: containerservice.ManagedCluster, workspace: insights.Workspace
    ) -> monitor.DiagnosticSetting:
        audit = "kube-audit" if self._args.settings.full_audit_logs else "kube-audit-admin"
        return monitor.DiagnosticSetting(
            f"{self._name}-control-plane-logs",
            name="control-plane-to-log-analytics",
            resource_uri=cluster.id,
            workspace_id=workspace.id,
            # Resource-specific tables (AKSAudit, AKSControlPlane, ...), which AKS
            # recommends over the shared AzureDiagnostics table.
            log_analytics_destination_type="Dedicated",
            logs=[
                {"category": category, "enabled": True}
                for category in sorted((*CONTROL_PLANE_LOGS, audit))
            ],
            opts=self._opts(),
        )

    def _role_assignment(
        self,
        purpose: str,
        scope: pulumi.Input[str],
        role: str,
        principal_id: pulumi.Input[str],
        principal_type: pulumi.Input[str],
    ) -> authorization.RoleAssignment:
        args = self._args
        return authorization.RoleAssignment(
            f"{self._name}-{purpose}",
            # Role assignment names are GUIDs; derived from stable names, so a preview
            # shows the real one and a rerun never adds a second assignment.
            role_assignment_name=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{args.name}/{purpose}")),
            scope=scope,
            role_definition_id=(
                f"/subscriptions/{args.subscription_id}/providers/"
                f"Microsoft.Authorization/roleDefinitions/{role}"
            ),
            principal_id=principal_id,
            principal_type=principal_type,
            opts=self._opts(),
        )


def deployer_principal_type(client_id: str) -> str:
    """The Entra ID principal type of the identity running Pulumi. A role assignment must
    state it correctly (ARM refuses a mismatch: `UnmatchedPrincipalType`), and the SDK
    would otherwise send `User`, wrong for a CI service principal."""
    if client_id == AZURE_CLI_CLIENT_ID:
        return str(authorization.PrincipalType.USER.value)
    return str(authorization.PrincipalType.SERVICE_PRINCIPAL.value)
