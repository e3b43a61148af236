"""Networking, keys, logs and storage: mostly one catalog price per resource, as a table.

To price a new type with a fixed hourly or monthly charge, or to show the rates of a type
billed only by use, add one entry to `HOURLY`, `MONTHLY` or `BY_USE`. A key the catalog
does not have yet makes the resource unpriced with that key in the reason, so adding the
price to `hybrid_ai_shared/catalog/accelerators.yaml` is all it takes to price it. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hybrid_ai_shared.cost.kubernetes import gke_pool_nodes
from hybrid_ai_shared.cost.model import PricedResource
from hybrid_ai_shared.cost.pricing import (
    Charge,
    Missing,
    Outcome,
    PricingContext,
    Rule,
    Usage,
    hourly,
    span,
)
from hybrid_ai_shared.cost.values import NotKnown, dependency, items, optional_text, value_at
from hybrid_ai_shared.schedule import HOURS_PER_MONTH


@dataclass(frozen=True)
class Hourly:
    """A fixed charge per resource-hour."""

    key: str
    what: str


@dataclass(frozen=True)
class Monthly:
    """A fixed charge per resource-month."""

    key: str
    what: str


@dataclass(frozen=True)
class ByUse:
    """Billed only by use; the estimate shows the rates and sums nothing."""

    keys: tuple[str, ...]
    what: str


HOURLY: Mapping[str, Hourly] = {
    "aws:ec2/natGateway:NatGateway": Hourly("aws.vpc.nat-gateway-hour", "NAT gateway"),
    # Public IPv4 addresses bill per hour whether attached or not.
    "aws:ec2/eip:Eip": Hourly("aws.vpc.public-ipv4-hour", "public IPv4 address"),
    "azure-native:network:NatGateway": Hourly("azure.nat-gateway.gateway-hour", "NAT gateway"),
    "azure-native:network:PublicIPAddress": Hourly(
        "azure.public-ip.standard-hour", "Standard public IP address"
    ),
    "azure-native:network:PrivateEndpoint": Hourly(
        "azure.private-link.endpoint-hour", "private endpoint"
    ),
    "gcp:compute/forwardingRule:ForwardingRule": Hourly(
        "gcp.load-balancing.forwarding-rule-hour", "forwarding rule"
    ),
}

MONTHLY: Mapping[str, Monthly] = {
    "aws:kms/key:Key": Monthly("aws.kms.key-month", "customer managed key"),
    "gcp:kms/cryptoKey:CryptoKey": Monthly("gcp.kms.key-version-month", "active key version"),
    "azure-native:privatedns:PrivateZone": Monthly(
        "azure.dns.private-zone-month", "private DNS zone"
    ),
    "azure-native:network:PrivateZone": Monthly("azure.dns.private-zone-month", "private DNS zone"),
}

BY_USE: Mapping[str, ByUse] = {
    "aws:cloudwatch/logGroup:LogGroup": ByUse(
        ("aws.cloudwatch-logs.ingestion-gb",), "log data ingested"
    ),
    "azure-native:operationalinsights:Workspace": ByUse(
        ("azure.log-analytics.ingestion-gb",), "log data ingested"
    ),
    "aws:s3/bucket:Bucket": ByUse(("aws.s3.standard-gb-month",), "data stored"),
    "aws:s3/bucketV2:BucketV2": ByUse(("aws.s3.standard-gb-month",), "data stored"),
    "gcp:storage/bucket:Bucket": ByUse(("gcp.gcs.standard-gb-month",), "data stored"),
    "azure-native:storage:StorageAccount": ByUse(("azure.blob.hot-lrs-gb-month",), "data stored"),
    "aws:ebs/volume:Volume": ByUse(("aws.ebs.gp3-gb-month",), "provisioned GB"),
    # A log bucket: what its sinks route in, and what it keeps past 30 days.
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": ByUse(
        ("gcp.cloud-logging.storage-gib", "gcp.cloud-logging.retention-gib-month"),
        "log data routed in and kept past 30 days",
    ),
    # Runs after every successful job run; AWS picks the DPUs.
    "aws:glue/crawler:Crawler": ByUse(("aws.glue.crawler-dpu-hour",), "crawl time"),
    "azure-native:keyvault:Vault": ByUse(("azure.key-vault.10k-operations",), "secret operations"),
    # Workspace-based Application Insights: telemetry bills as ingestion into its workspace.
    "azure-native:applicationinsights:Component": ByUse(
        ("azure.log-analytics.ingestion-gb",), "telemetry ingested into its workspace"
    ),
}

# AWS load balancers: one hourly key per kind (`loadBalancerType`, default application).
_AWS_LOAD_BALANCER_KEYS = {
    "application": "aws.elb.application-lb-hour",
    "network": "aws.elb.network-lb-hour",
    "gateway": "aws.elb.gateway-lb-hour",
}
# Cloud NAT bills per VM-hour up to this many VMs, then a flat gateway-hour rate
# (https://cloud.google.com/nat/pricing).
CLOUD_NAT_VM_CAP = 32


def _hourly_rule(spec: Hourly) -> Rule:
    def rule(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
        price = ctx.service(spec.key)
        charge = hourly(spec.what, price, 1, 1, spec.what)
        return [ctx.with_region_caveat(resource, charge)]

    return rule


def _monthly_rule(spec: Monthly) -> Rule:
    def rule(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
        price = ctx.service(spec.key)
        basis = f"1 {spec.what} x {price.rate}"
        charge = Charge(spec.what, price.usd, price.usd, basis, (price,))
        return [ctx.with_region_caveat(resource, charge)]

    return rule


def _by_use_rule(spec: ByUse) -> Rule:
    def rule(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
        prices = tuple(ctx.service(key) for key in spec.keys)
        rates = ", ".join(p.rate for p in prices)
        basis = f"billed by {spec.what} ({rates}); no fixed monthly charge"
        return [Usage(basis + ctx.region_caveat(resource, prices), prices)]

    return rule


def aws_lambda_function(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """Lambda bills requests and GB-seconds, at the Arm rate for arm64 functions."""
    duration = "aws.lambda.arm-gb-second" if is_arm64(resource) else "aws.lambda.gb-second"
    return _by_use_rule(ByUse((duration, "aws.lambda.million-requests"), "invocations"))(
        resource, ctx
    )


def is_arm64(function: PricedResource) -> bool:
    return "arm64" in items(function.inputs, "architectures")


def aws_load_balancer(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    kind = optional_text(resource.inputs, "loadBalancerType") or "application"
    key = _AWS_LOAD_BALANCER_KEYS.get(kind)
    if key is None:
        raise NotKnown(f"unknown loadBalancerType {kind!r}")
    price = ctx.service(key)
    charge = hourly(f"{kind} load balancer", price, 1, 1, f"{kind} load balancer")
    basis = charge.basis + "; capacity units (LCU) are billed by use on top"
    priced = Charge(charge.item, charge.min_usd, charge.max_usd, basis, charge.prices)
    return [ctx.with_region_caveat(resource, priced)]


def gcp_router_nat(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """Cloud NAT: $/VM-hour for the GKE nodes behind it, capped at the gateway-hour rate."""
    per_vm = ctx.service("gcp.cloud-nat.vm-hour")
    capped = ctx.service("gcp.cloud-nat.gateway-hour")
    low, high = _gke_nodes_behind(resource, ctx)

    def monthly(vms: int) -> float:
        rate = capped.usd if vms > CLOUD_NAT_VM_CAP else vms * per_vm.usd
        return rate * HOURS_PER_MONTH

    basis = (
        f"{span(low, high)} GKE nodes on its network x {per_vm.rate}, "
        f"{capped.rate} above {CLOUD_NAT_VM_CAP} VMs, x {HOURS_PER_MONTH} h; "
        "data processed is billed by use on top"
    )
    prices = (per_vm, capped)
    basis += ctx.region_caveat(resource, prices)
    return [Charge("NAT gateway", monthly(low), monthly(high), basis, prices)]


def _gke_nodes_behind(nat: PricedResource, ctx: PricingContext) -> tuple[int, int]:
    """GKE nodes (min, max) whose cluster is on the network of this NAT's router.

    The link is followed through property dependencies (nat.router -> router.network ->
    cluster.network), so it holds whatever the resources are called.
    """
    router = dependency(ctx.plan, nat, "router")
    network = dependency(ctx.plan, router, "network") if router else None
    if network is None:
        raise NotKnown("cannot tell which network the NAT's router serves")
    low = high = 0
    for pool in ctx.plan.of_type("gcp:container/nodePool:NodePool"):
        cluster = dependency(ctx.plan, pool, "cluster")
        if cluster is None or dependency(ctx.plan, cluster, "network") != network:
            continue
        (pool_low, pool_high), _ = gke_pool_nodes(pool, ctx)
        low, high = low + pool_low, high + pool_high
    return low, high


def kubernetes_service(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """A Service of type LoadBalancer makes the cloud create a load balancer Pulumi never sees."""
    if value_at(resource.inputs, "spec.type") == "LoadBalancer":
        return [
            Missing(
                "type LoadBalancer: the cloud creates a load balancer outside the plan; "
                "load balancers are not priced",
                item="cloud load balancer",
            )
        ]
    return []


RULES: dict[str, Rule] = {
    **{token: _hourly_rule(spec) for token, spec in HOURLY.items()},
    **{token: _monthly_rule(spec) for token, spec in MONTHLY.items()},
    **{token: _by_use_rule(spec) for token, spec in BY_USE.items()},
    "aws:lambda/function:Function": aws_lambda_function,
    "aws:lb/loadBalancer:LoadBalancer": aws_load_balancer,
    "aws:alb/loadBalancer:LoadBalancer": aws_load_balancer,
    "gcp:compute/routerNat:RouterNat": gcp_router_nat,
    "kubernetes:core/v1:Service": kubernetes_service,
}
