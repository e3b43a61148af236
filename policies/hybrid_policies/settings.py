"""Rule parameters: the pack config's schema pieces, and the environment's own facts.

Where a parameter comes from, in order:
1. the rule's entry in the policy pack config (`pulumi preview --policy-pack-config FILE`;
   `hap policy` reads the same JSON from `<stack config dir>/policy-config.<stack>.json`);
2. for `tier` and `monthlyBudgetUsd` only: the environment definition of the stack being
   previewed (config key `hybrid-ai-platform:environment`, which the engine hands to the
   policy pack like it hands config to a program, and `hap` does the same);
3. the schema default below (the organisation's baseline).
So a stack's own definition sets its tier and budget, and the pack config can override
them (e.g. a lower budget cap imposed centrally) or set them for a project without one.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi.runtime

from hybrid_policies.props import number

ENVIRONMENT_CONFIG_KEY = "hybrid-ai-platform:environment"
TIERS = ("dev", "staging", "prod")
PRODUCTION = "prod"

# hybrid_ai_platform.tags.REQUIRED_KEYS: the keys the platform puts on everything it creates. The
# pack restates them so it runs on its own under the real CLI; tests/policies checks both
# lists are the same.
DEFAULT_REQUIRED_TAGS = ("cost-center", "environment", "managed-by", "owner", "project")

# The organisation's default data-residency allow-list: US regions of each public cloud and
# the on-premises region. A stack's pack config narrows or widens it.
DEFAULT_ALLOWED_REGIONS: Mapping[str, tuple[str, ...]] = {
    "aws": ("us-east-1", "us-east-2", "us-west-2"),
    "azure": ("eastus", "eastus2", "westus2", "westus3", "centralus"),
    # `US` is Cloud Storage's US multi-region.
    "gcp": ("us-central1", "us-east1", "us-east4", "us-west1", "US"),
    "openstack": ("RegionOne",),
}

STRING_LIST = {"type": "array", "items": {"type": "string"}}


def required_tags_property() -> dict[str, Any]:
    return {
        **STRING_LIST,
        "description": "Tag (label) keys every taggable resource must carry.",
        "default": list(DEFAULT_REQUIRED_TAGS),
    }


def allowed_regions_property(cloud: str) -> dict[str, Any]:
    return {
        **STRING_LIST,
        "description": f"Regions (locations) {cloud} resources may be created in.",
        "default": list(DEFAULT_ALLOWED_REGIONS[cloud]),
    }


TIER_PROPERTY: dict[str, Any] = {
    "type": "string",
    "enum": list(TIERS),
    "description": "Environment tier; default: the stack's environment definition.",
}

BUDGET_PROPERTY: dict[str, Any] = {
    "type": "number",
    "minimum": 0,
    "description": "Monthly budget in USD; default: the stack's environment definition.",
}


@dataclass(frozen=True)
class Environment:
    """What the stack's environment definition says about itself (both may be unknown)."""

    tier: str | None
    monthly_budget_usd: float | None


def stack_environment() -> Environment:
    """The environment definition of the stack under preview, from the stack's config."""
    text = pulumi.runtime.get_config(ENVIRONMENT_CONFIG_KEY)  # config values are strings
    return _environment(text if isinstance(text, str) else None)


# Rules ask for every resource they check, and the definition grows with the stack (~36 KB
# of JSON for 20 clusters of 40 teams): parsed once per config text. Keyed by the text
# itself, so a run with another definition (`hap preview --watch`, another stack) parses
# afresh, and the answer is immutable.
@functools.lru_cache(maxsize=8)
def _environment(text: str | None) -> Environment:
    raw: Any = None
    if text is not None:
        try:
            raw = json.loads(text)
        except ValueError:
            raw = None
    if not isinstance(raw, Mapping):
        return Environment(tier=None, monthly_budget_usd=None)
    tier = raw.get("tier")
    return Environment(
        tier=tier if tier in TIERS else None,
        monthly_budget_usd=number(raw.get("monthlyBudgetUsd")),
    )


def tier(config: Mapping[str, Any]) -> str | None:
    """The tier: the rule's config, else the environment definition, else unknown."""
    configured = config.get("tier")
    return configured if isinstance(configured, str) else stack_environment().tier


def monthly_budget_usd(config: Mapping[str, Any]) -> float | None:
    configured = number(config.get("monthlyBudgetUsd"))
    return configured if configured is not None else stack_environment().monthly_budget_usd


def string_list(config: Mapping[str, Any], key: str) -> list[str]:
    """A list-of-strings parameter ([] when unset or not a list)."""
    value = config.get(key)
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, str)]
