"""Lambda endpoints and their logs: no anonymous Function URL unless the definition
declares the endpoint public; log groups with a retention and a customer-managed key."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get, number
from hybrid_policies.public_endpoints import CONFIG, last_segment, public_function_names
from hybrid_policies.rule import of_types, resource_rule

FUNCTION_URL = "aws:lambda/functionUrl:FunctionUrl"
PERMISSION = "aws:lambda/permission:Permission"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
_INVOKE_ACTIONS = frozenset({"lambda:InvokeFunctionUrl", "lambda:InvokeFunction"})


def _validate_url(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == FUNCTION_URL:
        if get(args.props, "authorizationType") != "NONE":
            return
        function = last_segment(get(args.props, "functionName"))
        what = f"Function URL of '{function}' takes requests without authentication (NONE)"
    else:
        if get(args.props, "principal") != "*" or get(args.props, "action") not in _INVOKE_ACTIONS:
            return
        function = last_segment(get(args.props, "function"))
        what = f"permission lets anyone ({get(args.props, 'action')}) call '{function}'"
    if function not in public_function_names(args.get_config()):
        report(f"{what}, but no endpoint of the definition is declared public: true for it", None)


url_authenticated = resource_rule(
    name="aws-lambda-url-authenticated-unless-public",
    description=(
        "Lambda Function URLs require AWS_IAM authentication, except for endpoints the "
        "definition declares public."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Use authorization_type='AWS_IAM', or declare the endpoint `public: true` in the "
        "definition (or list the function in the rule's publicEndpoints)."
    ),
    applies_to=of_types(FUNCTION_URL, PERMISSION),
    validate=_validate_url,
    checkov=("CKV_AWS_258",),
    config=CONFIG,
    tags=("exposure", "serverless"),
)


def _validate_retention(args: ResourceValidationArgs, report: ReportViolation) -> None:
    days = number(get(args.props, "retentionInDays"))
    # 0 or unset: CloudWatch keeps the events forever and bills for them forever.
    if days is None or days <= 0:
        report(f"log group '{args.name}' has no retention (it keeps logs forever)", None)


log_retention = resource_rule(
    name="aws-cloudwatch-log-group-retention-set",
    description="CloudWatch log groups set a retention period.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set retention_in_days to the tier's log_retention_days "
        "(components/hybrid_ai_platform/tiers.py)."
    ),
    applies_to=of_types(LOG_GROUP),
    validate=_validate_retention,
    checkov=("CKV_AWS_66",),
    tags=("logging",),
)


# Customer-managed keys on log groups: `aws-cloudwatch-log-group-kms-encrypted` (logs.py).
POLICIES = (url_authenticated, log_retention)
