"""The deploy workflow stops the stack's Data Factory triggers before `pulumi up` and starts
them after it (ARM creates them stopped and refuses to update a started one), naming each
trigger from the stack's outputs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence

import pytest

from hap.plan import Plan
from hybrid_ai_platform.pipelines import triggers
from tests.cost.test_ci_workflows import load, steps

# accounts.azure.subscriptionId of stacks/Pulumi.prod.yaml.
PROD_SUBSCRIPTION = "9a3e6c1d-4f2b-4e7a-8d15-2c6b0e9f1a47"


def test_prod_starts_the_trigger_of_its_copy_pipeline_only(
    plan_of: Callable[[str], Plan], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(json.dumps({"pipelines": plan_of("prod").outputs["pipelines"]}))
    )
    ran: list[Sequence[str]] = []
    assert triggers.main(["start", "prod"], runner=lambda c: ran.append(c) or 0) == 0
    assert ran == [
        ["az", "datafactory", "trigger", "start", "--subscription", PROD_SUBSCRIPTION,
         "--resource-group", "prod-fraud-copy-data", "--factory-name", "prod-fraud-copy-adf",
         "--name", "fraud-copy-schedule"],
    ]  # fmt: skip


def test_a_stack_without_outputs_has_nothing_to_stop(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[Sequence[str]] = []
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert triggers.main(["stop", "prod"], runner=lambda c: ran.append(c) or 0) == 0
    assert ran == []


def test_a_failing_start_is_retried_then_fails_the_step(
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = [["az", "one"], ["az", "two"]]
    calls: list[str] = []

    def runner(command: Sequence[str]) -> int:
        calls.append(command[1])
        return 0 if command[1] == "two" or calls.count("one") == 3 else 1

    assert triggers.run_all(commands, runner, sleep=lambda _: None) == 0
    assert calls == ["one", "one", "one", "two"]
    calls.clear()
    assert triggers.run_all([["az", "never"]], lambda _: 1, sleep=lambda _: None) == 1
    assert "failed after 4 attempts: az never" in capsys.readouterr().err


def test_the_deploy_workflow_stops_before_up_and_starts_after_it() -> None:
    names = [step.get("name") for step in steps(load("deploy-stack.yml"), "deploy")]
    stop = names.index("Stop Data Factory triggers")
    up = names.index("Deploy with the policy pack")
    start = names.index("Start Data Factory triggers")
    assert stop < up < start == len(names) - 1
    by_name = {step.get("name"): step for step in steps(load("deploy-stack.yml"), "deploy")}
    assert "!cancelled()" in by_name["Start Data Factory triggers"]["if"]
    for action in ("stop", "start"):
        name = f"{action.capitalize()} Data Factory triggers"
        assert f"-m hybrid_ai_platform.pipelines.triggers {action} " in by_name[name]["run"]
