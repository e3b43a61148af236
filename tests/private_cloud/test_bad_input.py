"""The issue's bad input for the private cloud: one clear error each, with the stack file,
line and path, exit 2, nothing built (the preview writes no plan)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hap.cli import main

REPOSITORY = Path(__file__).parents[2]
FIXTURES = REPOSITORY / "tests" / "fixtures" / "private_cloud"


def _preview(tmp_path: Path, fixture: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`hap preview` of the real program over one fixture as the stack `bad`."""
    shutil.copy(REPOSITORY / "Pulumi.yaml", tmp_path / "Pulumi.yaml")
    shutil.copy(REPOSITORY / "__main__.py", tmp_path / "__main__.py")
    (tmp_path / "stacks").mkdir()
    shutil.copy(FIXTURES / fixture, tmp_path / "stacks" / "Pulumi.bad.yaml")
    plan_file = tmp_path / "plan.json"
    code = main(["preview", "bad", "--project-dir", str(tmp_path), "--json", str(plan_file)])
    assert not plan_file.exists()
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("fixture", "line", "path", "message"),
    [
        (
            "flavor_accelerator.yaml",
            45,
            "environment.privateCloud.gpuFlavors[1].gpus",
            "found 16; no server carries more than 8 x nvidia-a100-80gb",
        ),
        (
            "quota_below_cluster.yaml",
            46,
            "environment.privateCloud.projects[0].cores",
            "found 32; cluster 'secure' needs 64 at full scale",
        ),
        (
            "pool_flavor_missing.yaml",
            26,
            "environment.clusters[0].nodePools[1].accelerator",
            "no privateCloud.gpuFlavors entry has 2 x nvidia-a100-80gb",
        ),
        (
            "no_private_cloud.yaml",
            15,
            "environment.clusters[0].cloud",
            "found 'openstack' without privateCloud",
        ),
    ],
)
def test_bad_private_cloud_input_exits_2_naming_file_line_and_path(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fixture: str,
    line: int,
    path: str,
    message: str,
) -> None:
    code, error = _preview(tmp_path, fixture, capsys)
    assert code == 2, error
    assert "1 problem in the environment definition" in error
    assert f"stacks/Pulumi.bad.yaml:{line}" in error
    assert path in error and message in error
    assert "Traceback" not in error


def test_the_base_of_the_bad_input_is_valid() -> None:
    """Each fixture breaks exactly one thing of a definition that validates."""
    from components.definition import load_stack_file

    env = load_stack_file(FIXTURES / "base.yaml")
    assert env.clusters[0].cloud == "openstack"
