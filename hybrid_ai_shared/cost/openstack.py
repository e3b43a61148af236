"""OpenStack: a private cloud has no list price.

Its owner may charge capacity back at internal rates, which the environment definition
gives (`privateCloud.internalRates`: USD per GPU-hour and per vCPU-hour, their source and
date). With them, Magnum node groups and instances are priced by their flavor: nodes x
(GPUs x GPU rate + vCPUs x vCPU rate) x 730 h, the GPUs read from the flavor's extra specs
(`pci_passthrough:alias` `<alias>:<count>`, or `resources:VGPU=<count>`). A flavor the plan
does not define (the cloud's own `m1.large`) has unknown vCPUs: that item is unpriced, with
the reason. Without rates every OpenStack item that holds capacity is unpriced, never $0.
Pure; no pulumi import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hybrid_ai_shared.cost.model import PricedPlan, PricedResource
from hybrid_ai_shared.cost.pricing import Charge, Missing, Outcome, PricingContext, Rule, span
from hybrid_ai_shared.cost.report import UsedPrice, exact
from hybrid_ai_shared.cost.values import NotKnown, count, optional_text, value_at
from hybrid_ai_shared.schedule import HOURS_PER_MONTH

ENVIRONMENT_KEY = "hybrid-ai-platform:environment"
FLAVOR = "openstack:compute/flavor:Flavor"
NODE_GROUP = "openstack:containerinfra/nodeGroup:NodeGroup"
CLUSTER = "openstack:containerinfra/cluster:Cluster"
INSTANCE = "openstack:compute/instance:Instance"
NO_RATES = (
    "private cloud capacity has no list price and the definition sets no "
    "privateCloud.internalRates (USD per GPU-hour and per vCPU-hour)"
)


@dataclass(frozen=True)
class Flavor:
    name: str
    vcpus: int
    gpus: int


def internal_rates(plan: PricedPlan) -> tuple[UsedPrice, UsedPrice] | None:
    """The definition's GPU-hour and vCPU-hour rates as prices, or None without them."""
    environment = plan.config.get(ENVIRONMENT_KEY)
    if not isinstance(environment, Mapping):
        return None
    rates = value_at(environment, "privateCloud.internalRates")
    if not isinstance(rates, Mapping):
        return None
    region = str(value_at(environment, "privateCloud.region") or "RegionOne")

    def price(key: str, unit: str) -> UsedPrice:
        return UsedPrice(
            key=f"openstack/internal-{unit}",
            usd=float(rates[key]),
            unit=unit,
            region=region,
            source=f"internal rate: {rates['source']}",
            date=str(rates["asOf"]),
            date_kind="as of",
        )

    return price("gpuHourUsd", "GPU-hour"), price("vcpuHourUsd", "vCPU-hour")


def flavor_gpus(extra_specs: Any) -> int:
    """GPUs a flavor requests: `pci_passthrough:alias` (`a:2` or `a:1,b:1`) or
    `resources[N]:VGPU` counts; 0 for a flavor without either."""
    if not isinstance(extra_specs, Mapping):
        return 0
    total = 0
    for key, value in extra_specs.items():
        if key == "pci_passthrough:alias":
            total += sum(int(part.rpartition(":")[2] or 1) for part in str(value).split(","))
        elif key.startswith("resources") and key.endswith(":VGPU"):
            total += int(value)
    return total


def _flavor(ctx: PricingContext, name: str) -> Flavor:
    for resource in ctx.plan.of_type(FLAVOR):
        if resource.inputs.get("name") == name:
            return Flavor(
                name,
                count(resource.inputs, "vcpus"),
                flavor_gpus(resource.inputs.get("extraSpecs")),
            )
    raise NotKnown(
        f"flavor '{name}' is the cloud's own (not defined by this stack), so its vCPUs "
        "are not in the plan"
    )


