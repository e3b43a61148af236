"""Plan values <-> the values a policy sees, as the engine and the policy SDK convert them.

To a policy (`to_policy_value`): the engine marshals properties with secrets kept and
unknowns kept (`KeepSecrets`, `KeepUnknowns`, `SkipInternalKeys`), and the SDK's
`deserialize_properties` then drops the secret wrapper (policies see plaintext: pulumi-policy
#241), leaves an unknown as the SDK's unknown sentinel string (the engine sends computed
values as strings, so the string sentinel), turns assets and archives into `pulumi.Asset` /
`pulumi.Archive` objects, and yields every number as a float (protobuf `Struct`). Keys
starting with `__` are the engine's own and never reach a policy.

Back to plan values (`from_policy_value`), for code that reads a policy's resources with
plan-based tools (the cost estimate): proxies become dicts and lists, sentinels `UNKNOWN`,
whole floats `int`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pulumi
from pulumi_policy import PolicyResource
from pulumi_policy.proxy import (  # the SDK's own deserializer uses the proxy classes too
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    _DictProxy,
    _ListProxy,
)

from hap.plan import PROVIDER_TYPE_PREFIX, UNKNOWN, Plan, PlannedResource, Secret

_SENTINELS = frozenset({
    UNKNOWN_ARCHIVE_VALUE, UNKNOWN_ARRAY_VALUE, UNKNOWN_ASSET_VALUE, UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE, UNKNOWN_OBJECT_VALUE, UNKNOWN_STRING_VALUE,
})  # fmt: skip
_MAX_EXACT_INT = 2**53


def to_policy_props(properties: Mapping[str, Any]) -> dict[str, Any]:
    """A resource's properties as a policy receives them (before the SDK's proxy)."""
    return {
        key: to_policy_value(value) for key, value in properties.items() if not key.startswith("__")
    }


def to_policy_value(value: Any) -> Any:
    if isinstance(value, Secret):
        return to_policy_value(value.value)
    if value is UNKNOWN:
        return UNKNOWN_STRING_VALUE
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        asset = _asset(value)
        return asset if asset is not None else to_policy_props(value)
    if isinstance(value, list | tuple):
        return [to_policy_value(item) for item in value]
    return value


def _asset(value: Mapping[str, Any]) -> pulumi.Asset | pulumi.Archive | None:
    """`{"fn::fileAsset": path}` and friends (the plan's spelling) as SDK objects."""
    if len(value) != 1:
        return None
    ((key, argument),) = value.items()
    if not isinstance(key, str) or not key.startswith("fn::"):
        return None
    if key == "fn::assetArchive" and isinstance(argument, Mapping):
        members = {name: to_policy_value(item) for name, item in argument.items()}
        return pulumi.AssetArchive(
            {
                name: item
                for name, item in members.items()
                if isinstance(item, pulumi.Asset | pulumi.Archive)
            }
        )
    if not isinstance(argument, str):
        return None
    kinds: dict[str, Callable[[str], pulumi.Asset | pulumi.Archive]] = {
        "fn::fileAsset": pulumi.FileAsset,
        "fn::stringAsset": pulumi.StringAsset,
        "fn::remoteAsset": pulumi.RemoteAsset,
        "fn::fileArchive": pulumi.FileArchive,
        "fn::remoteArchive": pulumi.RemoteArchive,
    }
    kind = kinds.get(key)
    return kind(argument) if kind is not None else None


def from_policy_value(value: Any) -> Any:
    if isinstance(value, str):
        return UNKNOWN if value in _SENTINELS else value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _MAX_EXACT_INT else value
    # Read a policy proxy through its target: reading an unknown through it would raise.
    if isinstance(value, _DictProxy | _ListProxy):
        return from_policy_value(value["__target"])
    if isinstance(value, Mapping):
        return {str(key): from_policy_value(item) for key, item in value.items()}
    if isinstance(value, Sequence):
        return [from_policy_value(item) for item in value]
    return value


def plan_from_policy_resources(resources: Sequence[PolicyResource]) -> Plan:
    """A Plan of a stack policy's resources, for plan-based tools (the cost estimate).

    A stack policy sees outputs only, so they serve as inputs too (for a custom resource
    they hold its inputs plus what the provider computed). Custom resources are the ones
    with a provider, as in the engine's state; providers are custom by definition.
    """
    planned = []
    for resource in resources:
        properties = from_policy_value(resource.props)
        planned.append(
            PlannedResource(
                urn=resource.urn,
                type=resource.resource_type,
                name=resource.name,
                custom=resource.provider is not None
                or resource.resource_type.startswith(PROVIDER_TYPE_PREFIX),
                parent=resource.parent.urn if resource.parent is not None else None,
                dependencies=tuple(sorted(dependency.urn for dependency in resource.dependencies)),
                property_dependencies={
                    key: tuple(dependency.urn for dependency in dependencies)
                    for key, dependencies in resource.property_dependencies.items()
                },
                provider=resource.provider.urn if resource.provider is not None else None,
                protect=resource.opts.protect,
                retain_on_delete=False,
                aliases=tuple(resource.opts.aliases),
                inputs=properties,
                outputs=properties,
            )
        )
    return Plan(
        project="",
        stack="",
        resources=tuple(sorted(planned, key=lambda r: r.urn)),
        outputs={},
        config={},
    )
