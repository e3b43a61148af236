"""`hap preview` against the floor: the same registrations under Pulumi's bare mock runtime.

Usage: python benchmarks/floor.py [--rounds N] [--sizes 100 1000 2500 5000] [STACK ...]

For each stack (default: dev, prod) and each generated size (see generate_stack.py and
`Shape.series`: from ~1,000 resources up every size has the same mix of resources), in one
run on one machine, each in a fresh process:
  hap      `hap preview STACK` as a user runs it (program, policies, cost, rendering); the
           plan the floors replay comes from an untimed run with `--json PLAN` (writing
           it is an option's cost: `phases.py` shows it, 3-4% at 5,000 resources)
  typed    replay.py PLAN --typed: the plan's registrations through the SDKs' generated
           classes (`aws.ec2.Vpc(name, cidr_block=..., opts=...)`), as a bare program
           written with the SDKs makes them: the floor the ratio target is checked against
  raw      replay.py PLAN --sdk-imports: `pulumi.CustomResource(type, name, inputs)` with
           the same SDK modules loaded; below what any program using the classes can reach
  bare     replay.py PLAN: the same, no SDK loaded (what registration alone costs)
Before timing, `replay.py --check` proves both floors register what the plan recorded (type,
name and inputs of every resource, as the mock runtime receives them); if any resource
differs, no ratio is reported and the first differences are listed (exit status 1).

Interleaved rounds: each round runs the four processes of every stack and size back to
back (hap first in odd rounds, the floors first in even ones), so a burst of other work on
a shared machine slows one round's hap and its floor alike instead of one side of the
comparison. Reported: the median of each process's wall seconds, CPU seconds and peak RSS;
hap/typed as the median of the rounds' ratios (wall, and CPU beside it) and hap/raw; ms
and MiB per resource; the marginal ms per resource between successive generated sizes
from ~1,000 up, as the median of the rounds' own (wall, and CPU beside it). Targets (issue
15): hap/typed <= 1.25 at each size, the marginal time per resource constant within 20%
from 1,000 to 5,000 resources (a quadratic term shows there; the plain ms per resource
falls as a fixed start-up cost is spread wider), 5,000 resources under 1 GB. Exit status
1 when one is missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
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
# The linearity target's range starts here (a generated size of ~1,000 has a few less).
LINEARITY_FROM = 900
PROCESSES = ("hap", "typed", "raw", "bare")
# Python's default: modules compiled once, read from __pycache__ afterwards, as on a user's
# machine. Without it (these build machines set PYTHONDONTWRITEBYTECODE=1) every timed run
# would recompile the program's and the generated projects' sources, which the floors,
# having none, never do. `prepare`'s untimed run writes the caches.
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    # User + system CPU of the process: what other jobs on a shared machine disturb least.
    cpu_seconds: float

    def time(self, cpu: bool = False) -> float:
        return self.cpu_seconds if cpu else self.seconds


def median_of(runs: Sequence[Run]) -> Run:
    """Each figure's own median over the rounds."""
    return Run(
        statistics.median(run.seconds for run in runs),
        statistics.median(run.peak_mib for run in runs),
        statistics.median(run.cpu_seconds for run in runs),
    )


def median_ratio(
    numerators: Sequence[Run], denominators: Sequence[Run], cpu: bool = False
) -> float:
    """The median of the rounds' ratios: each round's two processes ran back to back, so a
    ratio compares them under the same load."""
    return statistics.median(
        top.time(cpu) / bottom.time(cpu)
        for top, bottom in zip(numerators, denominators, strict=True)
    )


@dataclass(frozen=True)
class Check:
    """One untimed `replay.py --check` run: how the floor registered the plan, and what the
    mock received otherwise than the plan recorded."""

    generated_classes: int
    components: int
    untyped: int
    mismatches: int
    differences: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    """One stack to time: its plan (from an untimed `hap preview`, which also compiles and
    caches what the timed runs read) and the checks of both floors against it."""

    label: str
    resources: int
    hap_command: tuple[str, ...]
    plan_file: Path
    typed_check: Check
    raw_check: Check
    generated: bool = False  # a stack of generate_stack.py (the linearity series)

    @property
    def faithful(self) -> bool:
        return self.typed_check.mismatches == 0 and self.raw_check.mismatches == 0

    def command(self, process: str) -> list[str]:
        replay = [sys.executable, str(REPLAY), str(self.plan_file)]
        return {
            "hap": list(self.hap_command),
            "typed": [*replay, "--typed"],
            "raw": [*replay, "--sdk-imports"],
            "bare": replay,
        }[process]


