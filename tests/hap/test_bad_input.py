"""Bad stack files, as an attacker or a careless user writes them: each committed case in
tests/fixtures/bad_input/ is previewed with this project's real program and must exit with
its expected status (2), name the file, the line and the path, say what is wrong, print
no traceback, and finish quickly (aliases and deep nesting used to run for minutes).

`expected.json` holds, per case, the exit status, the line and phrases of the message.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from hap.cli import main

REPOSITORY = Path(__file__).parents[2]
BAD_INPUT = REPOSITORY / "tests" / "fixtures" / "bad_input"
EXPECTED: dict[str, dict[str, Any]] = json.loads((BAD_INPUT / "expected.json").read_text())
# A refused file costs the reader (and, past it, the program's validation) well under a
# second; this bound only has to tell a refusal from the minutes a bomb used to take, on a
# shared machine.
SECONDS = 5.0


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project (Pulumi.yaml and __main__.py) with every bad stack file as a stack."""
    directory = tmp_path_factory.mktemp("bad-input")
    shutil.copy(REPOSITORY / "Pulumi.yaml", directory)
    shutil.copy(REPOSITORY / "__main__.py", directory)
    stacks = directory / "stacks"
    stacks.mkdir()
    for case in EXPECTED:
        shutil.copy(BAD_INPUT / f"Pulumi.{case}.yaml", stacks)
    return directory


def test_every_fixture_has_an_expectation() -> None:
    files = {
        path.name.removeprefix("Pulumi.").removesuffix(".yaml")
        for path in BAD_INPUT.glob("Pulumi.*.yaml")
    }
    assert files == set(EXPECTED)
    assert len(files) >= 20


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_stack_file_is_refused_with_file_line_and_path(
    case: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = EXPECTED[case]
    started = time.perf_counter()
    status = main(["preview", case, "--project-dir", str(project)])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()
    error = captured.err
    assert status == expected["exit"], error
    assert "Traceback" not in error + captured.out
    where = f"Pulumi.{case}.yaml"
    if expected["line"] is not None:
        where += f":{expected['line']}"
    assert where in error
    for phrase in expected["messages"]:
        assert phrase in error
    assert elapsed < SECONDS, f"{case}: {elapsed:.1f} s"
