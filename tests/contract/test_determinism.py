"""Two previews of the same stack are byte-identical: in one process (shared imports and
caches) and in a fresh `hap preview --json` process (new hash seed, nothing cached). A plan
that churns would make every diff, snapshot and review noisy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hap.commands.preview import EXIT_POLICY_VIOLATION
from hap.engine import run_program

PROJECT_DIR = Path(__file__).parents[2]
STACK = "prod"


def test_a_second_preview_in_the_same_process_is_byte_identical(plan_of) -> None:
    first = plan_of(STACK).to_json_text()
    assert run_program(PROJECT_DIR, STACK).to_json_text() == first


def test_a_preview_in_a_fresh_process_is_byte_identical(plan_of, tmp_path: Path) -> None:
    written = tmp_path / "plan.json"
    hap = Path(sys.executable).parent / "hap"
    # A different hash seed: any iteration over a set or an unsorted dict would show.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run(
        [str(hap), "preview", STACK, "--json", str(written)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # The plan is written whether or not policies pass (exit 3: violations to fix).
    assert result.returncode in (0, EXIT_POLICY_VIOLATION), result.stderr
    assert written.read_text() == plan_of(STACK).to_json_text()