@dataclass(frozen=True)
class Row:
    """A case's runs, one per round and process, in round order."""

    case: Case
    hap: tuple[Run, ...]
    typed: tuple[Run, ...]  # each resource through its SDK's generated class: the target's floor
    raw: tuple[Run, ...]  # `pulumi.CustomResource(type, name, inputs)`, SDK modules loaded
    bare: tuple[Run, ...]  # the same, no SDK loaded

    @property
    def label(self) -> str:
        return self.case.label

    @property
    def resources(self) -> int:
        return self.case.resources

    @property
    def generated(self) -> bool:
        return self.case.generated

    @property
    def ratio(self) -> float:
        """hap against the typed floor, the one a program written with the SDKs can reach."""
        return median_ratio(self.hap, self.typed)

    @property
    def cpu_ratio(self) -> float:
        return median_ratio(self.hap, self.typed, cpu=True)

    @property
    def raw_ratio(self) -> float:
        return median_ratio(self.hap, self.raw)

    def median(self, process: str) -> Run:
        runs: tuple[Run, ...] = getattr(self, process)
        return median_of(runs)

    @property
    def ms_per_resource(self) -> float:
        return 1000 * self.median("hap").seconds / self.resources

    @property
    def mib_per_resource(self) -> float:
        return self.median("hap").peak_mib / self.resources


