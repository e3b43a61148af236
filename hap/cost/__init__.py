"""Monthly cost estimate of a credential-free plan, before anything is created.

`estimate(plan)` prices every resource of a `hap.plan.Plan` from the catalog in
`hybrid_ai_shared/catalog/` (730-hour months, min and max scale); `render_cost_section(report)`
prints the short form `hap preview` shows; `hap cost STACK` prints the whole report.
Pure planning code: no pulumi import.
"""

from hap.cost.estimate import estimate
from hap.cost.render import cost_markdown, render_cost_report, render_cost_section
from hap.cost.report import (
    ComponentCost,
    CostLine,
    CostReport,
    Unpriced,
    UsageCharge,
    UsedPrice,
)
from hap.cost.schedule import HOURS_PER_MONTH, ScheduleError, runs_per_month

__all__ = [
    "HOURS_PER_MONTH",
    "ComponentCost",
    "CostLine",
    "CostReport",
    "ScheduleError",
    "Unpriced",
    "UsageCharge",
    "UsedPrice",
    "cost_markdown",
    "estimate",
    "render_cost_report",
    "render_cost_section",
    "runs_per_month",
]
