"""Cloud Functions (2nd gen) and Cloud Run: nobody-at-all (`allUsers`,
`allAuthenticatedUsers`) may invoke a service unless the definition declares it public."""

from __future__ import annotations

from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get, strings
from hybrid_policies.public_endpoints import CONFIG, last_segment, public_function_names
from hybrid_policies.rule import of_types, resource_rule

# IAM members and bindings on a Cloud Run service or a Cloud Function, and the input that
# names the service or function.
INVOKER_TYPES: dict[str, str] = {
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": "name",
    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding": "name",
    "gcp:cloudrun/iamMember:IamMember": "service",
    "gcp:cloudrun/iamBinding:IamBinding": "service",
    "gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember": "cloudFunction",
    "gcp:cloudfunctionsv2/functionIamBinding:FunctionIamBinding": "cloudFunction",
}
EVERYONE = frozenset({"allUsers", "allAuthenticatedUsers"})


def _members(props: Any) -> list[str]:
    member = get(props, "member")
    return [member] if isinstance(member, str) else strings(get(props, "members"))


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    everyone = sorted(set(_members(args.props)) & EVERYONE)
    if not everyone:
        return
    service = last_segment(get(args.props, INVOKER_TYPES[args.resource_type]))
    if service in public_function_names(args.get_config()):
        return
    report(
        f"grants {get(args.props, 'role')} on '{service}' to {', '.join(everyone)}, but no "
        "endpoint of the definition is declared public: true for it",
        None,
    )


invoker_not_public = resource_rule(
    name="gcp-functions-invoker-not-public-unless-declared",
    description=(
        "Cloud Functions and Cloud Run services are not invokable by allUsers or "
        "allAuthenticatedUsers, except endpoints the definition declares public."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Grant roles/run.invoker to the callers' service accounts, or declare the endpoint "
        "`public: true` in the definition (or list it in the rule's publicEndpoints)."
    ),
    applies_to=of_types(*INVOKER_TYPES),
    validate=_validate,
    checkov=("CKV_GCP_107",),
    config=CONFIG,
    tags=("exposure", "serverless"),
)

POLICIES = (invoker_not_public,)
