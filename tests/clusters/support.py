"""Reading cluster components out of a plan: the component by cluster name, its children
(recursively), one child by type and logical name."""

from __future__ import annotations

from pathlib import Path

from hap.plan import Plan, PlannedResource

PUBLIC_FIXTURE = Path(__file__).parents[1] / "fixtures" / "clusters"
CLUSTER_TYPES = {
    "aws": "hybrid:aws:EksGpuCluster",
    "azure": "hybrid:azure:AksGpuCluster",
    "gcp": "hybrid:gcp:GkeGpuCluster",
    "openstack": "hybrid:openstack:MagnumGpuCluster",
}


def cluster(plan: Plan, name: str) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.type in CLUSTER_TYPES.values() and r.name == name]
    return found


def descendants(plan: Plan, urn: str) -> list[PlannedResource]:
    found: list[PlannedResource] = []
    for child in plan.children(urn):
        found.append(child)
        found.extend(descendants(plan, child.urn))
    return found


def child(plan: Plan, cluster_name: str, type_: str, name: str) -> PlannedResource:
    (found,) = [
        r
        for r in descendants(plan, cluster(plan, cluster_name).urn)
        if r.type == type_ and r.name == name
    ]
    return found


def children_of_type(plan: Plan, cluster_name: str, type_: str) -> list[PlannedResource]:
    return [r for r in descendants(plan, cluster(plan, cluster_name).urn) if r.type == type_]
