"""Cluster planning, cloud-neutral and pure (no Pulumi import).

From a definition's `Cluster` this module derives everything the three cluster components
(`eks`, `aks`, `gke`) and the in-cluster GPU stack need to agree on: each node pool's
machine type, size, labels and taints (`plan_pools`), the physical names, the API server's
exposure, log retention, and the address ranges the clusters take outside their networks.

Each cloud spells a taint differently; the `*_taint*` functions at the end are the only
place that knows those spellings.
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from hybrid_ai_platform import spec
from hybrid_ai_platform.gpu import DEVICE_PLUGIN_CONFIG_LABEL
from hybrid_ai_platform.naming import physical_name
from hybrid_ai_shared.catalog import Catalog, load_catalog

# Every GPU node carries it, so nothing lands on a GPU by accident: a pod must tolerate
# it. The NVIDIA operator's components and GKE's GPU admission both use this key.
GPU_TAINT = spec.Taint(key="nvidia.com/gpu", value="present", effect="NoSchedule")
# AKS adds this taint (and label) to every node of a Spot pool itself ("Add an Azure Spot
# node pool", Microsoft Learn); listing it keeps tolerations complete and the pool's
# declared taints equal to what the API reports, so there is no diff after each refresh.
AKS_SPOT_TAINT = spec.Taint(
    key="kubernetes.azure.com/scalesetpriority", value="spot", effect="NoSchedule"
)
AKS_SPOT_LABEL = ("kubernetes.azure.com/scalesetpriority", "spot")

POOL_LABEL = "hybrid.ai/pool"
ACCELERATOR_LABEL = "hybrid.ai/accelerator"
# Read by the NVIDIA GPU operator's mig-manager: the node's layout (`all-<profile>` splits
# every GPU of the node the same way).
MIG_CONFIG_LABEL = "nvidia.com/mig.config"
# The label the cluster autoscaler on AWS takes as "this node has GPUs" (`GPULabel` in
# kubernetes/autoscaler `cloudprovider/aws/aws_cloud_provider.go`). A GPU node reaches
# Ready before the device plugin advertises its GPUs; with the label the autoscaler waits
# for them instead of adding another node for the same pending pods (aws README, "Special
# note on GPU instances"). Nodes carry it from the start as a node group label.
AWS_AUTOSCALER_GPU_LABEL = "k8s.amazonaws.com/accelerator"
# GKE GPU pools run the NVIDIA GPU Operator's device plugin, not GKE's: with this label
# GKE does not deploy its own GPU device plugin DaemonSet on the pool's nodes (NVIDIA,
# "NVIDIA GPU Operator with Google GKE": "The node label disables the GKE GPU device
# plugin daemon set on GPU nodes"; Google, "Manage the GPU stack with the NVIDIA GPU
# Operator on GKE"). Two plugins advertising `nvidia.com/gpu` on one node would fight.
GKE_NO_DEFAULT_DEVICE_PLUGIN_LABEL = ("gke-no-default-nvidia-gpu-device-plugin", "true")
# `gcloud ... --accelerator type=...,gpu-driver-version=disabled` in the GKE API's enum
# (`GPUDriverInstallationConfig.GPUDriverVersion.INSTALLATION_DISABLED`: "Disable GPU
# driver auto installation and needs manual installation"). Google's driver installer
# DaemonSet, which `hybrid_ai_platform.kubernetes` deploys, installs the driver instead; both
# GKE-and-operator guides create the pools this way.
GKE_GPU_DRIVER_VERSION = "INSTALLATION_DISABLED"
# The node image of GKE GPU pools: Container-Optimized OS with containerd, GKE's default,
# stated because the driver installer deployed for them is the COS one (its installer
# image is preloaded on COS GPU nodes).
GKE_GPU_IMAGE_TYPE = "COS_CONTAINERD"

# Cluster name limits: EKS `CreateCluster` (100), AKS managedClusters (63), GKE (40).
CLUSTER_NAME_LIMITS = {"aws": 100, "azure": 63, "gcp": 40}

# Kubernetes service ranges for AKS, tried in order; the first that overlaps nothing the
# environment routes to wins. The first entries are AKS's documented defaults (service
# CIDR 10.0.0.0/16, overlay pod CIDR 10.244.0.0/16); the others are fallbacks chosen here.
AKS_SERVICE_CIDRS = ("10.0.0.0/16", "172.20.0.0/16", "192.168.128.0/17")
AKS_POD_CIDRS = ("10.244.0.0/16", "172.21.0.0/16", "192.168.0.0/17")
# AKS convention: the cluster DNS service takes the tenth address of the service range.
DNS_SERVICE_HOST = 10


@dataclass(frozen=True)
class PoolPlan:
    """One node pool as every cloud component builds it."""

    name: str
    machine_type: str
    accelerator: str | None
    gpus_per_node: int  # 0 for CPU pools
    min: int
    max: int
    desired: int
    spot: bool
    disk_size_gb: int
    sharing: str
    sharing_replicas: int | None
    mig_profile: str | None
    labels: Mapping[str, str]  # sorted; platform labels + the definition's labels
    # Sorted; every taint a node of the pool carries, including those the cloud adds
    # itself (AKS Spot).
    taints: tuple[spec.Taint, ...]
    gcp_accelerator_type: str | None
    hourly_usd: float | None  # on-demand price of one node, from the catalog

    @property
    def is_gpu(self) -> bool:
        return self.accelerator is not None


def plan_pools(cluster: spec.Cluster, catalog: Catalog | None = None) -> tuple[PoolPlan, ...]:
    """The cluster's pools, in definition order (names are unique, so order shapes no
    logical name). Assumes a validated definition (`hybrid_ai_platform.validation`)."""
    if cluster.cloud == "openstack":
        raise ValueError(
            f"cluster {cluster.name!r}: node pools on openstack (Magnum) are not planned here"
        )
    catalog = catalog or load_catalog()
    return tuple(_plan_pool(cluster.cloud, pool, catalog) for pool in cluster.node_pools)


def _plan_pool(cloud: spec.PublicCloud, pool: spec.NodePool, catalog: Catalog) -> PoolPlan:
    if pool.accelerator is None:
        assert pool.machine_type is not None, "validation requires machineType on CPU pools"
        machine = catalog.machine(cloud, pool.machine_type)
        return PoolPlan(
            name=pool.name,
            machine_type=pool.machine_type,
            accelerator=None,
            gpus_per_node=0,
            min=pool.min,
            max=pool.max,
            # CPU pools run the system workloads (CoreDNS, operators): never start empty.
            desired=max(pool.min, 1),
            spot=pool.spot,
            disk_size_gb=pool.disk_size_gb,
            sharing="none",
            sharing_replicas=None,
            mig_profile=None,
            labels=pool_labels(cloud, pool),
            taints=pool_taints(cloud, pool),
            gcp_accelerator_type=None,
            hourly_usd=machine.hourly_usd if machine else None,
        )
    offerings = catalog.offerings(cloud, pool.accelerator)
    if not offerings:
        raise ValueError(f"{pool.accelerator} is not offered on {cloud}")
    gpus = pool.gpus_per_node or offerings[0].gpus
    offering = catalog.offering(cloud, pool.accelerator, gpus)
    if offering is None:
        raise ValueError(f"{cloud} offers no {pool.accelerator} machine with {gpus} GPUs")
    return PoolPlan(
        name=pool.name,
        machine_type=offering.machine_type,
        accelerator=pool.accelerator,
        gpus_per_node=gpus,
        min=pool.min,
        max=pool.max,
        desired=pool.min,
        spot=pool.spot,
        disk_size_gb=pool.disk_size_gb,
        sharing=pool.sharing,
        sharing_replicas=pool.sharing_replicas,
        mig_profile=pool.mig_profile,
        labels=pool_labels(cloud, pool),
        taints=pool_taints(cloud, pool),
        gcp_accelerator_type=offering.gcp_accelerator_type,
        hourly_usd=offering.hourly_usd,
    )


def pool_labels(cloud: spec.PublicCloud, pool: spec.NodePool) -> Mapping[str, str]:
    """The definition's labels under the platform's: a definition cannot repoint the
    GPU operator or hide a pool from the cost report by reusing a platform key."""
    platform = {POOL_LABEL: pool.name}
    if pool.accelerator is not None:
        platform[ACCELERATOR_LABEL] = pool.accelerator
        if cloud == "aws":
            platform[AWS_AUTOSCALER_GPU_LABEL] = pool.accelerator
        if cloud == "gcp":
            key, value = GKE_NO_DEFAULT_DEVICE_PLUGIN_LABEL
            platform[key] = value
        if pool.sharing in ("time-slicing", "mps"):
            platform[DEVICE_PLUGIN_CONFIG_LABEL] = pool.name
        if pool.sharing == "mig" and pool.mig_profile:
            platform[MIG_CONFIG_LABEL] = f"all-{pool.mig_profile}"
    return _sorted_mapping({**pool.labels, **platform})


def pool_taints(cloud: spec.PublicCloud, pool: spec.NodePool) -> tuple[spec.Taint, ...]:
    """Platform and cloud taints over the definition's. Kubernetes allows one taint per
    (key, effect): where the definition repeats one of ours, ours wins; where it lists
    one slot twice, the last one counts."""
    ours: list[spec.Taint] = []
    if pool.is_gpu:
        ours.append(GPU_TAINT)
    if cloud == "azure" and pool.spot:
        ours.append(AKS_SPOT_TAINT)
    by_slot = {(t.key, t.effect): t for t in pool.taints}
    by_slot.update({(t.key, t.effect): t for t in ours})
    return tuple(sorted(by_slot.values(), key=lambda t: (t.key, t.effect, t.value)))


def _sorted_mapping(values: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(values.items())))


def system_pool(pools: Sequence[PoolPlan]) -> PoolPlan:
    """The pool that hosts cluster-critical pods: on AKS the one inline, System-mode pool
    (which AKS refuses on Spot). Among the CPU pools with min >= 1 (validation guarantees
    one), on-demand before Spot, then the name that sorts first: reordering the definition
    never swaps it."""
    candidates = sorted(
        (p for p in pools if not p.is_gpu and p.min >= 1), key=lambda p: (p.spot, p.name)
    )
    if not candidates:
        raise ValueError("a cluster needs a CPU pool with min >= 1")
    return candidates[0]


def describe_pools(pools: Iterable[PoolPlan]) -> list[dict[str, object]]:
    """Plain data for component outputs and stack exports."""
    return [
        {
            "name": p.name,
            "machineType": p.machine_type,
            "accelerator": p.accelerator,
            "gpusPerNode": p.gpus_per_node,
            "min": p.min,
            "max": p.max,
            "spot": p.spot,
            "sharing": p.sharing,
            "labels": dict(p.labels),
            "taints": [kubernetes_taint(t) for t in p.taints],
        }
        for p in pools
    ]


# -- names, exposure, retention --------------------------------------------------------


def cluster_physical_name(env_name: str, cluster: spec.Cluster) -> str:
    """`<environment>-<cluster>`, within the cloud's cluster-name limit."""
    limit = CLUSTER_NAME_LIMITS.get(cluster.cloud, 63)
    return physical_name(env_name, cluster.name, max_length=limit)


