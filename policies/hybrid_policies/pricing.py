"""The budget rule's estimator: the project's cost estimate over a stack policy's resources.

The estimate (`hybrid_ai_shared.cost`) prices anything shaped like a plan
(`PricedPlan`); a stack policy has `PolicyResource`s, so `StackPlan.of` reads them into that
shape here, with the pack's own code. The pack's one dependency outside the policy SDK is
`hybrid_ai_shared`, the neutral package of the catalog and the estimate, declared in
`requirements.txt`: a published pack installs it and needs nothing of this repository (see
policies/README.md). The import is lazy: the rest of the pack works without it, and the
budget rule then says it cannot run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import _DictProxy, _ListProxy  # as the SDK's own deserializer

from hybrid_policies.common.cost import EstimatorUnavailable, MonthlyCostEstimator
from hybrid_policies.props import UNKNOWN_SENTINELS

# Floats above 2**53 are not exact integers: leave them floats.
_MAX_EXACT_INT = 2**53


def project_estimator() -> MonthlyCostEstimator:
    """Estimated USD per month with every autoscaled pool at its maximum: the most the
    environment can cost, which is what a budget must cover."""

    def estimate_monthly(resources: Sequence[PolicyResource]) -> float:
        try:
            from hybrid_ai_shared.cost import estimate
        except ImportError as error:
            raise EstimatorUnavailable(
                f"the cost estimate (hybrid_ai_shared, see the pack's requirements.txt) "
                f"is not installed: {error}"
            ) from error
        return estimate(StackPlan.of(resources)).monthly_max_usd

    return estimate_monthly


@dataclass(frozen=True)
class StackResource:
    """One `PolicyResource` as the estimate reads it (`hybrid_ai_shared.cost.PricedResource`)."""

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    provider: str | None
    property_dependencies: Mapping[str, tuple[str, ...]]
    source: PolicyResource = field(repr=False, compare=False)
    # A stack policy sees what the stack manages: nothing read, nothing left unexpanded.
    external: bool = False
    remote: bool = False

    @cached_property
    def inputs(self) -> Mapping[str, Any]:
        """The resource's outputs as plain data, read when the estimate first asks: it
        reads the properties of the few hundred resources it prices, and converting all
        5,000 of a large stack's up front was nine tenths of the budget rule's time."""
        from hybrid_ai_shared.cost.model import UNKNOWN

        converted: Mapping[str, Any] = plain(self.source.props, UNKNOWN)
        return converted


@dataclass(frozen=True)
class StackPlan:
    """A stack policy's resources as a plan (`hybrid_ai_shared.cost.PricedPlan`)."""

    resources: tuple[StackResource, ...]
    project: str = ""
    stack: str = ""
    # A stack policy gets no stack config, so what the definition alone prices (the private
    # cloud's internal rates) stays unpriced here.
    config: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, resources: Sequence[PolicyResource]) -> StackPlan:
        """A stack policy sees outputs only, so they serve as inputs too (for a custom
        resource they hold its inputs plus what the provider computed). Custom resources are
        the ones with a provider, as in the engine's state; providers are custom by
        definition. Called once the estimate has imported (`project_estimator`)."""
        from hybrid_ai_shared.cost.model import PROVIDER_TYPE_PREFIX

        read = [
            StackResource(
                urn=resource.urn,
                type=resource.resource_type,
                name=resource.name,
                custom=resource.provider is not None
                or resource.resource_type.startswith(PROVIDER_TYPE_PREFIX),
                parent=resource.parent.urn if resource.parent is not None else None,
                provider=resource.provider.urn if resource.provider is not None else None,
                property_dependencies={
                    key: tuple(dependency.urn for dependency in dependencies)
                    for key, dependencies in resource.property_dependencies.items()
                },
                source=resource,
            )
            for resource in resources
        ]
        return cls(tuple(sorted(read, key=lambda r: r.urn)))

    @cached_property
    def _by_urn(self) -> dict[str, StackResource]:
        return {resource.urn: resource for resource in self.resources}

    def resource(self, urn: str) -> StackResource:
        try:
            return self._by_urn[urn]
        except KeyError:
            raise KeyError(f"no resource with URN {urn!r} in the stack") from None

    def of_type(self, type_: str) -> tuple[StackResource, ...]:
        return tuple(resource for resource in self.resources if resource.type == type_)


def plain(value: Any, unknown: object) -> Any:
    """A policy's value as plain data: proxies become dicts and lists, the SDK's unknown
    sentinels `unknown`, whole floats `int` (the wire makes every number a float)."""
    if isinstance(value, str):
        return unknown if value in UNKNOWN_SENTINELS else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _MAX_EXACT_INT else value
    # Read a policy proxy through its target: reading an unknown through it would raise.
    if isinstance(value, _DictProxy | _ListProxy):
        return plain(value["__target"], unknown)
    if isinstance(value, Mapping):
        return {str(key): plain(item, unknown) for key, item in value.items()}
    if isinstance(value, Sequence):
        return [plain(item, unknown) for item in value]
    return value
