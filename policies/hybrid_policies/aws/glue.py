"""AWS Glue: security configurations that encrypt everything they can, jobs and crawlers
that use one, and a Data Catalog encrypted with KMS."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

SECURITY_CONFIGURATION = "aws:glue/securityConfiguration:SecurityConfiguration"
JOB = "aws:glue/job:Job"
CRAWLER = "aws:glue/crawler:Crawler"
CATALOG_ENCRYPTION = "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings"

# (setting, mode property, modes that encrypt with a KMS key)
_ENCRYPTION = (
    ("s3Encryption", "s3EncryptionMode", ("SSE-KMS",)),
    ("cloudwatchEncryption", "cloudwatchEncryptionMode", ("SSE-KMS",)),
    ("jobBookmarksEncryption", "jobBookmarksEncryptionMode", ("CSE-KMS",)),
)


def _security_configuration(args: ResourceValidationArgs, report: ReportViolation) -> None:
    configuration = get(args.props, "encryptionConfiguration")
    for setting, mode_key, modes in _ENCRYPTION:
        mode = get(configuration, setting, mode_key)
        if mode not in modes:
            report(
                f"security configuration '{args.name}' sets {setting}.{mode_key} to "
                f"{mode or 'DISABLED'}; must be {' or '.join(modes)}",
                None,
            )


def _uses_security_configuration(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not get(args.props, "securityConfiguration"):
        kind = "job" if args.resource_type == JOB else "crawler"
        report(f"Glue {kind} '{args.name}' has no security configuration", None)


def _catalog(args: ResourceValidationArgs, report: ReportViolation) -> None:
    settings = get(args.props, "dataCatalogEncryptionSettings")
    if get(settings, "encryptionAtRest", "catalogEncryptionMode") != "SSE-KMS":
        report("the Data Catalog is not encrypted at rest with KMS (SSE-KMS)", None)
    if (
        get(settings, "connectionPasswordEncryption", "returnConnectionPasswordEncrypted")
        is not True
    ):
        report("the Data Catalog returns connection passwords unencrypted", None)


security_configuration_encrypted = resource_rule(
    name="aws-glue-security-configuration-encrypted",
    description=(
        "Glue security configurations encrypt S3 output, CloudWatch logs and job bookmarks "
        "with KMS."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set s3Encryption SSE-KMS, cloudwatchEncryption SSE-KMS and jobBookmarksEncryption "
        "CSE-KMS, each with a kmsKeyArn."
    ),
    applies_to=of_types(SECURITY_CONFIGURATION),
    validate=_security_configuration,
    checkov=("CKV_AWS_99",),
    tags=("encryption",),
)

uses_security_configuration = resource_rule(
    name="aws-glue-job-security-configuration",
    description="Glue jobs and crawlers run with a security configuration.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set securityConfiguration to an encrypting glue.SecurityConfiguration.",
    applies_to=of_types(JOB, CRAWLER),
    validate=_uses_security_configuration,
    checkov=("CKV_AWS_195",),
    tags=("encryption",),
)

catalog_encrypted = resource_rule(
    name="aws-glue-catalog-encrypted",
    description="The Glue Data Catalog encrypts metadata and connection passwords with KMS.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set encryptionAtRest.catalogEncryptionMode SSE-KMS and "
        "connectionPasswordEncryption.returnConnectionPasswordEncrypted true."
    ),
    applies_to=of_types(CATALOG_ENCRYPTION),
    validate=_catalog,
    checkov=("CKV_AWS_94",),
    tags=("encryption",),
)

POLICIES = (security_configuration_encrypted, uses_security_configuration, catalog_encrypted)