@dataclass(frozen=True)
class ApiAccess:
    """How the Kubernetes API server is reachable, by people and by the deploy job."""

    # A public endpoint exists, limited to `authorized_cidrs`.
    public: bool
    # Everything the public endpoint admits: the definition's ranges and, on the
    # restricted-public-endpoint path, the deploy runner's egress ranges.
    authorized_cidrs: tuple[str, ...]
    # The definition's `deployAccess.path` (None only for clusters built outside a
    # validated definition, e.g. in unit tests).
    deploy_path: spec.DeployPath | None = None
    # runner-in-network: the runner's private ranges, let in to the private endpoint.
    runner_cidrs: tuple[str, ...] = ()

    @property
    def runner_in_network(self) -> bool:
        return self.deploy_path == "runner-in-network"

    @property
    def dns_endpoint(self) -> bool:
        return self.deploy_path == "gke-dns-endpoint"


def api_access(cluster: spec.Cluster) -> ApiAccess:
    """Public only when the definition asks for it and names the ranges allowed in; never
    open to the whole internet (validation refuses /0; this refuses it again). The deploy
    runner's ranges join the public endpoint's list (restricted-public-endpoint) or are
    let in to the private one (runner-in-network)."""
    access = cluster.deploy_access
    path = access.path if access else None
    runner = tuple(sorted(set(access.runner_cidrs))) if access else ()
    admitted = set(cluster.authorized_cidrs)
    if path == "restricted-public-endpoint":
        admitted.update(runner)
    cidrs = tuple(sorted(admitted))
    if any(ipaddress.IPv4Network(c).prefixlen == 0 for c in (*cidrs, *runner)):
        raise ValueError(f"cluster {cluster.name!r}: an authorized range may not be /0")
    return ApiAccess(
        public=not cluster.private_endpoint and bool(cidrs),
        authorized_cidrs=cidrs,
        deploy_path=path,
        runner_cidrs=runner if path == "runner-in-network" else (),
    )


