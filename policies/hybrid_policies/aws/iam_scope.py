"""IAM identity policies: no wildcard actions, and `*` resources only where the service
offers nothing narrower (or under a condition that narrows it)."""

from __future__ import annotations

from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.aws.iam import POLICY_TYPES, statements
from hybrid_policies.props import get, is_list, is_mapping
from hybrid_policies.rule import of_types, resource_rule

# Actions that accept no resource but `*` ("Actions, resources, and condition keys" of each
# service: no resource type listed), by prefix. List, Describe and Get* of EC2 and Auto
# Scaling are read-only discovery; X-Ray's write actions take no resource.
RESOURCELESS_ACTION_PREFIXES = (
    "autoscaling:Describe",
    "ec2:Describe",
    "ec2:GetInstanceTypesFromInstanceRequirements",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
)


def _as_list(value: Any) -> list[str]:
    if is_list(value):
        return [str(item) for item in value]
    return [] if value is None else [str(value)]


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for index, statement in enumerate(statements(get(args.props, "policy"))):
        if statement.get("Effect") != "Allow":
            continue
        actions = _as_list(statement.get("Action"))
        wildcards = sorted(action for action in actions if "*" in action)
        if wildcards:
            report(f"Statement[{index}] allows wildcard actions {', '.join(wildcards)}", None)
        conditioned = is_mapping(statement.get("Condition")) and bool(statement["Condition"])
        if "*" not in _as_list(statement.get("Resource")) or conditioned:
            continue
        scopable = sorted(
            action for action in actions if not action.startswith(RESOURCELESS_ACTION_PREFIXES)
        )
        if scopable:
            report(
                f'Statement[{index}] allows {", ".join(scopable)} on every resource ("*"), '
                "without a condition, though they accept resource ARNs",
                None,
            )


least_privilege = resource_rule(
    name="aws-iam-no-wildcard-actions-or-resources",
    description=(
        "IAM policies name their actions and resources: no wildcard action, and `*` resources "
        "only for actions that accept nothing narrower or under a condition."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "List each action, and the ARN of each resource it applies to (e.g. the log group ARN "
        "followed by ':*' for its streams)."
    ),
    applies_to=of_types(*POLICY_TYPES),
    validate=_validate,
    checkov=("CKV_AWS_63", "CKV_AWS_355"),
    tags=("iam",),
)

POLICIES = (least_privilege,)
