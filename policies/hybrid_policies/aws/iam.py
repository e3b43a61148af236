"""IAM: no policy that allows every action on every resource."""

from __future__ import annotations

import json
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

POLICIES = (no_wildcard_admin,)
