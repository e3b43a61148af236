"""Deterministic identifiers for fakes: everything derives from a SHA-256 of (type, name, salt).

Never random, never the clock: two previews of the same stack must be byte-identical.
Public addresses come from 203.0.113.0/24 (TEST-NET-3, RFC 5737: reserved for
documentation), so a fake address can never be mistaken for a real one.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import textwrap
from collections.abc import Mapping
from typing import Any

AWS_ACCOUNT_ID = "123456789012"
AZURE_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000"


def digest(type_: str, name: str, salt: str = "") -> str:
    """64 hex characters identifying (type, name, salt)."""
    return hashlib.sha256(f"{type_}\x00{name}\x00{salt}".encode()).hexdigest()


def short_hash(type_: str, name: str, length: int = 8, salt: str = "") -> str:
    return digest(type_, name, salt)[:length]


def default_id(type_: str, name: str) -> str:
    """The id of a resource no fake models: `<name>-<shorthash>`."""
    return f"{name}-{short_hash(type_, name)}"


def autoname(type_: str, name: str) -> str:
    """Pulumi's auto-name (logical name + '-' + 7 hex characters), made deterministic."""
    return f"{name}-{short_hash(type_, name, 7, 'autoname')}"


def prefixed_hex(prefix: str, type_: str, name: str, length: int = 17) -> str:
    """AWS-style ids: `vpc-0a1b2c...` (17 hex characters after the prefix)."""
    return f"{prefix}-{short_hash(type_, name, length, prefix)}"


def uuid_for(type_: str, name: str, salt: str = "") -> str:
    """A UUID-shaped id (version 4 layout) derived from the hash."""
    hex_ = digest(type_, name, f"uuid{salt}")
    variant = "89ab"[int(hex_[16], 16) % 4]
    return f"{hex_[:8]}-{hex_[8:12]}-4{hex_[13:16]}-{variant}{hex_[17:20]}-{hex_[20:32]}"


def digits(type_: str, name: str, length: int, salt: str = "") -> str:
    """A decimal number of exactly `length` digits (no leading zero)."""
    number = int(digest(type_, name, f"digits{salt}"), 16)
    return str(10 ** (length - 1) + number % (9 * 10 ** (length - 1)))


def upper_alnum(type_: str, name: str, length: int, salt: str = "") -> str:
    """Upper-case letters and digits (AWS unique ids like `AROA...`)."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    number = int(digest(type_, name, f"alnum{salt}"), 16)
    chars = []
    for _ in range(length):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def public_ip(type_: str, name: str, salt: str = "") -> str:
    """An address in 203.0.113.0/24 (documentation range), host part 1..254."""
    host = int(digest(type_, name, f"ip{salt}")[:4], 16) % 254 + 1
    return f"203.0.113.{host}"


def host_in(cidr: Any, index: int) -> str | None:
    """The `index`-th address of a CIDR block (`10.0.0.0/24`, 1 -> `10.0.0.1`), if valid."""
    if not isinstance(cidr, str):
        return None
    try:
        network = ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return None
    if index < 0:
        index += network.num_addresses
    if not 0 <= index < network.num_addresses:
        return None
    return str(network[index])


def pem_certificate(type_: str, name: str) -> str:
    """PEM-shaped text (not a parseable certificate: a preview needs the shape, not the crypto)."""
    body = base64.b64encode(bytes.fromhex(digest(type_, name, "cert") * 12)).decode()
    lines = "\n".join(textwrap.wrap(body, 64))
    return f"-----BEGIN CERTIFICATE-----\n{lines}\n-----END CERTIFICATE-----\n"


def base64_text(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def kubeconfig_yaml(cluster: str, server: str, ca_pem: str, user: Mapping[str, str]) -> str:
    """A kubeconfig document, as the clouds return it (CA data base64-encoded)."""
    user_lines = "\n".join(f"    {key}: {value}" for key, value in sorted(user.items()))
    return (
        "apiVersion: v1\n"
        "kind: Config\n"
        "clusters:\n"
        f"- name: {cluster}\n"
        "  cluster:\n"
        f"    certificate-authority-data: {base64_text(ca_pem)}\n"
        f"    server: {server}\n"
        "contexts:\n"
        f"- name: {cluster}\n"
        "  context:\n"
        f"    cluster: {cluster}\n"
        f"    user: {cluster}-user\n"
        f"current-context: {cluster}\n"
        "users:\n"
        f"- name: {cluster}-user\n"
        "  user:\n"
        f"{user_lines}\n"
    )
