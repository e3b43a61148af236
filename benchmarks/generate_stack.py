"""Stacks of a chosen size from the real definition, for the floor benchmark.

Usage: python benchmarks/generate_stack.py --clusters N [--teams T] [--from dev] OUT_DIR

Copies the project's program (Pulumi.yaml, pyproject.toml, __main__.py, components/,
policies/) to OUT_DIR and writes `stacks/Pulumi.bench-NxT.yaml`: the source stack's
definition with its first cluster repeated N times (each with its own name and /16), each
with T more teams (namespaces with a quota of 0 GPUs), so every generated cluster is a real,
valid cluster of the definition, whatever fields the definition gains. The definition allows
at most 20 clusters (hybrid_ai_platform.spec.MAX_CLUSTERS): beyond about 1,000 resources
the size comes from teams.
"""

from __future__ import annotations

import argparse
import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from hybrid_ai_platform.spec import MAX_CLUSTERS, MAX_TEAMS

PROJECT_DIR = Path(__file__).parents[1]
PROGRAM_PARTS = ("Pulumi.yaml", "pyproject.toml", "__main__.py", "components", "policies")
ENVIRONMENT_KEY = "hybrid-ai-platform:environment"
# 10.0.0.0/8 holds 256 /16s; the source stack's own ranges stay out of the way below 10.100.
FIRST_SECOND_OCTET = 100


class _NoAliases(yaml.SafeDumper):
    """Stack files allow no YAML aliases (hap refuses them): write repeated values out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def stack_name(clusters: int, teams: int) -> str:
    return f"bench-{clusters}x{teams}"


def generated_stack(source: dict[str, Any], clusters: int, teams: int = 0) -> dict[str, Any]:
    if not 1 <= clusters <= MAX_CLUSTERS:
        raise SystemExit(f"--clusters: 1 to {MAX_CLUSTERS}")
    document = copy.deepcopy(source)
    environment = document["config"][ENVIRONMENT_KEY]
    template = environment["clusters"][0]
    own_teams = list(template.get("teams", []))
    if not 0 <= teams <= MAX_TEAMS - len(own_teams):
        raise SystemExit(f"--teams: 0 to {MAX_TEAMS - len(own_teams)}")
    extra_teams = [{"name": f"load-{index:03d}", "gpuQuota": 0} for index in range(teams)]
    environment["clusters"] = [
        {
            **copy.deepcopy(template),
            "name": f"{template['name']}-{index:03d}",
            "networkCidr": f"10.{FIRST_SECOND_OCTET + index}.0.0/16",
            "teams": own_teams + extra_teams,
        }
        for index in range(clusters)
    ]
    # Only the accounts something still deploys to: validation refuses an unused one.
    used = {entry["cloud"] for key in ("clusters", "endpoints", "pipelines")
            for entry in environment.get(key, [])}  # fmt: skip
    if "privateCloud" in environment:
        used.add("openstack")
    accounts = environment.get("accounts", {})
    environment["accounts"] = {cloud: accounts[cloud] for cloud in accounts if cloud in used}
    environment["name"] = stack_name(clusters, teams)
    # Budgets scale with the environment: a size benchmark is not a budget test.
    if "monthlyBudgetUsd" in environment:
        environment["monthlyBudgetUsd"] = environment["monthlyBudgetUsd"] * clusters
    return document


def write_project(out_dir: Path, source_stack: str, clusters: int, teams: int = 0) -> str:
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
    stack = stack_name(clusters, teams)
    source = yaml.safe_load((PROJECT_DIR / "stacks" / f"Pulumi.{source_stack}.yaml").read_text())
    (out_dir / "stacks").mkdir(exist_ok=True)
    (out_dir / "stacks" / f"Pulumi.{stack}.yaml").write_text(
        yaml.dump(generated_stack(source, clusters, teams), Dumper=_NoAliases, sort_keys=False)
    )
    return stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--clusters", type=int, required=True)
    parser.add_argument("--teams", type=int, default=0, help="more teams per cluster")
    parser.add_argument("--from", dest="source", default="dev")
    args = parser.parse_args()
    print(write_project(args.out_dir, args.source, args.clusters, args.teams))


if __name__ == "__main__":
    main()
