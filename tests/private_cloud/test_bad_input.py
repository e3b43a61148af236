"""The issue's bad input for the private cloud: one clear error each, with the stack file,
line and path, exit 2, nothing built (the preview writes no plan)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hap.cli import main

REPOSITORY = Path(__file__).parents[2]
BAD_INPUT = REPOSITORY / "tests" / "fixtures" / "bad_input"
EXPECTED = json.loads((BAD_INPUT / "expected.json").read_text())
# The issue's four cases; tests/hap/test_bad_input.py checks file, line and message of each.
CASES = sorted(case for case in EXPECTED if case.startswith("openstack-"))


def test_the_issues_four_bad_inputs_are_fixtures() -> None:
    assert CASES == [
        "openstack-flavor-accelerator",
        "openstack-no-private-cloud",
        "openstack-pool-flavor-missing",
        "openstack-quota-below-cluster",
    ]


@pytest.mark.parametrize("case", CASES)
def test_bad_private_cloud_input_is_one_problem_and_nothing_is_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    shutil.copy(REPOSITORY / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copy(REPOSITORY / "__main__.py", tmp_path / "__main__.py")
    (tmp_path / "stacks").mkdir()
    shutil.copy(BAD_INPUT / f"Pulumi.{case}.yaml", tmp_path / "stacks" / "Pulumi.bad.yaml")
    plan_file = tmp_path / "plan.json"
    code = main(["preview", "bad", "--project-dir", str(tmp_path), "--json", str(plan_file)])
    error = capsys.readouterr().err
    assert code == 2, error
    assert not plan_file.exists()
    assert "1 problem in the environment definition" in error
    assert f"stacks/Pulumi.bad.yaml:{EXPECTED[case]['line']}" in error
    assert "Traceback" not in error


def test_the_base_of_the_bad_input_is_valid() -> None:
    """Each fixture breaks exactly one thing of a definition that validates."""
    from hybrid_ai_platform.definition import load_stack_file

    env = load_stack_file(REPOSITORY / "tests" / "fixtures" / "private_cloud" / "base.yaml")
    assert env.clusters[0].cloud == "openstack"
