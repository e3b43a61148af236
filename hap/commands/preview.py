"""`hap preview STACK`: run the program credential-free and show what it would create,
what the policy pack says about it and what it would cost a month.

The pack is the one `--policy-pack DIR` names, else the project's own `policies/` when it
has a `PulumiPolicy.yaml` (as `pulumi preview --policy-pack policies` would use it).
Exit status 3 when a mandatory policy is violated, like `hap policy`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hap.commands import (
    Command,
    add_project_dir,
    add_reference_options,
    add_stack,
    preview_stack,
)
from hap.errors import DefinitionError, display_path
from hap.output import STDOUT, claims_stdout, write_output
from hap.progress import progress

if TYPE_CHECKING:
    from rich.console import Console

    from hap.plan import Plan

EXIT_POLICY_VIOLATION = 3


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    add_stack(parser)
    add_project_dir(parser)
    parser.add_argument(
        "--json",
        type=Path,
        metavar="FILE",
        help="also write the plan as JSON to FILE ('-': stdout)",
    )
    add_reference_options(parser)
    parser.add_argument(
        "--watch",
        action="store_true",
        help="keep the SDKs loaded and preview again whenever the stack file or program changes",
    )
    parser.add_argument(
        "--policy-pack",
        type=Path,
        metavar="DIR",
        help="policy pack to run after the plan (default: the project's policies/, if any)",
    )


def _run(args: argparse.Namespace) -> int:
    from hap.cost import render_cost_section
    from hap.render import make_console, render_plan
    from hybrid_ai_shared.cost import estimate

    plan = preview_stack(args, warn=False)
    console = make_console(to_stderr=claims_stdout(args.json))
    render_plan(plan, console)
    passed = _check_policies(args, plan, console)
    render_cost_section(estimate(plan), console)
    if args.json is not None:
        write_output(args.json, plan.to_json_text())
        if args.json != STDOUT:
            console.print(f"Plan written to {args.json}")
    return 0 if passed else EXIT_POLICY_VIOLATION


def _check_policies(args: argparse.Namespace, plan: Plan, console: Console) -> bool:
    from hap.errors import display_path
    from hap.policy import load_policy_config, policy_config_file, render_report, run_pack
    from hap.policy.pack import load_pack, project_pack_dir

    pack_dir = args.policy_pack or project_pack_dir(args.project_dir)
    if pack_dir is None:
        return True
    pack = load_pack(pack_dir)
    config = load_policy_config(policy_config_file(args.project_dir, args.stack))
    with progress("Checking policies"):
        report = run_pack(plan, config, pack=pack)
    render_report(report, console, pack_label=display_path(pack.directory))
    return report.passed


def read_stack_outputs(pairs: list[str]) -> dict[str, dict[str, Any]]:
    """`["org/project/stack=file.json", ...]` -> outputs by stack name. The values arrive
    as plain outputs: `--show-secrets` output carries no secret marks."""
    outputs: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        name, separator, file_name = pair.partition("=")
        if not separator or not name or not file_name:
            raise DefinitionError(
                f"--stack-outputs {pair!r}: expected STACK=FILE, "
                "e.g. acme/hybrid-ai-platform/prod=outputs.json"
            )
        path = Path(file_name)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise DefinitionError(f"{display_path(path)}: cannot read ({error.strerror})") from None
        except json.JSONDecodeError as error:
            raise DefinitionError(
                f"{display_path(path)}:{error.lineno}: not JSON ({error.msg})"
            ) from None
        if not isinstance(document, dict):
            raise DefinitionError(
                f"{display_path(path)}: expected an object of outputs by name, "
                "as `pulumi stack output --json` prints it"
            )
        outputs[name] = document
    return outputs


COMMAND = Command(
    name="preview",
    help="preview a stack without credentials: resource tree, outputs, optional JSON plan",
    add_arguments=_add_arguments,
    run=_run,
)
