"""Monthly cost estimate of a plan, before anything is created.

`estimate(plan)` prices every resource of a plan (anything shaped like `model.PricedPlan`:
the preview engine's `hap.plan.Plan`, or the policy pack's view of a stack policy's
resources) from the catalog in `hybrid_ai_shared/catalog/` (730-hour months, min and max
scale) and returns a `CostReport`. `hap cost STACK` prints it, `hap preview` shows its
short form, and the pack's budget rule compares its maximum with the budget: one estimate
for all three. Pure planning code: no pulumi import.
"""

from hybrid_ai_shared.cost.estimate import estimate
from hybrid_ai_shared.cost.model import UNKNOWN, PricedPlan, PricedResource, Secret
from hybrid_ai_shared.cost.report import (
    ComponentCost,
    CostLine,
    CostReport,
    NoCharge,
    Unpriced,
    UsageCharge,
    UsedPrice,
)
from hybrid_ai_shared.schedule import HOURS_PER_MONTH

__all__ = [
    "HOURS_PER_MONTH",
    "UNKNOWN",
    "ComponentCost",
    "CostLine",
    "CostReport",
    "NoCharge",
    "PricedPlan",
    "PricedResource",
    "Secret",
    "Unpriced",
    "UsageCharge",
    "UsedPrice",
    "estimate",
]
