"""`estimate(plan)`: a monthly cost estimate of a credential-free plan, before anything exists.

Every managed custom resource goes through exactly one of: its rule in `RULES` (priced,
billed by use, or unpriced with a reason), the known-free tables (listed as "no charge",
with why), or the unpriced list as "not modelled". A multi-language component that was not
expanded is unpriced: nobody saw inside it. Components are summed over their subtrees.
Pure; no pulumi import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from hybrid_ai_shared.catalog import Catalog, load_catalog
from hybrid_ai_shared.cost.model import (
    PricedPlan,
    PricedResource,
    is_component_resource,
    is_provider_resource,
)
from hybrid_ai_shared.cost.pricing import Charge, Missing, Outcome, PricingContext, Usage
from hybrid_ai_shared.cost.report import (
    ComponentCost,
    CostLine,
    CostReport,
    NoCharge,
    Unpriced,
    UsageCharge,
)
from hybrid_ai_shared.cost.rules import RULES, free_reason
from hybrid_ai_shared.cost.values import NotKnown
from hybrid_ai_shared.schedule import HOURS_PER_MONTH

NOTES = (
    f"Monthly figures are for {HOURS_PER_MONTH} hours (8,760 hours a year / 12), "
    "on-demand list prices in each price's reference region, before discounts and taxes.",
    "Minimum: every autoscaled pool at its minimum node count; maximum: at its maximum.",
    "Not included: data transfer, requests and other use-based charges (see 'billed by use'), "
    "node boot disks, support plans.",
)


def estimate(plan: PricedPlan, catalog: Catalog | None = None) -> CostReport:
    """Price every resource of `plan` from `catalog` (default: the packaged catalog)."""
    ctx = PricingContext(plan, catalog if catalog is not None else load_catalog())
    lines: list[CostLine] = []
    usage: list[UsageCharge] = []
    unpriced: list[Unpriced] = []
    free: list[NoCharge] = []
    for resource in plan.resources:
        if resource.remote:
            unpriced.append(
                Unpriced(
                    resource.urn,
                    resource.type,
                    resource.name,
                    _nearest_component(plan, resource),
                    "multi-language component not expanded: its provider plugin builds its "
                    "resources, so the estimate could not see inside it",
                )
            )
            continue
        if not _managed_custom(resource):
            continue
        owner = _nearest_component(plan, resource)
        reason = free_reason(resource.type) if resource.type not in RULES else None
        if reason is not None:
            free.append(NoCharge(resource.urn, resource.type, resource.name, owner, reason))
            continue
        outcomes = _outcomes(resource, ctx)
        if not outcomes:
            # A rule that finds nothing to bill (a Flex Consumption plan): shown as free, so
            # every resource appears in the report once.
            reason = "no charge of its own; billed through what runs on it"
            free.append(NoCharge(resource.urn, resource.type, resource.name, owner, reason))
        for outcome in outcomes:
            if isinstance(outcome, Charge):
                lines.append(
                    CostLine(
                        urn=resource.urn,
                        type=resource.type,
                        name=resource.name,
                        item=outcome.item,
                        component_urn=owner,
                        monthly_min_usd=outcome.min_usd,
                        monthly_max_usd=outcome.max_usd,
                        basis=outcome.basis,
                        prices=outcome.prices,
                    )
                )
            elif isinstance(outcome, Usage):
                usage.append(
                    UsageCharge(
                        resource.urn,
                        resource.type,
                        resource.name,
                        owner,
                        outcome.basis,
                        outcome.prices,
                    )
                )
            else:
                reason = f"{outcome.item}: {outcome.reason}" if outcome.item else outcome.reason
                unpriced.append(Unpriced(resource.urn, resource.type, resource.name, owner, reason))
    return CostReport(
        project=plan.project,
        stack=plan.stack,
        lines=tuple(sorted(lines, key=lambda line: (line.urn, line.item))),
        components=_component_totals(plan, lines, unpriced),
        usage_based=tuple(usage),
        unpriced=tuple(unpriced),
        notes=NOTES,
        no_charge=tuple(free),
    )


def _outcomes(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    rule = RULES.get(resource.type)
    if rule is None:
        return (Missing("type not modelled by the cost estimate"),)
    try:
        return rule(resource, ctx)
    except NotKnown as error:
        return (Missing(str(error)),)


def _managed_custom(resource: PricedResource) -> bool:
    """Resources the stack creates and the cloud bills; not components, providers or reads."""
    return resource.custom and not is_provider_resource(resource) and not resource.external


def _nearest_component(plan: PricedPlan, resource: PricedResource) -> str | None:
    for ancestor in _ancestors(plan, resource):
        if is_component_resource(ancestor):
            return ancestor.urn
    return None


def _ancestors(plan: PricedPlan, resource: PricedResource) -> Iterable[PricedResource]:
    parent = resource.parent
    while parent is not None:
        try:
            found = plan.resource(parent)
        except KeyError:
            return
        yield found
        parent = found.parent


def _component_totals(
    plan: PricedPlan, lines: list[CostLine], unpriced: list[Unpriced]
) -> tuple[ComponentCost, ...]:
    """Each component's sum over its whole subtree (nested components count in each level)."""
    minimum: dict[str, float] = {}
    maximum: dict[str, float] = {}
    missing: dict[str, int] = {}
    for line in lines:
        for urn in _component_chain(plan, line.urn):
            minimum[urn] = minimum.get(urn, 0.0) + line.monthly_min_usd
            maximum[urn] = maximum.get(urn, 0.0) + line.monthly_max_usd
    for entry in unpriced:
        for urn in _component_chain(plan, entry.urn):
            missing[urn] = missing.get(urn, 0) + 1
    return tuple(
        ComponentCost(
            urn=component.urn,
            type=component.type,
            name=component.name,
            parent_component_urn=_nearest_component(plan, component),
            monthly_min_usd=minimum.get(component.urn, 0.0),
            monthly_max_usd=maximum.get(component.urn, 0.0),
            unpriced=missing.get(component.urn, 0),
        )
        for component in plan.resources
        if is_component_resource(component)
    )


def _component_chain(plan: PricedPlan, urn: str) -> list[str]:
    return [a.urn for a in _ancestors(plan, plan.resource(urn)) if is_component_resource(a)]

