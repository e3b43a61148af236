"""Required tags (labels, metadata) on every taggable resource, one rule per cloud.

The clouds differ in where tags live and what they look like: AWS and Azure a `tags` map
(AWS also inherits the provider's `defaultTags`), GCP a `labels` map under a per-type name
(plus the provider's `defaultLabels`), OpenStack a list of `key=value` strings, Kubernetes
`metadata.labels`. Cost reports and ownership lookups rely on every key being present with
a non-empty value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
)

from hybrid_policies.common.taggable import is_kubernetes_object, tag_property
from hybrid_policies.props import get, is_mapping, keys, known, strings
from hybrid_policies.rule import of_packages, resource_rule
from hybrid_policies.settings import required_tags_property, string_list

CONFIG = {"requiredTags": required_tags_property()}
REMEDIATION_SUFFIX = "hybrid_ai_platform.tags.environment_tags/component_tags set all of them."


def present_keys(tags: Any) -> set[str]:
    """Keys of a tag map whose value is a non-empty string (unknown values count: they
    are set, just computed later)."""
    if not is_mapping(tags):
        return set()
    present = set()
    for key in keys(tags):
        is_known, value = known(tags, key)
        if not is_known or (isinstance(value, str) and value.strip()):
            present.add(key)
    return present


def provider_default(args: ResourceValidationArgs, key: str, inner: str | None) -> set[str]:
    """Tag keys a provider adds to every resource (AWS defaultTags.tags, GCP defaultLabels).

    Provider inputs that are objects arrive JSON-encoded (the SDKs serialise them so the
    provider's config stays flat), so both forms are accepted.
    """
    if args.provider is None:
        return set()
    value = get(args.provider.props, key)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return set()
    if inner is not None:
        value = value.get(inner) if isinstance(value, Mapping) else None
    return present_keys(value)


def _report_missing(
    args: ResourceValidationArgs, report: ReportViolation, found: set[str], what: str
) -> None:
    missing = [key for key in string_list(args.get_config(), "requiredTags") if key not in found]
    if missing:
        report(
            f"{args.resource_type} '{args.name}' is missing required {what}: {', '.join(missing)}",
            None,
        )


def _aws(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if tag_property(args.resource_type) != "tags" and "tags" not in keys(args.props):
        return
    found = present_keys(get(args.props, "tags")) | provider_default(args, "defaultTags", "tags")
    _report_missing(args, report, found, "tags")


def _azure(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if tag_property(args.resource_type) != "tags" and "tags" not in keys(args.props):
        return
    _report_missing(args, report, present_keys(get(args.props, "tags")), "tags")


def _gcp(args: ResourceValidationArgs, report: ReportViolation) -> None:
    prop = tag_property(args.resource_type)
    if prop is None:
        if "labels" not in keys(args.props):
            return
        prop = "labels"
    found = present_keys(get(args.props, prop)) | provider_default(args, "defaultLabels", None)
    _report_missing(args, report, found, "labels")


def _openstack(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if tag_property(args.resource_type) != "tags" and "tags" not in keys(args.props):
        return
    found = {
        key
        for tag in strings(get(args.props, "tags"))
        for key, sep, value in [tag.partition("=")]
        if sep and value.strip()
    }
    _report_missing(args, report, found, "tags (as key=value)")


def _kubernetes(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not is_kubernetes_object(args.resource_type):
        return
    _report_missing(args, report, present_keys(get(args.props, "metadata", "labels")), "labels")


aws_required_tags = resource_rule(
    name="aws-all-required-tags",
    description="Every taggable AWS resource carries the required tags.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        f"Add the missing keys to `tags` (or the provider's defaultTags); {REMEDIATION_SUFFIX}"
    ),
    applies_to=of_packages("aws"),
    validate=_aws,
    config=CONFIG,
    tags=("governance", "cost"),
)

azure_required_tags = resource_rule(
    name="azure-all-required-tags",
    description="Every taggable Azure resource carries the required tags.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=f"Add the missing keys to `tags`; {REMEDIATION_SUFFIX}",
    applies_to=of_packages("azure-native"),
    validate=_azure,
    config=CONFIG,
    tags=("governance", "cost"),
)

gcp_required_labels = resource_rule(
    name="gcp-all-required-labels",
    description="Every labelable GCP resource carries the required labels.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Add the missing keys to `labels` (GKE clusters: `resourceLabels`) or the provider's "
        f"defaultLabels; {REMEDIATION_SUFFIX}"
    ),
    applies_to=of_packages("gcp"),
    validate=_gcp,
    checkov=("CKV_GCP_21",),
    config=CONFIG,
    tags=("governance", "cost"),
)

openstack_required_tags = resource_rule(
    name="openstack-all-required-tags",
    description="Every taggable OpenStack resource carries the required tags as key=value.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Add `key=value` strings for the missing keys to `tags` "
        "(hybrid_ai_platform.network.plan.openstack_tags converts a tag map)."
    ),
    applies_to=of_packages("openstack"),
    validate=_openstack,
    config=CONFIG,
    tags=("governance", "cost"),
)

kubernetes_required_labels = resource_rule(
    name="kubernetes-all-required-labels",
    description="Every Kubernetes object carries the required labels in metadata.labels.",
    severity=Severity.LOW,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Add the missing keys to metadata.labels (the environment's tags are valid label "
        "values: hybrid_ai_platform.tags)."
    ),
    applies_to=of_packages("kubernetes"),
    validate=_kubernetes,
    config=CONFIG,
    tags=("governance", "cost"),
)

POLICIES = (
    aws_required_tags,
    azure_required_tags,
    gcp_required_labels,
    openstack_required_tags,
    kubernetes_required_labels,
)
