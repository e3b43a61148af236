"""Shared pieces of the "no admin port open to the internet" rules of every cloud."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from hybrid_policies.props import number

# SSH, RDP, the Kubernetes API server, etcd client and peer, the kubelet API: ports that
# give control of a machine or a cluster to whoever reaches them.
DEFAULT_ADMIN_PORTS = (22, 3389, 6443, 2379, 2380, 10250)

ADMIN_PORTS_PROPERTY: dict[str, Any] = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0, "maximum": 65535},
    "description": "Ports that must never be reachable from the whole internet.",
    "default": list(DEFAULT_ADMIN_PORTS),
}
CONFIG = {"adminPorts": ADMIN_PORTS_PROPERTY}

# How each cloud spells "anyone": CIDRs and Azure service tags / wildcards.
_ANYWHERE = frozenset({"0.0.0.0/0", "::/0", "*", "internet", "any", "0.0.0.0"})


def is_anywhere(source: Any) -> bool:
    return isinstance(source, str) and source.strip().lower() in _ANYWHERE


def admin_ports(config: Any) -> list[int]:
    configured = config.get("adminPorts") if hasattr(config, "get") else None
    values = configured if configured is not None else DEFAULT_ADMIN_PORTS
    ports = [number(port) for port in values]
    return sorted({int(port) for port in ports if port is not None})


def exposed(low: float | None, high: float | None, ports: Iterable[int]) -> list[int]:
    """The admin ports inside [low, high]; a missing bound means every port."""
    start = 0 if low is None or low < 0 else int(low)
    end = 65535 if high is None or high < 0 else int(high)
    return [port for port in ports if start <= port <= end]


def parse_range(text: Any) -> tuple[float | None, float | None]:
    """`"22"` -> (22, 22); `"8000-9000"` -> (8000, 9000); `"*"` or missing -> every port."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text), float(text)
    if not isinstance(text, str) or text.strip() in ("", "*"):
        return None, None
    low, _, high = text.partition("-")
    start, end = number(low), number(high or low)
    return start, end


# A public API endpoint may be open to office and VPN egress ranges, /32s to /24s; together
# never more than a /16 (65,536 addresses). Counted on address space, so `0.0.0.0/1` plus
# `128.0.0.0/1`, or sixteen /4s, are the whole internet as surely as `0.0.0.0/0`. The
# definition's validation (components/hybrid_ai_platform/validation_network.py) refuses the same.
DEFAULT_MAX_PUBLIC_ADDRESSES = 2**16
MAX_PUBLIC_ADDRESSES_PROPERTY: dict[str, Any] = {
    "type": "integer",
    "minimum": 0,
    "description": "Most IPv4 addresses the authorised ranges of a public endpoint may cover.",
    "default": DEFAULT_MAX_PUBLIC_ADDRESSES,
}
ENDPOINT_CONFIG = {"maxPublicAddresses": MAX_PUBLIC_ADDRESSES_PROPERTY}


def covered_addresses(cidrs: Iterable[str]) -> int:
    """IPv4 addresses the ranges cover together (overlaps once); `0.0.0.0/0` spelt any way
    the clouds accept counts as the whole space, an IPv6 range as at least as much."""
    networks = []
    for cidr in cidrs:
        if is_anywhere(cidr):
            return 2**32
        try:
            network = ipaddress.ip_network(cidr.strip(), strict=False)
        except ValueError:
            continue
        if network.version == 6:
            if network.prefixlen <= 64:
                return 2**32
            continue
        networks.append(network)
    return sum(n.num_addresses for n in ipaddress.collapse_addresses(networks))


def too_open(cidrs: list[str], config: Any) -> str | None:
    """Why the authorised ranges of a public endpoint are too wide, or None."""
    configured = config.get("maxPublicAddresses") if hasattr(config, "get") else None
    limit = int(configured) if configured is not None else DEFAULT_MAX_PUBLIC_ADDRESSES
    covered = covered_addresses(cidrs)
    if covered <= limit:
        return None
    return (
        f"its authorised ranges cover {covered:,} addresses ({covered / 2**32:.2%} of the IPv4 "
        f"internet; at most {limit:,})"
    )
