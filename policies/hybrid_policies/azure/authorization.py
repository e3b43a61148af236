"""Azure RBAC: no custom role that grants every action."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get, items, strings
from hybrid_policies.rule import of_types, resource_rule

ROLE_DEFINITION = "azure-native:authorization:RoleDefinition"


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    for index, permission in enumerate(items(get(args.props, "permissions"))):
        if "*" in strings(get(permission, "actions")):
            scopes = strings(get(args.props, "assignableScopes"))
            report(
                f'permissions[{index}] grants every action ("*"), an owner role '
                f"assignable at {', '.join(scopes) or 'its scope'}",
                None,
            )


no_wildcard_custom_role = resource_rule(
    name="azure-authorization-no-wildcard-custom-role",
    description="No custom role definition grants the wildcard action (a home-made Owner).",
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "List the actions the role needs, or assign a built-in role with the least privilege "
        "that fits."
    ),
    applies_to=of_types(ROLE_DEFINITION),
    validate=_validate,
    checkov=("CKV_AZURE_39",),
    tags=("iam",),
)

POLICIES = (no_wildcard_custom_role,)
