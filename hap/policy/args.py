"""The argument objects the policy SDK builds from an engine request, built from a Plan.

Resource policies: `ResourceValidationArgs` over the resource's INPUTS (what the engine
sends to `Analyze` before creating it), wrapped in the SDK's unknown-checking proxy, with
its options and its provider. Stack policies: `PolicyResource`s over every resource's
OUTPUTS (what `AnalyzeStack` gets after the program finished), parents, dependencies and
property dependencies resolved to the `PolicyResource` objects, as the SDK links them.

Each policy gets freshly built objects, as with the SDK, so one policy cannot alter what
the next one sees: the proxy copies every container it hands out (as it is read, not all up
front: hap/policy/proxy.py), and options, providers, a stack resource's outputs and links
are built when the policy first reads them. Only the conversion from plan values (the same
for every policy) is done once per resource.
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
        return _ProviderResource(provider, self) if provider is not None else None

    def validation_args(
        self, resource: PlannedResource, config: Mapping[str, Any] | None
    ) -> ResourceValidationArgs:
        return _ResourceArgs(resource, self, _policy_config(config))

    def stack_args(
        self, resources: Sequence[PlannedResource], config: Mapping[str, Any] | None
    ) -> StackValidationArgs:
        built: dict[str, PolicyResource] = {}
        for resource in resources:
            built[resource.urn] = _StackResource(resource, self, built)
        return StackValidationArgs(list(built.values()), _policy_config(config))


class _StackResource(PolicyResource):
    """A stack policy's `PolicyResource` whose outputs, options, provider and links (parent,
    dependencies, property dependencies: to this policy's own objects, as the SDK links
    them) are built the first time the policy reads them, then kept: most stack policies
    look at a few types and never read the others' properties or links (at 5,000 resources,
    building the outputs, options and providers for each of the pack's stack policies was
    a quarter of the policy run; linking every resource for each of the seven, 0.2 s).
    Each policy still gets objects of its own, as with the SDK.

    Upstream-ready (pulumi-policy 1.21, `_PolicyAnalyzerServicer.AnalyzeStack`): the
    analyzer deserializes and proxies every resource's properties, options and provider
    again for each stack policy, and `Analyze` does the same for each resource policy;
    building them on first read, as here, gives each policy the same values and the same
    isolation, at the cost of what it reads."""

    def __init__(
        self, resource: PlannedResource, build: ArgsBuilder, stack: Mapping[str, PolicyResource]
    ) -> None:
        # Not the SDK's __init__: it would set the attributes built on first read.
        self.resource_type = resource.type
        self.urn = resource.urn
        self.name = resource.name
        self._planned = resource
        self._build = build
        self._stack = stack  # URN -> this policy's object, for the links

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        if name not in _BUILT_ON_READ:
            raise AttributeError(f"'PolicyResource' object has no attribute '{name}'")
        planned, stack = self._planned, self._stack
        value: Any
        if name == "props":
            value = self._build.outputs(planned)
        elif name == "opts":
            value = resource_options(planned)
        elif name == "provider":
            value = self._build.provider(planned)
        elif name == "parent":
            value = stack.get(planned.parent) if planned.parent is not None else None
        elif name == "dependencies":
            value = [stack[urn] for urn in planned.dependencies if urn in stack]
        else:  # property_dependencies; the engine leaves out properties without dependencies.
            value = {
                key: [stack[urn] for urn in urns if urn in stack]
                for key, urns in planned.property_dependencies.items()
                if urns
            }
        setattr(self, name, value)
        return value


class _ResourceArgs(ResourceValidationArgs):
    """A resource policy's arguments whose options and provider are built the first time
    the policy reads them, then kept: most rules read the properties only, and the pack's
    ~70 resource rules see ~17,000 resources between them at 5,000 resources."""

    def __init__(
        self, resource: PlannedResource, build: ArgsBuilder, config: Mapping[str, Any] | None
    ) -> None:
        props = build.inputs(resource)
        super().__init__(resource.type, props, resource.urn, resource.name, None, None, config)  # type: ignore[arg-type]
        del self.opts, self.provider  # built on first read
        self._planned = resource
        self._build = build

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        value: Any
        if name == "opts":
            value = resource_options(self._planned)
        elif name == "provider":
            value = self._build.provider(self._planned)
        else:
            raise AttributeError(f"'ResourceValidationArgs' object has no attribute '{name}'")
        setattr(self, name, value)
        return value


class _ProviderResource(PolicyProviderResource):
    """A resource's provider whose properties are built the first time they are read: a
    rule that reads the provider mostly wants its type or URN."""

    def __init__(self, provider: PlannedResource, build: ArgsBuilder) -> None:
        # Not the SDK's __init__: it would set the properties.
        self.resource_type = provider.type
        self.urn = provider.urn
        self.name = provider.name
        self._planned = provider
        self._build = build

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        if name != "props":
            raise AttributeError(f"'PolicyProviderResource' object has no attribute '{name}'")
        self.props = self._build.inputs(self._planned)
        return self.props


_BUILT_ON_READ = frozenset(
    {"props", "opts", "provider", "parent", "dependencies", "property_dependencies"}
)


def _policy_config(config: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The SDK hands a copy of a policy's properties, or nothing when they are empty."""
    return dict(config) if config else None
