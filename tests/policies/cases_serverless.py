"""Cases of the serverless endpoint rules: unauthenticated endpoints only when declared
public, log retention and encryption, least-privilege IAM, transport security and
identity-only storage on Azure."""

from __future__ import annotations

import json
from typing import Any

from hap.plan import PlannedResource
from tests.policies.cases import ENV_KEY, Case, aws, azure, gcp, one, stack

URL = "aws:lambda/functionUrl:FunctionUrl"
PERMISSION = "aws:lambda/permission:Permission"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
WEB_APP = "azure-native:web:WebApp"
STORAGE = "azure-native:storage:StorageAccount"
INVOKER = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember"
FUNCTION_INVOKER = "gcp:cloudfunctionsv2/functionIamMember:FunctionIamMember"
SERVICE = "projects/p/locations/us-central1/services/test-open"
SECURE_APP = {
    "kind": "functionapp,linux",
    "httpsOnly": True,
    "siteConfig": {"minTlsVersion": "1.2", "scmMinTlsVersion": "1.2", "ftpsState": "Disabled"},
}
SECURE_STORAGE = {"allowSharedKeyAccess": False, "minimumTlsVersion": "TLS1_2"}


def declared_public(*resources: PlannedResource) -> Any:
    """A stack whose definition declares endpoint `open` public (function `test-open`)."""
    definition = {"name": "test", "tier": "dev", "endpoints": [{"name": "open", "public": True}]}
    return stack(resources, config={ENV_KEY: definition})


def _policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


LOGS_AND_TRACES = _policy(
    {
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "arn:aws:logs:us-east-1:1:log-group:/aws/lambda/test-score:*",
    },
    {
        "Effect": "Allow",
        "Action": ["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
        "Resource": "*",
    },
)

CASES = [
    Case(
        "aws-lambda-url-authenticated-unless-public",
        "aws-iam",
        one(aws(URL, {"functionName": "test-score", "authorizationType": "AWS_IAM"})),
    ),
    Case(
        "aws-lambda-url-authenticated-unless-public",
        "declared-public",
        declared_public(
            aws(URL, {"functionName": "test-open", "authorizationType": "NONE"}),
            aws(
                PERMISSION,
                {"function": "test-open", "action": "lambda:InvokeFunctionUrl", "principal": "*"},
            ),
        ),
    ),
    Case(
        "aws-lambda-url-authenticated-unless-public",
        "anonymous-url",
        one(aws(URL, {"functionName": "test-score", "authorizationType": "NONE"})),
        expect="Function URL of 'test-score' takes requests without authentication (NONE)",
    ),
    Case(
        "aws-lambda-url-authenticated-unless-public",
        "anyone-may-invoke",
        declared_public(
            aws(
                PERMISSION,
                {
                    "function": "arn:aws:lambda:us-east-1:1:function:test-score:live",
                    "action": "lambda:InvokeFunction",
                    "principal": "*",
                },
            )
        ),
        expect="permission lets anyone (lambda:InvokeFunction) call 'test-score'",
    ),
    Case(
        "aws-cloudwatch-log-group-retention-set",
        "a-year",
        one(aws(LOG_GROUP, {"retentionInDays": 365})),
    ),
    Case(
        "aws-cloudwatch-log-group-retention-set",
        "forever",
        one(aws(LOG_GROUP, {})),
        expect="has no retention (it keeps logs forever)",
    ),
    Case(
        "aws-iam-no-wildcard-actions-or-resources",
        "scoped",
        one(aws(ROLE_POLICY, {"policy": LOGS_AND_TRACES})),
    ),
    Case(
        "aws-iam-no-wildcard-actions-or-resources",
        "conditioned-star",
        one(
            aws(
                ROLE_POLICY,
                {
                    "policy": _policy(
                        {
                            "Effect": "Allow",
                            "Action": "autoscaling:SetDesiredCapacity",
                            "Resource": "*",
                            "Condition": {"StringEquals": {"aws:ResourceTag/owner": "me"}},
                        }
                    )
                },
            )
        ),
    ),
    Case(
        "aws-iam-no-wildcard-actions-or-resources",
        "service-wildcard",
        one(
            aws(
                ROLE_POLICY,
                {
                    "policy": _policy(
                        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b"}
                    )
                },
            )
        ),
        expect="Statement[0] allows wildcard actions s3:*",
    ),
    Case(
        "aws-iam-no-wildcard-actions-or-resources",
        "every-resource",
        one(
            aws(
                ROLE_POLICY,
                {"policy": _policy({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"})},
            )
        ),
        expect='allows kms:Decrypt on every resource ("*")',
    ),
    Case("azure-web-app-https-tls12-no-ftp", "secure", one(azure(WEB_APP, SECURE_APP))),
    Case(
        "azure-web-app-https-tls12-no-ftp",
        "old-tls",
        one(
            azure(
                WEB_APP,
                {**SECURE_APP, "siteConfig": {**SECURE_APP["siteConfig"], "minTlsVersion": "1.0"}},
            )
        ),
        expect="siteConfig.minTlsVersion is '1.0', not 1.2 or newer",
    ),
    Case(
        "azure-web-app-https-tls12-no-ftp",
        "http-and-ftp",
        one(
            azure(
                WEB_APP,
                {
                    **SECURE_APP,
                    "httpsOnly": False,
                    "siteConfig": {**SECURE_APP["siteConfig"], "ftpsState": "AllAllowed"},
                },
            )
        ),
        expect="allows FTP deployments (siteConfig.ftpsState 'AllAllowed')",
    ),
    Case("azure-storage-account-no-shared-key", "entra-only", one(azure(STORAGE, SECURE_STORAGE))),
    Case(
        "azure-storage-account-no-shared-key",
        "default-keys",
        one(azure(STORAGE, {"minimumTlsVersion": "TLS1_2"})),
        expect="accepts its account keys (allowSharedKeyAccess is not false)",
    ),
    Case("azure-storage-account-tls12", "tls12", one(azure(STORAGE, SECURE_STORAGE))),
    Case(
        "azure-storage-account-tls12",
        "tls10",
        one(azure(STORAGE, {**SECURE_STORAGE, "minimumTlsVersion": "TLS1_0"})),
        expect="minimumTlsVersion is 'TLS1_0', not TLS1_2",
    ),
    Case(
        "gcp-functions-invoker-not-public-unless-declared",
        "caller-account",
        one(
            gcp(
                INVOKER,
                {
                    "name": SERVICE,
                    "role": "roles/run.invoker",
                    "member": "serviceAccount:c@p.iam.gserviceaccount.com",
                },
            )
        ),
    ),
    Case(
        "gcp-functions-invoker-not-public-unless-declared",
        "declared-public",
        declared_public(
            gcp(INVOKER, {"name": SERVICE, "role": "roles/run.invoker", "member": "allUsers"})
        ),
    ),
    Case(
        "gcp-functions-invoker-not-public-unless-declared",
        "everyone",
        one(gcp(INVOKER, {"name": SERVICE, "role": "roles/run.invoker", "member": "allUsers"})),
        expect="grants roles/run.invoker on 'test-open' to allUsers, but no endpoint",
    ),
    Case(
        "gcp-functions-invoker-not-public-unless-declared",
        "config-lists-another",
        one(
            gcp(
                FUNCTION_INVOKER,
                {
                    "cloudFunction": "test-score",
                    "role": "roles/cloudfunctions.invoker",
                    "member": "allAuthenticatedUsers",
                },
            )
        ),
        expect="to allAuthenticatedUsers",
        config={"publicEndpoints": ["test-open"]},
    ),
]
