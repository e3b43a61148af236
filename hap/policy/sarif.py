"""A policy report as SARIF 2.1.0, for code scanning UIs (GitHub, Azure DevOps, ...).

One run; the pack's policies are the tool's rules (id = policy name, with description,
remediation as help, severity, enforcement level, tags and Checkov IDs as properties);
each violation is a result at the stack-file line of the definition entry its resource
came from (see `hap.policy.locate`) or, for a resource no entry made (any other Pulumi
program), at the program line that registered it; the program line is a related location
of the former. The resource URN is the logical location. Mandatory violations are `error`,
advisory ones `warning`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pulumi_policy import EnforcementLevel, Policy

from hap.plan import Plan
from hap.policy.locate import StackFileLocator
from hap.policy.pack import LoadedPack
from hap.policy.report import PolicyReport

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME = "hap policy"


def to_sarif(
    report: PolicyReport,
    pack: LoadedPack,
    plan: Plan,
    stack_file: Path,
    base_dir: Path,
    project_dir: Path | None = None,
) -> dict[str, Any]:
    """The report as a SARIF log; file URIs relative to `base_dir` (the repository root).
    `project_dir` (default: `base_dir`) is where the plan's source positions are relative to."""
    locator = StackFileLocator.read(stack_file)
    rule_index = {policy.name: index for index, policy in enumerate(pack.policies)}
    stack_location = _location(stack_file, 1, base_dir)
    results = []
    for violation in report.violations:
        resource = _find(plan, violation.urn)
        entry_line = locator.entry_line(resource, plan) if resource is not None else None
        program = (
            _program_location(resource.source_position, project_dir or base_dir, base_dir)
            if resource is not None and resource.source_position
            else None
        )
        if entry_line is not None:
            primary = _location(stack_file, entry_line, base_dir)
        else:
            primary = program or stack_location
        result: dict[str, Any] = {
            "ruleId": violation.policy,
            "level": "error" if violation.mandatory else "warning",
            "message": {"text": violation.message},
            "locations": [
                {
                    "physicalLocation": primary,
                    "logicalLocations": [
                        {
                            "fullyQualifiedName": violation.urn,
                            "name": violation.resource_name,
                            "kind": "resource",
                        }
                    ],
                }
            ],
            "properties": {
                "enforcementLevel": violation.enforcement_level,
                "resourceType": violation.resource_type,
            },
        }
        if program is not None and primary is not program:
            result["relatedLocations"] = [
                {
                    "id": 0,
                    "physicalLocation": program,
                    "message": {"text": "the program line that registered the resource"},
                }
            ]
        if violation.policy in rule_index:
            result["ruleIndex"] = rule_index[violation.policy]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": pack.version,
                        "semanticVersion": pack.version,
                        "rules": [_rule(policy, pack) for policy in pack.policies],
                        "properties": {"policyPack": pack.name},
                    }
                },
                "automationDetails": {"id": f"{report.project}/{report.stack}/"},
                "results": results,
            }
        ],
    }


def to_sarif_text(
    report: PolicyReport,
    pack: LoadedPack,
    plan: Plan,
    stack_file: Path,
    base_dir: Path,
    project_dir: Path | None = None,
) -> str:
    sarif = to_sarif(report, pack, plan, stack_file, base_dir, project_dir)
    return json.dumps(sarif, indent=2, sort_keys=True) + "\n"


def _location(file: Path, line: int, base_dir: Path) -> dict[str, Any]:
    return {
        "artifactLocation": {"uri": _relative_uri(file, base_dir)},
        "region": {"startLine": line},
    }


def _program_location(position: str, project_dir: Path, base_dir: Path) -> dict[str, Any] | None:
    """`path:line` (relative to the project) as a SARIF physical location."""
    path, _, line = position.rpartition(":")
    if not path or not line.isdigit():
        return None
    return _location(project_dir / path, int(line), base_dir)


def _rule(policy: Policy, pack: LoadedPack) -> dict[str, Any]:
    level = policy.enforcement_level or pack.enforcement_level
    properties: dict[str, Any] = {
        "enforcementLevel": level.value,
        "tags": list(policy.tags or []),
    }
    if policy.severity is not None:
        properties["severity"] = policy.severity.value
    if policy.framework is not None and policy.framework.reference:
        properties["framework"] = {
            "name": policy.framework.name,
            "reference": policy.framework.reference,
        }
    rule: dict[str, Any] = {
        "id": policy.name,
        "name": policy.name,
        "shortDescription": {"text": policy.description},
        "fullDescription": {"text": policy.description},
        "defaultConfiguration": {"level": _level(level)},
        "properties": properties,
    }
    if policy.remediation_steps:
        rule["help"] = {"text": policy.remediation_steps}
    if policy.url:
        rule["helpUri"] = policy.url
    return rule


def _level(level: EnforcementLevel) -> str:
    if level == EnforcementLevel.DISABLED:
        return "none"
    return "warning" if level == EnforcementLevel.ADVISORY else "error"


def _find(plan: Plan, urn: str) -> Any:
    try:
        return plan.resource(urn)
    except KeyError:
        return None


def _relative_uri(file: Path, base_dir: Path) -> str:
    absolute = file.resolve()
    try:
        return absolute.relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return absolute.as_uri()
