"""`GkeGpuCluster`: a regional GKE Standard cluster with GPU node pools, on a `GcpNetwork`.

Control plane: private nodes, private endpoint (or a public one limited to authorised
ranges), Kubernetes secrets encrypted with a Cloud KMS key, Workload Identity, control
plane and workload logs in Cloud Logging. Nodes: one node pool per definition pool, with
a dedicated least-privilege service account, Shielded VMs and the GKE metadata server;
GPU pools are set up for the NVIDIA GPU Operator as Google and NVIDIA document it: GKE's
driver installation and device plugin are switched off, and `hybrid_ai_platform.kubernetes`
installs the driver (Google's installer) and the operator, which shares GPUs (time-slicing,
MPS) through its device plugin's config and partitions them (MIG) with its MIG manager.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp
from pulumi_gcp import container

from hybrid_ai_platform.clusters.kubeconfig import gke_kubeconfig
from hybrid_ai_platform.clusters.plan import (
    GKE_GPU_DRIVER_VERSION,
    GKE_GPU_IMAGE_TYPE,
    ApiAccess,
    PoolPlan,
    gke_initial_nodes_per_zone,
    gke_taints,
)
from hybrid_ai_platform.clusters.skeleton import GpuCluster, Published
from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:gcp:GkeGpuCluster"

# What a node needs and nothing more (GKE hardening guide, "Use least privilege IAM
# service accounts"), plus pulling images from Artifact Registry.
NODE_ROLES = (
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
)
# Access is decided by IAM on the node service account, not by OAuth scopes.
NODE_OAUTH_SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)
LOG_COMPONENTS = ("SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER")
# No "DCGM" package: GKE's DCGM metrics come from GKE-managed drivers, which the GPU pools
# do not use (the driver comes from Google's installer for the GPU Operator); the
# operator's own DCGM exporter serves GPU metrics on GKE as on EKS and AKS.
METRIC_COMPONENTS = ("SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER")
# A new key version every 90 days (CIS Google Cloud Foundations Benchmark 1.10).
KEY_ROTATION_PERIOD = f"{90 * 24 * 3600}s"
KMS_ENCRYPTER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
# Service account ids: 6 to 30 characters.
SERVICE_ACCOUNT_ID_LIMIT = 30
# The monitored-resource types Cloud Logging files a GKE control plane's logs under: the
# API server, scheduler and controller manager (`k8s_control_plane_component`) and the
# cluster's audit logs and events (`k8s_cluster`) (GKE "Logs": "Control plane logs").
CONTROL_PLANE_LOG_RESOURCES = ("k8s_cluster", "k8s_control_plane_component")
# Log bucket ids and sink names: at most 100 letters, digits, `_`, `-` and `.`.
LOG_BUCKET_ID_LIMIT = 100


@dataclass(frozen=True)
class GkeGpuClusterArgs:
    """What a `GkeGpuCluster` needs; plain values, because they shape the resource graph."""

    # Physical cluster name (`plan.cluster_physical_name`, at most 40 characters).
    name: str
    project: str
    region: str
    # Zones of `region` the nodes spread over, e.g. ("us-central1-a", "us-central1-b").
    zones: tuple[str, ...]
    # Minimum control-plane version, e.g. "1.35"; the release channel upgrades from there.
    kubernetes_version: str
    network_id: pulumi.Input[str]
    subnetwork_id: pulumi.Input[str]
    # The subnetwork's secondary ranges for pods and services.
    pods_range_name: str
    services_range_name: str
    # The control plane's /28 (`plan.gke_master_cidr`).
    master_cidr: str
    pools: tuple[PoolPlan, ...]
    access: ApiAccess
    # Labels for the cluster and its nodes' VMs, already layered by `hybrid_ai_platform.tags`.
    labels: Mapping[str, str]
    # The environment's tier settings: release channel, deletion protection, protection
    # of the KMS key ring, key and cluster.
    settings: TierSettings
    # What the control plane and nodes must wait for: the network component, so its
    # NAT egress and routes exist before nodes boot and pull images.
    wait_for: tuple[pulumi.Resource, ...] = ()


class GkeGpuCluster(GpuCluster):
    """A regional GKE cluster with one node pool per pool. Its kubeconfig authenticates
    with gke-gcloud-auth-plugin."""

    CLOUD = "gcp"
    # `<project>.svc.id.goog`: bind Kubernetes service accounts to IAM through it.
    workload_pool: str
    node_service_account: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: GkeGpuClusterArgs,
        provider: gcp.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._args = args
        super().__init__(TYPE, name, args.region, args.pools, provider, opts)

    def _build(self) -> Published:
        args = self._args
        account = self._node_account()
        key, key_access = self._secrets_key()
        logs = self._control_plane_logs()
        cluster = self._cluster(account, key, key_access, logs)
        for pool in args.pools:
            self._node_pool(cluster, account, pool)

        self.workload_pool = f"{args.project}.svc.id.goog"
        self.node_service_account = account.email
        return Published(
            cluster_name=cluster.name,
            endpoint=cluster.endpoint.apply(lambda address: f"https://{address}"),
            kubeconfig=self._kubeconfig(cluster),
            # GKE's issuer for the cluster's service-account tokens (OIDC discovery).
            oidc_issuer=cluster.name.apply(
                lambda cluster_name: (
                    f"https://container.googleapis.com/v1/projects/{args.project}"
                    f"/locations/{args.region}/clusters/{cluster_name}"
                )
            ),
            extra={
                "workload_pool": self.workload_pool,
                "node_service_account": self.node_service_account,
            },
        )

    def _kubeconfig(self, cluster: container.Cluster) -> pulumi.Output[str]:
        """Through the DNS endpoint on the gke-dns-endpoint path (its certificate is
        publicly trusted: no CA data, as `get-credentials --dns-endpoint` writes it), else
        through the IP endpoint with the cluster's own CA."""
        args = self._args
        context = cluster.name.apply(lambda name: f"gke_{args.project}_{args.region}_{name}")
        if args.access.dns_endpoint:
            host = cluster.control_plane_endpoints_config.apply(_dns_endpoint)
            return pulumi.Output.all(context, host).apply(
                lambda values: gke_kubeconfig(values[0], values[1], "")
            )
        ca = cluster.master_auth.apply(lambda auth: auth.cluster_ca_certificate or "")
        return pulumi.Output.all(context, cluster.endpoint, ca).apply(
            lambda values: gke_kubeconfig(values[0], values[1], values[2])
        )

    def _node_account(self) -> gcp.serviceaccount.Account:
        args = self._args
        account = gcp.serviceaccount.Account(
            f"{self._name}-nodes",
            account_id=physical_name(args.name, "nodes", max_length=SERVICE_ACCOUNT_ID_LIMIT),
            display_name=f"GKE {args.name} nodes",
            description="Node VMs: write logs and metrics, pull images; nothing else.",
            # A recreated account has a new unique id: IAM bindings to the old one stop
            # working, and every node pool would be replaced to take the new one.
            opts=self._opts(protect=args.settings.protect),
        )
        for role in NODE_ROLES:
            gcp.projects.IAMMember(
                f"{self._name}-nodes-{role.removeprefix('roles/')}",
                project=args.project,
                role=role,
                member=account.member,
                opts=self._opts(),
            )
        return account

    def _secrets_key(self) -> tuple[gcp.kms.CryptoKey, gcp.kms.CryptoKeyIAMMember]:
        args = self._args
        # Key rings and keys cannot be deleted in Cloud KMS (a destroy only forgets them
        # and destroys the key versions): protect them where secrets depend on them. The
        # names stay taken, so a stack rebuilt after a destroy must `pulumi import` them.
        ring = gcp.kms.KeyRing(
            f"{self._name}-keyring",
            name=physical_name(args.name, "gke"),
            location=args.region,
            opts=self._opts(protect=args.settings.protect),
        )
        key = gcp.kms.CryptoKey(
            f"{self._name}-secrets-key",
            name="kubernetes-secrets",
            key_ring=ring.id,
            purpose="ENCRYPT_DECRYPT",
            rotation_period=KEY_ROTATION_PERIOD,
            labels=dict(args.labels),
            opts=self._opts(protect=args.settings.protect),
        )
        project = gcp.organizations.get_project_output(
            project_id=args.project,
            opts=pulumi.InvokeOutputOptions(parent=self, provider=self._cloud_provider),
        )
        # The GKE service agent encrypts and decrypts the secrets' data keys with it.
        access = gcp.kms.CryptoKeyIAMMember(
            f"{self._name}-secrets-key-gke",
            crypto_key_id=key.id,
            role=KMS_ENCRYPTER_ROLE,
            member=project.number.apply(
                lambda number: (
                    f"serviceAccount:service-{number}@container-engine-robot.iam.gserviceaccount.com"
                )
            ),
            opts=self._opts(),
        )
        return key, access

    def _control_plane_logs(self) -> gcp.logging.ProjectSink:
        """The control plane's logs kept as long as on EKS and AKS (the tier's retention):
        Cloud Logging's `_Default` bucket keeps them 30 days, so a sink routes this
        cluster's control-plane and audit logs to a regional log bucket of their own.
        A sink writing to a log bucket of its own project needs no IAM grant (Cloud
        Logging, "Route logs to supported destinations")."""
        args = self._args
        bucket_id = physical_name(args.name, "control-plane", max_length=LOG_BUCKET_ID_LIMIT)
        bucket = gcp.logging.ProjectBucketConfig(
            f"{self._name}-control-plane-logs",
            project=args.project,
            # In the cluster's region, like its data.
            location=args.region,
            bucket_id=bucket_id,
            retention_days=args.settings.log_retention_days,
            description=f"GKE {args.name}: control-plane and audit logs",
            # The audit trail: protected and kept like the other clouds' log stores.
            opts=self._opts(
                protect=args.settings.protect, retain_on_delete=args.settings.retain_on_delete
            ),
        )
        return gcp.logging.ProjectSink(
            f"{self._name}-control-plane-logs-sink",
            project=args.project,
            name=bucket_id,
            destination=bucket.name.apply(lambda path: f"logging.googleapis.com/{path}"),
            filter=control_plane_log_filter(args.project, args.region, args.name),
            unique_writer_identity=True,
            description=f"GKE {args.name}: control-plane and audit logs to their bucket",
            opts=self._opts(),
        )

    def _cluster(
        self,
        account: gcp.serviceaccount.Account,
        key: gcp.kms.CryptoKey,
        key_access: gcp.kms.CryptoKeyIAMMember,
        logs: gcp.logging.ProjectSink,
    ) -> container.Cluster:
        args = self._args
        return container.Cluster(
            f"{self._name}-gke",
            name=args.name,
            location=args.region,
            node_locations=sorted(args.zones),
            network=args.network_id,
            subnetwork=args.subnetwork_id,
            min_master_version=args.kubernetes_version,
            release_channel={"channel": args.settings.release_channel},
            # Node pools are separate resources; GKE still needs a default pool at
            # creation, removed right after. Its settings are kept least-privileged too.
            remove_default_node_pool=True,
            initial_node_count=1,
            node_config={
                "service_account": account.email,
                "oauth_scopes": list(NODE_OAUTH_SCOPES),
                "shielded_instance_config": {
                    "enable_secure_boot": True,
                    "enable_integrity_monitoring": True,
                },
                "workload_metadata_config": {"mode": "GKE_METADATA"},
            },
            networking_mode="VPC_NATIVE",
            ip_allocation_policy={
                "cluster_secondary_range_name": args.pods_range_name,
                "services_secondary_range_name": args.services_range_name,
            },
            private_cluster_config={
                "enable_private_nodes": True,
                "enable_private_endpoint": not args.access.public,
                "master_ipv4_cidr_block": args.master_cidr,
            },
            master_authorized_networks_config={
                "cidr_blocks": self._authorized_networks(),
                # Google Cloud's own public ranges are not an exception to the list.
                "gcp_public_cidrs_access_enabled": False,
            },
            control_plane_endpoints_config=self._endpoints(),
            workload_identity_config={"workload_pool": f"{args.project}.svc.id.goog"},
            database_encryption={"state": "ENCRYPTED", "key_name": key.id},
            # No client certificates: every caller authenticates with Google identities.
            master_auth={"client_certificate_config": {"issue_client_certificate": False}},
            enable_shielded_nodes=True,
            enable_legacy_abac=False,
            # Dataplane V2 (eBPF): enforces NetworkPolicy without a separate add-on.
            datapath_provider="ADVANCED_DATAPATH",
            # Pod-to-pod traffic on one node goes through the VPC too, so its flow logs and
            # firewall rules see it (GKE "Set up intranode visibility"; CKV_GCP_61).
            enable_intranode_visibility=True,
            # Only images the project's Binary Authorization policy admits run (its
            # default policy admits all, so this turns on enforcement without blocking
            # anything until the project tightens it; CKV_GCP_66).
            binary_authorization={"evaluation_mode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
            logging_config={"enable_components": list(LOG_COMPONENTS)},
            monitoring_config={
                "enable_components": list(METRIC_COMPONENTS),
                "managed_prometheus": {"enabled": True},
            },
            deletion_protection=args.settings.deletion_protection,
            resource_labels=dict(args.labels),
            opts=self._opts(
                # The sink first, so the first control-plane logs reach the bucket too.
                depends_on=[key_access, logs, *args.wait_for],
                protect=args.settings.protect,
                # Both describe only the default pool, deleted after creation.
                ignore_changes=["nodeConfig", "initialNodeCount"],
            ),
        )

    def _authorized_networks(
        self,
    ) -> list[container.ClusterMasterAuthorizedNetworksConfigCidrBlockArgsDict]:
        """The definition's ranges, and on the runner-in-network path the runner's private
        ranges: on a private endpoint the list says which internal addresses may reach it."""
        access = self._args.access
        named = [(cidr, f"authorized-{cidr}") for cidr in access.authorized_cidrs]
        named += [(cidr, f"deploy-runner-{cidr}") for cidr in access.runner_cidrs]
        return [{"cidr_block": cidr, "display_name": name} for cidr, name in named]

    def _endpoints(self) -> container.ClusterControlPlaneEndpointsConfigArgsDict:
        """gke-dns-endpoint: the control plane's DNS-based endpoint takes requests from
        anywhere, and Google Cloud lets through only callers whose IAM identity holds
        `container.clusters.connect` (the deploy job's, through Workload Identity
        Federation); no network path or address list is involved. Google recommends it over
        IP-based access ("About network isolation in GKE"; CIS GKE Benchmark 2.0, 5.6.4).
        Otherwise user traffic through it stays off, as on a cluster created without it."""
        return {"dns_endpoint_config": {"allow_external_traffic": self._args.access.dns_endpoint}}

    def _node_pool(
        self, cluster: container.Cluster, account: gcp.serviceaccount.Account, pool: PoolPlan
    ) -> container.NodePool:
        args = self._args
        node_config: container.NodePoolNodeConfigArgsDict = {
            "machine_type": pool.machine_type,
            "disk_size_gb": pool.disk_size_gb,
            "spot": pool.spot,
            "labels": dict(pool.labels),
            # GKE taints GPU nodes itself only in some cases (not when a GPU pool is the
            # first after the default pool's removal: terraform-google-kubernetes-engine
            # #703); listing the taint makes it certain.
            "taints": [
                {"key": t["key"], "value": t["value"], "effect": t["effect"]}
                for t in gke_taints(pool)
            ],
            "resource_labels": dict(args.labels),
            "service_account": account.email,
            "oauth_scopes": list(NODE_OAUTH_SCOPES),
            "shielded_instance_config": {
                "enable_secure_boot": True,
                "enable_integrity_monitoring": True,
            },
            "workload_metadata_config": {"mode": "GKE_METADATA"},
        }
        if pool.is_gpu:
            node_config["guest_accelerators"] = [self._accelerator(pool)]
            node_config["image_type"] = GKE_GPU_IMAGE_TYPE
        return container.NodePool(
            f"{self._name}-{pool.name}",
            name=pool.name,
            cluster=cluster.id,
            location=args.region,
            node_locations=sorted(args.zones),
            initial_node_count=gke_initial_nodes_per_zone(pool, len(args.zones)),
            autoscaling={
                "total_min_node_count": pool.min,
                "total_max_node_count": pool.max,
                # GPUs and Spot capacity: take whichever zone has some.
                "location_policy": "ANY" if pool.is_gpu or pool.spot else "BALANCED",
            },
            management={"auto_repair": True, "auto_upgrade": True},
            node_config=node_config,
            opts=self._opts(
                # Only read at creation; a new value would replace the pool.
                ignore_changes=["initialNodeCount"],
                # The pool's name is fixed, so a replacement must free it first.
                delete_before_replace=True,
            ),
        )

    @staticmethod
    def _accelerator(pool: PoolPlan) -> container.NodePoolNodeConfigGuestAcceleratorArgsDict:
        if pool.gcp_accelerator_type is None:
            raise ValueError(f"pool {pool.name!r}: the catalog gives no GCP accelerator type")
        accelerator: container.NodePoolNodeConfigGuestAcceleratorArgsDict = {
            "type": pool.gcp_accelerator_type,
            "count": pool.gpus_per_node,
            # No GKE driver installation: Google's driver installer DaemonSet, deployed
            # with the GPU Operator (`hybrid_ai_platform.kubernetes`), installs it. No
            # `gpu_sharing_config` or `gpu_partition_size` either: GKE's sharing works
            # through GKE's device plugin, which these pools do not run; the operator
            # shares (device-plugin config) and partitions (MIG manager) instead.
            "gpu_driver_installation_config": {"gpu_driver_version": GKE_GPU_DRIVER_VERSION},
        }
        return accelerator


def control_plane_log_filter(project: str, region: str, cluster_name: str) -> str:
    """The Cloud Logging filter of one cluster's control-plane and audit logs."""
    kinds = " OR ".join(f'"{kind}"' for kind in CONTROL_PLANE_LOG_RESOURCES)
    return (
        f"resource.type=({kinds})"
        f' AND resource.labels.project_id="{project}"'
        f' AND resource.labels.location="{region}"'
        f' AND resource.labels.cluster_name="{cluster_name}"'
    )


def _dns_endpoint(config: container.outputs.ClusterControlPlaneEndpointsConfig | None) -> str:
    """The cluster's DNS-based endpoint (`gke-<id>.<region>.gke.goog`)."""
    dns = config.dns_endpoint_config if config else None
    if dns is None or not dns.endpoint:
        raise ValueError("the GKE cluster reported no DNS endpoint")
    return dns.endpoint
