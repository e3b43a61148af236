"""What the cost estimate reads: a plan's resources, as two protocols, and the two value markers.

The estimate prices whatever has this shape, so each reader keeps its own model: the preview
engine passes its `hap.plan.Plan` as is, and the policy pack builds one from a stack policy's
resources (`hybrid_policies.pricing`). Values inside `inputs` and `config` are plain
JSON-like values (numbers may be floats) plus two markers, defined here because the estimate
must recognise them whoever made the plan:

- `Secret(value)`: the value is a Pulumi secret; the estimate reads through it (a size is not
  sensitive);
- `UNKNOWN`: not known until the resource exists, as `pulumi preview` shows `[unknown]`; the
  estimate never prices from it.

Pure: no Pulumi import.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

UNKNOWN_TEXT: Final = "[unknown]"


@dataclass(frozen=True)
class Secret:
    """A value Pulumi treats as secret. `value` is the plaintext the program used."""

    value: Any

    def __repr__(self) -> str:
        # Never show the plaintext by accident (logs, assertion messages).
        return "Secret([secret])"


class Unknown(enum.Enum):
    """The type of `UNKNOWN`; an enum so the marker survives copy and pickle as itself."""

    UNKNOWN = UNKNOWN_TEXT

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown.UNKNOWN

# Pulumi's type token of the stack resource, and the prefix of every provider resource's.
ROOT_STACK_TYPE: Final = "pulumi:pulumi:Stack"
PROVIDER_TYPE_PREFIX: Final = "pulumi:providers:"


class PricedResource(Protocol):
    """One resource registration: what the engine receives for it."""

    @property
    def urn(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def custom(self) -> bool: ...
    @property
    def parent(self) -> str | None: ...
    @property
    def provider(self) -> str | None: ...
    @property
    def property_dependencies(self) -> Mapping[str, Sequence[str]]: ...
    @property
    def inputs(self) -> Mapping[str, Any]: ...
    # Read with `.get()` / a StackReference, not managed by the stack.
    @property
    def external(self) -> bool: ...
    # A multi-language component whose children nobody could see.
    @property
    def remote(self) -> bool: ...


def is_provider_resource(resource: PricedResource) -> bool:
    return resource.type.startswith(PROVIDER_TYPE_PREFIX)


def is_component_resource(resource: PricedResource) -> bool:
    """A component: neither a custom resource nor the stack itself."""
    return not resource.custom and resource.type != ROOT_STACK_TYPE


class PricedPlan(Protocol):
    """Every resource of one stack, looked up by URN and by type, and the stack's config."""

    @property
    def project(self) -> str: ...
    @property
    def stack(self) -> str: ...
    @property
    def config(self) -> Mapping[str, Any]: ...
    @property
    def resources(self) -> Sequence[PricedResource]: ...
    def resource(self, urn: str) -> PricedResource:
        """The resource with this URN; KeyError if there is none."""
        ...

    def of_type(self, type_: str) -> Sequence[PricedResource]: ...
