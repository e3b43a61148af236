"""Each mistake of the issue's "Bad input" list: one clear error naming file, line and path,
and `hap` exits 2 without a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from components.definition import load_stack_file
from components.problems import DefinitionError, format_path
from hap.cli import main

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "bad_pipelines"

# fixture -> (path, line, message)
CASES = {
    "invalid-cron": (
        "environment.pipelines[0].schedule",
        20,
        "found '0 25 * * *': hour field: '25' is not a number from 0 to 23",
    ),
    "too-frequent": (
        "environment.pipelines[0].schedule",
        20,
        "found '*/2 * * * *', which runs every 2 min; AWS Glue schedules run at most every "
        "5 minutes",
    ),
    "overlapping-runs": (
        "environment.pipelines[0].schedule",
        20,
        "found '*/30 * * * *', which starts runs 30 min apart; a run may take up to "
        "maxRuntimeMinutes (60), so runs would overlap",
    ),
    "runtime-beyond-limit": (
        "environment.pipelines[0].maxRuntimeMinutes",
        21,
        "found 20000; AWS Glue stops a run after at most 10080 minutes (7 days)",
    ),
    "copy-from-missing": (
        "environment.pipelines[1].copyFrom",
        27,
        "found 'fraud-prepp', which is not an aws pipeline of this environment "
        "(aws pipelines: fraud-prep)",
    ),
    "both-day-fields": (
        "environment.pipelines[0].schedule",
        20,
        "AWS cannot restrict both day-of-month and day-of-week",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_is_one_error_with_file_line_and_path(case: str) -> None:
    path, line, message = CASES[case]
    stack_file = FIXTURES / f"Pulumi.{case}.yaml"
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(stack_file)
    error = caught.value
    assert [format_path(p.path) for p in error.problems] == [path]
    assert message in error.problems[0].message
    assert f"({stack_file}:{line})" in str(error)


def test_hap_exits_2_with_the_message_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    (project / "stacks").mkdir(parents=True)
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copy(FIXTURES / "Pulumi.copy-from-missing.yaml", project / "stacks" / "Pulumi.bad.yaml")
    assert main(["preview", "bad", "--project-dir", str(project)]) == 2
    error = capsys.readouterr().err
    assert "stacks/Pulumi.bad.yaml: 1 problem in the environment definition:" in error
    assert "environment.pipelines[1].copyFrom (stacks/Pulumi.bad.yaml:27)" in error
    assert "Traceback" not in error
