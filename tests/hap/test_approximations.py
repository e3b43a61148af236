"""A preview never passes off a guess as the engine's answer: stack references without
outputs, and outputs given for no reference, are listed, warned about, or refused."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from hap.cli import main
from hap.engine import run_program
from tests.hap.conftest import write_project

PROGRAM = """
import pulumi
network = pulumi.StackReference("acme/network/prod")
pulumi.export("vpcId", network.get_output("vpcId"))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("consumer"), PROGRAM, "config: {}\n")


def test_a_reference_without_outputs_is_an_approximation_naming_the_flag(project: Path) -> None:
    plan = run_program(project, "test")
    [approximation] = plan.approximations
    assert approximation.subject.endswith("::pulumi:pulumi:StackReference::acme/network/prod")
    assert "'acme/network/prod': no outputs given" in approximation.message
    assert "--stack-outputs acme/network/prod=FILE" in approximation.message
    assert plan.to_json()["approximations"] == [approximation.to_json()]


def test_given_outputs_reach_the_program_and_leave_nothing_approximated(project: Path) -> None:
    plan = run_program(project, "test", stack_outputs={"acme/network/prod": {"vpcId": "vpc-1"}})
    assert plan.outputs["vpcId"] == "vpc-1"
    assert plan.approximations == ()


def test_outputs_given_for_a_stack_nobody_references_are_reported(project: Path) -> None:
    plan = run_program(
        project,
        "test",
        stack_outputs={"acme/network/prod": {}, "acme/netwrok/prod": {"vpcId": "vpc-1"}},
    )
    [unused] = plan.approximations
    assert unused.subject == "--stack-outputs"
    assert "'acme/netwrok/prod'" in unused.message and "acme/network/prod" in unused.message


def test_preview_lists_them_and_strict_refuses_with_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["preview", "test", "--project-dir", str(project)]) == 0
    printed = capsys.readouterr().out
    assert "Approximations (not what the real engine would give)" in printed
    assert main(["preview", "test", "--project-dir", str(project), "--strict"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("error: --strict: the preview had to approximate:")
    assert "acme/network/prod" in error


def test_cost_warns_on_stderr_and_keeps_stdout_for_the_document(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "network.json"
    saved.write_text(json.dumps({"vpcId": "vpc-1"}))
    assert main(["cost", "test", "--project-dir", str(project), "--json", "-"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "warning: urn:pulumi:test::tmp-project::pulumi:pulumi:StackReference" in captured.err
    given = f"acme/network/prod={saved}"
    assert main(["cost", "test", "--project-dir", str(project), "--stack-outputs", given]) == 0
    assert "warning" not in capsys.readouterr().err


REQUIRING = """
import pulumi
network = pulumi.StackReference("acme/network/prod")
pulumi.export("vpcId", network.require_output("vpcId"))
"""


@pytest.fixture(scope="module")
def requiring(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("requiring"), REQUIRING, "config: {}\n")


def test_a_required_output_nobody_gave_is_exit_2_naming_the_reference_and_the_flag(
    requiring: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The SDK raises a bare KeyError('vpcId') inside its own code: once a crash (exit 1)
    # that named neither the stack reference nor how to give its outputs, under a screen of
    # warnings about the SDK's abandoned coroutines.
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        assert main(["preview", "test", "--project-dir", str(requiring)]) == 2
    assert [str(w.message) for w in warned if w.category is RuntimeWarning] == []
    captured = capsys.readouterr()
    error = captured.err
    assert error.startswith(
        "error: the program requires the output 'vpcId' of a stack reference (require_output)"
    )
    assert f"{requiring.name}/__main__.py:3: stack reference 'acme/network/prod'" in error
    assert "no outputs were given for 'acme/network/prod'" in error
    assert "--stack-outputs acme/network/prod=FILE" in error
    assert "pulumi stack output --json --show-secrets -s acme/network/prod" in error
    for noise in ("Traceback", "KeyError", "RuntimeWarning", "never awaited"):
        assert noise not in error + captured.out


def test_given_outputs_without_the_required_one_are_named(
    requiring: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "network.json"
    saved.write_text(json.dumps({"vpc": "vpc-1", "subnets": []}))
    given = f"acme/network/prod={saved}"
    status = main(["preview", "test", "--project-dir", str(requiring), "--stack-outputs", given])
    assert status == 2
    error = capsys.readouterr().err
    assert (
        "the outputs given for 'acme/network/prod' with --stack-outputs have no 'vpcId' "
        "(they have: subnets, vpc)"
    ) in error
    # With it, the same program previews.
    saved.write_text(json.dumps({"vpcId": "vpc-1"}))
    assert main(["preview", "test", "--project-dir", str(requiring), "--stack-outputs", given]) == 0
