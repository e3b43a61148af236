"""S3 buckets: versioned, every public-access block on, plain HTTP refused.

S3 sets each of these on a separate resource that names its bucket; a rule finds it by
the property dependency on the bucket (or, failing that, by the bucket's name).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    Severity,
    StackValidationArgs,
)

from hybrid_policies.props import get, items, known
from hybrid_policies.rule import stack_rule

BUCKET = "aws:s3/bucket:Bucket"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
_BLOCKS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def attached(setting: PolicyResource, bucket: PolicyResource) -> bool:
    """`setting` is for `bucket`: it depends on it through `bucket`, or names it."""
    if any(d.urn == bucket.urn for d in setting.property_dependencies.get("bucket", [])):
        return True
    is_known, target = known(setting.props, "bucket")
    names = [value for key in ("bucket", "id") for ok, value in [known(bucket.props, key)] if ok]
    return is_known and target is not None and target in names


def _settings(args: StackValidationArgs, type_: str, bucket: PolicyResource) -> Iterable[Any]:
    return (r for r in args.resources if r.resource_type == type_ and attached(r, bucket))


def _buckets(args: StackValidationArgs) -> Iterable[PolicyResource]:
    return (r for r in args.resources if r.resource_type == BUCKET)


def _versioning(args: StackValidationArgs, report: ReportViolation) -> None:
    for bucket in _buckets(args):
        if not any(
            get(v.props, "versioningConfiguration", "status") == "Enabled"
            for v in _settings(args, VERSIONING, bucket)
        ):
            report(f"bucket '{bucket.name}' is not versioned", bucket.urn)


def _public_access(args: StackValidationArgs, report: ReportViolation) -> None:
    for bucket in _buckets(args):
        if not any(
            all(get(block.props, key) is True for key in _BLOCKS)
            for block in _settings(args, PUBLIC_ACCESS_BLOCK, bucket)
        ):
            report(
                f"bucket '{bucket.name}' does not block public access with all four settings "
                f"({', '.join(_BLOCKS)})",
                bucket.urn,
            )


def denies_plain_http(document: Any) -> bool:
    """A statement denies every action to everyone when `aws:SecureTransport` is false."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return False
    for statement in items(get(document, "Statement")):
        condition = get(statement, "Condition", "Bool", "aws:SecureTransport")
        if (
            get(statement, "Effect") == "Deny"
            and get(statement, "Principal") in ("*", {"AWS": "*"})
            and get(statement, "Action") in ("s3:*", ["s3:*"])
            and str(condition).lower() == "false"
        ):
            return True
    return False


def _tls_only(args: StackValidationArgs, report: ReportViolation) -> None:
    for bucket in _buckets(args):
        if not any(
            denies_plain_http(get(policy.props, "policy"))
            for policy in _settings(args, BUCKET_POLICY, bucket)
        ):
            report(
                f"bucket '{bucket.name}' accepts requests without TLS (no bucket policy denying "
                "aws:SecureTransport false)",
                bucket.urn,
            )


versioned = stack_rule(
    name="aws-s3-bucket-versioning-enabled",
    description="Every S3 bucket keeps earlier versions of its objects.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Add an s3.BucketVersioning for the bucket with status Enabled.",
    validate=_versioning,
    checkov=("CKV_AWS_21",),
    tags=("data-protection", "storage"),
)

public_access_blocked = stack_rule(
    name="aws-s3-bucket-public-access-blocked",
    description="Every S3 bucket blocks public ACLs and public policies.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Add an s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, "
        "blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true."
    ),
    validate=_public_access,
    checkov=("CKV2_AWS_6",),
    tags=("exposure", "storage"),
)

tls_only = stack_rule(
    name="aws-s3-bucket-tls-only",
    description="Every S3 bucket refuses requests that do not use TLS.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Add an s3.BucketPolicy denying s3:* to principal * on the bucket and its objects "
        'when {"Bool": {"aws:SecureTransport": "false"}}.'
    ),
    validate=_tls_only,
    tags=("encryption", "storage"),
)

POLICIES = (versioned, public_access_blocked, tls_only)
