"""The environment's estimated monthly cost stays within its budget.

A stack rule: the estimate needs every resource at once. The estimator is a parameter
(`MonthlyCostEstimator`), so the rule itself knows no price; the pack wires in the
project's estimator (`hybrid_policies.pricing.project_estimator`, over `hap.cost`), and a
test or another team can pass their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
)

from hybrid_policies.rule import stack_rule
from hybrid_policies.settings import BUDGET_PROPERTY, monthly_budget_usd

# Every resource of the stack (outputs) -> estimated USD per month.
MonthlyCostEstimator = Callable[[Sequence[PolicyResource]], float]
NAME = "common-cost-within-budget"


class EstimatorUnavailable(RuntimeError):
    """The estimator cannot price anything here (e.g. its code is not importable)."""


def within_budget(estimate: MonthlyCostEstimator) -> StackValidationPolicy:
    """The budget rule, pricing the stack with `estimate`."""

    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        budget = monthly_budget_usd(args.get_config())
        if budget is None:
            args.not_applicable(
                "no budget: no environment definition and no `monthlyBudgetUsd` config"
            )
            return
        try:
            cost = estimate(args.resources)
        except EstimatorUnavailable as error:
            args.not_applicable(str(error))
            return
        if cost > budget:
            report(
                f"estimated ${cost:,.2f}/month exceeds the budget of ${budget:,.2f}/month "
                f"by ${cost - budget:,.2f}",
                None,
            )

    return stack_rule(
        name=NAME,
        description="The environment's estimated monthly cost is within its monthly budget.",
        severity=Severity.HIGH,
        enforcement=EnforcementLevel.MANDATORY,
        remediation=(
            "Shrink node pools (min/max, spot), pick cheaper accelerators, or raise "
            "monthlyBudgetUsd in the definition; `hap cost STACK` shows where the money goes."
        ),
        validate=validate,
        config={"monthlyBudgetUsd": BUDGET_PROPERTY},
        tags=("cost",),
    )
