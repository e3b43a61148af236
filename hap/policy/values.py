"""Plan values <-> the values a policy sees, as the engine and the policy SDK convert them.

To a policy (`to_policy_value`): the engine marshals properties with secrets kept and
unknowns kept (`KeepSecrets`, `KeepUnknowns`, `SkipInternalKeys`), and the SDK's
`deserialize_properties` then drops the secret wrapper (policies see plaintext: pulumi-policy
#241), leaves an unknown as the SDK's unknown sentinel string (the engine sends computed
values as strings, so the string sentinel), turns assets and archives into `pulumi.Asset` /
`pulumi.Archive` objects, and yields every number as a float (protobuf `Struct`). Keys
starting with `__` are the engine's own and never reach a policy.

The way back (a stack policy's resources as a plan, for the budget rule's cost estimate) is
the pack's own: `hybrid_policies.pricing`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE

from hap.plan import UNKNOWN, Secret


def to_policy_props(properties: Mapping[str, Any]) -> dict[str, Any]:
    """A resource's properties as a policy receives them (before the SDK's proxy)."""
    return {
        key: to_policy_value(value) for key, value in properties.items() if not key.startswith("__")
    }


def to_policy_value(value: Any) -> Any:
    # The commonest kinds first: every input and output of every resource comes through
    # here once per policy run.
    if isinstance(value, str | bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list | tuple):
        return [to_policy_value(item) for item in value]
    if isinstance(value, Secret):
        return to_policy_value(value.value)
    if value is UNKNOWN:
        return UNKNOWN_STRING_VALUE
    if isinstance(value, Mapping):
        asset = _asset(value)
        return asset if asset is not None else to_policy_props(value)
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