def runner_rule_name(cidr: str) -> str:
    """A logical-name suffix for a runner range (`10.40.0.0/24` -> `10-40-0-0-24`): from the
    range itself, so adding a range adds a rule and touches no other."""
    return cidr.replace(".", "-").replace("/", "-")


# -- address ranges outside the network plan -------------------------------------------


def gke_master_cidr(network_cidr: str) -> str:
    """The /28 for the GKE control plane's peering range: the last /28 of the network's
    free `/p+3` block. `network.plan.gcp_layout` fills the first quarter (nodes), the next
    eighth (services) and the second half (pods) and leaves that eighth (e.g.
    10.0.96.0/19) unassigned, so the master range overlaps no subnet range and stays inside
    the environment's own, non-overlapping address space."""
    network = ipaddress.IPv4Network(network_cidr, strict=True)
    free = list(network.subnets(prefixlen_diff=3))[3]
    last = list(free.subnets(new_prefix=28))[-1]
    return str(last)


@dataclass(frozen=True)
class AksRanges:
    """Kubernetes-internal ranges of an AKS cluster (CNI overlay)."""

    pod_cidr: str
    service_cidr: str
    dns_service_ip: str


def routed_ranges(env: spec.Environment) -> tuple[str, ...]:
    """Every range an environment's networks may reach: the cluster networks and the
    private cloud (joined by VPN or interconnect in a real estate) and its DNS servers."""
    ranges = [c.network_cidr for c in env.clusters]
    # A deploy runner inside the network is routed to the clusters it deploys.
    ranges += [
        cidr
        for c in env.clusters
        if c.deploy_access and c.deploy_access.path == "runner-in-network"
        for cidr in c.deploy_access.runner_cidrs
    ]
    if env.private_cloud:
        ranges.append(env.private_cloud.network_cidr)
        ranges += [f"{address}/32" for address in env.private_cloud.dns_nameservers]
    return tuple(sorted(set(ranges)))


