"""Stop and start the Data Factory schedule triggers of a deployed stack, for the deploy
workflow (`.github/workflows/deploy-stack.yml`).

ARM creates every trigger stopped, and pulumi-azure-native cannot start one: starting is a
separate POST, not a property (pulumi/pulumi-azure-native#3540). ARM also refuses to update or
delete a started trigger ("TriggerEnabledCannotUpdate"). So the workflow stops the stack's
triggers before `pulumi up` and starts them after it; a scheduled run that falls inside the
deploy is skipped, not queued. The trigger names come from the stack's outputs (the
contract's `pipelines`), the subscription from the stack's definition. Needs the Azure CLI,
logged in, with its `datafactory` extension (whose start/stop wait for the operation).

    pulumi stack output --json -s prod | python -m hybrid_ai_platform.pipelines.triggers stop prod
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from hybrid_ai_platform.contract import PipelineOutputs
from hybrid_ai_platform.definition import load_stack_file

Action = Literal["start", "stop"]
Runner = Callable[[Sequence[str]], int]
STACKS = Path(__file__).parents[3] / "stacks"
# A start right after `pulumi up` can meet "Resource cannot be updated during provisioning"
# (Azure/Azure-DataFactory#612), which passes within a minute.
ATTEMPTS = 4
RETRY_SECONDS = 20


def trigger_commands(
    outputs: Mapping[str, Any], subscription_id: str, action: Action
) -> list[list[str]]:
    """One `az datafactory trigger <action>` per Azure pipeline in the stack outputs."""
    commands = []
    for name, raw in sorted((outputs.get("pipelines") or {}).items()):
        pipeline = PipelineOutputs.model_validate(raw)
        if pipeline.cloud != "azure":
            continue
        parts = (pipeline.resource_group_name, pipeline.factory_name, pipeline.trigger_name)
        if not all(parts):
            raise ValueError(
                f"pipeline {name!r}: its outputs name no resource group, factory and trigger"
            )
        group, factory, trigger = parts
        commands.append(
            ["az", "datafactory", "trigger", action, "--subscription", subscription_id,
             "--resource-group", str(group), "--factory-name", str(factory), "--name",
             str(trigger)]
        )  # fmt: skip
    return commands


def run_all(
    commands: Sequence[Sequence[str]],
    runner: Runner,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run each command, retrying a failure; 1 if any still fails, after trying them all."""
    failed = 0
    for command in commands:
        for attempt in range(1, ATTEMPTS + 1):
            if runner(command) == 0:
                break
            if attempt < ATTEMPTS:
                sleep(RETRY_SECONDS)
        else:
            print(f"failed after {ATTEMPTS} attempts: {' '.join(command)}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None, runner: Runner | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hybrid_ai_platform.pipelines.triggers")
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("stack", help="stacks/Pulumi.<stack>.yaml")
    args = parser.parse_args(argv)
    env = load_stack_file(STACKS / f"Pulumi.{args.stack}.yaml")
    text = sys.stdin.read().strip()
    outputs = json.loads(text) if text else {}
    if env.accounts.azure is None:
        return 0
    commands = trigger_commands(outputs, env.accounts.azure.subscription_id, args.action)
    for command in commands:
        print(" ".join(command))
    return run_all(commands, runner or (lambda command: subprocess.run(command).returncode))


if __name__ == "__main__":
    raise SystemExit(main())
