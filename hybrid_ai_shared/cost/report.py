"""The cost report: what `estimate` returns, `hap cost` prints and `--json` writes.

All money is USD per month of 730 hours (8,760 hours a year / 12), the convention of the
AWS, Azure and GCP pricing calculators. Pure; no pulumi import.

JSON form (`CostReport.to_json`)::

    {
      "stack": "<stack>", "project": "<project>",
      "hoursPerMonth": 730,
      "currency": "USD",
      "monthlyMinUsd": 123.4,          # everything that scales at its minimum
      "monthlyMaxUsd": 567.8,          # everything that scales at its maximum
      "lines": [                       # one per priced item, sorted by urn then item
        {"urn", "type", "name", "item", "componentUrn" | null,
         "monthlyMinUsd", "monthlyMaxUsd", "basis",
         "prices": [{"key", "usd", "unit", "region", "source", "date", "dateKind", "note"}]}
      ],
      "components": [                  # every component, sorted by urn
        {"urn", "type", "name", "parentComponentUrn" | null,
         "monthlyMinUsd", "monthlyMaxUsd", "unpriced": <count in its subtree>}
      ],
      "usageBased": [{"urn", "type", "name", "componentUrn", "basis", "prices": [...]}],
      "unpriced": [{"urn", "type", "name", "componentUrn", "reason"}],
      "unpricedCount": <len(unpriced)>,  # the sums leave these out: a floor when > 0
      "noCharge": [{"urn", "type", "name", "componentUrn", "reason"}],  # free, and why
      "notes": ["..."]
    }

Amounts in JSON are rounded to cents; the Python objects keep full precision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from hybrid_ai_shared.schedule import HOURS_PER_MONTH

DateKind = Literal["as of", "retrieved"]


@dataclass(frozen=True)
class UsedPrice:
    """One catalog price a figure was computed from, with where and when it was read."""

    key: str  # the catalog service key, or "<cloud>/<machine type>"
    usd: float
    unit: str
    region: str
    source: str
    date: str  # ISO date
    # "as of": the date the page states; "retrieved": the day it was read (it states none).
    date_kind: DateKind
    note: str | None = None

    @property
    def rate(self) -> str:
        """'$27.44705/instance-hour': the catalog's figure, never rounded."""
        return f"${exact(self.usd)}/{self.unit}"

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "usd": self.usd,
            "unit": self.unit,
            "region": self.region,
            "source": self.source,
            "date": self.date,
            "dateKind": self.date_kind,
            "note": self.note,
        }


@dataclass(frozen=True)
class CostLine:
    """A priced part of one resource (a resource may have several: control plane, pools)."""

    urn: str
    type: str
    name: str
    item: str  # what is priced, e.g. "control plane", "pool system (4x Standard_D8s_v5)"
    component_urn: str | None  # the nearest enclosing component, None for top-level resources
    monthly_min_usd: float
    monthly_max_usd: float
    basis: str  # how the figures were computed, in words and numbers
    prices: tuple[UsedPrice, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "item": self.item,
            "componentUrn": self.component_urn,
            "monthlyMinUsd": _cents(self.monthly_min_usd),
            "monthlyMaxUsd": _cents(self.monthly_max_usd),
            "basis": self.basis,
            "prices": [price.to_json() for price in self.prices],
        }


@dataclass(frozen=True)
class UsageCharge:
    """A resource billed only by use (GB ingested, requests): its rate, not in the totals."""

    urn: str
    type: str
    name: str
    component_urn: str | None
    basis: str
    prices: tuple[UsedPrice, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "componentUrn": self.component_urn,
            "basis": self.basis,
            "prices": [price.to_json() for price in self.prices],
        }


@dataclass(frozen=True)
class _ListedResource:
    """A resource the report names with a reason instead of a price."""

    urn: str
    type: str
    name: str
    component_urn: str | None
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "componentUrn": self.component_urn,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Unpriced(_ListedResource):
    """A resource (or part of one) that costs money but could not be priced, and why."""


@dataclass(frozen=True)
class NoCharge(_ListedResource):
    """A resource with no charge of its own (its cost is elsewhere, or there is none), and why.

    Listed so every resource of the plan appears in the report: free, priced or unpriced.
    """


@dataclass(frozen=True)
class ComponentCost:
    """The sum over a component's whole subtree (nested components included)."""

    urn: str
    type: str
    name: str
    parent_component_urn: str | None  # None: a top-level component
    monthly_min_usd: float
    monthly_max_usd: float
    unpriced: int  # unpriced entries in the subtree: the sum is a floor when > 0

    def to_json(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "parentComponentUrn": self.parent_component_urn,
            "monthlyMinUsd": _cents(self.monthly_min_usd),
            "monthlyMaxUsd": _cents(self.monthly_max_usd),
            "unpriced": self.unpriced,
        }


@dataclass(frozen=True)
class CostReport:
    project: str
    stack: str
    lines: tuple[CostLine, ...]
    components: tuple[ComponentCost, ...]
    usage_based: tuple[UsageCharge, ...]
    unpriced: tuple[Unpriced, ...]
    notes: tuple[str, ...]
    hours_per_month: int = HOURS_PER_MONTH
    no_charge: tuple[NoCharge, ...] = ()

    @property
    def monthly_min_usd(self) -> float:
        """What the stack costs at rest: every pool at its minimum node count."""
        return sum(line.monthly_min_usd for line in self.lines)

    @property
    def monthly_max_usd(self) -> float:
        """What the stack may cost with every pool scaled out: the autoscalers can get there
        without another review or deploy, so this is the figure a budget must cover."""
        return sum(line.monthly_max_usd for line in self.lines)

    def component(self, urn: str) -> ComponentCost:
        for component in self.components:
            if component.urn == urn:
                return component
        raise KeyError(f"no component with URN {urn!r} in the cost report")

    def prices(self) -> tuple[UsedPrice, ...]:
        """Every distinct price the report used (lines and usage rates), sorted by key."""
        entries: tuple[CostLine | UsageCharge, ...] = (*self.lines, *self.usage_based)
        used = {price.key: price for entry in entries for price in entry.prices}
        return tuple(used[key] for key in sorted(used))

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "stack": self.stack,
            "hoursPerMonth": self.hours_per_month,
            "currency": "USD",
            "monthlyMinUsd": _cents(self.monthly_min_usd),
            "monthlyMaxUsd": _cents(self.monthly_max_usd),
            "lines": [line.to_json() for line in self.lines],
            "components": [component.to_json() for component in self.components],
            "usageBased": [charge.to_json() for charge in self.usage_based],
            "unpriced": [entry.to_json() for entry in self.unpriced],
            # Beside the sums: they are a floor whenever this is above zero.
            "unpricedCount": len(self.unpriced),
            "noCharge": [entry.to_json() for entry in self.no_charge],
            "notes": list(self.notes),
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n"


def exact(amount: float) -> str:
    """A catalog price as written (27.44705, 0.0000166667), without exponent or padding."""
    return f"{amount:.10f}".rstrip("0").rstrip(".")


def _cents(amount: float) -> float:
    return round(amount, 2)
