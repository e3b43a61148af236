"""Kubernetes fakes: objects echo their inputs with `metadata.name` (auto-named if absent)."""

from __future__ import annotations

from typing import Any

import yaml

from hap.fakes import ids
from hap.fakes.registry import (
    FakeEnv,
    Inputs,
    invoke_fake,
    mapping,
    package_fake,
    resource_fake,
    text,
)


@package_fake("kubernetes:")
def _kubernetes_object(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    metadata = mapping(inputs, "metadata")
    object_name = text(metadata, "name") or ids.autoname(env.type, name)
    namespace = text(metadata, "namespace")
    object_id = f"{namespace}/{object_name}" if namespace else object_name
    return {
        "id": object_id,
        "metadata": {"name": object_name, "uid": ids.uuid_for(env.type, name)},
    }


@resource_fake("kubernetes:helm.sh/v3:Release")
def _helm_release(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    release = text(inputs, "name") or ids.autoname(env.type, name)
    namespace = text(inputs, "namespace") or "default"
    return {
        "id": f"{namespace}/{release}",
        "name": release,
        "namespace": namespace,
        "status": {
            "name": release,
            "namespace": namespace,
            "chart": inputs.get("chart"),
            "version": inputs.get("version"),
            "revision": 1,
            "status": "deployed",
        },
    }


@invoke_fake("kubernetes:yaml:decode", exact=True)
def _yaml_decode(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    """`yaml.ConfigFile` / `ConfigGroup` (v1) ask the provider to parse their YAML: a pure
    parse, done here exactly (every document that is not empty, in order)."""
    source = args.get("text")
    if not isinstance(source, str):
        return {"result": []}
    return {"result": [doc for doc in yaml.safe_load_all(source) if isinstance(doc, dict)]}
