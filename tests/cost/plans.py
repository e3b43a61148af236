"""Small plans built by hand: the resources a test needs, in the engine's URN format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hap.plan import ROOT_STACK_TYPE, Plan, PlannedResource

PROJECT = "hybrid-ai-platform"


@dataclass
class PlanBuilder:
    stack: str = "test"
    _resources: dict[str, PlannedResource] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.stack_urn = self._urn(ROOT_STACK_TYPE, f"{PROJECT}-{self.stack}")
        self._resources[self.stack_urn] = _resource(
            self.stack_urn, ROOT_STACK_TYPE, f"{PROJECT}-{self.stack}", False, None, {}, {}, None
        )

    def component(self, type_: str, name: str, parent: str | None = None) -> str:
        return self._add(type_, name, {}, parent, custom=False, refs={}, provider=None)

    def provider(self, type_: str, name: str, inputs: Mapping[str, Any]) -> str:
        return self._add(type_, name, inputs, None, custom=True, refs={}, provider=None)

    def resource(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any] | None = None,
        *,
        parent: str | None = None,
        refs: Mapping[str, str] | None = None,
        provider: str | None = None,
    ) -> str:
        """A custom resource; `refs` maps an input property to the URN it refers to."""
        return self._add(type_, name, inputs or {}, parent, True, refs or {}, provider)

    def build(self) -> Plan:
        return Plan(
            project=PROJECT,
            stack=self.stack,
            resources=tuple(sorted(self._resources.values(), key=lambda r: r.urn)),
            outputs={},
            config={},
        )

    def _add(
        self,
        type_: str,
        name: str,
        inputs: Mapping[str, Any],
        parent: str | None,
        custom: bool,
        refs: Mapping[str, str],
        provider: str | None,
    ) -> str:
        parent_urn = parent or self.stack_urn
        chain = _type_chain(self._resources[parent_urn])
        qualified = f"{chain}${type_}" if chain else type_
        urn = self._urn(qualified, name)
        self._resources[urn] = _resource(
            urn, type_, name, custom, parent_urn, inputs, refs, provider
        )
        return urn

    def _urn(self, qualified: str, name: str) -> str:
        return f"urn:pulumi:{self.stack}::{PROJECT}::{qualified}::{name}"


def _type_chain(parent: PlannedResource) -> str:
    if parent.type == ROOT_STACK_TYPE:
        return ""
    return parent.urn.split("::")[2]


def _resource(
    urn: str,
    type_: str,
    name: str,
    custom: bool,
    parent: str | None,
    inputs: Mapping[str, Any],
    refs: Mapping[str, str],
    provider: str | None,
) -> PlannedResource:
    return PlannedResource(
        urn=urn,
        type=type_,
        name=name,
        custom=custom,
        parent=parent,
        dependencies=tuple(sorted(set(refs.values()))),
        property_dependencies={prop: (target,) for prop, target in refs.items()},
        provider=provider,
        protect=False,
        retain_on_delete=False,
        aliases=(),
        inputs=dict(inputs),
        outputs=dict(inputs),
    )
