"""What the in-cluster GPU stack installs on a cluster, as plain data. Pure: no Pulumi import.

Everything here follows from the cluster's pool plans (`hybrid_ai_platform.clusters.plan.PoolPlan`)
and its teams, so `GpuStack` only turns these values into Kubernetes objects.

Driver model (decided per cloud in `hybrid_ai_platform.clusters`; the operator must match it):

- EKS GPU pools run the AL2023 NVIDIA AMI: driver and NVIDIA Container Toolkit are on the
  image, and `nodeadm` registers a containerd runtime named `nvidia` as the default runtime
  (awslabs/amazon-eks-ami `nodeadm/internal/containerd/runtime_config_nvidia.go`). The GPU
  Operator only adds what the AMI lacks: device plugin, GPU feature discovery, DCGM
  exporter, MIG manager.
- AKS GPU pools keep the AKS-installed driver and toolkit. NVIDIA's AKS page ("Installing
  the Operator for Preinstalled Driver and Toolkit") installs the operator with
  `driver.enabled=false`, `toolkit.enabled=false` and
  `operator.runtimeClass=nvidia-container-runtime`, the runtime AKS registers.
- GKE GPU pools follow the path Google ("Manage the GPU stack with the NVIDIA GPU Operator
  on GKE", GPU Operator 24.6.0 and later, Standard clusters) and NVIDIA ("NVIDIA GPU
  Operator with Google GKE", "Using the Google Driver Installer") document: GKE installs
  no driver (`gpu-driver-version=disabled`) and runs no device plugin
  (`gke-no-default-nvidia-gpu-device-plugin=true`); Google's driver installer DaemonSet
  installs the driver into `/home/kubernetes/bin/nvidia`; the operator installs the
  container toolkit there too, with CDI, and runs everything else (device plugin with the
  sharing config, GFD, DCGM exporter, MIG manager). GKE admits system-critical pods outside
  `kube-system` only under a ResourceQuota for them, which the operator's namespace gets.
- Magnum GPU pools boot a plain node image on a GPU flavor (PCI passthrough or vGPU): the
  operator installs driver and toolkit itself (`_operator_driver_values`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import yaml

from hybrid_ai_platform.clusters.plan import PoolPlan
from hybrid_ai_platform.gpu import DEVICE_PLUGIN_CONFIG_LABEL, GPU_RESOURCE, toleration
from hybrid_ai_platform.spec import Taint, Team
from hybrid_ai_shared.catalog.kubernetes_versions import addons_for

# NVIDIA GPU Operator Helm chart. Its release is pinned per Kubernetes minor in
# `hybrid_ai_shared/catalog/kubernetes_versions.yaml` (`operator_chart_version`), with the source
# of the platform-support matrix that admits that minor.
OPERATOR_CHART: Final = "gpu-operator"
OPERATOR_CHART_REPO: Final = "https://helm.ngc.nvidia.com/nvidia"
OPERATOR_RELEASE_NAME: Final = "gpu-operator"
OPERATOR_NAMESPACE: Final = "gpu-operator"
DEVICE_PLUGIN_CONFIG_MAP: Final = "device-plugin-config"

# The device-plugin ConfigMap entry for nodes without a `nvidia.com/device-plugin.config`
# label: whole GPUs, no sharing. Not `default`: pool names (`[a-z][a-z0-9]*`) could be
# `default`, but never contain a '-', so this key never collides with a pool's entry.
UNSHARED_CONFIG_KEY: Final = "no-sharing"
TEAM_LABEL: Final = "hybrid.ai/team"

# Clouds whose GPU pools get the NVIDIA GPU Operator: every cloud, Magnum included.
OPERATOR_CLOUDS: Final = frozenset({"aws", "azure", "gcp", "openstack"})
# The containerd runtime handler the EKS and AKS node images register for the NVIDIA
# Container Runtime (see the module docstring). GKE has none of its own: the operator's
# toolkit registers one there, under the chart's default runtime class.
PREINSTALLED_RUNTIME_CLASS: Final[Mapping[str, str]] = {
    "aws": "nvidia",
    "azure": "nvidia-container-runtime",
}
# Where driver and container toolkit live on GKE nodes. Both guides install the operator
# with `hostPaths.driverInstallDir` and `toolkit.installDir` set to it; NVIDIA: "On GKE
# node images, this directory is writable and is a stateful location for storing the
# NVIDIA runtime binaries". Google's driver installer writes the driver there.
GKE_NVIDIA_INSTALL_DIR: Final = "/home/kubernetes/bin/nvidia"

# GKE limits pods of the system-critical priority classes (the operator's daemonsets run
# at `system-node-critical`) to `kube-system` unless the namespace has a ResourceQuota
# scoped to those classes; both GKE guides create this one in the operator's namespace
# (NVIDIA `gpu-operator/manifests/input/google-gke-gpu-operator-quota.yaml`).
GKE_CRITICAL_POD_QUOTA_NAME: Final = "gpu-operator-quota"
GKE_CRITICAL_POD_QUOTA_PODS: Final = "100"
CRITICAL_PRIORITY_CLASSES: Final = ("system-node-critical", "system-cluster-critical")

# Namespaces a team may not take: Kubernetes' own and the operator's.
RESERVED_NAMESPACES: Final = frozenset(
    {"default", "kube-system", "kube-public", "kube-node-lease", OPERATOR_NAMESPACE}
)

# Pod Security Admission: the operator's daemonsets mount host paths and run privileged;
# team workloads need neither (GPUs arrive through the device plugin), so teams get
# `baseline`, with warnings and audit entries for what `restricted` would refuse.
OPERATOR_NAMESPACE_LABELS: Final[Mapping[str, str]] = {
    "pod-security.kubernetes.io/audit": "privileged",
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/warn": "privileged",
}
_TEAM_POD_SECURITY: Final[Mapping[str, str]] = {
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/enforce": "baseline",
    "pod-security.kubernetes.io/warn": "restricted",
}

# Container defaults in team namespaces. No default CPU limit: a limit throttles data
# loaders that burst, and the request already reserves the share the scheduler counts.
_DEFAULT_REQUESTS: Final[Mapping[str, str]] = {"cpu": "500m", "memory": "1Gi"}
# GPU limit 0: a container that does not ask for a GPU gets none, and its pod still shows
# `nvidia.com/gpu: 0` to the quota instead of nothing.
_DEFAULT_LIMITS: Final[Mapping[str, str]] = {"memory": "4Gi", GPU_RESOURCE: "0"}

# DNS is the one destination every team pod may reach under the default-deny policy:
# CoreDNS (EKS, AKS) and kube-dns / NodeLocal DNSCache (GKE) all run in kube-system.
DNS_NAMESPACE_SELECTOR: Final[Mapping[str, str]] = {"kubernetes.io/metadata.name": "kube-system"}
DNS_PORTS: Final[tuple[tuple[str, int], ...]] = (("TCP", 53), ("UDP", 53))

Toleration = dict[str, str]


@dataclass(frozen=True)
class PriorityClassPlan:
    name: str
    value: int
    preemption_policy: Literal["Never", "PreemptLowerPriority"]
    description: str


# Inference serves users and must come back fast after a node loss, so it ranks above
# training and may evict it: a training job resumes from its last checkpoint, a missing
# inference replica drops requests. Training queues ahead of unclassed pods (priority 0)
# but never evicts them: a long job waits for room instead of killing notebooks and CI.
# Both stay far below the system classes (2,000,000,000 and up), which keep the operator's
# daemonsets and the cluster's add-ons running.
PRIORITY_CLASSES: Final[tuple[PriorityClassPlan, ...]] = (
    PriorityClassPlan(
        "inference",
        100_000,
        "PreemptLowerPriority",
        "Online inference: scheduled first, may preempt training and unclassed pods.",
    ),
    PriorityClassPlan(
        "training",
        10_000,
        "Never",
        "Training and batch jobs: queued ahead of unclassed pods, never preempt them.",
    ),
)


@dataclass(frozen=True)
class TeamNamespacePlan:
    """A team's namespace on one cluster and the limits that come with it."""

    team: str
    namespace: str
    labels: Mapping[str, str]
    # ResourceQuota `spec.hard`. Only `requests.nvidia.com/gpu`: Kubernetes allows only the
    # `requests.` prefix for extended resources, whose requests always equal their limits.
    quota_hard: Mapping[str, str]
    # LimitRange `Container` item: `default` (limits) and `defaultRequest`.
    default_limits: Mapping[str, str]
    default_requests: Mapping[str, str]


