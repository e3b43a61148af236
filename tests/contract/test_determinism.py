"""Two previews of the same stack are byte-identical: in one process (shared imports and
caches) and in a fresh `hap preview --json` process (new hash seed, nothing cached). A plan
that churns would make every diff, snapshot and review noisy."""

from __future__ import annotations

from pathlib import Path

from hap.commands.preview import EXIT_POLICY_VIOLATION
from hap.engine import run_program
from tests.fresh_runs import HAP, OUT, FreshRun, finished

PROJECT_DIR = Path(__file__).parents[2]
STACK = "prod"

# A different hash seed: any iteration over a set or an unsorted dict would show.
FRESH_PREVIEW = FreshRun(
    (HAP, "preview", STACK, "--json", f"{OUT}/plan.json"),
    cwd=PROJECT_DIR,
    env=(("PYTHONHASHSEED", "12345"),),
)
FRESH_RUNS = (FRESH_PREVIEW,)


def test_a_second_preview_in_the_same_process_is_byte_identical(plan_of) -> None:
    first = plan_of(STACK).to_json_text()
    assert run_program(PROJECT_DIR, STACK).to_json_text() == first


def test_a_preview_in_a_fresh_process_is_byte_identical(plan_of) -> None:
    result = finished(FRESH_PREVIEW)
    # The plan is written whether or not policies pass (exit 3: violations to fix).
    assert result.returncode in (0, EXIT_POLICY_VIOLATION), result.stderr
    assert (result.out / "plan.json").read_text() == plan_of(STACK).to_json_text()
