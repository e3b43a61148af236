"""Physical names: what the clouds see, derived in one place.

Logical names (a resource's identity in Pulumi, part of its URN) are chosen by each
component from the definition's stable names, never from list positions. Physical names are
built here from the environment and component names, deterministic (no random suffix), so
that a preview shows the real name and two runs agree. Pure: no Pulumi import.
"""

from __future__ import annotations

import hashlib
import re

_HASH_LENGTH = 6


def physical_name(*parts: str, max_length: int = 63, separator: str = "-") -> str:
    """`physical_name("prod", "train", "gpu")` -> `prod-train-gpu`.

    Lowercased; characters other than letters, digits and the separator become the
    separator. A name longer than `max_length` keeps its start and gets a short hash of the
    whole, so two long names never collide after truncation.
    """
    allowed = re.escape(separator)
    joined = separator.join(p for p in parts if p)
    cleaned = re.sub(f"[^a-z0-9{allowed}]+", separator, joined.lower()).strip(separator)
    if len(cleaned) <= max_length:
        return cleaned
    digest = hashlib.sha256(cleaned.encode()).hexdigest()[:_HASH_LENGTH]
    keep = max_length - _HASH_LENGTH - len(separator)
    return f"{cleaned[:keep].rstrip(separator)}{separator}{digest}"


def compact_name(*parts: str, max_length: int = 24) -> str:
    """Letters and digits only, for names that allow nothing else (Azure storage accounts,
    Key Vaults' strictest form): `compact_name("prod", "train", "logs")` -> `prodtrainlogs`."""
    cleaned = re.sub("[^a-z0-9]+", "", "".join(parts).lower())
    if len(cleaned) <= max_length:
        return cleaned
    digest = hashlib.sha256(cleaned.encode()).hexdigest()[:_HASH_LENGTH]
    return cleaned[: max_length - _HASH_LENGTH] + digest
