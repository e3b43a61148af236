"""The generated SDK class of a recorded registration, and its Python keyword arguments.

A bare program written with the SDKs says `aws.ec2.Vpc(name, cidr_block=..., opts=...)`, not
`pulumi.CustomResource("aws:ec2/vpc:Vpc", name, {...})`: the generated class checks its
`*Args`, merges its default options (version, aliases), declares an Output for every output
property and unwraps the typed inputs on the way to the wire. To replay a plan as such a
program would, every lookup here uses the SDKs' own metadata, nothing spelled by hand:

- the class: the resource modules and packages each SDK registers with the Pulumi runtime
  when it is imported (`pulumi.runtime.register_resource_module`, the table the runtime uses
  to rebuild resource references), so `azure-native:network/v20230201:VirtualNetwork` finds
  its API-version module and `kubernetes:helm.sh/v3:Release` `pulumi_kubernetes.helm.v3`;
- the keyword names: the `@input_type` class the generated `_internal_init` builds its
  properties in (`VpcArgs`, `NamespaceInitArgs`), whose getters name the wire property
  (`pulumi._types.input_type_py_to_pulumi_names`).

Nested values stay wire-shaped (camelCase keys): the SDK translates only the Python names an
input type declares, so a nested dict serialises to the same wire. Whether that holds is not
assumed: `replay.py --check` compares what the mock runtime receives with the plan.
"""

from __future__ import annotations

import importlib
import inspect
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PROVIDER_PREFIX = "pulumi:providers:"
# hap's plan JSON spells assets and archives as Pulumi YAML does (hap/plan.py).
_ASSETS = {
    "fn::fileAsset": "FileAsset",
    "fn::stringAsset": "StringAsset",
    "fn::remoteAsset": "RemoteAsset",
    "fn::fileArchive": "FileArchive",
    "fn::remoteArchive": "RemoteArchive",
    "fn::assetArchive": "AssetArchive",
}
SECRET_TEXT = "[secret]"


@dataclass(frozen=True)
class GeneratedClass:
    """A generated resource or provider class and how wire names become its keywords."""

    cls: type
    python_names: Mapping[str, str]
    # A provider's class sends every non-string input JSON-encoded (`pulumi.runtime.to_json`);
    # the plan records the encoded text, the program passed the value.
    json_encoded: bool

    def keywords(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        """The keyword arguments a program would have passed for these wire inputs.

        A wire name the class does not declare is passed under that name: the class refuses
        it (TypeError), which is a difference, not something to hide.
        """
        names = self.python_names
        if self.json_encoded:
            return {names.get(key, key): _decoded(value) for key, value in inputs.items()}
        return {names.get(key, key): program_value(value) for key, value in inputs.items()}


def import_packages(type_tokens: set[str]) -> None:
    """Import each SDK a plan's types come from: importing it registers its classes."""
    packages = {package for token in type_tokens if (package := _package(token)) is not None}
    for package in sorted(packages):
        try:
            importlib.import_module(f"pulumi_{package.replace('-', '_')}")
        except ImportError:
            continue  # a component library's own prefix (`hybrid:...`), not an SDK


def generated_class(type_token: str) -> GeneratedClass | None:
    """The SDK's class for this type token; None for components and unknown types.

    Call `import_packages` first: only an imported SDK has registered its classes.
    """
    from pulumi.runtime.rpc import get_resource_module, get_resource_package

    if type_token.startswith(PROVIDER_PREFIX):
        package = get_resource_package(type_token[len(PROVIDER_PREFIX) :], "")
        info = getattr(package, "pkg_info", None)
        if info is None or info.get("token") != type_token:
            return None
        cls = getattr(importlib.import_module(info["fqn"]), info["class"])
        return GeneratedClass(cls, _python_names(cls), json_encoded=True)
    parts = type_token.split(":")
    if len(parts) != 3:
        return None
    module = get_resource_module(parts[0], parts[1], "")
    info = getattr(module, "mod_info", None)
    class_name = (info or {}).get("classes", {}).get(type_token)
    if class_name is None:
        return None
    cls = getattr(importlib.import_module(info["fqn"]), class_name)  # type: ignore[index]
    return GeneratedClass(cls, _python_names(cls), json_encoded=False)


def _package(type_token: str) -> str | None:
    if type_token.startswith(PROVIDER_PREFIX):
        return type_token[len(PROVIDER_PREFIX) :]
    package = type_token.split(":", 1)[0]
    return None if package == "pulumi" else package


def _python_names(cls: type) -> dict[str, str]:
    """Wire name -> keyword, from the input type `_internal_init` fills in.

    The keyword is the input type's Python name, with the generator's trailing `_` where
    that name is taken by the class's own parameters (azure-native's `resourceName` is
    `resource_name_`, beside the logical `resource_name`)."""
    from pulumi import _types

    init = cls._internal_init  # type: ignore[attr-defined]
    parameters = inspect.signature(init).parameters
    for name in init.__code__.co_names:
        candidate = init.__globals__.get(name)
        if isinstance(candidate, type) and _types.is_input_type(candidate):
            py_to_wire = _types.input_type_py_to_pulumi_names(candidate)
            return {
                wire: f"{python}_" if f"{python}_" in parameters else python
                for python, wire in py_to_wire.items()
            }
    raise LookupError(f"{cls.__module__}.{cls.__name__}: no input type in _internal_init")


def program_value(value: Any) -> Any:
    """A recorded value as the program held it: assets as asset objects, a secret as a
    secret Output (of its recorded text: the plan does not keep the value)."""
    import pulumi

    if isinstance(value, str):
        return pulumi.Output.secret(value) if value == SECRET_TEXT else value
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, inner),) = value.items()
            kind = _ASSETS.get(key)
            if kind == "AssetArchive":
                return pulumi.AssetArchive({k: program_value(v) for k, v in inner.items()})
            if kind is not None:
                return getattr(pulumi, kind)(inner)
        return {key: program_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [program_value(item) for item in value]
    return value


def _decoded(value: Any) -> Any:
    """A provider input the class will JSON-encode again: the value before encoding."""
    if isinstance(value, str) and value != SECRET_TEXT:
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        return value if isinstance(decoded, str) else decoded
    return program_value(value)
