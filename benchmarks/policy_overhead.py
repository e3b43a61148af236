"""What the policy pack adds to a credential-free preview, in a fresh process.

Usage: .venv/bin/python benchmarks/policy_overhead.py [STACK]   (default: prod)

Times the program run (`hap.engine.run_program`, SDK imports included, as a user pays
them), then loading the pack (pulumi_policy, the rules, the price catalog) and running it
once, cold. Target: the pack adds less than 10% to the preview. Exit 1 when it does not.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).parents[1]
TARGET_RATIO = 0.10


def main() -> int:
    stack = sys.argv[1] if len(sys.argv) > 1 else "prod"
    from hap.engine import run_program

    started = time.perf_counter()
    plan = run_program(PROJECT_DIR, stack)
    preview = time.perf_counter() - started

    started = time.perf_counter()
    from hap.policy import run_pack
    from hap.policy.pack import load_pack

    report = run_pack(plan, {}, pack=load_pack(PROJECT_DIR / "policies"))
    policies = time.perf_counter() - started

    ratio = policies / preview
    print(f"stack {stack}: {len(plan.resources)} resources")
    print(f"preview (program under mocks): {preview:.2f} s")
    print(f"policy pack, cold ({len(report.violations)} violations): {policies:.2f} s")
    print(f"overhead: {ratio:.1%} (target < {TARGET_RATIO:.0%})")
    return 0 if ratio < TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
