"""Cases of the data-pipeline rules: S3 guards, Glue encryption, storage-account access,
Key Vault, Data Factory linked services."""

from __future__ import annotations

import json
from typing import Any

from hap.plan import PlannedResource
from hap.policy.harness import stack
from tests.policies.cases import Case, aws, azure, one

BUCKET = "aws:s3/bucket:Bucket"
TLS_ONLY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": ["arn:aws:s3:::raw", "arn:aws:s3:::raw/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
)
ALL_BLOCKS = {
    "blockPublicAcls": True,
    "blockPublicPolicy": True,
    "ignorePublicAcls": True,
    "restrictPublicBuckets": True,
}


def _bucket_with(type_: str, inputs: dict[str, Any]) -> list[PlannedResource]:
    bucket = aws(BUCKET, {"bucket": "raw"}, name="raw")
    setting = aws(type_, inputs, name="raw-setting", property_dependencies={"bucket": [bucket]})
    return [bucket, setting]


SECURITY = "aws:glue/securityConfiguration:SecurityConfiguration"
ENCRYPTING = {
    "encryptionConfiguration": {
        "s3Encryption": {"s3EncryptionMode": "SSE-KMS", "kmsKeyArn": "arn:aws:kms:k"},
        "cloudwatchEncryption": {"cloudwatchEncryptionMode": "SSE-KMS", "kmsKeyArn": "k"},
        "jobBookmarksEncryption": {"jobBookmarksEncryptionMode": "CSE-KMS", "kmsKeyArn": "k"},
    }
}
CATALOG = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"
ENCRYPTED_CATALOG = {
    "dataCatalogEncryptionSettings": {
        "encryptionAtRest": {"catalogEncryptionMode": "SSE-KMS", "sseAwsKmsKeyId": "k"},
        "connectionPasswordEncryption": {"returnConnectionPasswordEncrypted": True},
    }
}
ACCOUNT = "azure-native:storage:StorageAccount"
LOCKED_ACCOUNT = {
    "enableHttpsTrafficOnly": True,
    "minimumTlsVersion": "TLS1_2",
    "allowBlobPublicAccess": False,
    "allowSharedKeyAccess": False,
}
VAULT = "azure-native:keyvault:Vault"
SAFE_VAULT = {"properties": {"enablePurgeProtection": True, "enableRbacAuthorization": True}}
LINK = "azure-native:datafactory:LinkedService"
S3_BY_KEY_VAULT = {
    "properties": {
        "type": "AmazonS3",
        "accessKeyId": "AKIAEXAMPLE",
        "secretAccessKey": {
            "type": "AzureKeyVaultSecret",
            "store": {"referenceName": "key-vault", "type": "LinkedServiceReference"},
            "secretName": "s3-secret",
        },
    }
}

