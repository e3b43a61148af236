"""The plan: what a Pulumi program would register, as plain frozen data.

A `Plan` is what `hap.engine.run_program` returns and what every other part of the project
(policies, cost, rendering, tests) reads. It holds no Pulumi objects, so this module does
not import pulumi.

Values inside `inputs`, `outputs` and `config` are plain JSON-like Python values (str, int,
float, bool, None, list, dict) plus two markers:

- `Secret(value)`: the value is a Pulumi secret (a `secure:` config value, an
  `Output.secret`, an `additional_secret_outputs` property, ...).
- `UNKNOWN`: the value is not known during a preview (it depends on an output the fakes
  did not provide), exactly like `pulumi preview` shows `[unknown]`.

Both markers are `hybrid_ai_shared.cost.model`'s, so the cost estimate (shared with the
policy pack) recognises them; a `Plan` is a `PricedPlan` as it is.

Numbers arrive from the Pulumi wire format as floats; whole numbers are stored as `int` so
that `3` reads as `3`, not `3.0`. Assets and archives use Pulumi YAML's spelling:
`{"fn::fileArchive": "./path"}`, `{"fn::stringAsset": "text"}`, `{"fn::assetArchive": {...}}`.
A resource reference passed as an input is its URN.

JSON form (`Plan.to_json`, written by `hap preview --json FILE`)::

    {
      "project": "<project name>",
      "stack": "<stack name>",
      "resources": [                     # sorted by urn, the root stack included
        {
          "urn": "urn:pulumi:<stack>::<project>::<qualified type>::<name>",
          "type": "<type token>",
          "name": "<logical name>",
          "parent": "<parent urn>" | null,
          "dependencies": ["<urn>", ...],  # sorted
          "provider": "<provider urn>" | null,
          "protect": true | false,
          "inputs": {...},
          "notExpanded": true            # only on multi-language components (`remote`)
        }
      ],
      "outputs": {...},                  # the stack's exports
      "approximations": [                # what the preview made up; [] when nothing
        {"subject": "<urn or option>", "message": "<what, and how to supply it>"}
      ]
    }

Secrets are replaced by the string "[secret]" and unknowns by "[unknown]" wherever they
occur. Keys are sorted and the text is `json.dumps(indent=2, sort_keys=True)` plus a final
newline, so two previews of the same stack are byte-identical.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Final

from hap.approximations import Approximation
from hap.json_text import indented_json

# Re-exported: the engine's modules take it from here with the rest of the plan's names.
from hybrid_ai_shared.cost.model import PROVIDER_TYPE_PREFIX as PROVIDER_TYPE_PREFIX
from hybrid_ai_shared.cost.model import (
    ROOT_STACK_TYPE,
    UNKNOWN,
    UNKNOWN_TEXT,
    Secret,
    is_component_resource,
    is_provider_resource,
)

SECRET_TEXT: Final = "[secret]"


@dataclass(frozen=True)
class PlannedResource:
    """One resource registration, as the Pulumi engine would receive it.

    `urn` is the real engine URN (full parent type chain). `parent`, `dependencies`,
    `property_dependencies` and `provider` are URNs too. `outputs` are the fake's outputs
    merged over the inputs for custom resources, the registered outputs for components and
    the exports for the root stack.
    """

    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    dependencies: tuple[str, ...]
    property_dependencies: Mapping[str, tuple[str, ...]]
    provider: str | None
    protect: bool
    retain_on_delete: bool
    aliases: tuple[str, ...]
    inputs: Mapping[str, Any]
    outputs: Mapping[str, Any]
    id: str | None = None
    delete_before_replace: bool = False
    ignore_changes: tuple[str, ...] = ()
    additional_secret_outputs: tuple[str, ...] = ()
    # True for resources read with `.get()` / `StackReference` (ReadResource), not managed.
    external: bool = False
    # Where the program created it: `path:line`, the path relative to the project directory.
    source_position: str | None = None
    # A multi-language component (`remote=True`: awsx, pulumi-eks, ...): its provider plugin
    # would build its children and outputs; a credential-free preview cannot run it, so
    # neither is in the plan. Policies and cost say they could not see inside it.
    remote: bool = False

    @property
    def is_provider(self) -> bool:
        return is_provider_resource(self)

    @property
    def is_component(self) -> bool:
        return is_component_resource(self)


@dataclass(frozen=True)
class InvokeCall:
    """One provider function call (`aws.get_caller_identity()`, ...) and what the fake returned."""

    token: str
    args: Mapping[str, Any]
    result: Mapping[str, Any]
    provider: str | None = None
    # What the result was made from: "exact" (computed locally as the provider does),
    # "modelled" (a hand-written fake), the SDK result class it was derived from, or None
    # (nothing: the result is empty).
    made_from: str | None = None


@dataclass(frozen=True)
class Plan:
    """Everything a preview of one stack would register. `resources` is sorted by URN."""

    project: str
    stack: str
    resources: tuple[PlannedResource, ...]
    outputs: Mapping[str, Any]
    config: Mapping[str, Any]
    invokes: tuple[InvokeCall, ...] = field(default=())
    # What the preview had to make up (hap.approximations): never silent.
    approximations: tuple[Approximation, ...] = field(default=())

    @cached_property
    def _by_urn(self) -> dict[str, PlannedResource]:
        return {resource.urn: resource for resource in self.resources}

    @cached_property
    def _children_by_parent(self) -> dict[str, tuple[PlannedResource, ...]]:
        grouped: dict[str, list[PlannedResource]] = {}
        for resource in self.resources:
            if resource.parent is not None:
                grouped.setdefault(resource.parent, []).append(resource)
        return {parent: tuple(children) for parent, children in grouped.items()}

    @property
    def stack_urn(self) -> str:
        return engine_urn(
            self.stack, self.project, None, ROOT_STACK_TYPE, f"{self.project}-{self.stack}"
        )

    def resource(self, urn: str) -> PlannedResource:
        """The resource with this URN; KeyError naming the URN if there is none."""
        try:
            return self._by_urn[urn]
        except KeyError:
            raise KeyError(f"no resource with URN {urn!r} in the plan") from None

    def children(self, urn: str) -> tuple[PlannedResource, ...]:
        """Direct children of `urn`, sorted by URN."""
        return self._children_by_parent.get(urn, ())

    @property
    def not_expanded(self) -> tuple[PlannedResource, ...]:
        """Multi-language components the preview could not expand (see `remote`)."""
        return tuple(resource for resource in self.resources if resource.remote)

    def of_type(self, type_: str) -> tuple[PlannedResource, ...]:
        """Every resource of this type token, sorted by URN."""
        return tuple(resource for resource in self.resources if resource.type == type_)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (see the module docstring)."""
        return {
            "project": self.project,
            "stack": self.stack,
            "resources": [
                {
                    "urn": resource.urn,
                    "type": resource.type,
                    "name": resource.name,
                    "parent": resource.parent,
                    "dependencies": sorted(resource.dependencies),
                    "provider": resource.provider,
                    "protect": resource.protect,
                    "inputs": to_json_value(resource.inputs),
                    **({"notExpanded": True} if resource.remote else {}),
                }
                for resource in sorted(self.resources, key=lambda r: r.urn)
            ],
            "outputs": to_json_value(self.outputs),
            "approximations": [item.to_json() for item in self.approximations],
        }

    def to_json_text(self) -> str:
        """`to_json()` serialised: stable bytes for the same plan."""
        return indented_json(self.to_json()) + "\n"


