"""IAM: no policy that allows every action on every resource, nor a write action on every
resource without a condition."""

from __future__ import annotations

import json
import re
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get, is_list, is_mapping
from hybrid_policies.rule import of_types, resource_rule

POLICY_TYPES = (
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
)
_WILDCARD_ACTIONS = frozenset({"*", "*:*"})
# Verbs of the IAM actions that only read (the "List" and "Read" access levels of the
# service authorization reference); every other verb writes, tags or grants.
_READ_VERBS = re.compile(
    r"^(Describe|List|Get|Head|Search|Lookup|Query|Scan|Select|View|Check|Validate|Estimate|"
    r"Simulate|BatchGet|Preview)"
)


def _as_list(value: Any) -> list[Any]:
    if is_list(value):
        return list(value)
    return [] if value is None else [value]


def statements(document: Any) -> list[Any]:
    """The statements of a policy document given as JSON text or as an object."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    if not is_mapping(document):
        return []
    return [item for item in _as_list(document.get("Statement")) if is_mapping(item)]


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for index, statement in enumerate(statements(get(args.props, "policy"))):
        if statement.get("Effect") != "Allow":
            continue
        actions = {str(action) for action in _as_list(statement.get("Action"))}
        resources = {str(resource) for resource in _as_list(statement.get("Resource"))}
        if actions & _WILDCARD_ACTIONS and "*" in resources:
            report(f'Statement[{index}] allows every action on every resource ("*" on "*")', None)


def _writes(action: str) -> bool:
    _, _, verb = action.partition(":")
    return action in _WILDCARD_ACTIONS or "*" in verb or not _READ_VERBS.match(verb)


# Write actions the Service Authorization Reference lists with no resource type: "*" is the
# only Resource they accept (AWS's own AWSXRayDaemonWriteAccess grants them so).
_NO_RESOURCE_LEVEL = frozenset({"xray:PutTraceSegments", "xray:PutTelemetryRecords"})


def _unconstrained_writes(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for index, statement in enumerate(statements(get(args.props, "policy"))):
        if statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        resources = {str(resource) for resource in _as_list(statement.get("Resource"))}
        if "*" not in resources:
            continue
        writes = sorted(
            str(action)
            for action in _as_list(statement.get("Action"))
            if _writes(str(action)) and str(action) not in _NO_RESOURCE_LEVEL
        )
        if writes:
            report(
                f"Statement[{index}] allows {', '.join(writes)} on every resource (\"*\") "
                "without a Condition",
                None,
            )


no_wildcard_admin = resource_rule(
    name="aws-iam-no-wildcard-admin-policy",
    description=(
        "No IAM policy allows the wildcard action on the wildcard resource (full administrator)."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "List the actions and resource ARNs the principal needs; use AWS managed job-function "
        "policies where they fit."
    ),
    applies_to=of_types(*POLICY_TYPES),
    validate=_validate,
    checkov=("CKV_AWS_1", "CKV_AWS_62"),
    tags=("iam",),
)

no_unconstrained_write = resource_rule(
    name="aws-iam-no-unconstrained-write",
    description=(
        "No IAM policy allows a write action on every resource unless a Condition narrows it."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Name the resource ARNs the actions need, or add a Condition (e.g. on "
        "aws:ResourceTag) that limits them to the principal's own resources."
    ),
    applies_to=of_types(*POLICY_TYPES),
    validate=_unconstrained_writes,
    checkov=("CKV_AWS_111",),
    tags=("iam",),
)

POLICIES = (no_wildcard_admin, no_unconstrained_write)
