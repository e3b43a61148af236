"""`hap preview` against the floor: the same registrations under Pulumi's bare mock runtime.

Usage: python benchmarks/floor.py [--runs N] [--best] [--sizes 100 1000 5000] [STACK ...]

For each stack (default: dev, prod) and each generated size (clusters of the real definition,
up to its 20, then teams on each; see generate_stack.py), in one run on one machine:
  hap      `hap preview STACK --json PLAN` in a fresh process (program, policies, cost)
  floor    benchmarks/replay.py PLAN --sdk-imports: the plan's registrations, bare, with the
           same SDK classes loaded
  bare     replay.py without the SDK imports (what registration alone costs)
Wall seconds (median of N; --best: the fastest) and peak RSS of each process; the ratio
hap/floor; ms and MiB per resource. Targets (issue 15): ratio <= 1.25 at each size, ms per
resource constant within 20% from 1,000 to 5,000 resources, 5,000 resources under 1 GB.
Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate_stack import MAX_CLUSTERS, write_project

PROJECT_DIR = Path(__file__).parents[1]
HAP = Path(sys.executable).parent / "hap"
REPLAY = Path(__file__).parent / "replay.py"
RATIO_TARGET = 1.25
LINEARITY_TARGET = 0.20
PEAK_TARGET_MIB = 1024


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


@dataclass(frozen=True)
class Row:
    label: str
    resources: int
    hap: Run
    floor: Run
    bare: Run

    @property
    def ratio(self) -> float:
        return self.hap.seconds / self.floor.seconds

    @property
    def ms_per_resource(self) -> float:
        return 1000 * self.hap.seconds / self.resources

    @property
    def mib_per_resource(self) -> float:
        return self.hap.peak_mib / self.resources


def measure(command: list[str]) -> Run:
    """Wall time and peak RSS of one fresh process (`wait4` reports that child alone)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):  # 3: a mandatory policy failed, the run is complete
        raise SystemExit(f"{' '.join(command)}: exit {process.returncode}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def median_run(command: list[str], runs: int, best: bool = False) -> Run:
    """The median of `runs` fresh processes; with `best`, the fastest (on a machine shared
    with other jobs, the run they disturbed least)."""
    samples = [measure(command) for _ in range(runs)]
    pick = min if best else statistics.median
    return Run(pick(s.seconds for s in samples), pick(s.peak_mib for s in samples))


def compare(
    label: str, project_dir: Path, stack: str, runs: int, work: Path, best: bool = False
) -> Row:
    plan_file = work / f"{stack}.plan.json"
    hap = median_run(
        [str(HAP), "preview", stack, "--project-dir", str(project_dir), "--json", str(plan_file)],
        runs,
        best,
    )
    resources = len(json.loads(plan_file.read_text())["resources"])
    floor = median_run([sys.executable, str(REPLAY), str(plan_file), "--sdk-imports"], runs, best)
    bare = median_run([sys.executable, str(REPLAY), str(plan_file)], runs, best)
    return Row(label, resources, hap, floor, bare)


@dataclass(frozen=True)
class Shape:
    """Resources of a generated stack: fixed + clusters * (per_cluster + teams * per_team)."""

    fixed: float
    per_cluster: float
    per_team: float

    def for_size(self, resources: int) -> tuple[int, int]:
        """Clusters first (up to the definition's limit), then teams on each cluster."""
        clusters = max(1, min(MAX_CLUSTERS, round((resources - self.fixed) / self.per_cluster)))
        left = resources - self.fixed - clusters * self.per_cluster
        teams = max(0, round(left / (clusters * self.per_team)))
        return clusters, teams


def _count(work: Path, clusters: int, teams: int) -> int:
    project = work / f"gen-{clusters}x{teams}"
    stack = write_project(project, "dev", clusters, teams)
    plan_file = work / f"{stack}.json"
    subprocess.run(
        [str(HAP), "preview", stack, "--project-dir", str(project), "--json", str(plan_file)],
        check=False,
        stdout=subprocess.DEVNULL,
    )
    return len(json.loads(plan_file.read_text())["resources"])


def _shape(work: Path) -> Shape:
    """Measured from three small generated stacks, so it follows the definition's growth."""
    one, two, teams = _count(work, 1, 0), _count(work, 2, 0), _count(work, 1, 10)
    per_cluster = two - one
    return Shape(fixed=one - per_cluster, per_cluster=per_cluster, per_team=(teams - one) / 10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stacks", nargs="*", default=["dev", "prod"])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 5000])
    parser.add_argument("--best", action="store_true", help="the fastest of --runs, not the median")
    args = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for stack in args.stacks:
            rows.append(compare(stack, PROJECT_DIR, stack, args.runs, work, args.best))
        if args.sizes:
            shape = _shape(work)
            for size in args.sizes:
                clusters, teams = shape.for_size(size)
                project = work / f"gen-{clusters}x{teams}"
                stack = write_project(project, "dev", clusters, teams)
                rows.append(compare(f"~{size}", project, stack, args.runs, work, args.best))
    print(_table(rows))
    return 0 if _targets_met(rows) else 1


def _table(rows: list[Row]) -> str:
    header = (
        f"{'stack':<8}{'resources':>10}{'hap s':>8}{'floor s':>9}{'bare s':>8}{'ratio':>7}"
        f"{'ms/res':>8}{'floor ms/res':>13}{'hap MiB':>9}{'floor MiB':>10}{'MiB/res':>9}"
    )
    lines = [header]
    for row in rows:
        lines.append(
            f"{row.label:<8}{row.resources:>10}{row.hap.seconds:>8.2f}{row.floor.seconds:>9.2f}"
            f"{row.bare.seconds:>8.2f}{row.ratio:>7.2f}{row.ms_per_resource:>8.2f}"
            f"{1000 * row.floor.seconds / row.resources:>13.2f}{row.hap.peak_mib:>9.0f}"
            f"{row.floor.peak_mib:>10.0f}{row.mib_per_resource:>9.3f}"
        )
    return "\n".join(lines)


def _targets_met(rows: list[Row]) -> bool:
    met = True
    for row in rows:
        if row.ratio > RATIO_TARGET:
            print(f"missed: {row.label} ratio {row.ratio:.2f} > {RATIO_TARGET}")
            met = False
    large = [row for row in rows if row.resources >= 1000]
    if len(large) >= 2:
        per_resource = [row.ms_per_resource for row in large]
        spread = max(per_resource) / min(per_resource) - 1
        if spread > LINEARITY_TARGET:
            print(f"missed: ms per resource varies {spread:.0%} from 1,000 resources up")
            met = False
    for row in rows:
        if row.resources >= 5000 * 0.9 and row.hap.peak_mib > PEAK_TARGET_MIB:
            print(f"missed: {row.label} peak {row.hap.peak_mib:.0f} MiB > {PEAK_TARGET_MIB}")
            met = False
    return met


if __name__ == "__main__":
    raise SystemExit(main())
