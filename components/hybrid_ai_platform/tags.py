"""Tags (AWS, Azure), labels (GCP, Kubernetes) and metadata (OpenStack): one rule set.

Layering, lowest to highest precedence:
  1. the environment's own `tags` from its definition,
  2. the platform's tags (managed-by, project, environment, tier, owner, cost-center),
     which a definition cannot override, so cost reports and policies can trust them,
  3. the component's tag (`component: <logical name>`).
Every key and value is valid as a GCP label (lowercase, [a-z0-9_-], at most 63), so the
same mapping goes on every cloud unchanged. Pure: no Pulumi import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hybrid_ai_platform.spec import Environment

PROJECT = "hybrid-ai-platform"
# The keys the policy pack requires on every taggable resource.
REQUIRED_KEYS = ("cost-center", "environment", "managed-by", "owner", "project")

_LABEL_LIMIT = 63


def label_value(text: str) -> str:
    """`platform-team@example.com` -> `platform-team_example_com`."""
    return re.sub("[^a-z0-9_-]+", "_", text.lower())[:_LABEL_LIMIT]


def environment_tags(env: Environment) -> dict[str, str]:
    platform = {
        "managed-by": "pulumi",
        "project": PROJECT,
        "environment": env.name,
        "tier": env.tier,
        "owner": label_value(env.owner),
        "cost-center": env.cost_center,
    }
    return dict(sorted({**env.tags, **platform}.items()))


def component_tags(base: Mapping[str, str], component: str) -> dict[str, str]:
    return dict(sorted({**base, "component": label_value(component)}.items()))


def kubernetes_labels(tags: Mapping[str, str]) -> dict[str, str]:
    """Tags as Kubernetes labels: a label value must also start and end with a letter or
    digit, which a tag value need not (`-internal-`)."""
    return {key: value.strip("-_") for key, value in sorted(tags.items())}
