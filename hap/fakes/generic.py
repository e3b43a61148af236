"""Fakes for Pulumi's own types: providers and stack references."""

from __future__ import annotations

from typing import Any

from hap.fakes import ids
from hap.fakes.registry import FakeEnv, Inputs, package_fake, resource_fake


@package_fake("pulumi:")
def _provider(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """Provider resources (`pulumi:providers:aws`): the engine gives them UUID ids."""
    return {"id": ids.uuid_for(env.type, name)}


@resource_fake("pulumi:pulumi:StackReference")
def _stack_reference(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    # Nothing is deployed in a preview: the referenced stack has no outputs to read.
    referenced = inputs.get("name") if isinstance(inputs.get("name"), str) else name
    return {"id": referenced, "name": referenced, "outputs": {}, "secretOutputNames": []}
