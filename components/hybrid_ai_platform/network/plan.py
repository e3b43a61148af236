"""Zones and address plans for the network baseline of each cloud. Pure: no Pulumi import.

Every range is carved from the network CIDR by prefix arithmetic relative to its length
(`/p` -> `/p+1`, `/p+2`, ...), so the same layout works for any network size the definition
allows (/16 to /20, checked in `hybrid_ai_platform.validation`) and two runs always agree. Each
range is keyed by a stable name (a zone, or a role such as `nodes`), never by a list
position: the key becomes part of a resource's logical name, and a logical name that moves
is a replacement.

Layouts, for a network `/p` (example: 10.0.0.0/16):

- AWS: private subnet per zone `/p+2` in the first three quarters (10.0.0.0/18,
  10.0.64.0/18, 10.0.128.0/18); public subnet per zone `/p+4` in the last quarter
  (10.0.192.0/20, 10.0.208.0/20, 10.0.224.0/20). At most three zones.
- Azure: `nodes` `/p+1` (10.0.0.0/17), `endpoints` `/p+4` at the start of the second half
  (10.0.128.0/20).
- GCP: `nodes` primary range `/p+2` (10.0.0.0/18), `services` secondary `/p+3`
  (10.0.64.0/19), `pods` secondary `/p+1`, the biggest (10.0.128.0/17). 10.0.96.0/19 is
  left free for later roles (e.g. a proxy-only subnet).
- OpenStack: one subnet over the whole network.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from hybrid_ai_platform.spec import Cloud

# AWS load balancers need a subnet per zone, and the private quarters above hold three.
MAX_AWS_ZONES = 3

# Values CloudWatch Logs accepts for a log group's retention (PutRetentionPolicy,
# `retentionInDays`, AWS SDK reference).
CLOUDWATCH_RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip


# The partitions whose regions do not live in `aws`; longest prefix first.
_PARTITIONS_BY_REGION_PREFIX = (
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("us-gov-", "aws-us-gov"),
    ("cn-", "aws-cn"),
)


def default_zones(cloud: Cloud, region: str) -> tuple[str, ...]:
    """The three zones each cloud names by convention (one for OpenStack, whose default
    availability zone is `nova`)."""
    if cloud == "aws":
        return tuple(f"{region}{letter}" for letter in "abc")
    if cloud == "gcp":
        return tuple(f"{region}-{letter}" for letter in "abc")
    if cloud == "azure":
        return ("1", "2", "3")
    return ("nova",)


def zones_for(cloud: Cloud, region: str, zones: Sequence[str] | None) -> tuple[str, ...]:
    """The definition's `zones` when given, else `default_zones`; sorted, because the zone
    order in YAML must not move any range (see `aws_layout`)."""
    return tuple(sorted(zones)) if zones else default_zones(cloud, region)


def _network(cidr: str) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(cidr, strict=True)


def _carve(parent: ipaddress.IPv4Network, extra_bits: int, index: int) -> str:
    """The `index`-th block of `parent`'s prefix + `extra_bits`, as CIDR text."""
    new_prefix = parent.prefixlen + extra_bits
    if new_prefix > parent.max_prefixlen:
        raise ValueError(f"{parent} is too small to carve /{new_prefix} blocks")
    size = 1 << (parent.max_prefixlen - new_prefix)
    first = int(parent.network_address) + index * size
    return str(ipaddress.IPv4Network((first, new_prefix)))


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(mapping.items())))


@dataclass(frozen=True)
class AwsLayout:
    """Subnet CIDRs of an AWS VPC, by zone."""

    cidr: str
    private: Mapping[str, str]
    public: Mapping[str, str]

    def ranges(self) -> dict[str, str]:
        """Every subnet by a stable role name: `private-<zone>`, `public-<zone>`."""
        return {
            **{f"private-{zone}": cidr for zone, cidr in self.private.items()},
            **{f"public-{zone}": cidr for zone, cidr in self.public.items()},
        }


def aws_layout(cidr: str, zones: Sequence[str]) -> AwsLayout:
    """One private (`/p+2`) and one public (`/p+4`) subnet per zone.

    A zone's slot is its position among the *sorted* zone names, so listing the zones in
    another order changes nothing. Adding or removing a zone that sorts before others moves
    their slots (a replacement of those subnets); choose the zones once per network.
    """
    network = _network(cidr)
    ordered = sorted(zones)
    if not 1 <= len(ordered) <= MAX_AWS_ZONES:
        raise ValueError(f"an AWS network spans 1 to {MAX_AWS_ZONES} zones, got {len(ordered)}")
    if len(set(ordered)) != len(ordered):
        raise ValueError(f"zones must be distinct, got {', '.join(zones)}")
    # The public /p+4 blocks of the last quarter start at index 12 (= 3 quarters x 4).
    public_start = 3 * 4
    return AwsLayout(
        cidr=str(network),
        private=_frozen({zone: _carve(network, 2, slot) for slot, zone in enumerate(ordered)}),
        public=_frozen(
            {zone: _carve(network, 4, public_start + slot) for slot, zone in enumerate(ordered)}
        ),
    )


@dataclass(frozen=True)
class AzureLayout:
    """Subnet CIDRs of an Azure virtual network."""

    cidr: str
    nodes: str
    endpoints: str

    def ranges(self) -> dict[str, str]:
        return {"endpoints": self.endpoints, "nodes": self.nodes}


def azure_layout(cidr: str) -> AzureLayout:
    """`nodes` (`/p+1`, first half) for the AKS nodes (pods use the CNI overlay, outside
    the VNet), `endpoints` (`/p+4`, start of the second half) for private endpoints and
    the API server's VNet integration."""
    network = _network(cidr)
    return AzureLayout(
        cidr=str(network), nodes=_carve(network, 1, 0), endpoints=_carve(network, 4, 8)
    )


@dataclass(frozen=True)
class GcpLayout:
    """The primary and secondary ranges of a GKE subnetwork."""

    cidr: str
    nodes: str
    pods: str
    services: str

    def ranges(self) -> dict[str, str]:
        return {"nodes": self.nodes, "pods": self.pods, "services": self.services}


def gcp_layout(cidr: str) -> GcpLayout:
    """`nodes` `/p+2` (first quarter), `services` `/p+3` (next eighth), `pods` `/p+1`
    (second half): GKE gives every node a whole pod block (a /24 for 110 pods), so pods
    need by far the most addresses."""
    network = _network(cidr)
    return GcpLayout(
        cidr=str(network),
        nodes=_carve(network, 2, 0),
        services=_carve(network, 3, 2),
        pods=_carve(network, 1, 1),
    )


def openstack_subnet(cidr: str) -> str:
    """The private cloud's single tenant subnet: the whole network."""
    return str(_network(cidr))


def aws_partition(region: str) -> str:
    """The ARN partition of an AWS region (`arn:<partition>:...`)."""
    for prefix, partition in _PARTITIONS_BY_REGION_PREFIX:
        if region.startswith(prefix):
            return partition
    return "aws"


def openstack_tags(tags: Mapping[str, str]) -> list[str]:
    """Neutron tags are plain strings, not pairs: `key=value`, sorted."""
    return [f"{key}={value}" for key, value in sorted(tags.items())]
