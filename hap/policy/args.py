"""The argument objects the policy SDK builds from an engine request, built from a Plan.

Resource policies: `ResourceValidationArgs` over the resource's INPUTS (what the engine
sends to `Analyze` before creating it), wrapped in the SDK's unknown-checking proxy, with
its options and its provider. Stack policies: `PolicyResource`s over every resource's
OUTPUTS (what `AnalyzeStack` gets after the program finished), parents, dependencies and
property dependencies resolved to the `PolicyResource` objects, as the SDK links them.

Each policy gets freshly built objects, as with the SDK, so one policy cannot alter what
the next one sees: the proxy copies every container it hands out (as it is read, not all up
front: hap/policy/proxy.py). Only the conversion from plan values (the same for every policy)
is done once per resource.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)

from hap.plan import PlannedResource
from hap.policy.proxy import unknown_checking_proxy
from hap.policy.values import to_policy_props


def resource_options(resource: PlannedResource) -> PolicyResourceOptions:
    return PolicyResourceOptions(
        protect=resource.protect,
        ignore_changes=list(resource.ignore_changes),
        # The plan keeps a bool; the SDK says None when the program did not set it.
        delete_before_replace=True if resource.delete_before_replace else None,
        aliases=list(resource.aliases),
        # The engine sends zeros when the program set no custom timeouts.
        custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
        additional_secret_outputs=list(resource.additional_secret_outputs),
        parent=resource.parent,
    )


class ArgsBuilder:
    """Builds SDK argument objects for the resources of one plan."""

    def __init__(self, resources: Sequence[PlannedResource]) -> None:
        self._by_urn = {resource.urn: resource for resource in resources}
        self._inputs: dict[str, dict[str, Any]] = {}
        self._outputs: dict[str, dict[str, Any]] = {}

    def inputs(self, resource: PlannedResource) -> Any:
        if resource.urn not in self._inputs:
            self._inputs[resource.urn] = to_policy_props(resource.inputs)
        return unknown_checking_proxy(self._inputs[resource.urn])

    def outputs(self, resource: PlannedResource) -> Any:
        if resource.urn not in self._outputs:
            self._outputs[resource.urn] = to_policy_props(resource.outputs)
        return unknown_checking_proxy(self._outputs[resource.urn])

    def provider(self, resource: PlannedResource) -> PolicyProviderResource | None:
        provider = self._by_urn.get(resource.provider) if resource.provider else None
        if provider is None:
            return None
        return PolicyProviderResource(
            provider.type, self.inputs(provider), provider.urn, provider.name
        )

    def validation_args(
        self, resource: PlannedResource, config: Mapping[str, Any] | None
    ) -> ResourceValidationArgs:
        return ResourceValidationArgs(
            resource.type,
            self.inputs(resource),
            resource.urn,
            resource.name,
            resource_options(resource),
            self.provider(resource),
            _policy_config(config),
        )

    def stack_args(
        self, resources: Sequence[PlannedResource], config: Mapping[str, Any] | None
    ) -> StackValidationArgs:
        built: dict[str, PolicyResource] = {
            resource.urn: _StackResource(resource, self) for resource in resources
        }
        for resource in resources:
            linked = built[resource.urn]
            if resource.parent is not None and resource.parent in built:
                linked.parent = built[resource.parent]
            linked.dependencies.extend(built[urn] for urn in resource.dependencies if urn in built)
            for key, urns in resource.property_dependencies.items():
                # The engine leaves out properties without dependencies.
                if urns:
                    linked.property_dependencies[key] = [built[urn] for urn in urns if urn in built]
        return StackValidationArgs(list(built.values()), _policy_config(config))


class _StackResource(PolicyResource):
    """A stack policy's `PolicyResource` whose outputs, options and provider are built the
    first time the policy reads them, then kept: most stack policies look at a few types
    and never read the others' properties (at 5,000 resources, building all of them for
    each of the pack's stack policies was a quarter of the policy run). Each policy still
    gets objects of its own, as with the SDK."""

    def __init__(self, resource: PlannedResource, build: ArgsBuilder) -> None:
        # Not the SDK's __init__: it would set the three attributes built on first read.
        self.resource_type = resource.type
        self.urn = resource.urn
        self.name = resource.name
        self.parent = None
        self.dependencies = []
        self.property_dependencies = {}
        self._planned = resource
        self._build = build

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        if name == "props":
            value = self._build.outputs(self._planned)
        elif name == "opts":
            value = resource_options(self._planned)
        elif name == "provider":
            value = self._build.provider(self._planned)
        else:
            raise AttributeError(f"'PolicyResource' object has no attribute '{name}'")
        setattr(self, name, value)
        return value


def _policy_config(config: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The SDK hands a copy of a policy's properties, or nothing when they are empty."""
    return dict(config) if config else None
