"""`hap graph STACK`: the component graph as a Mermaid flowchart."""

from __future__ import annotations

import argparse
import sys

from hap.commands import (
    Command,
    add_project_dir,
    add_reference_options,
    add_stack,
    preview_stack,
)


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    add_stack(parser)
    add_project_dir(parser)
    add_reference_options(parser)


def _run(args: argparse.Namespace) -> int:
    from hap.mermaid import component_graph

    plan = preview_stack(args)
    sys.stdout.write(component_graph(plan))
    return 0


COMMAND = Command(
    name="graph",
    help="print the component graph of a stack as a Mermaid flowchart",
    add_arguments=_add_arguments,
    run=_run,
)
