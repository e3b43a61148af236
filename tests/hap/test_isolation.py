"""The program's own code is what gets previewed: a copy of this project whose components
and policy pack differ is previewed with the copy's, never with the installed ones."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hap.engine import run_program
from tests.fresh_runs import FreshRun, finished

REPOSITORY = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def copied_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project, with `managed-by: pulumi-copy` tags and a pack named `copied-pack`."""
    copy = tmp_path_factory.mktemp("copy") / "project"
    copy.mkdir()
    for name in ("__main__.py", "Pulumi.yaml", "pyproject.toml"):
        shutil.copy(REPOSITORY / name, copy / name)
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("components", "stacks", "policies"):
        shutil.copytree(REPOSITORY / name, copy / name, ignore=ignore)
    _replace(
        copy / "components" / "hybrid_ai_platform" / "tags.py",
        '"managed-by": "pulumi"',
        '"managed-by": "pulumi-copy"',
    )
    _replace(
        copy / "policies" / "hybrid_policies" / "pack.py",
        'NAME = "hybrid-ai-platform"',
        'NAME = "copied-pack"',
    )
    return copy


def _replace(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{file} no longer holds {old!r}: update this test"
    file.write_text(text.replace(old, new), encoding="utf-8")


def _managed_by(plan_resources: object) -> set[str]:
    found = set()
    for resource in plan_resources:  # type: ignore[attr-defined]
        tags = resource.inputs.get("tags")
        if isinstance(tags, dict) and "managed-by" in tags:
            found.add(tags["managed-by"])
    return found


IMPORT_HAP = FreshRun(
    (
        sys.executable,
        "-c",
        "import sys, hap.cli, hap.engine, hap.cost, hap.policy, hap.commands.preview\n"
        "from hybrid_ai_shared.cost.estimate import load_catalog\n"
        "load_catalog()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('hybrid_ai_platform', 'hybrid_policies')))\n",
    )
)
FRESH_RUNS = (IMPORT_HAP,)


def test_importing_hap_loads_no_project_package() -> None:
    result = finished(IMPORT_HAP)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_copy_is_previewed_with_its_own_components(copied_project: Path) -> None:
    import hybrid_ai_platform.tags  # the platform's, loaded first as hap's own would be

    plan = run_program(copied_project, "dev")
    assert _managed_by(plan.resources) == {"pulumi-copy"}
    # ... and whoever had loaded the platform's module still has it afterwards.
    assert sys.modules["hybrid_ai_platform.tags"] is hybrid_ai_platform.tags
    assert 'managed-by": "pulumi"' in Path(hybrid_ai_platform.tags.__file__).read_text()


def test_cli_previews_the_copy_and_runs_its_own_pack(copied_project: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "hap.cli",
            "policy",
            "dev",
            "--project-dir",
            str(copied_project),
            "--json",
            "-",
        ],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode in (0, 3), result.stderr
    report = json.loads(result.stdout)
    assert report["policyPack"]["name"] == "copied-pack"
    assert report["project"] == "hybrid-ai-platform"

