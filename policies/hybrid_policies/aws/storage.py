"""S3 default encryption with KMS; KMS key rotation."""

from __future__ import annotations

from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
)

from hybrid_policies.props import get, items, known
from hybrid_policies.rule import of_types, resource_rule, stack_rule

BUCKET = "aws:s3/bucket:Bucket"
SSE_CONFIGURATION = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
)
KMS_KEY = "aws:kms/key:Key"
_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


def _uses_kms(rule: Any) -> bool:
    return get(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm") in _KMS_ALGORITHMS


def _configures(configuration: PolicyResource, bucket: PolicyResource) -> bool:
    """The configuration is for this bucket: it depends on it through `bucket`, or names it."""
    if any(
        dependency.urn == bucket.urn
        for dependency in configuration.property_dependencies.get("bucket", [])
    ):
        return True
    # Names unknown during a preview compare as different (the dependency decides then).
    is_known, target = known(configuration.props, "bucket")
    names = [value for key in ("bucket", "id") for ok, value in [known(bucket.props, key)] if ok]
    return is_known and target is not None and target in names


def _s3_kms(args: StackValidationArgs, report: ReportViolation) -> None:
    configurations = [r for r in args.resources if r.resource_type == SSE_CONFIGURATION]
    for bucket in (r for r in args.resources if r.resource_type == BUCKET):
        inline = get(bucket.props, "serverSideEncryptionConfiguration", "rule")
        if inline is not None and _uses_kms(inline):
            continue
        if any(
            _configures(configuration, bucket)
            and any(_uses_kms(rule) for rule in items(get(configuration.props, "rules")))
            for configuration in configurations
        ):
            continue
        report(f"bucket '{bucket.name}' has no default encryption with KMS (aws:kms)", bucket.urn)


def _kms_rotation(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # Rotation exists only for symmetric encryption keys, the default spec.
    spec = (
        get(args.props, "customerMasterKeySpec")
        or get(args.props, "keySpec")
        or "SYMMETRIC_DEFAULT"
    )
    if spec == "SYMMETRIC_DEFAULT" and get(args.props, "enableKeyRotation") is not True:
        report(f"KMS key '{args.name}' does not rotate (enableKeyRotation: true)", None)


s3_kms_encrypted = stack_rule(
    name="aws-s3-bucket-kms-encrypted",
    description="Every S3 bucket encrypts new objects with a KMS key by default.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.ADVISORY,
    remediation=(
        "Add an s3.BucketServerSideEncryptionConfiguration for the bucket with sseAlgorithm "
        "aws:kms and a kmsMasterKeyId."
    ),
    validate=_s3_kms,
    checkov=("CKV_AWS_145",),
    tags=("encryption", "storage"),
)

kms_rotation = resource_rule(
    name="aws-kms-key-rotation-enabled",
    description="Symmetric KMS keys rotate their key material automatically.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set enableKeyRotation=true on the key.",
    applies_to=of_types(KMS_KEY),
    validate=_kms_rotation,
    checkov=("CKV_AWS_7",),
    tags=("encryption",),
)

POLICIES = (s3_kms_encrypted, kms_rotation)
