"""Which serverless endpoints a stack declares public, for the "no unauthenticated endpoint
unless declared" rules of every cloud.

From the rule's config (`publicEndpoints`: function names), else from the stack's
environment definition: an `endpoints` entry with `public: true` is deployed as the
function `<environment>-<endpoint>` (the platform's physical name). Neither: nothing is
declared public, so every unauthenticated endpoint is reported.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pulumi.runtime

from hybrid_policies.settings import ENVIRONMENT_CONFIG_KEY, STRING_LIST, string_list

PUBLIC_ENDPOINTS_PROPERTY: dict[str, Any] = {
    **STRING_LIST,
    "description": (
        "Function names that may be called without authentication; default: the stack's "
        "environment definition (endpoints with public: true)."
    ),
}
CONFIG = {"publicEndpoints": PUBLIC_ENDPOINTS_PROPERTY}


def public_function_names(config: Mapping[str, Any]) -> frozenset[str]:
    if isinstance(config.get("publicEndpoints"), list | tuple):
        return frozenset(string_list(config, "publicEndpoints"))
    raw = pulumi.runtime.get_config(ENVIRONMENT_CONFIG_KEY)
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return frozenset()
    if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
        return frozenset()
    endpoints = raw.get("endpoints")
    if not isinstance(endpoints, list):
        return frozenset()
    return frozenset(
        f"{raw['name']}-{entry['name']}"
        for entry in endpoints
        if isinstance(entry, Mapping) and entry.get("public") is True and "name" in entry
    )


def last_segment(reference: Any) -> str | None:
    """`prod-score`, `arn:aws:lambda:...:function:prod-score[:alias]`,
    `projects/p/locations/r/services/prod-score` -> `prod-score`."""
    if not isinstance(reference, str) or not reference:
        return None
    if ":function:" in reference:
        return reference.split(":function:", 1)[1].split(":", 1)[0]
    return reference.rstrip("/").rsplit("/", 1)[-1]
