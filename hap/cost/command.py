"""`hap cost STACK`: the monthly cost estimate of a stack, without credentials."""

from __future__ import annotations

import argparse
from pathlib import Path

from hap.commands import (
    Command,
    add_project_dir,
    add_reference_options,
    add_stack,
    preview_stack,
)
from hap.output import STDOUT, append_output, claims_stdout, write_output


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    add_stack(parser)
    add_project_dir(parser)
    add_reference_options(parser)
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="also write the report as JSON to FILE ('-': stdout)",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="FILE",
        help="also append the report as Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY; '-': stdout)",
    )


def _run(args: argparse.Namespace) -> int:
    from hap.cost.render import cost_markdown, render_cost_report
    from hap.render import make_console
    from hybrid_ai_shared.cost import estimate

    plan = preview_stack(args)
    report = estimate(plan)
    console = make_console(to_stderr=claims_stdout(args.json, args.markdown))
    render_cost_report(report, console)
    if args.json is not None:
        write_output(args.json, report.to_json_text())
        if args.json != STDOUT:
            console.print(f"Cost report written to {args.json}")
    if args.markdown is not None:
        # Appended, not replaced: a job summary file collects every step's output.
        append_output(args.markdown, cost_markdown(report))
    return 0


COMMAND = Command(
    name="cost",
    help="estimate a stack's monthly cost without credentials: per component, min and max",
    add_arguments=_add_arguments,
    run=_run,
)
