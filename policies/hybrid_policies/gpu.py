"""GPU node pools on every cloud: how to recognise one, its taints, its minimum size.

The three managed Kubernetes services describe the same thing three ways: an EKS
NodeGroup is a GPU pool when its AMI type is an NVIDIA/GPU one or its instance family is
a GPU family; an AKS agent pool when its VM size is an N-series size; a GKE node pool when
it attaches guest accelerators (or uses an accelerator-optimised machine family). Taints
come back in Kubernetes form (`NoSchedule`), whatever the API spells (`NO_SCHEDULE`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pulumi_policy import ReportViolation, ResourceValidation, ResourceValidationArgs

from hybrid_policies.props import get, is_mapping, items, number, strings
from hybrid_policies.settings import PRODUCTION, TIER_PROPERTY, tier

EKS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
AKS_AGENT_POOL = "azure-native:containerservice:AgentPool"
AKS_CLUSTER = "azure-native:containerservice:ManagedCluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
GPU_POOL_TYPES = (EKS_NODE_GROUP, AKS_AGENT_POOL, AKS_CLUSTER, GKE_NODE_POOL)
# Magnum: whether a node group has GPUs depends on its Nova flavor, another resource, so
# these pools are found over the whole stack (`magnum_gpu_pools`).
MAGNUM_CLUSTER = "openstack:containerinfra/cluster:Cluster"
MAGNUM_NODE_GROUP = "openstack:containerinfra/nodeGroup:NodeGroup"
NOVA_FLAVOR = "openstack:compute/flavor:Flavor"

DEFAULT_TAINT_KEY = "nvidia.com/gpu"
GPU_TAINT_KEY_PROPERTY: dict[str, Any] = {
    "type": "string",
    "description": "Taint key every GPU pool must carry (NoSchedule or NoExecute).",
    "default": DEFAULT_TAINT_KEY,
}

# EC2 accelerated-computing families with NVIDIA GPUs start with p or g plus a generation
# digit (p4d, p5, g5, g6e, ...); EKS AMI types for GPUs mention NVIDIA or GPU.
_EC2_GPU_FAMILY = re.compile(r"^(p|g)\d")
# Azure N-series (NC, ND, NV): the VM sizes with GPUs.
_AZURE_GPU_SIZE = re.compile(r"^standard_n", re.IGNORECASE)
# GCE accelerator-optimised families come with their GPUs attached (A2, A3, A4, G2).
_GCE_GPU_FAMILY = re.compile(r"^(a2|a3|a4|g2)-")
_API_EFFECTS = {
    "NO_SCHEDULE": "NoSchedule",
    "NO_EXECUTE": "NoExecute",
    "PREFER_NO_SCHEDULE": "PreferNoSchedule",
}
# Effects that keep pods off a node (PreferNoSchedule only discourages).
BLOCKING_EFFECTS = ("NoSchedule", "NoExecute")
# AKS taints every spot node itself (Azure docs, "Add an Azure Spot node pool").
AKS_SPOT_TAINT_KEY = "kubernetes.azure.com/scalesetpriority"


@dataclass(frozen=True)
class Taint:
    key: str
    value: str
    effect: str


@dataclass(frozen=True)
class GpuPool:
    """One GPU pool of a resource (an AKS cluster can hold several inline)."""

    label: str  # how to name it in a message
    taints: tuple[Taint, ...]
    min_nodes: float | None  # None: not known / not autoscaled


def eks_is_gpu(props: Any) -> bool:
    ami = get(props, "amiType")
    if isinstance(ami, str) and ("NVIDIA" in ami or "GPU" in ami):
        return True
    return any(_EC2_GPU_FAMILY.match(kind) for kind in strings(get(props, "instanceTypes")))


def aks_is_gpu(profile: Any) -> bool:
    size = get(profile, "vmSize")
    return isinstance(size, str) and bool(_AZURE_GPU_SIZE.match(size))


def gke_is_gpu(props: Any) -> bool:
    accelerators = items(get(props, "nodeConfig", "guestAccelerators"))
    if any((number(get(accelerator, "count")) or 0) > 0 for accelerator in accelerators):
        return True
    machine = get(props, "nodeConfig", "machineType")
    return isinstance(machine, str) and bool(_GCE_GPU_FAMILY.match(machine))


def flavor_requests_gpus(props: Any) -> bool:
    """A Nova flavor asks the scheduler for GPUs through its extra specs: a PCI passthrough
    alias (`pci_passthrough:alias`) or mediated vGPUs (`resources:VGPU`, or a numbered
    request group's `resourcesN:VGPU`), as Nova's "Attaching physical PCI devices" and
    "Attaching virtual GPU devices" guides configure them."""
    specs = get(props, "extraSpecs")
    if not is_mapping(specs):
        return False
    return any(
        key == "pci_passthrough:alias" or (key.startswith("resources") and key.endswith(":VGPU"))
        for key in specs
    )


def magnum_gpu_pools(resources: Sequence[Any]) -> list[tuple[Any, GpuPool]]:
    """Magnum node groups (and clusters' default node groups) on a GPU flavor of the stack,
    named by flavor name or id as Magnum accepts both. Taints: those the kubelet registers
    the nodes with (`--register-with-taints` in the `kubelet_options` label)."""
    flavors: set[str] = set()
    for resource in resources:
        if resource.resource_type == NOVA_FLAVOR and flavor_requests_gpus(resource.props):
            flavors.update(
                str(value)
                for value in (get(resource.props, "name"), get(resource.props, "flavorId"))
                if value
            )
    found = []
    for resource in resources:
        if resource.resource_type == MAGNUM_NODE_GROUP:
            flavor, minimum = get(resource.props, "flavorId"), get(resource.props, "minNodeCount")
        elif resource.resource_type == MAGNUM_CLUSTER:
            flavor, minimum = get(resource.props, "flavor"), get(resource.props, "nodeCount")
        else:
            continue
        if flavor in flavors:
            taints = _kubelet_taints(get(resource.props, "labels", "kubelet_options"))
            found.append((resource, GpuPool("node group", taints, number(minimum))))
    return found


def _kubelet_taints(options: Any) -> tuple[Taint, ...]:
    if not isinstance(options, str):
        return ()
    taints: list[Taint] = []
    for option in options.split():
        name, _, value = option.partition("=")
        if name == "--register-with-taints":
            parsed = (parse_aks_taint(text) for text in value.split(",") if text)
            taints.extend(taint for taint in parsed if taint is not None)
    return tuple(taints)


def _structured_taints(values: Sequence[Any]) -> tuple[Taint, ...]:
    taints = []
    for item in values:
        if not is_mapping(item):
            continue
        effect = str(get(item, "effect") or "")
        taints.append(
            Taint(
                key=str(get(item, "key") or ""),
                value=str(get(item, "value") or ""),
                effect=_API_EFFECTS.get(effect, effect),
            )
        )
    return tuple(taints)


def parse_aks_taint(text: str) -> Taint | None:
    """`key=value:Effect` or `key:Effect` (the AKS API's form, and the kubelet's)."""
    head, sep, effect = text.rpartition(":")
    if not sep:
        return None
    key, _, value = head.partition("=")
    return Taint(key=key, value=value, effect=effect)


def _aks_taints(profile: Any) -> tuple[Taint, ...]:
    parsed = [parse_aks_taint(text) for text in strings(get(profile, "nodeTaints"))]
    taints = [taint for taint in parsed if taint is not None]
    if get(profile, "scaleSetPriority") == "Spot":
        taints.append(Taint(AKS_SPOT_TAINT_KEY, "spot", "NoSchedule"))
    return tuple(taints)


def gpu_pools(resource_type: str, props: Any) -> list[GpuPool]:
    """The GPU pools a resource defines (empty for anything else)."""
    if resource_type == EKS_NODE_GROUP and eks_is_gpu(props):
        return [
            GpuPool(
                label="node group",
                taints=_structured_taints(items(get(props, "taints"))),
                min_nodes=number(get(props, "scalingConfig", "minSize")),
            )
        ]
    if resource_type == AKS_AGENT_POOL and aks_is_gpu(props):
        return [GpuPool("agent pool", _aks_taints(props), _aks_min(props))]
    if resource_type == AKS_CLUSTER:
        return [
            GpuPool(
                f"agent pool profile '{get(profile, 'name')}'",
                _aks_taints(profile),
                _aks_min(profile),
            )
            for profile in items(get(props, "agentPoolProfiles"))
            if aks_is_gpu(profile)
        ]
    if resource_type == GKE_NODE_POOL and gke_is_gpu(props):
        return [GpuPool("node pool", _gke_taints(props), _gke_min(props))]
    return []


def _aks_min(profile: Any) -> float | None:
    if get(profile, "enableAutoScaling") is True:
        return number(get(profile, "minCount"))
    return number(get(profile, "count"))


def _gke_taints(props: Any) -> tuple[Taint, ...]:
    return _structured_taints(items(get(props, "nodeConfig", "taints")))


def _gke_min(props: Any) -> float | None:
    autoscaling = get(props, "autoscaling")
    if not is_mapping(autoscaling):
        return number(get(props, "nodeCount"))
    for key in ("minNodeCount", "totalMinNodeCount"):
        value = number(get(autoscaling, key))
        if value is not None:
            return value
    return None


def has_blocking_taint(pool: GpuPool, key: str) -> bool:
    return any(taint.key == key and taint.effect in BLOCKING_EFFECTS for taint in pool.taints)


def tolerates(tolerations: Sequence[Mapping[str, Any]], taint: Taint) -> bool:
    """Kubernetes' matching rule: an empty key with Exists tolerates everything; otherwise
    same key, and Exists or the same value; an empty effect matches every effect."""
    for toleration in tolerations:
        effect = toleration.get("effect") or ""
        if effect and effect != taint.effect:
            continue
        key = toleration.get("key") or ""
        operator = toleration.get("operator") or "Equal"
        if not key and operator == "Exists":
            return True
        if key == taint.key and (
            operator == "Exists" or (toleration.get("value") or "") == taint.value
        ):
            return True
    return False


TAINT_CONFIG = {"gpuTaintKey": GPU_TAINT_KEY_PROPERTY}
SCALE_CONFIG = {"tier": TIER_PROPERTY}


def tainted_validator(example: str) -> ResourceValidation:
    """Every GPU pool of the resource carries the configured taint key, blocking."""

    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        key = str(args.get_config().get("gpuTaintKey") or DEFAULT_TAINT_KEY)
        for pool in gpu_pools(args.resource_type, args.props):
            if not has_blocking_taint(pool, key):
                report(
                    f"GPU {pool.label} of '{args.name}' has no blocking {key} taint ({example})",
                    None,
                )

    return validate


def scale_to_zero_validator(field: str) -> ResourceValidation:
    """Outside production, every GPU pool of the resource has a minimum of zero nodes."""

    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        pools = gpu_pools(args.resource_type, args.props)
        if not pools:
            return
        current = tier(args.get_config())
        if current is None:
            args.not_applicable(
                "the tier is unknown: no environment definition and no `tier` config"
            )
        if current == PRODUCTION:
            return
        for pool in pools:
            if pool.min_nodes != 0:
                shown = "unknown" if pool.min_nodes is None else f"{pool.min_nodes:g}"
                report(
                    f"GPU {pool.label} of '{args.name}' has a minimum of {shown} node(s) in a "
                    f"{current} environment ({field} must be 0)",
                    None,
                )

    return validate
