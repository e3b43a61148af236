"""The KMS key policy that lets CloudWatch Logs encrypt one log group with a customer
managed key. Pure: no Pulumi import.

CloudWatch Logs uses the key as the regional service principal `logs.<region>.amazonaws.com`
and only for the log group named in the encryption context (AWS CloudWatch Logs user
guide, "Encrypt log data in CloudWatch Logs using AWS Key Management Service"): a key
policy without that statement makes `CreateLogGroup` with `kmsKeyId` fail. The account's
root statement keeps the key administrable through IAM, as the default key policy does.
"""

from __future__ import annotations

import json


def log_group_key_policy(partition: str, region: str, account_id: str, log_group: str) -> str:
    """Key policy (JSON, sorted keys) for the key of the log group named `log_group`."""
    log_group_arn = f"arn:{partition}:logs:{region}:{account_id}:log-group:{log_group}"
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account_id}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchLogsEncryptsThisLogGroup",
                "Effect": "Allow",
                "Principal": {"Service": f"logs.{region}.amazonaws.com"},
                "Action": [
                    "kms:Encrypt*",
                    "kms:Decrypt*",
                    "kms:ReEncrypt*",
                    "kms:GenerateDataKey*",
                    "kms:Describe*",
                ],
                "Resource": "*",
                "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": log_group_arn}},
            },
        ],
    }
    return json.dumps(document, sort_keys=True)
