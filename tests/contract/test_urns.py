"""The URN stability gate: no refactor may silently replace a resource.

`tests/snapshots/<stack>.urns` records every URN of each stack. A URN that disappears
without an alias pointing at it fails with the fix; a new URN fails until recorded with
`hap urns STACK --update` (so that its own removal is caught later)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hap.cli import main as hap
from hap.engine import run_program
from hap.urns import compare, explain, plan_urns, read_snapshot, snapshot_path
from tests.conftest import STACKS

PROJECT_DIR = Path(__file__).parents[2]
RENAMES = Path(__file__).parent / "fixtures" / "renames"


@pytest.mark.parametrize("stack", STACKS)
def test_no_resource_of_the_stack_loses_its_identity(plan_of, stack: str) -> None:
    path = snapshot_path(PROJECT_DIR, stack)
    assert path.is_file(), f"no URN snapshot for {stack}: run `hap urns {stack} --update`"
    diff = compare(read_snapshot(path), plan_of(stack))
    assert not diff.missing, explain(diff, str(path.relative_to(PROJECT_DIR)))


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_of_the_stack_is_recorded(plan_of, stack: str) -> None:
    path = snapshot_path(PROJECT_DIR, stack)
    assert path.is_file(), f"no URN snapshot for {stack}: run `hap urns {stack} --update`"
    diff = compare(read_snapshot(path), plan_of(stack))
    assert not diff.added, explain(diff, str(path.relative_to(PROJECT_DIR)))


@pytest.fixture
def renames(tmp_path: Path):
    """The fixture project in a scratch directory; `preview(name, previous)` runs it."""
    project = tmp_path / "renames"
    shutil.copytree(RENAMES, project)

    def configure(name: str, previous: str | None = None) -> Path:
        lines = ["config:", f"  hap-renames:name: {name}"]
        if previous:
            lines.append(f"  hap-renames:previousName: {previous}")
        (project / "Pulumi.test.yaml").write_text("\n".join(lines) + "\n")
        return project

    return configure


def test_a_rename_without_alias_is_reported_with_the_fix(renames) -> None:
    before = plan_urns(run_program(renames("logs"), "test"))
    diff = compare(before, run_program(renames("audit"), "test"))
    assert [urn.rsplit("::", 1)[1] for urn in diff.missing] == ["logs-bucket", "logs"]
    message = explain(diff, "tests/snapshots/test.urns")
    assert "`pulumi up` would DELETE" in message
    store = "urn:pulumi:test::hap-renames::renames:index:Store"
    assert f"  - {store}::logs\n  + {store}::audit   (same resource, renamed" in message
    assert 'opts=pulumi.ResourceOptions(aliases=["<old URN above>"])' in message
    assert "hap urns test --update" in message


def test_a_rename_with_an_alias_keeps_identity_and_children_inherit_it(renames) -> None:
    before = plan_urns(run_program(renames("logs"), "test"))
    diff = compare(before, run_program(renames("audit", previous="logs"), "test"))
    assert not diff.missing and not diff.added
    store = "urn:pulumi:test::hap-renames::renames:index:Store"
    bucket = "urn:pulumi:test::hap-renames::renames:index:Store$aws:s3/bucket:Bucket"
    assert diff.aliased == {
        f"{store}::logs": f"{store}::audit",
        f"{bucket}::logs-bucket": f"{bucket}::audit-bucket",
    }


def test_hap_urns_records_checks_and_explains(renames, capsys) -> None:
    project = str(renames("logs"))
    assert hap(["urns", "test", "--project-dir", project, "--update"]) == 0
    snapshot = Path(project) / "tests" / "snapshots" / "test.urns"
    assert read_snapshot(snapshot) == tuple(sorted(read_snapshot(snapshot)))
    assert len(read_snapshot(snapshot)) == 4  # stack, provider, store, bucket
    assert hap(["urns", "test", "--project-dir", project, "--check"]) == 0
    renames("audit")
    capsys.readouterr()
    assert hap(["urns", "test", "--project-dir", project, "--check"]) == 1
    assert "aliases=" in capsys.readouterr().out
    assert hap(["urns", "test", "--project-dir", project]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("Store::audit")