def _capacity(ctx: PricingContext, item: str, flavor_name: str, nodes: tuple[int, int]) -> Outcome:
    rates = internal_rates(ctx.plan)
    if rates is None:
        return Missing(NO_RATES, item)
    try:
        flavor = _flavor(ctx, flavor_name)
    except NotKnown as error:
        return Missing(str(error), item)
    gpu, vcpu = rates
    hourly = flavor.gpus * gpu.usd + flavor.vcpus * vcpu.usd
    low, high = nodes
    parts = [f"{flavor.vcpus} vCPU x ${exact(vcpu.usd)}"]
    if flavor.gpus:
        parts.insert(0, f"{flavor.gpus} GPU x ${exact(gpu.usd)}")
    return Charge(
        item=f"{item} ({flavor.name})",
        min_usd=low * hourly * HOURS_PER_MONTH,
        max_usd=high * hourly * HOURS_PER_MONTH,
        basis=f"{span(low, high)} nodes x ({' + '.join(parts)}) per hour x {HOURS_PER_MONTH} h",
        prices=(gpu, vcpu) if flavor.gpus else (vcpu,),
    )


def magnum_node_group(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    inputs = resource.inputs
    nodes = (count(inputs, "minNodeCount", 0), count(inputs, "maxNodeCount"))
    flavor = optional_text(inputs, "flavorId")
    if flavor is None:
        return [Missing("flavorId is not set", "node group")]
    return [_capacity(ctx, "node group", flavor, nodes)]


def magnum_cluster(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """The control plane (`masterCount` x `masterFlavor`) and the default node group,
    between its `min_node_count` and `max_node_count` labels (`nodeCount` without them)."""
    inputs = resource.inputs
    masters = count(inputs, "masterCount", 1)
    default_nodes = count(inputs, "nodeCount", 1)
    low = _label_count(inputs, "min_node_count", default_nodes)
    high = _label_count(inputs, "max_node_count", default_nodes)
    outcomes: list[Outcome] = []
    master_flavor = optional_text(inputs, "masterFlavor")
    if master_flavor is not None:
        outcomes.append(_capacity(ctx, "control plane", master_flavor, (masters, masters)))
    flavor = optional_text(inputs, "flavor")
    if flavor is not None:
        outcomes.append(_capacity(ctx, "default node group", flavor, (low, high)))
    return outcomes or [Missing("neither masterFlavor nor flavor is set", "cluster")]


def _label_count(inputs: Mapping[str, Any], label: str, default: int) -> int:
    """A Magnum label holding a count (labels are strings: `"3"`)."""
    value = optional_text(inputs, f"labels.{label}")
    if value is None:
        return default
    if not value.isdigit():
        raise NotKnown(f"label {label} is not a count ({value!r})")
    return int(value)


def instance(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    flavor = optional_text(resource.inputs, "flavorName")
    if internal_rates(ctx.plan) is None:
        return [Missing(NO_RATES, "instance")]
    if flavor is None:
        return [Missing("flavorName is not set (a flavorId cannot be read back)", "instance")]
    return [_capacity(ctx, "instance", flavor, (1, 1))]


def _unpriced(reason: str) -> Rule:
    def rule(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
        return [Missing(reason)]

    return rule


RULES: dict[str, Rule] = {
    NODE_GROUP: magnum_node_group,
    CLUSTER: magnum_cluster,
    INSTANCE: instance,
    # Shared capacity the definition gives no rate for: listed, never counted as zero.
    "openstack:networking/floatingIp:FloatingIp": _unpriced(
        "a public address of the private cloud: no internal rate for addresses"
    ),
    "openstack:objectstorage/container:Container": _unpriced(
        "object storage billed by use: no internal rate for Swift storage"
    ),
}

# Configuration and identity on the private cloud: nothing to charge for; the capacity
# they shape is priced where it runs (instances, node groups).
FREE_TYPES: Mapping[str, str] = {
    f"openstack:{token}": "no charge (configuration; capacity is priced where it runs)"
    for token in (
        "networking/network:Network",
        "networking/subnet:Subnet",
        "networking/router:Router",
        "networking/routerInterface:RouterInterface",
        "networking/port:Port",
        "networking/secGroup:SecGroup",
        "networking/secGroupRule:SecGroupRule",
        "networking/rbacPolicyV2:RbacPolicyV2",
        "networking/quotaV2:QuotaV2",
        "networking/floatingIpAssociate:FloatingIpAssociate",
        "compute/flavor:Flavor",
        "compute/flavorAccess:FlavorAccess",
        "compute/keypair:Keypair",
        "compute/serverGroup:ServerGroup",
        "compute/quotaSetV2:QuotaSetV2",
        "blockstorage/quoteSetV3:QuoteSetV3",
        "identity/project:Project",
        "identity/roleAssignment:RoleAssignment",
        "containerinfra/clusterTemplate:ClusterTemplate",
    )
}
