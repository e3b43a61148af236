"""The S3 buckets and KMS keys of a Glue pipeline, each with every guard S3 offers.

A bucket here is always: encrypted by default with the pipeline's KMS key (bucket keys on,
so KMS is called per bucket, not per object), versioned, with all four public-access
blocks, refusing plain-HTTP requests in its policy, and with lifecycle rules that expire
noncurrent versions and abort stale multipart uploads (both bill until removed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from hybrid_ai_platform.pipelines.plan import ABORT_MULTIPART_DAYS, RECOVERY_DAYS

Options = Callable[..., pulumi.ResourceOptions]


@dataclass(frozen=True)
class BucketSpec:
    logical: str  # e.g. `fraud-prep-raw`
    physical: str
    tags: Mapping[str, str]
    # Current objects expire after this many days (temporary data only); None keeps them.
    expire_days: int | None = None


def tls_only_policy(bucket_arn: str) -> str:
    """Deny every request that does not use TLS (AWS's `aws:SecureTransport` pattern)."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "DenyInsecureTransport",
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": [bucket_arn, f"{bucket_arn}/*"],
                    "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                }
            ],
        },
        sort_keys=True,
    )


def secure_bucket(
    spec: BucketSpec,
    key: aws.kms.Key,
    child: Options,
    stateful: Options,
) -> aws.s3.Bucket:
    """A bucket and its guards. `stateful` gives the bucket's options (protected in
    production); `child` the guards' (replaceable without data loss)."""
    bucket = aws.s3.Bucket(
        spec.logical, bucket=spec.physical, tags=dict(spec.tags), opts=stateful()
    )
    aws.s3.BucketPublicAccessBlock(
        f"{spec.logical}-public-access",
        bucket=bucket.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
        opts=child(),
    )
    aws.s3.BucketOwnershipControls(
        f"{spec.logical}-ownership",
        bucket=bucket.id,
        # ACLs off: access is decided by policies alone.
        rule={"object_ownership": "BucketOwnerEnforced"},
        opts=child(),
    )
    aws.s3.BucketServerSideEncryptionConfiguration(
        f"{spec.logical}-encryption",
        bucket=bucket.id,
        rules=[
            {
                "apply_server_side_encryption_by_default": {
                    "sse_algorithm": "aws:kms",
                    "kms_master_key_id": key.arn,
                },
                "bucket_key_enabled": True,
            }
        ],
        opts=child(),
    )
    versioning = aws.s3.BucketVersioning(
        f"{spec.logical}-versioning",
        bucket=bucket.id,
        versioning_configuration={"status": "Enabled"},
        opts=child(),
    )
    aws.s3.BucketPolicy(
        f"{spec.logical}-tls-only",
        bucket=bucket.id,
        policy=bucket.arn.apply(tls_only_policy),
        opts=child(),
    )
    rules: list[aws.s3.BucketLifecycleConfigurationRuleArgsDict] = [
        {
            "id": "noncurrent-and-incomplete",
            "status": "Enabled",
            "filter": {"prefix": ""},
            "noncurrent_version_expiration": {"noncurrent_days": RECOVERY_DAYS},
            "abort_incomplete_multipart_upload": {"days_after_initiation": ABORT_MULTIPART_DAYS},
        }
    ]
    if spec.expire_days is not None:
        rules.append(
            {
                "id": "expire-temporary",
                "status": "Enabled",
                "filter": {"prefix": ""},
                "expiration": {"days": spec.expire_days},
            }
        )
    aws.s3.BucketLifecycleConfiguration(
        f"{spec.logical}-lifecycle",
        bucket=bucket.id,
        rules=rules,
        # S3 requires versioning to exist before noncurrent-version rules are applied.
        opts=child(versioning),
    )
    return bucket


def key_policy(account_id: str, region: str, partition: str = "aws") -> str:
    """The account administers and uses the key through IAM (the default key policy), and
    CloudWatch Logs may use it for this account's log groups in this region only."""
    root = f"arn:{partition}:iam::{account_id}:root"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "AccountAdministersThroughIam",
                    "Effect": "Allow",
                    "Principal": {"AWS": root},
                    "Action": "kms:*",
                    "Resource": "*",
                },
                {
                    "Sid": "CloudWatchLogsOfThisAccount",
                    "Effect": "Allow",
                    "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                    "Action": [
                        "kms:Decrypt*",
                        "kms:Describe*",
                        "kms:Encrypt*",
                        "kms:GenerateDataKey*",
                        "kms:ReEncrypt*",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "ArnLike": {
                            "kms:EncryptionContext:aws:logs:arn": (
                                f"arn:{partition}:logs:{region}:{account_id}:log-group:*"
                            )
                        }
                    },
                },
            ],
        },
        sort_keys=True,
    )
