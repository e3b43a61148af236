"""Read priced settings out of a planned resource's inputs, refusing what a preview cannot know.

Inputs use the wire spelling (camelCase) and may hold `Secret` / `UNKNOWN` markers. A price
computed from an unknown value would be a guess, so every reader raises `NotKnown` instead;
the estimate turns it into an unpriced entry that says which property was missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hybrid_ai_shared.cost.model import UNKNOWN, PricedPlan, PricedResource, Secret


class NotKnown(Exception):
    """A property needed for a price is absent, unknown during the preview, or ill-typed."""


def value_at(inputs: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (`scalingConfig.minSize`), None when any step is absent.

    Secrets are unwrapped (a size is not sensitive); `UNKNOWN` raises `NotKnown`.
    """
    current: Any = inputs
    for key in path.split("."):
        if isinstance(current, Secret):
            current = current.value
        if current is UNKNOWN:
            raise NotKnown(f"{path} is unknown until the resource exists")
        if not isinstance(current, Mapping):
            return None
        current = current.get(key)
    if isinstance(current, Secret):
        current = current.value
    if current is UNKNOWN:
        raise NotKnown(f"{path} is unknown until the resource exists")
    return current


def text(inputs: Mapping[str, Any], path: str, default: str | None = None) -> str:
    value = value_at(inputs, path)
    if value is None:
        if default is None:
            raise NotKnown(f"{path} is not set")
        return default
    if not isinstance(value, str):
        raise NotKnown(f"{path} is not a string ({value!r})")
    return value


def optional_text(inputs: Mapping[str, Any], path: str) -> str | None:
    value = value_at(inputs, path)
    return value if isinstance(value, str) else None


def count(inputs: Mapping[str, Any], path: str, default: int | None = None) -> int:
    """A non-negative whole number (numbers may arrive as floats from the wire)."""
    value = value_at(inputs, path)
    if value is None:
        if default is None:
            raise NotKnown(f"{path} is not set")
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise NotKnown(f"{path} is not a non-negative number ({value!r})")
    if value != int(value):
        raise NotKnown(f"{path} is not a whole number ({value!r})")
    return int(value)


def flag(inputs: Mapping[str, Any], path: str) -> bool:
    """A boolean setting; absent means False (every priced flag defaults to off)."""
    return value_at(inputs, path) is True


def items(inputs: Mapping[str, Any], path: str) -> Sequence[Any]:
    value = value_at(inputs, path)
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise NotKnown(f"{path} is not a list ({value!r})")
    for item in value:
        if item is UNKNOWN:
            raise NotKnown(f"{path} holds a value unknown until the resource exists")
    return tuple(item.value if isinstance(item, Secret) else item for item in value)


def dependency(plan: PricedPlan, resource: PricedResource, prop: str) -> PricedResource | None:
    """The resource a property refers to (through the engine's property dependencies)."""
    for urn in resource.property_dependencies.get(prop, ()):
        try:
            return plan.resource(urn)
        except KeyError:
            continue
    return None


def region_of(plan: PricedPlan, resource: PricedResource) -> str | None:
    """Where a resource runs: its own `region`/`location` input, else that of a resource it
    refers to (an AKS agent pool's cluster), else its provider's.

    Used only to warn when a price is for another region, so None (not known) is fine.
    """
    found = _own_region(resource)
    for prop in sorted(resource.property_dependencies):
        if found is not None:
            break
        target = dependency(plan, resource, prop)
        found = _own_region(target) if target is not None else None
    if found is None:
        provider = _provider_of(plan, resource)
        found = _own_region(provider) if provider is not None else None
    return found


def _own_region(resource: PricedResource) -> str | None:
    for key in ("region", "location"):
        try:
            found = optional_text(resource.inputs, key)
        except NotKnown:
            found = None
        if found:
            return found
    return None


def _provider_of(plan: PricedPlan, resource: PricedResource) -> PricedResource | None:
    if resource.provider is None:
        return None
    # The plan stores the provider's URN; the engine's wire form is "<urn>::<id>".
    for candidate in (resource.provider, resource.provider.rsplit("::", 1)[0]):
        try:
            return plan.resource(candidate)
        except KeyError:
            continue
    return None
