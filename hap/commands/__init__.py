"""Subcommands of the `hap` CLI. Each module exposes `COMMAND`; `hap.cli.COMMANDS` lists them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hap.errors import DefinitionError

if TYPE_CHECKING:
    from hap.plan import Plan


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, one-line help, its arguments and what it does (-> exit code)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_project_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=Path("."),
        help="directory holding Pulumi.yaml (default: the current directory)",
    )


def add_stack(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("stack", metavar="STACK", help="stack name: reads Pulumi.<STACK>.yaml")


def add_reference_options(parser: argparse.ArgumentParser) -> None:
    """`--stack-outputs` and `--strict`: what a program's stack references read."""
    parser.add_argument(
        "--stack-outputs",
        action="append",
        default=[],
        metavar="STACK=FILE",
        help=(
            "outputs of a stack the program references, as `pulumi stack output --json "
            "--show-secrets` prints them, e.g. acme/hybrid-ai-platform/prod=outputs.json "
            "(repeatable)"
        ),
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 2 when the preview had to approximate (e.g. a stack reference without "
        "--stack-outputs) instead of warning",
    )


def preview_stack(args: argparse.Namespace, *, warn: bool = True) -> Plan:
    """The command's STACK run under the mocks, with `--stack-outputs` supplied, a spinner
    while it runs, and `--strict` / the approximation warnings applied."""
    from hap.commands.preview import read_stack_outputs
    from hap.engine import run_program
    from hap.progress import progress

    stack_outputs = read_stack_outputs(args.stack_outputs)
    with progress(f"Previewing {args.stack}"):
        plan = run_program(args.project_dir, args.stack, stack_outputs=stack_outputs)
    check_approximations(plan, args.strict, warn=warn)
    return plan


def check_approximations(plan: Plan, strict: bool, *, warn: bool = True) -> None:
    """With `--strict`, an approximated plan is an error (exit 2); else each approximation
    is a warning on stderr (`warn=False` where the report itself lists them)."""
    if strict and plan.approximations:
        listed = "".join(f"\n  {item.subject}: {item.message}" for item in plan.approximations)
        raise DefinitionError(f"--strict: the preview had to approximate:{listed}")
    if warn:
        for item in plan.approximations:
            print(f"warning: {item.subject}: {item.message}", file=sys.stderr)
