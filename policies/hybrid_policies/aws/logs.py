"""Logs an incident needs: VPC flow logs on every VPC, and in production CloudWatch log
groups encrypted with a KMS key and kept at least a year."""

from __future__ import annotations

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
)

from hybrid_policies.props import get, known, number
from hybrid_policies.rule import of_types, resource_rule, stack_rule
from hybrid_policies.settings import PRODUCTION, TIER_PROPERTY, tier

VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
# PCI DSS v4.0 10.5.1 keeps audit logs a year; CKV_AWS_338 checks the same.
DEFAULT_MINIMUM_RETENTION_DAYS = 365


def _watches(flow_log: PolicyResource, vpc: PolicyResource) -> bool:
    """The flow log records this VPC: it depends on it through `vpcId`, or names its id."""
    if any(dep.urn == vpc.urn for dep in flow_log.property_dependencies.get("vpcId", [])):
        return True
    is_known, target = known(flow_log.props, "vpcId")
    has_id, vpc_id = known(vpc.props, "id")
    return is_known and has_id and target is not None and target == vpc_id


def _flow_logs(args: StackValidationArgs, report: ReportViolation) -> None:
    flow_logs = [r for r in args.resources if r.resource_type == FLOW_LOG]
    for vpc in (r for r in args.resources if r.resource_type == VPC):
        if not any(_watches(flow_log, vpc) for flow_log in flow_logs):
            report(f"VPC '{vpc.name}' has no flow log (aws.ec2.FlowLog with its vpcId)", vpc.urn)


def _in_production(args: ResourceValidationArgs) -> bool:
    current = tier(args.get_config())
    if current is None:
        args.not_applicable("the tier is unknown: no environment definition and no `tier` config")
    return current == PRODUCTION


def _log_group_kms(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if _in_production(args) and not get(args.props, "kmsKeyId"):
        report(f"log group '{args.name}' is not encrypted with a KMS key (kmsKeyId)", None)


def _retention(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not _in_production(args):
        return
    configured = number(args.get_config().get("minimumDays"))
    minimum = int(configured) if configured is not None else DEFAULT_MINIMUM_RETENTION_DAYS
    days = number(get(args.props, "retentionInDays"))
    # Unset or 0: CloudWatch keeps the events forever.
    if days is not None and 0 < days < minimum:
        report(
            f"log group '{args.name}' keeps events {int(days)} days; at least {minimum} in "
            "production",
            None,
        )


vpc_flow_logs = stack_rule(
    name="aws-ec2-vpc-flow-logs-enabled",
    description="Every VPC records its traffic in a VPC flow log.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Add an aws.ec2.FlowLog with vpcId=<the VPC's id> and a log destination.",
    validate=_flow_logs,
    checkov=("CKV2_AWS_11",),
    tags=("network", "logging"),
)

log_group_kms = resource_rule(
    name="aws-cloudwatch-log-group-kms-encrypted",
    description="In production, CloudWatch log groups are encrypted with a KMS key.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set kmsKeyId to a KMS key whose key policy lets logs.<region>.amazonaws.com use it."
    ),
    applies_to=of_types(LOG_GROUP),
    validate=_log_group_kms,
    checkov=("CKV_AWS_158",),
    config={"tier": TIER_PROPERTY},
    tags=("logging", "encryption"),
)

log_retention = resource_rule(
    name="aws-cloudwatch-log-retention-one-year",
    description="In production, CloudWatch log groups keep their events at least a year.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set retentionInDays to 365 or more (the tier table's log_retention_days).",
    applies_to=of_types(LOG_GROUP),
    validate=_retention,
    checkov=("CKV_AWS_338",),
    config={
        "tier": TIER_PROPERTY,
        "minimumDays": {
            "type": "integer",
            "minimum": 1,
            "description": "Fewest days a production log group keeps its events.",
            "default": DEFAULT_MINIMUM_RETENTION_DAYS,
        },
    },
    tags=("logging",),
)

POLICIES = (vpc_flow_logs, log_group_kms, log_retention)
