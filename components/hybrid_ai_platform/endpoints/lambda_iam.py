"""IAM and key policies of a Lambda endpoint. Pure: no Pulumi import.

Documents are JSON text with sorted keys (the same inputs give the same string, so two
previews never differ). Each statement names the one resource it is about; the only `*`
resource is X-Ray's, whose write actions accept no other ("Actions, resources, and
condition keys for AWS X-Ray": PutTraceSegments and PutTelemetryRecords have no resource
types).
"""

from __future__ import annotations

import json
from typing import Final

_VERSION: Final = "2012-10-17"
XRAY_WRITE_ACTIONS: Final = ("xray:PutTelemetryRecords", "xray:PutTraceSegments")


def lambda_trust_policy(account_id: str, partition: str, region: str, function_name: str) -> str:
    """Only Lambda, and only on behalf of this account's function of this name, may assume
    the role (the confused-deputy conditions of the IAM user guide)."""
    return _document(
        [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {
                    "StringEquals": {"aws:SourceAccount": account_id},
                    "ArnLike": {
                        "aws:SourceArn": (
                            f"arn:{partition}:lambda:{region}:{account_id}:function:{function_name}"
                        )
                    },
                },
            }
        ]
    )


def lambda_execution_policy(log_group_arn: str, key_arn: str) -> str:
    """What the function does at run time: write its own log streams, send traces, and
    decrypt its environment with its own key."""
    return _document(
        [
            {
                "Sid": "WriteOwnLogs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": f"{log_group_arn}:*",
            },
            {
                "Sid": "SendTraces",
                "Effect": "Allow",
                "Action": list(XRAY_WRITE_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": "DecryptEnvironment",
                "Effect": "Allow",
                "Action": "kms:Decrypt",
                "Resource": key_arn,
            },
        ]
    )


def endpoint_key_policy(account_id: str, partition: str, region: str, log_group_name: str) -> str:
    """The endpoint's key: the account administers it through IAM (the default key
    policy's first statement), and CloudWatch Logs may use it for this one log group only
    (the encryption-context condition of "Encrypt log data in CloudWatch Logs using AWS
    KMS")."""
    log_group_arn = f"arn:{partition}:logs:{region}:{account_id}:log-group:{log_group_name}"
    return _document(
        [
            {
                "Sid": "AccountAdministersThroughIam",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account_id}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchLogsForThisGroup",
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
                "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": log_group_arn}},
            },
        ]
    )


def _document(statements: list[dict[str, object]]) -> str:
    return json.dumps({"Version": _VERSION, "Statement": statements}, sort_keys=True)
