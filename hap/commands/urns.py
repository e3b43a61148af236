"""`hap urns STACK`: the stack's URNs, checked against or recorded in its snapshot.

hap urns prod            print every URN of a preview of prod, sorted
hap urns prod --check    compare with tests/snapshots/prod.urns (exit 1 on any change)
hap urns prod --update   record the current URNs in tests/snapshots/prod.urns
"""

from __future__ import annotations

import argparse
from pathlib import Path

from hap.commands import Command, add_project_dir, add_stack

EXIT_CHANGED = 1


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    add_stack(parser)
    add_project_dir(parser)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="compare with the committed snapshot; exit 1 if a URN disappeared or is new",
    )
    mode.add_argument(
        "--update",
        action="store_true",
        help="record the current URNs as the snapshot (an intended identity change)",
    )


def _run(args: argparse.Namespace) -> int:
    from hap.engine import run_program
    from hap.output import write_atomically
    from hap.progress import progress
    from hap.urns import (
        compare,
        explain,
        plan_urns,
        read_snapshot,
        render_snapshot,
        snapshot_path,
    )

    project_dir = Path(args.project_dir)
    with progress(f"Previewing {args.stack}"):
        plan = run_program(project_dir, args.stack)
    path = snapshot_path(project_dir, args.stack)
    if args.update:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, render_snapshot(args.stack, plan_urns(plan)))
        print(f"{len(plan.resources)} URNs recorded in {path}")
        return 0
    if args.check:
        if not path.is_file():
            print(f"no snapshot at {path}; create it with: hap urns {args.stack} --update")
            return EXIT_CHANGED
        diff = compare(read_snapshot(path), plan)
        if diff.missing or diff.added:
            print(explain(diff, str(path)))
            return EXIT_CHANGED
        kept = f", {len(diff.aliased)} renamed with aliases" if diff.aliased else ""
        print(f"{len(plan.resources)} URNs match {path}{kept}")
        return 0
    for urn in plan_urns(plan):
        print(urn)
    return 0


COMMAND = Command(
    name="urns",
    help="print a stack's URNs, check them against tests/snapshots, or record them",
    add_arguments=_add_arguments,
    run=_run,
)
