"""Magnum cluster planning: the cloud-neutral pools on the private cloud's flavors, and the
Magnum labels that carry what the public clouds take as arguments. Pure: no Pulumi import.

Labels are Magnum's way to configure a cluster driver. Those set here are documented for
Magnum's Kubernetes drivers (Magnum user guide, "Kubernetes" labels; the magnum-capi-helm
driver's cluster labels):

- `auto_scaling_enabled`, `min_node_count`, `max_node_count`: the cluster autoscaler
  Magnum deploys, with each node group's bounds;
- `auto_healing_enabled`: replace nodes that stay NotReady;
- `master_lb_allowed_cidrs` (Heat driver) and `api_master_lb_allowed_cidrs` (Cluster API
  drivers): the ranges the API load balancer admits, the same rule under each driver's
  name; the node subnet is always added by Magnum itself;
- `master_lb_floating_ip_enabled`: a public API address only when the definition asks;
- `boot_volume_type`, `boot_volume_size`: nodes boot from volumes of the encrypted type;
- `kubelet_options`: `--node-labels` and `--register-with-taints`, so a pool's labels and
  taints (the GPU taint among them) are on its nodes from registration;
- `kube_tag`: the Kubernetes release of the cluster (Heat driver and vexxhost's Cluster API
  driver; magnum-capi-helm takes it from the image's `kube_version` property instead, so the
  definition's image must be built for the same release), pinned per minor in the version
  catalog's `magnum` section (`hybrid_ai_shared/catalog/kubernetes_versions.yaml`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from hybrid_ai_platform import spec
from hybrid_ai_platform.clusters.plan import (
    ACCELERATOR_LABEL,
    DEVICE_PLUGIN_CONFIG_LABEL,
    GPU_TAINT,
    MIG_CONFIG_LABEL,
    POOL_LABEL,
    PoolPlan,
    kubernetes_taint,
)
from hybrid_ai_platform.private_cloud.plan import gpu_flavor_for

COE = "kubernetes"
# Calico enforces the team namespaces' NetworkPolicies (flannel does not); Cinder CSI
# gives pods persistent volumes.
NETWORK_DRIVER = "calico"
VOLUME_DRIVER = "cinder"
DOCKER_STORAGE_DRIVER = "overlay2"
SERVER_TYPE = "vm"
# Heat polls the cluster's creation up to this long (minutes): Magnum's default is 60,
# GPU nodes with the operator's driver build take longer.
CREATE_TIMEOUT_MINUTES = 120
SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local"


def magnum_pools(cluster: spec.Cluster, private: spec.PrivateCloud) -> tuple[PoolPlan, ...]:
    """The cluster's pools on the private cloud: GPU pools on the definition's GPU flavor
    with that accelerator and count, CPU pools on their named flavor. Assumes a validated
    definition (`hybrid_ai_platform.validation_private_cloud`)."""
    return tuple(_pool(pool, private) for pool in cluster.node_pools)


def _pool(pool: spec.NodePool, private: spec.PrivateCloud) -> PoolPlan:
    gpus = (pool.gpus_per_node or 1) if pool.is_gpu else 0
    flavor = gpu_flavor_for(private, pool.accelerator, gpus)
    if pool.is_gpu and flavor is None:
        raise ValueError(f"pool {pool.name!r}: no GPU flavor with {gpus} x {pool.accelerator}")
    machine = flavor.name if flavor is not None else pool.machine_type
    assert machine is not None, "validation requires machineType on CPU pools"
    return PoolPlan(
        name=pool.name,
        machine_type=machine,
        accelerator=pool.accelerator,
        gpus_per_node=gpus,
        min=pool.min,
        max=pool.max,
        desired=_initial_nodes(pool),
        spot=pool.spot,
        disk_size_gb=pool.disk_size_gb,
        sharing=pool.sharing,
        sharing_replicas=pool.sharing_replicas,
        mig_profile=pool.mig_profile,
        labels=_labels(pool),
        taints=_taints(pool),
        gcp_accelerator_type=None,
        # A private cloud has no list price (internal rates: `hap cost`).
        hourly_usd=None,
    )


def _initial_nodes(pool: spec.NodePool) -> int:
    """Magnum creates a node group with at least one node (`node_count` >= 1); the
    autoscaler takes it down to `min` from there."""
    return max(pool.min, 1)


def _labels(pool: spec.NodePool) -> Mapping[str, str]:
    platform = {POOL_LABEL: pool.name}
    if pool.accelerator is not None:
        platform[ACCELERATOR_LABEL] = pool.accelerator
        if pool.sharing in ("time-slicing", "mps"):
            platform[DEVICE_PLUGIN_CONFIG_LABEL] = pool.name
        if pool.sharing == "mig" and pool.mig_profile:
            platform[MIG_CONFIG_LABEL] = f"all-{pool.mig_profile}"
    return MappingProxyType(dict(sorted({**pool.labels, **platform}.items())))


def _taints(pool: spec.NodePool) -> tuple[spec.Taint, ...]:
    by_slot = {(t.key, t.effect): t for t in pool.taints}
    if pool.is_gpu:
        by_slot[(GPU_TAINT.key, GPU_TAINT.effect)] = GPU_TAINT
    return tuple(sorted(by_slot.values(), key=lambda t: (t.key, t.effect, t.value)))


def default_pool(pools: tuple[PoolPlan, ...]) -> PoolPlan:
    """The cluster's default worker node group: the first-sorting on-demand CPU pool with
    min >= 1 (validation guarantees one), like the AKS system pool."""
    candidates = sorted((p for p in pools if not p.is_gpu and p.min >= 1), key=lambda p: p.name)
    if not candidates:
        raise ValueError("a Magnum cluster needs a CPU pool with min >= 1")
    return candidates[0]


def kubelet_options(pool: PoolPlan) -> str:
    labels = ",".join(f"{key}={value}" for key, value in pool.labels.items())
    options = [f"--node-labels={labels}"]
    if pool.taints:
        options.append(
            "--register-with-taints=" + ",".join(kubernetes_taint(t) for t in pool.taints)
        )
    return " ".join(options)


def node_group_labels(pool: PoolPlan) -> dict[str, str]:
    """Labels of a node group (merged over the cluster's)."""
    return {
        "kubelet_options": kubelet_options(pool),
        "min_node_count": str(pool.min),
        "max_node_count": str(pool.max),
    }


def template_labels(
    kube_tag: str,
    allowed_cidrs: tuple[str, ...],
    public_api: bool,
    boot_volume_type: str,
    boot_volume_gb: int,
) -> dict[str, str]:
    """The template's labels: what every node group of the cluster shares."""
    allowed = ",".join(sorted(allowed_cidrs))
    labels = {
        "kube_tag": kube_tag,
        "auto_scaling_enabled": "true",
        "auto_healing_enabled": "true",
        "master_lb_floating_ip_enabled": "true" if public_api else "false",
        "boot_volume_type": boot_volume_type,
        "boot_volume_size": str(boot_volume_gb),
        "master_lb_allowed_cidrs": allowed,
        "api_master_lb_allowed_cidrs": allowed,
    }
    return dict(sorted(labels.items()))


def cluster_labels(template: Mapping[str, str], default: PoolPlan) -> dict[str, str]:
    """The cluster's labels: the template's, and the default node group's bounds and
    kubelet options (Magnum reads those from the cluster for its default worker group)."""
    return dict(sorted({**template, **node_group_labels(default)}.items()))
