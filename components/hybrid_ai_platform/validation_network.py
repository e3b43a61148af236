"""Address-space rules of a definition: which ranges a network may use and how much of the
internet may reach a public API endpoint.

Both are computed on address space, not on spelling: `0.0.0.0/1` plus `128.0.0.0/1`, or
sixteen `/4`s, are the whole internet as surely as `0.0.0.0/0`. Pure: no Pulumi import.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Iterator, Sequence

from hybrid_ai_platform.problems import Path, Problem

# RFC 1918: the only ranges a cluster or private-cloud network may take. Loopback,
# link-local, CGNAT (100.64.0.0/10), benchmarking (198.18.0.0/15), "this network"
# (0.0.0.0/8) and reserved (240.0.0.0/4) space are all outside them.
RFC1918 = tuple(
    ipaddress.IPv4Network(cidr) for cidr in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)
RFC1918_TEXT = "10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918)"

# Office and VPN egress ranges are /32s to /24s; together they never need more than a /16
# (65,536 addresses, 1/65,536 of the IPv4 internet). More than that is an endpoint open to
# a large part of the internet, however the ranges are split.
MAX_AUTHORIZED_ADDRESSES = 2**16
IPV4_ADDRESSES = 2**32

# How many authorised ranges each cloud's API server accepts on a public endpoint:
# EKS publicAccessCidrs: 40, not adjustable (EKS User Guide, "Amazon EKS service quotas",
# "Public endpoint access CIDR ranges per cluster", docs.aws.amazon.com/eks/latest/
# userguide/service-quotas.html, read 2026-12-02 in its docs.amazonaws.cn copy);
# GKE masterAuthorizedNetworksConfig on a public endpoint ("Public clusters can have up to
# 50 authorized network CIDR ranges", cloud.google.com/kubernetes-engine/docs/how-to/
# authorized-networks, read 2026-12-01); AKS apiServerAccessProfile.authorizedIPRanges (200).
AUTHORIZED_CIDR_LIMITS = {"aws": 40, "gcp": 50, "azure": 200}


def check_private_network(path: Path, cidr: str) -> Iterator[Problem]:
    """`cidr` lies inside one RFC 1918 range."""
    network = ipaddress.IPv4Network(cidr)
    if not any(network.subnet_of(private) for private in RFC1918):
        yield Problem(path, f"found {cidr}; must be a private range inside {RFC1918_TEXT}")


def addresses(cidrs: Iterable[str]) -> int:
    """Distinct IPv4 addresses the ranges cover together (overlaps counted once)."""
    networks = [ipaddress.IPv4Network(cidr) for cidr in cidrs]
    return sum(network.num_addresses for network in ipaddress.collapse_addresses(networks))


def check_authorized_cidrs(path: Path, cloud: str, cidrs: Sequence[str]) -> Iterator[Problem]:
    """The ranges allowed to a public API endpoint: few enough for the cloud, and small
    enough together."""
    limit = AUTHORIZED_CIDR_LIMITS.get(cloud)
    if limit is not None and len(cidrs) > limit:
        yield Problem(path, f"has {len(cidrs)} entries; {cloud} accepts at most {limit}")
    covered = addresses(cidrs)
    if covered > MAX_AUTHORIZED_ADDRESSES:
        share = covered / IPV4_ADDRESSES
        yield Problem(
            path,
            f"together cover {covered:,} addresses ({share:.4%} of the IPv4 internet); "
            f"at most {MAX_AUTHORIZED_ADDRESSES:,} (a /16): list the office or VPN ranges "
            "that need the API, or use privateEndpoint",
        )
