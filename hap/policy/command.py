"""`hap policy STACK` runs the policy pack on a credential-free preview; `hap policy
--list` lists the pack's rules.

Exit status: 0 when no mandatory rule is violated, 3 when one is (2 / 1 as for every
command: invalid definition or config / the program or a policy crashed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pulumi_policy import Policy, ResourceValidationPolicy

from hap.commands import Command, add_project_dir, add_reference_options, preview_stack
from hap.commands.preview import EXIT_POLICY_VIOLATION
from hap.errors import DefinitionError, display_path
from hap.output import claims_stdout, write_output
from hap.policy.config import load_policy_config, policy_config_file, unknown_policies
from hap.policy.pack import PACK_FILE, LoadedPack, load_pack, project_pack_dir
from hap.policy.report import render_report
from hap.policy.runner import run_pack
from hap.policy.sarif import to_sarif_text
from hap.progress import progress


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "stack", metavar="STACK", nargs="?", help="stack name: reads Pulumi.<STACK>.yaml"
    )
    add_project_dir(parser)
    add_reference_options(parser)
    parser.add_argument(
        "--policy-pack",
        type=Path,
        metavar="DIR",
        help=(
            "policy pack directory (default: the project's policies/, which must then "
            "hold a PulumiPolicy.yaml)"
        ),
    )
    parser.add_argument(
        "--policy-pack-config",
        type=Path,
        metavar="FILE",
        help=(
            "pack config JSON (default: policy-config.<STACK>.json next to the stack file, if any)"
        ),
    )
    parser.add_argument("--list", action="store_true", help="list the pack's rules and exit")
    parser.add_argument(
        "--json",
        type=Path,
        nargs="?",
        const=Path("-"),
        metavar="FILE",
        help="write the report (or, with --list, the rules) as JSON to FILE ('-': stdout)",
    )
    parser.add_argument(
        "--sarif",
        type=Path,
        metavar="FILE",
        help="write the violations as SARIF 2.1.0 to FILE ('-': stdout)",
    )


def _project_pack(project_dir: Path) -> Path:
    # No fallback to some pack shipped with hap: the engine checks a project against the
    # rules that project chose, and an installed hap has no project's rules to offer.
    directory = project_pack_dir(project_dir)
    if directory is None:
        expected = Path(project_dir) / "policies" / PACK_FILE
        raise DefinitionError(
            f"{display_path(expected)}: not found; hap policy needs a pack: "
            "the project's policies/ or --policy-pack DIR"
        )
    return directory


def _run(args: argparse.Namespace) -> int:
    from hap.project import load_project
    from hap.render import make_console

    pack = load_pack(args.policy_pack or _project_pack(args.project_dir))
    console = make_console(to_stderr=claims_stdout(args.json, args.sarif))
    if args.list:
        if args.json is not None:
            write_output(args.json, json.dumps(rules_json(pack), indent=2, sort_keys=True) + "\n")
        else:
            _print_rules(pack, console)
        return 0
    if args.stack is None:
        raise DefinitionError("hap policy: give a STACK to check, or --list")
    config_file = args.policy_pack_config or policy_config_file(args.project_dir, args.stack)
    if args.policy_pack_config is not None and not config_file.is_file():
        raise DefinitionError(f"{display_path(config_file)}: policy pack config not found")
    config = load_policy_config(config_file)
    for name in unknown_policies(pack, config):
        # stderr: stdout may carry the JSON report.
        print(
            f"warning: {display_path(config_file)}: no policy named {name!r} in the pack",
            file=sys.stderr,
        )
    plan = preview_stack(args)
    with progress("Checking policies"):
        report = run_pack(plan, config, pack=pack)
    if args.json is not None:
        write_output(args.json, report.to_json_text())
    if args.sarif is not None:
        stack_file = load_project(Path(args.project_dir).resolve()).stack_file(args.stack)
        sarif = to_sarif_text(
            report, pack, plan, stack_file, Path.cwd(), Path(args.project_dir).resolve()
        )
        write_output(args.sarif, sarif)
    render_report(report, console, pack_label=display_path(pack.directory))
    return 0 if report.passed else EXIT_POLICY_VIOLATION


def rules_json(pack: LoadedPack) -> list[dict[str, Any]]:
    """Every rule with its metadata, as `hap policy --list --json` prints it."""
    return [_rule_json(policy, pack) for policy in pack.policies]


def _rule_json(policy: Policy, pack: LoadedPack) -> dict[str, Any]:
    framework = policy.framework
    schema = policy.config_schema
    return {
        "name": policy.name,
        "description": policy.description,
        "type": "resource" if isinstance(policy, ResourceValidationPolicy) else "stack",
        "severity": policy.severity.value if policy.severity is not None else None,
        "enforcementLevel": (policy.enforcement_level or pack.enforcement_level).value,
        "remediation": policy.remediation_steps,
        "framework": (
            {"name": framework.name, "reference": framework.reference}
            if framework is not None
            else None
        ),
        "tags": list(policy.tags or []),
        "configSchema": {
            "properties": dict(schema.properties) if schema is not None else {},
            "required": list(schema.required or []) if schema is not None else [],
        },
    }


def _print_rules(pack: LoadedPack, console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"{pack.name}@v{pack.version}: {len(pack.policies)} rules")
    for column in ("rule", "severity", "level", "checkov", "description"):
        table.add_column(column)
    for policy in pack.policies:
        row = _rule_json(policy, pack)
        table.add_row(
            row["name"],
            row["severity"] or "",
            row["enforcementLevel"],
            (row["framework"] or {}).get("reference") or "",
            row["description"],
        )
    console.print(table)


COMMAND = Command(
    name="policy",
    help=(
        "run the policy pack on a stack's credential-free preview (exit 3 on a mandatory violation)"
    ),
    add_arguments=_add_arguments,
    run=_run,
)
