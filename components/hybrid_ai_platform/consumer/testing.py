"""Unit-test a program that reads a platform stack, without Pulumi CLI or cloud.

Pulumi's mock runtime (`pulumi.runtime.set_mocks`) answers every registration with a
`Mocks` object. `PlatformStackMocks` answers stack references with the outputs you give
it (the way the engine does: `name`, `outputs`, `secretOutputNames`) and everything else
like Pulumi's documented default mock (id `<name>_id`, outputs = inputs), or by the
`fallback` mocks you pass.

    # `pulumi stack output --json --show-secrets` of the platform stack, saved to a file:
    outputs = json.loads(Path("prod-outputs.json").read_text())
    mocks = mock_platform_stack(outputs)
    import my_program  # registers its resources against the mocks
    ...
    assert mocks.registered("kubernetes:apps/v1:Deployment")[0].inputs["spec"][...]

With pytest, `pytest_plugins = ["hybrid_ai_platform.consumer.pytest_plugin"]` gives a
`mock_platform_stack` fixture that does the same and resets the runtime after the test.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks

from hybrid_ai_platform.contract import PlatformOutputs, plain_values, secret_output_names

STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"


class PlatformStackMocks(Mocks):
    """Mocks that serve platform-stack outputs to `StackReference`s and record the rest.

    `outputs` is what the referenced stack exports: a `PlatformOutputs` or the plain dict
    `pulumi stack output --json --show-secrets` prints. `stacks` restricts it to those
    stack names (a reference to any other stack then fails); empty: every reference.
    """

    def __init__(
        self,
        outputs: PlatformOutputs | Mapping[str, Any],
        stacks: Sequence[str] = (),
        fallback: Mocks | None = None,
    ) -> None:
        if isinstance(outputs, PlatformOutputs):
            self.secret_output_names = secret_output_names(outputs)
            self.outputs: dict[str, Any] = plain_values(outputs)
        else:
            self.outputs = dict(outputs)
            # As the engine reports it: the top-level outputs that hold a secret.
            self.secret_output_names = ["clusters"] if self.outputs.get("clusters") else []
        self.stacks = tuple(stacks)
        self.fallback = fallback
        self.resources: list[MockResourceArgs] = []

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        self.resources.append(args)
        if args.typ == STACK_REFERENCE_TYPE:
            stack = args.inputs.get("name") or args.resource_id or args.name
            if self.stacks and stack not in self.stacks:
                raise LookupError(
                    f"no mocked platform stack {stack!r}; mocked: {', '.join(self.stacks)}"
                )
            state = {
                "name": stack,
                "outputs": self.outputs,
                "secretOutputNames": self.secret_output_names,
            }
            return stack, state
        if self.fallback is not None:
            return self.fallback.new_resource(args)
        return f"{args.name}_id", dict(args.inputs)

    def call(self, args: MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        if self.fallback is not None:
            return self.fallback.call(args)
        return {}, None

    def registered(self, type_: str) -> list[MockResourceArgs]:
        """Every registration of this type token, in registration order."""
        return [resource for resource in self.resources if resource.typ == type_]


def mock_platform_stack(
    outputs: PlatformOutputs | Mapping[str, Any],
    stacks: Sequence[str] = (),
    fallback: Mocks | None = None,
    project: str = "consumer",
    stack: str = "test",
) -> PlatformStackMocks:
    """Install `PlatformStackMocks` as Pulumi's mock runtime and return them.

    Call before the program under test creates its `PlatformStack`."""
    mocks = PlatformStackMocks(outputs, stacks, fallback)
    _ensure_event_loop()
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=False)
    return mocks


def _ensure_event_loop() -> None:
    """The mock runtime creates futures right away; a runner that closed its loop (another
    Pulumi run in the same process) leaves none."""
    try:
        asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        asyncio.set_event_loop(asyncio.new_event_loop())
