"""The project's cost estimate (`hap.cost`) as the budget rule's estimator.

`hap.cost.estimate` prices a `hap.plan.Plan`; a stack policy has `PolicyResource`s, so
they are turned back into a plan first (`hap.policy.values`). This is the pack's one
dependency on project code: `policies/__main__.py` puts the project root on `sys.path` so
the real CLI finds `hap` and `components` (see policies/README.md). The import is lazy:
the rest of the pack works without it, and the budget rule then says it cannot run.
"""

from __future__ import annotations

from collections.abc import Sequence

from pulumi_policy import PolicyResource

from hybrid_policies.common.cost import EstimatorUnavailable, MonthlyCostEstimator


def project_estimator() -> MonthlyCostEstimator:
    """Estimated USD per month with every autoscaled pool at its maximum: the most the
    environment can cost, which is what a budget must cover."""

    def estimate_monthly(resources: Sequence[PolicyResource]) -> float:
        try:
            from hap.cost import estimate
            from hap.policy.values import plan_from_policy_resources
        except ImportError as error:
            raise EstimatorUnavailable(
                f"the project's cost estimate (hap.cost) is not importable: {error}"
            ) from error
        return estimate(plan_from_policy_resources(resources)).monthly_max_usd

    return estimate_monthly
