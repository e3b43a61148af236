"""Fakes derived from the installed provider SDKs' own types, for whatever has no
hand-written fake.

A provider function (`aws.ec2.get_vpc`) declares its result type (`GetVpcResult`), a
resource class its output properties (`Vpc.cidr_block: Output[str]`): names on the wire,
Python types, nested output types. From those this module builds a complete, typed,
deterministic result, so a program that reads `vpc.id` or `subnets.ids[0]` gets a
plausible value of the right shape instead of a null that crashes it (or, worse, vanishes
from the plan). Values the caller passed are echoed back where the result has a field of
that name (a looked-up `id`, `name`, `tags`).

Every use is reported by the monitor as an approximation: these values are invented.

The SDK module of a token is imported on demand (providers load their submodules lazily;
the program has usually imported it already). Nothing here walks a whole provider package.
"""

from __future__ import annotations

import collections.abc
import functools
import importlib
import inspect
import re
import types
import typing
from collections.abc import Mapping
from typing import Any

from hap.fakes import ids
from hap.fakes.registry import FakeEnv

Inputs = Mapping[str, Any]
# AWS id prefixes by what they identify (the rest: the noun itself, `<noun>-<hex>`).
_AWS_ID_PREFIXES = {
    "vpc": "vpc",
    "subnet": "subnet",
    "security-group": "sg",
    "ami": "ami",
    "image": "ami",
    "instance": "i",
    "internet-gateway": "igw",
    "nat-gateway": "nat",
    "route-table": "rtb",
    "network-interface": "eni",
    "volume": "vol",
    "snapshot": "snap",
    "key-pair": "key",
    "prefix-list": "pl",
    "transit-gateway": "tgw",
}
# Nested results deeper than this are left empty: output types can be recursive, and
# Azure's nest dozens deep (a virtual network's subnets' IP configurations' ...).
_MAX_DEPTH = 3


# Where each cloud's resources are when nothing says (the providers' documented defaults
# are none: these are the regions hap's own fakes use).
_DEFAULT_LOCATIONS = {
    "aws": ("region", "aws:region", "us-east-1"),
    "azure-native": ("location", "azure-native:location", "eastus"),
    "gcp": ("region", "gcp:region", "us-central1"),
    "openstack": ("region", "openstack:region", "RegionOne"),
}


def location_for(token: str, inputs: Inputs, env: FakeEnv) -> str:
    """The region (location) a token's values belong to: input, provider, config, default."""
    key, config_key, default = _DEFAULT_LOCATIONS.get(
        token.split(":", 1)[0], ("region", "", "region-1")
    )
    return env.setting(inputs, key, config_key, default)


def project_for(inputs: Inputs, env: FakeEnv) -> str | None:
    """The GCP project, where one is set; else None (a derived `project` field is then a
    plain invented name)."""
    project = env.setting(inputs, "project", "gcp:project", "")
    return project or None


@functools.cache
def result_type(token: str) -> type | None:
    """The SDK's result class of provider function `token`, or None when not found.

    `aws:ec2/getVpc:getVpc` -> `pulumi_aws.ec2.GetVpcResult`;
    `azure-native:network:getVirtualNetwork` -> `pulumi_azure_native.network.
    GetVirtualNetworkResult`.
    """
    found = _sdk_member(token, lambda member: member[:1].upper() + member[1:] + "Result")
    return found if isinstance(found, type) else None


@functools.cache
def resource_class(type_: str) -> type | None:
    """The SDK class of resource type `type_` (`aws:ec2/vpc:Vpc` -> `pulumi_aws.ec2.Vpc`)."""
    found = _sdk_member(type_, lambda member: member)
    return found if isinstance(found, type) else None


def _sdk_member(token: str, attribute: Any) -> Any:
    parts = token.split(":")
    if len(parts) != 3:
        return None
    package, module, member = parts
    module_path = module.split("/")
    # `ec2/getVpc`: the last segment repeats the member's name; `index` is the root module.
    if len(module_path) > 1 and module_path[-1].lower() == member.lower():
        module_path = module_path[:-1]
    if module_path == ["index"]:
        module_path = []
    python_package = "pulumi_" + package.replace("-", "_")
    name = ".".join([python_package, *(segment.replace("-", "_") for segment in module_path)])
    try:
        sdk_module = importlib.import_module(name)
    except ImportError:
        return None
    return getattr(sdk_module, attribute(member), None)


def derived_invoke(
    token: str, args: Inputs, region: str, project: str | None = None
) -> dict[str, Any] | None:
    """A result for provider function `token` built from its SDK result type; None when the
    SDK has no such function."""
    cls = result_type(token)
    if cls is None:
        return None
    return _Builder(token, region, project).object(cls, args, token, 0)


def derived_outputs(
    type_: str, name: str, state: Inputs, region: str, project: str | None = None
) -> dict[str, Any] | None:
    """Every output property of resource type `type_`, from its SDK class, the given state
    kept; None when the SDK has no such class."""
    cls = resource_class(type_)
    if cls is None:
        return None
    return _Builder(type_, region, project).object(cls, state, name, 0)