def measure(command: list[str]) -> Run:
    """Wall time, CPU time and peak RSS of one fresh process (`wait4` reports that child
    alone)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=CHILD_ENV)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 3):  # 3: a mandatory policy failed, the run is complete
        raise SystemExit(f"{' '.join(command)}: exit {process.returncode}")
    return Run(elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def round_order(round_index: int) -> tuple[str, ...]:
    """hap first in even-numbered rounds (0, 2, ...), last in odd ones: whatever running
    first or second costs (a cold page cache, a neighbour's burst) falls on both sides."""
    return PROCESSES if round_index % 2 == 0 else (*PROCESSES[1:], "hap")


def run_rounds(cases: list[Case], rounds: int) -> list[Row]:
    runs: dict[tuple[str, str], list[Run]] = {
        (case.label, process): [] for case in cases for process in PROCESSES
    }
    for round_index in range(rounds):
        for case in cases:
            for process in round_order(round_index):
                runs[case.label, process].append(measure(case.command(process)))
    return [
        Row(case, *(tuple(runs[case.label, process]) for process in PROCESSES)) for case in cases
    ]


def check(plan_file: Path, floor: str) -> Check:
    """`replay.py PLAN FLOOR --check`, untimed: the comparison is not part of the floor."""
    replayed = subprocess.run(
        [sys.executable, str(REPLAY), str(plan_file), floor, "--check"],
        capture_output=True,
        text=True,
        check=True,
        env=CHILD_ENV,
    )
    report = json.loads(replayed.stdout)
    return Check(
        generated_classes=report["generated_classes"],
        components=report["components"],
        untyped=report["untyped"],
        mismatches=report["mismatches"],
        differences=tuple(report["differences"]),
    )


def prepare(label: str, project_dir: Path, stack: str, work: Path, generated: bool = False) -> Case:
    plan_file = work / f"{stack}.plan.json"
    hap = (str(HAP), "preview", stack, "--project-dir", str(project_dir))
    subprocess.run(
        [*hap, "--json", str(plan_file)], check=False, stdout=subprocess.DEVNULL, env=CHILD_ENV
    )
    return Case(
        label,
        resources=len(json.loads(plan_file.read_text())["resources"]),
        hap_command=hap,
        plan_file=plan_file,
        typed_check=check(plan_file, "--typed"),
        raw_check=check(plan_file, "--sdk-imports"),
        generated=generated,
    )


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

    def series(self, sizes: list[int]) -> list[tuple[int, int]]:
        """(clusters, teams) for each size. Every size the largest one's mix can reach keeps
        that mix (the same teams on each cluster) and scales the clusters, so the marginal
        time between two sizes is the time of the same kind of resources; a size below one
        such cluster takes clusters first (`for_size`)."""
        _, teams = self.for_size(max(sizes))
        per_cluster = self.per_cluster + teams * self.per_team
        chosen = []
        for size in sizes:
            clusters = min(MAX_CLUSTERS, round((size - self.fixed) / per_cluster))
            chosen.append((clusters, teams) if clusters >= 1 else self.for_size(size))
        return chosen


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
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 2500, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        cases = [prepare(stack, PROJECT_DIR, stack, work) for stack in args.stacks]
        if args.sizes:
            sizes = sorted(args.sizes)
            for size, (clusters, teams) in zip(sizes, _shape(work).series(sizes), strict=True):
                project = work / f"gen-{clusters}x{teams}"
                stack = write_project(project, "dev", clusters, teams)
                cases.append(prepare(f"~{size}", project, stack, work, generated=True))
        if not all(case.faithful for case in cases):
            _print_differences(cases)
            return 1
        rows = run_rounds(cases, args.rounds)
    print(
        f"{args.rounds} interleaved rounds: times and sizes are medians, "
        "ratios the median of the rounds' ratios"
    )
    print(_table(rows))
    marginals = _marginals(rows)
    if marginals:
        print()
        print(_marginal_table(marginals))
    return 0 if _targets_met(rows, marginals) else 1


@dataclass(frozen=True)
class Marginal:
    """The time each resource added between two generated sizes: (t2 - t1) / (n2 - n1).
    The raw ms per resource falls with size (a fixed start-up cost spread wider); a
    quadratic term would show here, as a marginal cost that grows. Taken in each round
    (the two sizes ran minutes apart, under the same load) and reported as the median of
    the rounds': a difference of two medians taken from different rounds moved by 40%
    between sittings on this shared machine."""

    low: Row
    high: Row

    def ms(self, process: str, cpu: bool = False) -> float:
        return (
            1000
            * marginal_seconds(getattr(self.low, process), getattr(self.high, process), cpu)
            / (self.high.resources - self.low.resources)
        )


def marginal_seconds(low: Sequence[Run], high: Sequence[Run], cpu: bool = False) -> float:
    """The median over the rounds of what the larger stack took more than the smaller."""
    return statistics.median(
        larger.time(cpu) - smaller.time(cpu) for smaller, larger in zip(low, high, strict=True)
    )


def _marginals(rows: list[Row]) -> list[Marginal]:
    """Between successive generated sizes from about 1,000 resources up."""
    large = sorted(
        (row for row in rows if row.generated and row.resources >= LINEARITY_FROM),
        key=lambda row: row.resources,
    )
    return [Marginal(low, high) for low, high in itertools.pairwise(large)]


def _table(rows: list[Row]) -> str:
    header = (
        f"{'stack':<8}{'resources':>10}{'classes':>8}{'comp':>6}{'hap s':>8}{'typed s':>9}"
        f"{'raw s':>8}{'bare s':>8}{'/typed':>8}{'(CPU)':>7}{'/raw':>7}{'ms/res':>8}"
        f"{'typed ms/res':>13}"
        f"{'hap MiB':>9}{'typed MiB':>10}{'MiB/res':>9}"
    )
    lines = [header]
    for row in rows:
        hap, typed = row.median("hap"), row.median("typed")
        lines.append(
            f"{row.label:<8}{row.resources:>10}{row.case.typed_check.generated_classes:>8}"
            f"{row.case.typed_check.components:>6}{hap.seconds:>8.2f}{typed.seconds:>9.2f}"
            f"{row.median('raw').seconds:>8.2f}{row.median('bare').seconds:>8.2f}"
            f"{row.ratio:>8.2f}{row.cpu_ratio:>7.2f}{row.raw_ratio:>7.2f}"
            f"{row.ms_per_resource:>8.2f}{1000 * typed.seconds / row.resources:>13.2f}"
            f"{hap.peak_mib:>9.0f}{typed.peak_mib:>10.0f}{row.mib_per_resource:>9.3f}"
        )
    untyped = sum(row.case.typed_check.untyped for row in rows)
    lines.append(
        f"classes: resources replayed through a generated SDK class (providers included); "
        f"comp: components; custom resources without a class (CustomResource): {untyped}; "
        f"resources the mock received otherwise than the plan: 0"
    )
    return "\n".join(lines)


def _marginal_table(marginals: list[Marginal]) -> str:
    """Wall ms per resource (the target's), and CPU ms beside each: one size disturbed by
    other jobs moves both marginals next to it."""
    lines = [
        f"{'sizes':<16}{'resources':>10}{'hap ms/res':>12}{'(CPU)':>7}{'typed ms/res':>14}"
        f"{'(CPU)':>7}{'raw ms/res':>12}{'(CPU)':>7}"
    ]
    for marginal in marginals:
        figures = ""
        for process, width in (("hap", 12), ("typed", 14), ("raw", 12)):
            figures += f"{marginal.ms(process):>{width}.2f}{marginal.ms(process, cpu=True):>7.2f}"
        lines.append(
            f"{marginal.low.label + ' -> ' + marginal.high.label:<16}"
            f"{marginal.high.resources - marginal.low.resources:>10}{figures}"
        )
    return "\n".join(lines)


def _print_differences(cases: list[Case]) -> None:
    for case in cases:
        for floor, found in (("typed", case.typed_check), ("raw", case.raw_check)):
            if found.mismatches:
                print(
                    f"no ratio: {case.label}: the {floor} floor registered {found.mismatches} "
                    f"resource(s) otherwise than the plan; the first:"
                )
                for difference in found.differences:
                    print(f"  {difference}")


def _targets_met(rows: list[Row], marginals: list[Marginal]) -> bool:
    met = True
    for row in rows:
        if row.ratio > RATIO_TARGET:
            print(f"missed: {row.label} ratio {row.ratio:.2f} > {RATIO_TARGET} (typed floor)")
            met = False
    if len(marginals) >= 2:
        per_resource = [marginal.ms("hap") for marginal in marginals]
        spread = max(per_resource) / min(per_resource) - 1
        if spread > LINEARITY_TARGET:
            print(f"missed: marginal ms per resource varies {spread:.0%} from 1,000 resources up")
            met = False
    for row in rows:
        peak = row.median("hap").peak_mib
        if row.resources >= 5000 * 0.9 and peak > PEAK_TARGET_MIB:
            print(f"missed: {row.label} peak {peak:.0f} MiB > {PEAK_TARGET_MIB}")
            met = False
    return met


if __name__ == "__main__":
    raise SystemExit(main())
