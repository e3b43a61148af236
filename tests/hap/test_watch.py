"""`hap preview --watch`: an edit is previewed again in the same process, and what it
prints, writes and returns is what a cold run (a fresh `hap` process) of the edited project
prints, writes and returns."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hap.cli import main
from hap.watch import changed_files, snapshot

PROJECT_DIR = Path(__file__).parents[2]
PROGRAM = ("Pulumi.yaml", "pyproject.toml", "__main__.py", "components", "policies", "stacks")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for part in PROGRAM:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / part)
    return tmp_path


def _cold_run(project: Path, plan_file: Path) -> tuple[str, str, int, str | None]:
    """`hap preview dev` in a fresh interpreter: report, stderr, exit code and JSON plan."""
    plan_file.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "hap.cli", *_preview_args(project, plan_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    plan = plan_file.read_text() if plan_file.exists() else None
    return result.stdout, result.stderr, result.returncode, plan


def _preview_args(project: Path, plan_file: Path) -> list[str]:
    return ["preview", "dev", "--project-dir", str(project), "--json", str(plan_file)]


def test_every_edit_is_previewed_again_exactly_as_a_cold_run_would(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Valid, then invalid (exit 2), then valid again with another value: each re-preview
    prints, writes and returns what a fresh `hap` process does for the same file, so
    nothing a run leaves behind (a failed run included) reaches the next."""
    stack_file = project / "stacks" / "Pulumi.dev.yaml"
    plan_file = tmp_path / "plan.json"
    original = stack_file.read_text()
    versions = [
        original,
        original.replace("max: 3", "max: lots", 1),  # not an integer: refused, exit 2
        original.replace("max: 3", "max: 5", 1),
    ]
    assert len(set(versions)) == 3
    stop = threading.Event()
    watched: list[tuple[str, str, int, str | None]] = []

    def after_run(code: int) -> None:
        captured = capsys.readouterr()
        plan = plan_file.read_text() if plan_file.exists() else None
        plan_file.unlink(missing_ok=True)
        lines = captured.err.splitlines(keepends=True)
        stderr = "".join(line for line in lines if not line.startswith("[watch]"))
        watched.append((captured.out, stderr, code, plan))
        if len(watched) < len(versions):
            stack_file.write_text(versions[len(watched)])
        else:
            stop.set()

    from hap.watch import watch

    watch(
        lambda: main(_preview_args(project, plan_file)),
        project,
        poll_seconds=0.05,
        stop=stop,
        on_run=after_run,
    )
    assert [run[2] for run in watched] == [0, 2, 0]
    assert "nodePools[0].max (stacks/Pulumi.dev.yaml:" in watched[1][1]
    # The re-previews (the first run is the watch's own cold start).
    for version, watched_run in zip(versions[1:], watched[1:], strict=True):
        stack_file.write_text(version)
        assert watched_run == _cold_run(project, plan_file)
    # The edit shows: the watcher did not replay the old definition.
    assert watched[2][0] != watched[0][0] and watched[2][3] != watched[0][3]


def test_changes_are_the_files_added_removed_or_rewritten(tmp_path: Path) -> None:
    (tmp_path / "stacks").mkdir()
    kept, edited = tmp_path / "__main__.py", tmp_path / "stacks" / "Pulumi.dev.yaml"
    kept.write_text("x = 1\n")
    edited.write_text("config: {}\n")
    (tmp_path / "tests").mkdir()
    before = snapshot(tmp_path)
    edited.write_text("config: {a: 1}\n")
    (tmp_path / "new.py").write_text("")
    (tmp_path / "tests" / "test_x.py").write_text("")  # not part of the program
    assert changed_files(before, snapshot(tmp_path)) == sorted([edited, tmp_path / "new.py"])


@pytest.mark.parametrize(
    ("edited", "reloaded"),
    [
        ("stacks/Pulumi.dev.yaml", False),
        ("components/hybrid_ai_platform/x.py", True),
        ("catalog/gpus.yaml", True),
    ],
)
def test_the_program_is_imported_afresh_unless_only_stack_files_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str, reloaded: bool
) -> None:
    from hap import watch as watch_module

    changed = tmp_path / edited
    changed.parent.mkdir(parents=True)
    changed.write_text("a: 1\n")
    forgotten: list[Path] = []
    monkeypatch.setattr(watch_module, "_forget_project", forgotten.append)
    stop = threading.Event()
    runs: list[int] = []

    def run_once() -> int:
        runs.append(1)
        if len(runs) == 1:
            changed.write_text("a: 22\n")
        else:
            stop.set()
        return 0

    watch_module.watch(run_once, tmp_path, poll_seconds=0.01, stop=stop)
    assert len(runs) == 2
    assert forgotten == ([tmp_path.resolve()] if reloaded else [])
