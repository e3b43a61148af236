"""A private, versioned bucket with its access block: one component per data set."""

import pulumi
import pulumi_aws as aws


class PrivateBucket(pulumi.ComponentResource):
    def __init__(self, name: str, retention_days: int, opts=None) -> None:
        super().__init__("corpus:storage:PrivateBucket", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.bucket = aws.s3.Bucket(f"{name}-data", tags={"dataset": name}, opts=child)
        aws.s3.BucketVersioning(
            f"{name}-versioning",
            bucket=self.bucket.id,
            versioning_configuration={"status": "Enabled"},
            opts=child,
        )
        aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access",
            bucket=self.bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-expiry",
            bucket=self.bucket.id,
            rules=[{"id": "expire", "status": "Enabled", "expiration": {"days": retention_days}}],
            opts=child,
        )
        self.arn = self.bucket.arn
        self.register_outputs({"arn": self.arn})
