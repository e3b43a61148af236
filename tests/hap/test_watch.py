"""`hap preview --watch`: an edit is previewed again in the same process, and what it
prints and returns is what a cold run of the edited project prints and returns."""

from __future__ import annotations

import shutil
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


def test_an_edit_is_previewed_again_exactly_as_a_cold_run_would(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stack_file = project / "stacks" / "Pulumi.dev.yaml"
    original = stack_file.read_text()
    edited = original.replace("max: 3", "max: 5", 1)
    assert edited != original
    stop = threading.Event()
    outputs: list[str] = []

    def after_run(code: int) -> None:
        outputs.append(capsys.readouterr().out)
        if len(outputs) == 1:
            stack_file.write_text(edited)
        else:
            stop.set()

    from hap.watch import watch

    watched_code = watch(
        lambda: main(["preview", "dev", "--project-dir", str(project)]),
        project,
        poll_seconds=0.05,
        stop=stop,
        on_run=after_run,
    )
    first, second = outputs
    cold_code = main(["preview", "dev", "--project-dir", str(project)])
    cold = capsys.readouterr().out
    assert second == cold
    assert watched_code == cold_code
    assert second != first  # the edit shows: the watcher did not replay the old definition


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