def aks_ranges(avoid: Iterable[str]) -> AksRanges:
    """Pod and service ranges overlapping none of `avoid` (every network and address the
    environment routes to: its cluster networks, the private cloud, its DNS servers)."""
    taken = [ipaddress.IPv4Network(c, strict=False) for c in avoid]
    service = _first_free(AKS_SERVICE_CIDRS, taken, "service")
    pod = _first_free(AKS_POD_CIDRS, [*taken, ipaddress.IPv4Network(service)], "pod")
    dns = ipaddress.IPv4Network(service)[DNS_SERVICE_HOST]
    return AksRanges(pod_cidr=pod, service_cidr=service, dns_service_ip=str(dns))


def _first_free(
    candidates: Sequence[str], taken: Sequence[ipaddress.IPv4Network], role: str
) -> str:
    for candidate in candidates:
        network = ipaddress.IPv4Network(candidate)
        if not any(network.overlaps(other) for other in taken):
            return candidate
    raise ValueError(
        f"every AKS {role} range candidate ({', '.join(candidates)}) overlaps a network "
        "of this environment"
    )


# -- each cloud's spelling of a taint --------------------------------------------------

# EKS `NodeGroup.taints[].effect` and GKE `node_config.taints[].effect` both use these.
_API_EFFECTS = {
    "NoSchedule": "NO_SCHEDULE",
    "PreferNoSchedule": "PREFER_NO_SCHEDULE",
    "NoExecute": "NO_EXECUTE",
}


def kubernetes_taint(taint: spec.Taint) -> str:
    """`key=value:Effect` (`key:Effect` without a value): kubectl's and AKS's form."""
    value = f"={taint.value}" if taint.value else ""
    return f"{taint.key}{value}:{taint.effect}"


def eks_taints(pool: PoolPlan) -> list[dict[str, str]]:
    """`aws.eks.NodeGroup` `taints`."""
    return _enum_taints(pool)


def gke_taints(pool: PoolPlan) -> list[dict[str, str]]:
    """`gcp.container.NodePool` `node_config.taints`."""
    return _enum_taints(pool)


def _enum_taints(pool: PoolPlan) -> list[dict[str, str]]:
    return [{"key": t.key, "value": t.value, "effect": _API_EFFECTS[t.effect]} for t in pool.taints]


def aks_taints(pool: PoolPlan) -> list[str]:
    """AKS `nodeTaints`: strings in kubectl's form."""
    return [kubernetes_taint(t) for t in pool.taints]


def aks_node_labels(pool: PoolPlan) -> dict[str, str]:
    """AKS `nodeLabels`. A Spot pool also lists the label AKS puts on its nodes: a label
    update replaces the pool's whole set, and one without it would strip it from the nodes
    (Azure/AKS#3152)."""
    labels = dict(pool.labels)
    if pool.spot:
        key, value = AKS_SPOT_LABEL
        labels[key] = value
    return dict(sorted(labels.items()))


def aks_gpu_instance_profile(pool: PoolPlan) -> str | None:
    """AKS partitions MIG GPUs itself, per pool: `3g.40gb` -> `MIG3g` (the
    `gpuInstanceProfile` values are MIG1g, MIG2g, MIG3g, MIG4g and MIG7g)."""
    if pool.sharing != "mig" or not pool.mig_profile:
        return None
    slices = pool.mig_profile.split(".", 1)[0]
    if slices not in ("1g", "2g", "3g", "4g", "7g"):
        raise ValueError(f"pool {pool.name!r}: AKS has no GPU instance profile for {slices}")
    return f"MIG{slices}"


def gke_initial_nodes_per_zone(pool: PoolPlan, zones: int) -> int:
    """GKE creates `initial_node_count` nodes in every zone of a regional pool, while the
    autoscaler's bounds are totals: enough per zone for the desired total, never so many
    that the zones together exceed the maximum (the autoscaler adds the rest)."""
    return min(math.ceil(pool.desired / zones), pool.max // zones)
