"""`CuratedDataReader`: the AWS identity a Data Factory pipeline copies an AWS pipeline's
curated data with.

Data Factory's Amazon S3 connector authenticates with an access key (or a session token,
which expires between scheduled runs), so the reader is a dedicated IAM user that can list
the curated bucket, read its objects and decrypt them with the pipeline's key: nothing
else, nowhere else. Its secret access key leaves this component only as a Pulumi secret,
for the Key Vault of the copying pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pulumi
import pulumi_aws as aws

from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.options import child_options

TYPE = "hybrid:aws:CuratedDataReader"


class CuratedDataReader(pulumi.ComponentResource):
    access_key_id: pulumi.Output[str]
    # A Pulumi secret: encrypted in the state, masked in every output and log.
    secret_access_key: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        user_name: str,
        curated_bucket_arn: pulumi.Input[str],
        key_arn: pulumi.Input[str],
        tags: Mapping[str, str],
        provider: aws.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        user = aws.iam.User(
            f"{name}-user",
            name=physical_name(user_name, max_length=64),
            tags=dict(tags),
            opts=child_options(self, provider),
        )
        aws.iam.UserPolicy(
            f"{name}-policy",
            name="read-curated",
            user=user.name,
            policy=pulumi.Output.all(curated_bucket_arn, key_arn).apply(
                lambda arns: read_only_policy(arns[0], arns[1])
            ),
            opts=child_options(self, provider),
        )
        key = aws.iam.AccessKey(f"{name}-key", user=user.name, opts=child_options(self, provider))
        self.access_key_id = key.id
        self.secret_access_key = pulumi.Output.secret(key.secret)
        self.register_outputs({"access_key_id": self.access_key_id})


def read_only_policy(bucket_arn: str, key_arn: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "ListCurated",
                    "Effect": "Allow",
                    "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
                    "Resource": bucket_arn,
                },
                {
                    "Sid": "ReadCurated",
                    "Effect": "Allow",
                    "Action": "s3:GetObject",
                    "Resource": f"{bucket_arn}/*",
                },
                {
                    "Sid": "DecryptCurated",
                    "Effect": "Allow",
                    "Action": "kms:Decrypt",
                    "Resource": key_arn,
                    # Only when S3 asks on the reader's behalf.
                    "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}},
                },
            ],
        },
        sort_keys=True,
    )
