"""The NVIDIA GPU Operator tolerates every taint of every GPU pool of its cluster.

The operator's daemonsets (driver, container toolkit, device plugin, DCGM exporter) and
Node Feature Discovery's worker must run on each GPU node: a node they cannot reach never
advertises `nvidia.com/gpu`, and its GPUs are paid for and never used. So every taint a
GPU pool carries (including the ones the cloud adds, like AKS spot nodes') needs a
matching toleration in the operator's Helm values. A stack rule: it needs the pools and
the release together, linked to the same cluster through the release's Kubernetes
provider.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
)

from hybrid_policies import gpu
from hybrid_policies.props import get, is_mapping, items
from hybrid_policies.rule import stack_rule

RELEASE_TYPES = ("kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart")
CLUSTER_TYPES = (
    "aws:eks/cluster:Cluster",
    "azure-native:containerservice:ManagedCluster",
    "gcp:container/cluster:Cluster",
    gpu.MAGNUM_CLUSTER,
)
OPERATOR_CHART = "gpu-operator"
# The chart's own default for `daemonsets.tolerations` (gpu-operator values.yaml).
CHART_DEFAULT_TOLERATIONS: tuple[Mapping[str, str], ...] = (
    {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"},
)
_LINK_DEPTH = 4


def is_gpu_operator(resource: PolicyResource) -> bool:
    # The type first: reading the chart of every resource built every resource's outputs
    # for nothing, and an unknown `chart` of another type stopped the rule.
    if resource.resource_type not in RELEASE_TYPES:
        return False
    chart = get(resource.props, "chart")
    return isinstance(chart, str) and OPERATOR_CHART in chart


def operator_tolerations(values: Any) -> dict[str, Sequence[Mapping[str, Any]]]:
    """Where in the values tolerations are needed -> the tolerations set there."""
    daemonsets = get(values, "daemonsets", "tolerations")
    found: dict[str, Sequence[Mapping[str, Any]]] = {
        "daemonsets.tolerations": (
            [item for item in items(daemonsets) if is_mapping(item)]
            if daemonsets is not None
            else list(CHART_DEFAULT_TOLERATIONS)
        )
    }
    worker = get(values, "node-feature-discovery", "worker", "tolerations")
    if worker is not None:
        found["node-feature-discovery.worker.tolerations"] = [
            item for item in items(worker) if is_mapping(item)
        ]
    return found


class _Graph:
    """Finds the cluster a resource belongs to, through dependencies, parents and children."""

    def __init__(self, resources: Sequence[PolicyResource]) -> None:
        self.by_urn = {resource.urn: resource for resource in resources}
        self.children: dict[str, list[PolicyResource]] = {}
        for resource in resources:
            if resource.parent is not None:
                self.children.setdefault(resource.parent.urn, []).append(resource)

    def cluster_of(self, start: PolicyResource | None) -> str | None:
        if start is None:
            return None
        queue = deque([(start, 0)])
        seen = {start.urn}
        while queue:
            resource, depth = queue.popleft()
            if resource.resource_type in CLUSTER_TYPES:
                return resource.urn
            if depth == _LINK_DEPTH:
                continue
            neighbours = [*resource.dependencies, *self.children.get(resource.urn, [])]
            if resource.parent is not None:
                neighbours.append(resource.parent)
            for neighbour in neighbours:
                if neighbour.urn not in seen:
                    seen.add(neighbour.urn)
                    queue.append((neighbour, depth + 1))
        return None

    def provider_of(self, resource: PolicyResource) -> PolicyResource | None:
        return self.by_urn.get(resource.provider.urn) if resource.provider is not None else None


def _validate(args: StackValidationArgs, report: ReportViolation) -> None:
    graph = _Graph(args.resources)
    pools = [
        (resource, pool)
        for resource in args.resources
        if resource.resource_type in gpu.GPU_POOL_TYPES
        for pool in gpu.gpu_pools(resource.resource_type, resource.props)
    ]
    pools += gpu.magnum_gpu_pools(args.resources)
    for release in (resource for resource in args.resources if is_gpu_operator(resource)):
        cluster = graph.cluster_of(graph.provider_of(release))
        # A release whose cluster cannot be told must tolerate every GPU pool of the stack.
        relevant = [
            (resource, pool)
            for resource, pool in pools
            if cluster is None or graph.cluster_of(resource) == cluster
        ]
        needed = operator_tolerations(get(release.props, "values"))
        for resource, pool in relevant:
            for taint in pool.taints:
                if taint.effect not in gpu.BLOCKING_EFFECTS:
                    continue
                for where, tolerations in needed.items():
                    if not gpu.tolerates(tolerations, taint):
                        shown = (
                            f"{taint.key}={taint.value}:{taint.effect}"
                            if taint.value
                            else f"{taint.key}:{taint.effect}"
                        )
                        report(
                            f"release '{release.name}': {where} does not tolerate {shown} "
                            f"of GPU {pool.label} '{resource.name}'",
                            release.urn,
                        )


operator_tolerates_gpu_pools = stack_rule(
    name="kubernetes-helm-gpu-operator-tolerates-gpu-pools",
    description=(
        "The GPU Operator's Helm values tolerate every taint of every GPU pool of its cluster."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Add a toleration per GPU pool taint to values.daemonsets.tolerations and "
        "node-feature-discovery.worker.tolerations "
        "(hybrid_ai_platform.kubernetes.plan.gpu_tolerations)."
    ),
    validate=_validate,
    tags=("gpu", "scheduling"),
)

POLICIES = (operator_tolerates_gpu_pools,)
