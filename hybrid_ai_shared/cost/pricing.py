"""What a pricing rule is, what it returns, and the catalog look-ups rules share.

A rule is a function `(resource, context) -> Sequence[Outcome]` registered for one type token
in `hybrid_ai_shared.cost.rules.RULES`. An outcome is one of:

- `Charge`: a fixed monthly figure (min and max) with the catalog prices it used;
- `Usage`: the resource bills only by use (GB, requests); its rates are shown, not summed;
- `Missing`: it costs money but cannot be priced; `reason` tells the user why.

Rules raise `NotKnown` (from `hybrid_ai_shared.cost.values`) or `MissingPrice` rather than
return a guess; the estimate turns both into `Missing`. Pure; no pulumi import.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from hybrid_ai_shared.catalog import Catalog, MachinePrice, PriceRef, UnknownService
from hybrid_ai_shared.cost.model import PricedPlan, PricedResource
from hybrid_ai_shared.cost.report import UsedPrice
from hybrid_ai_shared.cost.values import NotKnown, region_of
from hybrid_ai_shared.schedule import HOURS_PER_MONTH

SPOT_NOTE = (
    "spot capacity priced at the on-demand rate (the catalog has no sourced spot price); "
    "spot usually costs less"
)


class MissingPrice(NotKnown):
    """The catalog has no price for something the rule knows how to price."""


@dataclass(frozen=True)
class Charge:
    item: str
    min_usd: float
    max_usd: float
    basis: str
    prices: tuple[UsedPrice, ...]


@dataclass(frozen=True)
class Usage:
    basis: str
    prices: tuple[UsedPrice, ...]


@dataclass(frozen=True)
class Missing:
    reason: str
    item: str | None = None


Outcome = Charge | Usage | Missing


@dataclass
class PricingContext:
    """The plan and catalog a rule reads, plus cached look-ups."""

    plan: PricedPlan
    catalog: Catalog
    _regions: dict[str, str | None] = field(default_factory=dict)

    def service(self, key: str) -> UsedPrice:
        """A catalog service price by key; `MissingPrice` naming the key when there is none."""
        try:
            found = self.catalog.service_price(key)
        except UnknownService:
            raise MissingPrice(f"the catalog has no price {key!r}") from None
        return used_price(key, found.price)

    def machine(self, cloud: str, machine_type: str) -> tuple[MachinePrice, UsedPrice]:
        found = self.catalog.machine(cloud, machine_type)
        if found is None:
            raise MissingPrice(f"{cloud} machine type {machine_type!r} is not in the catalog")
        return found, used_price(f"{cloud}/{machine_type}", found.price)

    def region(self, resource: PricedResource) -> str | None:
        if resource.urn not in self._regions:
            self._regions[resource.urn] = region_of(self.plan, resource)
        return self._regions[resource.urn]

    def with_region_caveat(self, resource: PricedResource, charge: Charge) -> Charge:
        """`charge` with the region caveat (if any) appended to its basis."""
        basis = charge.basis + self.region_caveat(resource, charge.prices)
        return Charge(charge.item, charge.min_usd, charge.max_usd, basis, charge.prices)

    def region_caveat(self, resource: PricedResource, prices: Sequence[UsedPrice]) -> str:
        """' (rates of <region>; it runs in <other>)' when the prices are for another region."""
        runs_in = self.region(resource)
        if runs_in is None:
            return ""
        others = sorted({p.region for p in prices if not _same_region(runs_in, p.region)})
        if not others:
            return ""
        return f" (rates of {', '.join(others)}; it runs in {runs_in})"


Rule = Callable[[PricedResource, PricingContext], Sequence[Outcome]]


def used_price(key: str, price: PriceRef) -> UsedPrice:
    return UsedPrice(
        key=key,
        usd=price.usd,
        unit=price.unit,
        region=price.region,
        source=price.source,
        date=price.dated.isoformat(),
        date_kind="as of" if price.as_of is not None else "retrieved",
        note=price.note,
    )


def hourly(item: str, price: UsedPrice, units_min: float, units_max: float, what: str) -> Charge:
    """`units` of something billed per hour, for a 730-hour month."""
    return Charge(
        item=item,
        min_usd=units_min * price.usd * HOURS_PER_MONTH,
        max_usd=units_max * price.usd * HOURS_PER_MONTH,
        basis=f"{span(units_min, units_max)} {what} x {price.rate} x {HOURS_PER_MONTH} h",
        prices=(price,),
    )


def span(low: float, high: float) -> str:
    """'3' or '1-4': a count that may differ between the minimum and the maximum."""
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


def _same_region(runs_in: str, priced_in: str) -> bool:
    # Azure accepts "East US" for "eastus"; a GCP zone (us-central1-a) is inside its region.
    runs_in, priced_in = (name.lower().replace(" ", "") for name in (runs_in, priced_in))
    return runs_in == priced_in or runs_in.startswith(f"{priced_in}-")
