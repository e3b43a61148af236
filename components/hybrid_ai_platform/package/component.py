"""What every component of the package does around what it builds: validate its arguments
as the environment they stand for, register itself under its type token only if they
are valid, and publish its outputs as the attributes its schema names.

No `from __future__ import annotations`: the analyzer reads the components' annotations.
"""

from collections.abc import Mapping
from typing import Any

import pulumi

from hybrid_ai_platform.package.translate import validated_environment
from hybrid_ai_platform.spec import Cloud, Environment

PACKAGE = "hybrid"


def register(
    component: pulumi.ComponentResource,
    kind: str,
    cloud: Cloud | None,
    name: str,
    args: Mapping[str, Any],
    args_type: type,
    opts: pulumi.ResourceOptions | None,
) -> Environment:
    """Validate `args` as the environment they stand for, then register `component` as
    `hybrid:index:<kind>`: nothing is registered for a definition with problems."""
    token = f"{PACKAGE}:index:{kind}"
    env = validated_environment(f"{token} '{name}'", name, cloud, args, args_type)
    pulumi.ComponentResource.__init__(component, token, name, None, opts)
    return env


def publish(component: pulumi.ComponentResource, outputs: Mapping[str, Any]) -> None:
    """`outputs`, set as the attributes the schema names (snake_case) and registered."""
    for key, value in outputs.items():
        setattr(component, key, value)
    component.register_outputs(dict(outputs))
