"""Where one `hap preview` spends its time, phase by phase, in CPU seconds.

Usage: python benchmarks/phases.py [--project-dir DIR] STACK

Runs what `hap preview STACK --json FILE` runs, in this process, and times each phase with
`time.process_time` (CPU, steadier than wall time on a machine shared with other jobs):
  imports   hap, the policy runner, cost and rendering (the SDKs load inside `program`)
  program   the program under the mocks: its own planning and validation, the SDK's
            registrations and the recording monitor (`monitor`: the part spent answering
            RegisterResource and friends, on the SDK's executor threads)
  render, policies (pack load included), cost (estimate and its section), json
Target (issue 15): policies and cost each under 10% of the preview at 5,000 resources.
Generate large stacks with generate_stack.py.
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

SHARE_TARGET = 0.10
T = TypeVar("T")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stack")
    parser.add_argument("--project-dir", type=Path, default=Path(__file__).parents[1])
    args = parser.parse_args()
    gc.disable()  # as the `hap` command runs (hap.cli.main)
    started = time.process_time()
    from hap.lazy_sdk import lazy_sdk_packages

    with lazy_sdk_packages():
        from rich.console import Console

        from hap import monitor
        from hap.cost import render_cost_section
        from hap.engine import run_program
        from hap.policy import load_policy_config, policy_config_file, render_report, run_pack
        from hap.policy.pack import load_pack, project_pack_dir
        from hap.render import render_plan
        from hybrid_ai_shared.cost import estimate

        seconds: dict[str, float] = {"imports": time.process_time() - started}
        in_monitor = _time_monitor(monitor.RecordingMonitor)

        def phase(name: str, step: Callable[[], T]) -> T:
            begun = time.process_time()
            result = step()
            seconds[name] = seconds.get(name, 0.0) + time.process_time() - begun
            return result

        plan = phase("program", lambda: run_program(args.project_dir, args.stack))
        seconds["monitor"] = sum(in_monitor.values())
        console = Console(file=open(os.devnull, "w"), width=120)  # noqa: SIM115
        phase("render", lambda: render_plan(plan, console))
        pack_dir = project_pack_dir(args.project_dir)
        if pack_dir is not None:
            pack = phase("policies", lambda: load_pack(pack_dir))
            config = load_policy_config(policy_config_file(args.project_dir, args.stack))
            report = phase("policies", lambda: run_pack(plan, config, pack=pack))
            phase("policies", lambda: render_report(report, console, pack_label="policies"))
        phase("cost", lambda: render_cost_section(estimate(plan), console))
        phase("json", plan.to_json_text)
    total = time.process_time() - started
    print(f"{args.stack}: {len(plan.resources)} resources, {total:.2f} s CPU")
    for name, spent in seconds.items():
        label = "  monitor (part of program)" if name == "monitor" else name
        print(f"  {label:<28}{spent:>7.2f} s  {spent / total:>6.1%}")
    met = all(seconds.get(name, 0.0) / total < SHARE_TARGET for name in ("policies", "cost"))
    sys.stdout.flush()
    os._exit(0 if met else 1)  # as `hap` does: no teardown of the SDKs' objects


def _time_monitor(monitor_class: Any) -> dict[str, float]:
    """CPU time of the monitor's request handlers, summed over the threads that call them."""
    spent: dict[str, float] = collections.defaultdict(float)
    lock = threading.Lock()
    for name in ("RegisterResource", "RegisterResourceOutputs", "ReadResource", "Invoke"):
        handler = getattr(monitor_class, name)

        def timed(self: Any, request: Any, _handler: Any = handler, _name: str = name) -> Any:
            begun = time.thread_time()
            try:
                return _handler(self, request)
            finally:
                with lock:
                    spent[_name] += time.thread_time() - begun

        setattr(monitor_class, name, timed)
    return spent


if __name__ == "__main__":
    main()
