"""Project IAM: no basic roles (Owner, Editor, Viewer)."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

MEMBER_TYPES = ("gcp:projects/iAMMember:IAMMember", "gcp:projects/iAMBinding:IAMBinding")
BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    role = get(args.props, "role")
    if role in BASIC_ROLES:
        report(f"grants the basic role {role}, which spans every service of the project", None)


no_basic_roles = resource_rule(
    name="gcp-iam-no-basic-roles",
    description=(
        "Project IAM grants predefined or custom roles, never the basic Owner, Editor or Viewer."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Grant the predefined role of the service the member uses (e.g. roles/container.developer)."
    ),
    applies_to=of_types(*MEMBER_TYPES),
    validate=_validate,
    checkov=("CKV_GCP_117",),
    tags=("iam",),
)

POLICIES = (no_basic_roles,)
