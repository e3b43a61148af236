"""Credential-free preview time of each stack, each run in a fresh process.

Usage: .venv/bin/python benchmarks/preview_time.py [--runs N] [STACK ...]

A fresh process is what a user and CI pay: interpreter start, SDK imports, the program,
the policy pack and the cost estimate. Targets (2-core machine): dev < 5 s, prod < 8 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).parents[1]
HAP = Path(sys.executable).parent / "hap"
TARGETS_SECONDS = {"dev": 5.0, "prod": 8.0}


def time_preview(stack: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(HAP), "preview", stack, "--project-dir", str(PROJECT_DIR)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stacks", nargs="*", default=["dev", "staging", "prod"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    missed = False
    print(f"{'stack':<10}{'median s':>10}{'min s':>8}{'max s':>8}{'target s':>10}")
    for stack in args.stacks:
        times = [time_preview(stack) for _ in range(args.runs)]
        target = TARGETS_SECONDS.get(stack)
        median = statistics.median(times)
        missed |= target is not None and median > target
        print(
            f"{stack:<10}{median:>10.2f}{min(times):>8.2f}{max(times):>8.2f}"
            f"{(f'{target:.1f}' if target else '-'):>10}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