def engine_urn(stack: str, project: str, parent_urn: str | None, type_: str, name: str) -> str:
    """The URN the Pulumi engine gives a resource: the parent's qualified type chain + `$` + type.

    The root stack is left out of the chain, as the engine does.
    """
    qualified = type_
    if parent_urn:
        parent_type = qualified_type(parent_urn)
        if parent_type != ROOT_STACK_TYPE:
            qualified = f"{parent_type}${type_}"
    return f"urn:pulumi:{stack}::{project}::{qualified}::{name}"


def qualified_type(urn: str) -> str:
    """`urn:pulumi:s::p::a:b:C$x:y:Z::name` -> `a:b:C$x:y:Z` (names may contain `::`)."""
    return urn.split("::", 3)[2]


def urn_name(urn: str) -> str:
    return urn.split("::", 3)[3]


def to_json_value(value: Any) -> Any:
    """Replace markers by their display text, recursively; everything else stays as is."""
    if isinstance(value, Secret):
        return SECRET_TEXT
    if value is UNKNOWN:
        return UNKNOWN_TEXT
    if isinstance(value, Mapping):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(item) for item in value]
    return value


def reveal(value: Any) -> Any:
    """The value with every `Secret` unwrapped (unknowns stay `UNKNOWN`). For tests and fakes."""
    if isinstance(value, Secret):
        return reveal(value.value)
    if isinstance(value, Mapping):
        return {key: reveal(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [reveal(item) for item in value]
    return value


def contains_secret(value: Any) -> bool:
    """True if a `Secret` occurs anywhere inside `value`."""
    if isinstance(value, Secret):
        return True
    if isinstance(value, Mapping):
        return any(contains_secret(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_secret(item) for item in value)
    return False
