"""Stacks of a chosen size from the real definition, for the floor benchmark.

Usage: python benchmarks/generate_stack.py --clusters N [--from dev] OUT_DIR

Copies the project's program (Pulumi.yaml, __main__.py, components/, policies/) to OUT_DIR
and writes `stacks/Pulumi.bench-N.yaml`: the source stack's definition with its first
cluster repeated N times (each with its own name and /16), so every generated cluster is a
real, valid cluster of the definition, whatever fields the definition gains.
"""

from __future__ import annotations

import argparse
import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).parents[1]
PROGRAM_PARTS = ("Pulumi.yaml", "__main__.py", "components", "policies")
ENVIRONMENT_KEY = "hybrid-ai-platform:environment"
# 10.0.0.0/8 holds 256 /16s; the source stack's own ranges stay out of the way below 10.100.
FIRST_SECOND_OCTET = 100
MAX_CLUSTERS = 256 - FIRST_SECOND_OCTET


def generated_stack(source: dict[str, Any], clusters: int) -> dict[str, Any]:
    if not 1 <= clusters <= MAX_CLUSTERS:
        raise SystemExit(f"--clusters: 1 to {MAX_CLUSTERS}")
    document = copy.deepcopy(source)
    environment = document["config"][ENVIRONMENT_KEY]
    template = environment["clusters"][0]
    environment["clusters"] = [
        {
            **copy.deepcopy(template),
            "name": f"{template['name']}-{index:03d}",
            "networkCidr": f"10.{FIRST_SECOND_OCTET + index}.0.0/16",
        }
        for index in range(clusters)
    ]
    environment["name"] = f"bench-{clusters}"
    # Budgets scale with the environment: a size benchmark is not a budget test.
    if "monthlyBudgetUsd" in environment:
        environment["monthlyBudgetUsd"] = environment["monthlyBudgetUsd"] * clusters
    return document


def write_project(out_dir: Path, source_stack: str, clusters: int) -> str:
    """The generated project in `out_dir`; returns the stack name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for part in PROGRAM_PARTS:
        source = PROJECT_DIR / part
        target = out_dir / part
        if source.is_dir():
            shutil.copytree(
                source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, target)
    stack = f"bench-{clusters}"
    source = yaml.safe_load((PROJECT_DIR / "stacks" / f"Pulumi.{source_stack}.yaml").read_text())
    (out_dir / "stacks").mkdir(exist_ok=True)
    (out_dir / "stacks" / f"Pulumi.{stack}.yaml").write_text(
        yaml.safe_dump(generated_stack(source, clusters), sort_keys=False)
    )
    return stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--clusters", type=int, required=True)
    parser.add_argument("--from", dest="source", default="dev")
    args = parser.parse_args()
    print(write_project(args.out_dir, args.source, args.clusters))


if __name__ == "__main__":
    main()