def toleration_for(taint: Taint) -> Toleration:
    """The toleration that matches exactly this taint (`hybrid_ai_platform.gpu.toleration`)."""
    return toleration(taint.key, taint.value, taint.effect)


def gpu_tolerations(pools: Iterable[PoolPlan]) -> tuple[Toleration, ...]:
    """Tolerations for every taint of every GPU pool, cloud-added ones included.

    The operator's daemonsets must land on every GPU node: a node they cannot reach never
    advertises `nvidia.com/gpu`, and its GPUs are paid for and unusable (eksctl-io/eksctl
    #5277, nebari-dev/nebari #3074). Sorted and de-duplicated, so the Helm values do not
    change with pool order.
    """
    unique = {
        tuple(sorted(toleration_for(taint).items()))
        for pool in pools
        if pool.is_gpu
        for taint in pool.taints
    }
    return tuple(dict(items) for items in sorted(unique))


def device_plugin_config(pools: Iterable[PoolPlan]) -> dict[str, str]:
    """ConfigMap data for the NVIDIA device plugin: one entry per time-slicing or MPS pool,
    keyed by the pool's `nvidia.com/device-plugin.config` label, plus the unshared entry.

    Each value is the device plugin's config file (k8s-device-plugin `api/config/v1`):
    `sharing.timeSlicing` or `sharing.mps` with `replicas` per `nvidia.com/gpu`. Time-sliced
    entries set `failRequestsGreaterThanOne`, as NVIDIA recommends: two replicas of a shared
    GPU give no more compute than one, so such a request is refused instead of silently
    using twice the team's quota (MPS already refuses it by default).
    """
    data = {UNSHARED_CONFIG_KEY: _render({"version": "v1"})}
    for pool in pools:
        if not pool.is_gpu or pool.sharing not in ("time-slicing", "mps"):
            continue
        key = pool.labels.get(DEVICE_PLUGIN_CONFIG_LABEL)
        if not key or pool.sharing_replicas is None:
            raise ValueError(
                f"pool {pool.name!r} shares GPUs ({pool.sharing}) but has no "
                f"{DEVICE_PLUGIN_CONFIG_LABEL} label or no replica count"
            )
        sharing: dict[str, Any] = {
            "resources": [{"name": GPU_RESOURCE, "replicas": pool.sharing_replicas}]
        }
        if pool.sharing == "time-slicing":
            data[key] = _render(
                {
                    "version": "v1",
                    "sharing": {"timeSlicing": {"failRequestsGreaterThanOne": True, **sharing}},
                }
            )
        else:
            data[key] = _render({"version": "v1", "sharing": {"mps": sharing}})
    return dict(sorted(data.items()))


