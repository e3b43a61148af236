"""Fakes for Pulumi's own types: providers and stack references."""

from __future__ import annotations

from typing import Any

from hap.fakes import ids
from hap.fakes.registry import FakeEnv, Inputs, package_fake, resource_fake
from hap.plan import contains_secret


@package_fake("pulumi:")
def _provider(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """Provider resources (`pulumi:providers:aws`): the engine gives them UUID ids."""
    return {"id": ids.uuid_for(env.type, name)}


@resource_fake("pulumi:pulumi:StackReference")
def _stack_reference(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    # A preview deploys nothing: a referenced stack exports what the caller gave
    # `run_program(stack_outputs=...)`, else nothing. Like the engine, a top-level output
    # that holds a secret is listed in `secretOutputNames`.
    given = inputs.get("name")
    referenced = given if isinstance(given, str) else name
    outputs = dict(env.stack_outputs.get(referenced, {}))
    secret_names = sorted(key for key, value in outputs.items() if contains_secret(value))
    return {
        "id": referenced,
        "name": referenced,
        "outputs": outputs,
        "secretOutputNames": secret_names,
    }
