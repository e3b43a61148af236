"""The `hap` command line. Thin: argument parsing, dispatch, errors -> exit codes.

Exit status: 0 success; 2 invalid definition or configuration (`DefinitionError`);
1 the program crashed (`ProgramError`). `--debug` adds the full traceback.

To add a subcommand, write `hap/commands/<name>.py` exposing `COMMAND` and list it in
`COMMANDS` below.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence

from hap.commands import Command, graph, preview, urns
from hap.cost import command as cost
from hap.errors import DefinitionError, HapError, ProgramError
from hap.lazy_sdk import lazy_sdk_packages
from hap.policy import command as policy

COMMANDS: tuple[Command, ...] = (
    preview.COMMAND,
    graph.COMMAND,
    urns.COMMAND,
    cost.COMMAND,
    policy.COMMAND,
)

EXIT_OK = 0
EXIT_PROGRAM_ERROR = 1
EXIT_DEFINITION_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    parser = argparse.ArgumentParser(
        prog="hap",
        description="Credential-free preview of the hybrid-ai-platform Pulumi program.",
    )
    parser.add_argument("--version", action="version", version=version_line())
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS:
        subparser = subcommands.add_parser(command.name, help=command.help, parents=[common])
        command.add_arguments(subparser)
        subparser.set_defaults(run=command.run)
    return parser


def version_line() -> str:
    """hap's version and the Pulumi SDK it previews with: a preview is only as faithful as
    the SDK versions behind it, so a bug report needs both."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(distribution: str) -> str:
        try:
            return version(distribution)
        except PackageNotFoundError:
            return "not installed"

    python = ".".join(str(part) for part in sys.version_info[:3])
    return (
        f"hap {installed('hybrid-ai-platform')} "
        f"(pulumi SDK {installed('pulumi')}, pulumi-policy {installed('pulumi-policy')}, "
        f"Python {python})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    # A command runs once and exits. Importing the provider SDKs creates hundreds of
    # thousands of long-lived objects (their classes) that the cyclic collector keeps
    # rescanning without freeing anything: a quarter of a preview's time, for the same
    # peak memory (benchmarks/README.md). Collect normally again for in-process callers.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    _show_program_warnings()
    if getattr(args, "watch", False):
        from pathlib import Path

        from hap.watch import watch

        return watch(lambda: _run_command(args), Path(args.project_dir))
    return _run_command(args)


def _run_command(args: argparse.Namespace) -> int:
    try:
        exit_code: int = args.run(args)
    except DefinitionError as error:
        _report(error, args.debug)
        return EXIT_DEFINITION_ERROR
    except ProgramError as error:
        _report(error, args.debug)
        if not args.debug:
            print("(run with --debug for the full traceback)", file=sys.stderr)
        return EXIT_PROGRAM_ERROR
    return exit_code


def _report(error: HapError, debug: bool) -> None:
    if debug and error.details:
        print(error.details, file=sys.stderr, end="" if error.details.endswith("\n") else "\n")
    print(f"error: {error.message}", file=sys.stderr)


def _show_program_warnings() -> None:
    """`pulumi.log.warn` from the program (deprecations, ...) to stderr, like `pulumi preview`."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    program_logger = logging.getLogger("hap.program")
    # One handler, on the current stderr, however often `main` runs in a process.
    for previous in list(program_logger.handlers):
        program_logger.removeHandler(previous)
    program_logger.addHandler(handler)
    program_logger.setLevel(logging.WARNING)
    program_logger.propagate = False


def run() -> None:
    """The `hap` console script: `main`, then leave without tearing the interpreter down.

    Tearing down frees the provider SDKs' half-million objects one by one: 1.5 s of a 5 s
    preview, spent after everything is printed and written (every file is closed by then;
    no command registers an exit handler). Flush what is buffered, then exit at once, with
    no garbage collection on the way.
    """
    # The collector stays off to the end: enabled again (as `main` does for in-process
    # callers), the next allocation would collect every object the run left behind before
    # the exit below: 0.1 s of CPU after a 90-resource preview, 0.4 s after 1,000.
    gc.disable()
    # The policy pack and cost rules also import SDK modules (taggable types, result types):
    # lazily too, for the whole command.
    with lazy_sdk_packages():
        code = _main(None)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