def operator_chart_version(kubernetes_version: str) -> str:
    """The GPU Operator chart release pinned for a cluster's Kubernetes minor ("1.35")."""
    return addons_for(kubernetes_version).gpu_operator


def installs_gpu_operator(cloud: str) -> bool:
    """Whether clusters on `cloud` get the NVIDIA GPU Operator: every public cloud."""
    return cloud in OPERATOR_CLOUDS


def operator_values(cloud: str, pools: Iterable[PoolPlan], config_map_name: str) -> dict[str, Any]:
    """Helm values for the NVIDIA GPU Operator chart on an EKS, AKS, GKE or Magnum cluster."""
    if not installs_gpu_operator(cloud):
        raise ValueError(f"the GPU Operator is not installed on {cloud!r} clusters")
    pools = tuple(pools)
    tolerations = [dict(t) for t in gpu_tolerations(pools)]
    uses_mig = any(pool.is_gpu and pool.sharing == "mig" for pool in pools)
    if cloud == "gcp":
        driver_model = _gke_driver_values()
    elif cloud == "openstack":
        driver_model = _operator_driver_values()
    else:
        driver_model = _preinstalled_driver_values(cloud)
    return {
        **driver_model,
        "devicePlugin": {
            "enabled": True,
            # Our own ConfigMap (`device_plugin_config`), created before the release.
            "config": {"create": False, "name": config_map_name, "default": UNSHARED_CONFIG_KEY},
        },
        # `single`: a MIG pool partitions every GPU with one profile (`all-<profile>`), so
        # MIG slices are advertised as `nvidia.com/gpu` and the teams' GPU quota covers
        # them; `mixed` would advertise `nvidia.com/mig-<profile>`, outside that quota.
        "mig": {"strategy": "single" if uses_mig else "none"},
        "migManager": _mig_manager_values(cloud, uses_mig),
        "dcgmExporter": {"enabled": True},
        "daemonsets": {
            # The chart's default, stated because it is why GPU nodes stay usable under
            # memory pressure: the kubelet evicts these pods last.
            "priorityClassName": "system-node-critical",
            "tolerations": tolerations,
        },
        # NFD labels the GPU nodes the operator then deploys to; it must reach them too.
        "node-feature-discovery": {"worker": {"tolerations": tolerations}},
    }