@functools.cache
def _properties(cls: type) -> tuple[tuple[str, Any], ...]:
    """(wire name, Python type) of each `@pulumi.getter` property of an SDK class."""
    try:
        namespace = vars(inspect.getmodule(cls))
    except TypeError:
        namespace = {}
    found = []
    for attribute, member in vars(cls).items():
        if not isinstance(member, property) or member.fget is None:
            continue
        wire = getattr(member.fget, "_pulumi_name", None)
        if not isinstance(wire, str) or attribute.startswith("_"):
            continue
        try:
            hint = typing.get_type_hints(member.fget, namespace).get("return", Any)
        except Exception:  # an annotation the SDK cannot resolve itself: any value
            hint = Any
        found.append((wire, hint))
    return tuple(found)


class _Builder:
    """Values for one token: everything hashes from (token, path), never random."""

    def __init__(self, token: str, region: str, project: str | None) -> None:
        self.token = token
        self.region = region
        self.project = project
        self.cloud = token.split(":", 1)[0]
        # What the token is about: `getSubnets` -> `subnet`, `Vpc` -> `vpc`.
        member = token.rsplit(":", 1)[-1]
        member = member[3:] if member.startswith("get") and member[3:4].isupper() else member
        self.noun = "-".join(_words(_singular(member))) or "resource"

    def object(self, cls: type, given: Inputs, path: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for wire, hint in _properties(cls):
            if wire in given and given[wire] is not None:
                result[wire] = given[wire]
                continue
            if wire == "urn":
                continue
            result[wire] = self.value(hint, wire, f"{path}.{wire}", depth)
        return result

    def value(self, hint: Any, name: str, path: str, depth: int) -> Any:
        origin = typing.get_origin(hint)
        arguments = typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in arguments if a is not type(None)]
            return self.value(options[0], name, path, depth) if options else None
        if _is_output(hint):
            return self.value(arguments[0] if arguments else Any, name, path, depth)
        if origin in (list, collections.abc.Sequence, tuple):
            item = arguments[0] if arguments else str
            if depth >= _MAX_DEPTH - 1 and _properties_of(item):
                return []
            count = 2 if name.lower().endswith(("ids", "names", "zones", "subnets")) else 1
            return [
                self.value(item, _singular(name), f"{path}[{index}]", depth)
                for index in range(count)
            ]
        if origin in (dict, collections.abc.Mapping):
            return {}
        if hint is bool:
            return False
        if hint is int:
            return 1
        if hint is float:
            return 1.0
        if _properties_of(hint):
            if depth >= _MAX_DEPTH:
                return {}
            return self.object(hint, {}, path, depth + 1)
        return self.text(name, path)

    def text(self, name: str, path: str) -> str:
        """A string that looks like what its name says it holds."""
        words = _words(name)
        last = words[-1] if words else ""
        short = ids.short_hash(self.token, path)
        if last == "arn":
            service = self.token.split(":")[1].split("/")[0]
            return f"arn:aws:{service}:{self.region}:{ids.AWS_ACCOUNT_ID}:{self.noun}/{short}"
        if "cidr" in words or last in ("prefix", "prefixes", "range"):
            return "10.0.0.0/16"
        if last in ("ip", "address", "addresses") or "ipv4" in words:
            return f"10.0.{int(short[:2], 16) % 250}.{int(short[2:4], 16) % 250 + 2}"
        if last in ("url", "uri", "endpoint", "link", "links"):
            return f"https://{short}.{self.cloud}.example.invalid"
        if last in ("region", "location"):
            return self.region
        if last in ("zone", "zones"):
            return f"{self.region}a"
        if last == "project" and self.project:
            return self.project
        if last == "version":
            return "1.0.0"
        if last in ("date", "time", "timestamp") or name.endswith("At"):
            return "2026-12-01T00:00:00Z"
        if last in ("id", "ids"):
            return self._id(words[:-1], path)
        return f"{_singular(name)}-{short}"

    def _id(self, qualifier: list[str], path: str) -> str:
        """An id in the cloud's own shape, named after what it identifies."""
        noun = "-".join(qualifier) or self.noun
        short = ids.short_hash(self.token, path)
        if self.cloud == "azure-native":
            module = self.token.split(":")[1].split("/")[0]
            return (
                f"/subscriptions/{ids.AZURE_SUBSCRIPTION_ID}/resourceGroups/hap-preview/"
                f"providers/Microsoft.{module.capitalize()}/{noun}s/{short}"
            )
        if self.cloud == "openstack":
            return ids.uuid_for(self.token, path)
        if self.cloud == "aws":
            return ids.prefixed_hex(_AWS_ID_PREFIXES.get(noun, noun), self.token, path)
        return f"{noun}-{short}"


def _properties_of(hint: Any) -> tuple[tuple[str, Any], ...]:
    """The properties of an SDK output type; () for anything else."""
    if isinstance(hint, type) and hint not in (str, int, float, bool):
        return _properties(hint)
    return ()


def _is_output(hint: Any) -> bool:
    origin = typing.get_origin(hint)
    return getattr(origin, "__name__", "") == "Output" or getattr(hint, "__name__", "") == "Output"


def _singular(name: str) -> str:
    if name.endswith("Ids"):
        return name[:-1]
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def _words(name: str) -> list[str]:
    """`defaultSecurityGroupId` -> ["default", "security", "group", "id"]."""
    return [word.lower() for word in re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", name)]
