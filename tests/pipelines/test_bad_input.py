"""Each mistake of the issue's "Bad input" list is exactly ONE problem at its path. The
fixtures are part of tests/fixtures/bad_input (`pipeline-*`), where tests/hap/test_bad_input.py
previews each with the real program and asserts exit 2, file, line, message, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.problems import DefinitionError, format_path

BAD_INPUT = Path(__file__).parents[2] / "tests" / "fixtures" / "bad_input"
EXPECTED = json.loads((BAD_INPUT / "expected.json").read_text())
CASES = sorted(case for case in EXPECTED if case.startswith("pipeline-"))


def test_the_issue_list_is_covered() -> None:
    assert {
        "pipeline-invalid-cron",
        "pipeline-too-frequent",
        "pipeline-runtime-beyond-limit",
        "pipeline-copy-from-missing",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_each_mistake_is_one_problem_at_its_path(case: str) -> None:
    path, message = EXPECTED[case]["messages"]
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(BAD_INPUT / f"Pulumi.{case}.yaml")
    problems = caught.value.problems
    assert [format_path(problem.path) for problem in problems] == [path]
    assert message in problems[0].message
