"""Subcommands of the `hap` CLI. Each module exposes `COMMAND`; `hap.cli.COMMANDS` lists them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


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
