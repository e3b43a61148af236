"""Managed Kubernetes: control planes and node pools on EKS, AKS and GKE.

Node pools are priced at their minimum and at their maximum node count: the autoscaler may
run anything in between without another review, so both ends matter. Pure; no pulumi import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

from hybrid_ai_shared.cost.model import PricedResource
from hybrid_ai_shared.cost.pricing import (
    SPOT_NOTE,
    Charge,
    Missing,
    MissingPrice,
    Outcome,
    PricingContext,
    Rule,
    hourly,
    span,
)
from hybrid_ai_shared.cost.report import exact
from hybrid_ai_shared.cost.values import (
    NotKnown,
    count,
    dependency,
    flag,
    items,
    optional_text,
    text,
    value_at,
)
from hybrid_ai_shared.schedule import HOURS_PER_MONTH

# GKE's documented default for a regional cluster or node pool without node locations:
# nodes in three zones of the region
# (https://cloud.google.com/kubernetes-engine/docs/concepts/regional-clusters).
GKE_DEFAULT_REGIONAL_ZONES = 3
# A GCP zone is its region plus "-<letter>" (us-central1-a); a region has no such suffix.
_GCP_ZONE = re.compile(r"^[a-z]+-[a-z]+\d+-[a-z]$")


def pool_charge(
    ctx: PricingContext,
    resource: PricedResource,
    cloud: str,
    item: str,
    machine_types: Sequence[str],
    nodes: tuple[int, int],
    spot: bool,
    counting: str = "",
) -> Charge:
    """`nodes` (min, max) machines of one of `machine_types`, for a month.

    With several machine types (EKS node groups may list more than one) the minimum uses the
    cheapest and the maximum the dearest: the cloud picks, so the range must cover both.
    """
    if not machine_types:
        raise NotKnown("no machine type is set")
    priced = sorted(
        (ctx.machine(cloud, machine_type)[1] for machine_type in machine_types),
        key=lambda price: (price.usd, price.key),
    )
    cheapest, dearest = priced[0], priced[-1]
    low, high = nodes
    names = " / ".join(price.key.split("/", 1)[1] for price in priced)
    if cheapest == dearest:
        rate = cheapest.rate
    else:
        rate = f"${exact(cheapest.usd)}-${exact(dearest.usd)}/{cheapest.unit}"
    basis = f"{span(low, high)} nodes{counting} x {names} at {rate} x {HOURS_PER_MONTH} h"
    if spot:
        basis += f"; {SPOT_NOTE}"
    basis += ctx.region_caveat(resource, priced)
    return Charge(
        item=f"{item} ({names})",
        min_usd=low * cheapest.usd * HOURS_PER_MONTH,
        max_usd=high * dearest.usd * HOURS_PER_MONTH,
        basis=basis,
        prices=tuple(dict.fromkeys((cheapest, dearest))),
    )


def control_plane(ctx: PricingContext, resource: PricedResource, key: str, what: str) -> Charge:
    charge = hourly("control plane", ctx.service(key), 1, 1, what)
    return ctx.with_region_caveat(resource, charge)


# -- AWS EKS --------------------------------------------------------------------------------


def eks_cluster(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    return [control_plane(ctx, resource, "aws.eks.control-plane-hour", "EKS cluster")]


def eks_node_group(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    inputs = resource.inputs
    machine_types = [str(t) for t in items(inputs, "instanceTypes")]
    if not machine_types:
        template = dependency(ctx.plan, resource, "launchTemplate")
        found = optional_text(template.inputs, "instanceType") if template else None
        if not found:
            raise NotKnown("instanceTypes is not set and no launch template sets instanceType")
        machine_types = [found]
    nodes = (count(inputs, "scalingConfig.minSize"), count(inputs, "scalingConfig.maxSize"))
    spot = optional_text(inputs, "capacityType") == "SPOT"
    name = optional_text(inputs, "nodeGroupName") or resource.name
    return [pool_charge(ctx, resource, "aws", f"node group {name}", machine_types, nodes, spot)]


# -- Azure AKS ------------------------------------------------------------------------------


def aks_cluster(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    inputs = resource.inputs
    outcomes: list[Outcome] = []
    tier = optional_text(inputs, "sku.tier") or "Free"
    # The Free tier has no control-plane charge; Standard and Premium bill per cluster-hour.
    if tier != "Free":
        key = f"azure.aks.{tier.lower()}-cluster-hour"
        outcomes.append(
            _or_missing(
                "control plane", lambda: control_plane(ctx, resource, key, f"AKS {tier} tier")
            )
        )
    for index, profile in enumerate(items(inputs, "agentPoolProfiles")):
        if not isinstance(profile, Mapping):
            raise NotKnown(f"agentPoolProfiles[{index}] is not an object")
        name = optional_text(profile, "name") or f"#{index}"
        part = partial(_aks_pool, ctx, resource, name, profile)
        outcomes.append(_or_missing(f"pool {name}", part))
    outbound = optional_text(inputs, "networkProfile.outboundType") or "loadBalancer"
    if outbound == "loadBalancer":
        outcomes.append(
            Missing(
                "AKS creates a Standard load balancer for egress (networkProfile.outboundType "
                "loadBalancer); load balancers are not priced",
                item="egress load balancer",
            )
        )
    return outcomes


def aks_agent_pool(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    name = optional_text(resource.inputs, "agentPoolName") or resource.name
    return [_aks_pool(ctx, resource, name, resource.inputs)]


def _aks_pool(
    ctx: PricingContext, resource: PricedResource, name: str, pool: Mapping[str, Any]
) -> Charge:
    vm_size = text(pool, "vmSize")
    if flag(pool, "enableAutoScaling"):
        nodes = (count(pool, "minCount"), count(pool, "maxCount"))
    else:
        fixed = count(pool, "count")
        nodes = (fixed, fixed)
    spot = optional_text(pool, "scaleSetPriority") == "Spot"
    return pool_charge(ctx, resource, "azure", f"pool {name}", [vm_size], nodes, spot)


# -- Google GKE -----------------------------------------------------------------------------


def gke_cluster(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    inputs = resource.inputs
    outcomes: list[Outcome] = [
        control_plane(ctx, resource, "gcp.gke.cluster-management-hour", "GKE cluster")
    ]
    if flag(inputs, "enableAutopilot"):
        outcomes.append(Missing("Autopilot bills pod resources, which are not modelled", "pods"))
    elif not flag(inputs, "removeDefaultNodePool") and not items(inputs, "nodePools"):
        outcomes.append(
            Missing(
                "keeps GKE's default node pool (removeDefaultNodePool is not true); its nodes "
                "are not priced",
                item="default node pool",
            )
        )
    return outcomes


def gke_node_pool(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    inputs = resource.inputs
    machine_type = text(inputs, "nodeConfig.machineType")
    _check_gke_accelerators(ctx, machine_type, items(inputs, "nodeConfig.guestAccelerators"))
    nodes, counting = gke_pool_nodes(resource, ctx)
    spot = flag(inputs, "nodeConfig.spot") or flag(inputs, "nodeConfig.preemptible")
    name = optional_text(inputs, "name") or resource.name
    return [
        pool_charge(ctx, resource, "gcp", f"pool {name}", [machine_type], nodes, spot, counting)
    ]


def gke_pool_nodes(pool: PricedResource, ctx: PricingContext) -> tuple[tuple[int, int], str]:
    """Total nodes (min, max) of a GKE node pool and how they were counted, in words."""
    zones, zone_note = _gke_zone_count(ctx, pool)
    return _gke_nodes(pool.inputs, zones, zone_note)


def _gke_nodes(
    inputs: Mapping[str, Any], zones: int, zone_note: str
) -> tuple[tuple[int, int], str]:
    """Total nodes (min, max). GKE counts `minNodeCount`/`maxNodeCount`/`nodeCount` per
    zone; `totalMinNodeCount`/`totalMaxNodeCount` are already totals."""
    zones_text = f"{zones} zone{'s' if zones != 1 else ''}{zone_note}"
    autoscaling = value_at(inputs, "autoscaling")
    if isinstance(autoscaling, Mapping):
        if autoscaling.get("totalMaxNodeCount") is not None:
            low = count(inputs, "autoscaling.totalMinNodeCount", 0)
            high = count(inputs, "autoscaling.totalMaxNodeCount")
            return (low, high), " (totals across all zones)"
        low = count(inputs, "autoscaling.minNodeCount", 0)
        high = count(inputs, "autoscaling.maxNodeCount")
        return (low * zones, high * zones), f" ({span(low, high)} per zone x {zones_text})"
    if value_at(inputs, "nodeCount") is not None:
        fixed = count(inputs, "nodeCount")
    else:
        fixed = count(inputs, "initialNodeCount")
    return (fixed * zones, fixed * zones), f" ({fixed} per zone x {zones_text})"


def _gke_zone_count(ctx: PricingContext, pool: PricedResource) -> tuple[int, str]:
    """Zones a pool's nodes run in: its own node locations, else the cluster's, else GKE's
    default (the cluster's zone, or three zones of its region)."""
    own = items(pool.inputs, "nodeLocations")
    if own:
        return len(set(own)), ""
    cluster = dependency(ctx.plan, pool, "cluster")
    location = optional_text(pool.inputs, "location")
    if cluster is not None:
        location = optional_text(cluster.inputs, "location") or location
        cluster_zones = set(items(cluster.inputs, "nodeLocations"))
        if cluster_zones:
            # A zonal cluster's nodeLocations lists the zones besides its own.
            if location and _GCP_ZONE.match(location):
                cluster_zones.add(location)
            return len(cluster_zones), ""
    if location is None:
        raise NotKnown("neither the node pool nor its cluster has a location")
    if _GCP_ZONE.match(location):
        return 1, ""
    return GKE_DEFAULT_REGIONAL_ZONES, ", GKE's default for a regional cluster"


def _check_gke_accelerators(
    ctx: PricingContext, machine_type: str, accelerators: Sequence[Any]
) -> None:
    """The catalog's GCP price must match what the pool attaches.

    N1 prices in the catalog include their GPUs (attached with `guestAccelerators`), A2/A3/G2
    machine types come with theirs; a pool attaching other GPUs would be mispriced.
    """
    machine, _ = ctx.machine("gcp", machine_type)
    attached: dict[str, int] = {}
    for index, accelerator in enumerate(accelerators):
        if not isinstance(accelerator, Mapping):
            raise NotKnown(f"nodeConfig.guestAccelerators[{index}] is not an object")
        kind = text(accelerator, "type")
        attached[kind] = attached.get(kind, 0) + count(accelerator, "count")
    if machine.accelerator is None:
        if attached:
            raise MissingPrice(
                f"{machine_type} is priced without GPUs; the pool attaches "
                + ", ".join(f"{n}x {kind}" for kind, n in sorted(attached.items()))
            )
        return
    offering = ctx.catalog.offering("gcp", machine.accelerator, machine.gpus)
    expected = offering.gcp_accelerator_type if offering else None
    if (
        offering is not None
        and not offering.gcp_accelerator_bundled
        and attached != {expected: machine.gpus}
    ):
        raise MissingPrice(
            f"the catalog prices {machine_type} with {machine.gpus}x {expected} attached; "
            f"the pool attaches {attached or 'none'}"
        )


def _or_missing(item: str, price: Callable[[], Charge]) -> Outcome:
    """Run one part of a multi-part rule; a failure there leaves the other parts priced."""
    try:
        return price()
    except NotKnown as error:
        return Missing(str(error), item=item)


RULES: dict[str, Rule] = {
    "aws:eks/cluster:Cluster": eks_cluster,
    "aws:eks/nodeGroup:NodeGroup": eks_node_group,
    "azure-native:containerservice:ManagedCluster": aks_cluster,
    "azure-native:containerservice:AgentPool": aks_agent_pool,
    "gcp:container/cluster:Cluster": gke_cluster,
    "gcp:container/nodePool:NodePool": gke_node_pool,
}