CASES = [
    Case(
        "aws-s3-bucket-versioning-enabled",
        "enabled",
        stack(
            _bucket_with(
                "aws:s3/bucketVersioning:BucketVersioning",
                {"bucket": "raw", "versioningConfiguration": {"status": "Enabled"}},
            )
        ),
    ),
    Case(
        "aws-s3-bucket-versioning-enabled",
        "suspended",
        stack(
            _bucket_with(
                "aws:s3/bucketVersioning:BucketVersioning",
                {"bucket": "raw", "versioningConfiguration": {"status": "Suspended"}},
            )
        ),
        expect="bucket 'raw' is not versioned",
    ),
    Case(
        "aws-s3-bucket-public-access-blocked",
        "all-four",
        stack(
            _bucket_with(
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                {"bucket": "raw", **ALL_BLOCKS},
            )
        ),
    ),
    Case(
        "aws-s3-bucket-public-access-blocked",
        "public-policies-allowed",
        stack(
            _bucket_with(
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                {"bucket": "raw", **ALL_BLOCKS, "blockPublicPolicy": False},
            )
        ),
        expect="bucket 'raw' does not block public access with all four settings",
    ),
    Case(
        "aws-s3-bucket-tls-only",
        "deny-insecure-transport",
        stack(
            _bucket_with("aws:s3/bucketPolicy:BucketPolicy", {"bucket": "raw", "policy": TLS_ONLY})
        ),
    ),
    Case(
        "aws-s3-bucket-tls-only",
        "no-policy",
        one(aws(BUCKET, {"bucket": "raw"}, name="raw")),
        expect="bucket 'raw' accepts requests without TLS",
    ),
    Case("aws-glue-security-configuration-encrypted", "all-kms", one(aws(SECURITY, ENCRYPTING))),
    Case(
        "aws-glue-security-configuration-encrypted",
        "bookmarks-disabled",
        one(
            aws(
                SECURITY,
                {
                    "encryptionConfiguration": {
                        **ENCRYPTING["encryptionConfiguration"],
                        "jobBookmarksEncryption": {"jobBookmarksEncryptionMode": "DISABLED"},
                    }
                },
                name="pipeline",
            )
        ),
        expect="security configuration 'pipeline' sets jobBookmarksEncryption."
        "jobBookmarksEncryptionMode to DISABLED; must be CSE-KMS",
    ),
    Case(
        "aws-glue-job-security-configuration",
        "job-with-configuration",
        one(aws("aws:glue/job:Job", {"securityConfiguration": "pipeline"})),
    ),
    Case(
        "aws-glue-job-security-configuration",
        "crawler-without",
        one(aws("aws:glue/crawler:Crawler", {"databaseName": "db"}, name="curated")),
        expect="Glue crawler 'curated' has no security configuration",
    ),
    Case("aws-glue-catalog-encrypted", "kms", one(aws(CATALOG, ENCRYPTED_CATALOG))),
    Case(
        "aws-glue-catalog-encrypted",
        "disabled",
        one(
            aws(
                CATALOG,
                {
                    "dataCatalogEncryptionSettings": {
                        "encryptionAtRest": {"catalogEncryptionMode": "DISABLED"}
                    }
                },
            )
        ),
        expect="the Data Catalog is not encrypted at rest with KMS",
    ),
    Case("azure-storage-account-https-only", "default-on", one(azure(ACCOUNT, {}))),
    Case(
        "azure-storage-account-https-only",
        "http-allowed",
        one(azure(ACCOUNT, {"enableHttpsTrafficOnly": False}, name="lake")),
        expect="storage account 'lake' accepts plain HTTP",
    ),
    Case("azure-storage-account-no-public-blob-access", "off", one(azure(ACCOUNT, LOCKED_ACCOUNT))),
    Case(
        "azure-storage-account-no-public-blob-access",
        "allowed",
        one(azure(ACCOUNT, {"allowBlobPublicAccess": True}, name="lake")),
        expect="storage account 'lake' does not forbid anonymous blob access",
    ),
    Case("azure-keyvault-vault-purge-protection", "on", one(azure(VAULT, SAFE_VAULT))),
    Case(
        "azure-keyvault-vault-purge-protection",
        "off",
        one(azure(VAULT, {"properties": {"enableRbacAuthorization": True}}, name="kv")),
        expect="key vault 'kv' has no purge protection",
    ),
    Case("azure-keyvault-vault-rbac-authorization", "rbac", one(azure(VAULT, SAFE_VAULT))),
    Case(
        "azure-keyvault-vault-rbac-authorization",
        "access-policies",
        one(azure(VAULT, {"properties": {"enablePurgeProtection": True}}, name="kv")),
        expect="key vault 'kv' uses access policies, not Azure RBAC",
    ),
    Case(
        "azure-datafactory-linked-service-no-inline-secret",
        "key-vault-reference",
        one(azure(LINK, S3_BY_KEY_VAULT)),
    ),
    Case(
        "azure-datafactory-linked-service-no-inline-secret",
        "secure-string",
        one(
            azure(
                LINK,
                {
                    "properties": {
                        **S3_BY_KEY_VAULT["properties"],
                        "secretAccessKey": {"type": "SecureString", "value": "wJalrXUtnFEMI"},
                    }
                },
                name="s3",
            )
        ),
        expect="linked service 's3' holds properties.secretAccessKey inline (SecureString)",
    ),
]