def _preinstalled_driver_values(cloud: str) -> dict[str, Any]:
    """EKS and AKS: driver and toolkit come with the node image."""
    return {
        # The node image brings driver and toolkit; a second copy from the operator would
        # fight the image's over the kernel module and containerd's config.
        "driver": {"enabled": False},
        "toolkit": {"enabled": False},
        # GPUs reach containers through the image's NVIDIA runtime (the default containerd
        # runtime on both images), not containerd's CDI support (the chart default since
        # 25.10), which needs `enable_cdi` in containerd: AL2023 turns that on only from
        # Kubernetes 1.32 (amazon-eks-ami `nodeadm/internal/containerd/config.go`), and
        # NVIDIA's AKS page installs with the image's runtime class. The runtime path works
        # on every version both images ship.
        "cdi": {"enabled": False},
        "operator": {"runtimeClass": PREINSTALLED_RUNTIME_CLASS[cloud]},
    }


def _operator_driver_values() -> dict[str, Any]:
    """Magnum: the node image has no NVIDIA driver or toolkit (the GPUs are passed through
    or mediated by Nova), so the operator installs both, as NVIDIA's "Getting Started"
    documents for hosts without a preinstalled driver: `driver.enabled=true` (the driver
    container builds the kernel module on each GPU node) and `toolkit.enabled=true` (the
    NVIDIA Container Toolkit configures containerd). Both are the chart's defaults, stated
    because the other clouds turn them off."""
    return {
        "driver": {"enabled": True},
        "toolkit": {"enabled": True},
    }


def _gke_driver_values() -> dict[str, Any]:
    """GKE: the values both GKE guides install the chart with ("Using the Google Driver
    Installer": `hostPaths.driverInstallDir`, `toolkit.installDir`, `cdi.enabled`,
    `cdi.default`, `driver.enabled=false`), plus NVIDIA's fix for GKE 1.33 and later."""
    return {
        # Google's driver installer DaemonSet installs the driver (`GpuStack`).
        "driver": {"enabled": False},
        # Where that installer puts the driver, so the validator and toolkit find it.
        "hostPaths": {"driverInstallDir": GKE_NVIDIA_INSTALL_DIR},
        "toolkit": {
            # GKE's node image has no NVIDIA Container Toolkit: the operator installs it,
            # into the writable, persistent directory of the driver.
            "enabled": True,
            "installDir": GKE_NVIDIA_INSTALL_DIR,
            # NVIDIA's known issue on GKE 1.33+: without it the toolkit misconfigures
            # containerd's config.toml and operator containers do not start. Every
            # supported GKE version is 1.33 or later.
            "env": [{"name": "RUNTIME_CONFIG_SOURCE", "value": "file"}],
        },
        # GPUs reach containers through CDI, made the default mode.
        "cdi": {"enabled": True, "default": True},
    }


def _mig_manager_values(cloud: str, uses_mig: bool) -> dict[str, Any]:
    """On only where a pool partitions GPUs. On GKE NVIDIA adds `WITH_REBOOT=true` ("To
    configure MIG with NVIDIA MIG Manager, specify ... migManager.env[0].name=WITH_REBOOT"):
    the MIG mode change there takes a node reboot, which the MIG manager then performs."""
    if cloud == "gcp" and uses_mig:
        return {"enabled": True, "env": [{"name": "WITH_REBOOT", "value": "true"}]}
    return {"enabled": uses_mig}


def operator_namespace_quota(cloud: str) -> Mapping[str, str] | None:
    """`spec.hard` of the ResourceQuota the operator's namespace needs on `cloud`, scoped
    to `CRITICAL_PRIORITY_CLASSES`; None where none is needed (EKS, AKS)."""
    return {"pods": GKE_CRITICAL_POD_QUOTA_PODS} if cloud == "gcp" else None


def team_quotas(teams: Iterable[Team]) -> tuple[TeamNamespacePlan, ...]:
    """A namespace per team with its GPU quota and container defaults, sorted by team.

    The quota counts what the device plugin advertises: a whole GPU, a time-slicing or MPS
    replica, or a MIG slice, whichever the pool the pod lands on offers.
    """
    plans = []
    for team in sorted(teams, key=lambda t: t.name):
        if team.name in RESERVED_NAMESPACES:
            raise ValueError(f"team {team.name!r} would take the reserved namespace {team.name!r}")
        plans.append(
            TeamNamespacePlan(
                team=team.name,
                namespace=team.name,
                labels=dict(sorted({TEAM_LABEL: team.name, **_TEAM_POD_SECURITY}.items())),
                quota_hard={f"requests.{GPU_RESOURCE}": str(team.gpu_quota)},
                default_limits=dict(_DEFAULT_LIMITS),
                default_requests=dict(_DEFAULT_REQUESTS),
            )
        )
    return tuple(plans)


def _render(document: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(document), sort_keys=False, default_flow_style=False)
