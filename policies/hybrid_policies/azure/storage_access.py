"""Storage accounts: HTTPS only, TLS 1.2 at least, no anonymous blob access, no shared keys.

Unset properties are judged by what the account gets without them: HTTPS-only is on by
default; public blob access and shared-key access are judged only when set explicitly to
the safe value, because their defaults changed over API versions and an account created
under an older default keeps it.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

STORAGE_ACCOUNT = "azure-native:storage:StorageAccount"
_TLS_OK = ("TLS1_2", "TLS1_3")


def _https(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "enableHttpsTrafficOnly") is False:
        report(f"storage account '{args.name}' accepts plain HTTP", None)


def _tls(args: ResourceValidationArgs, report: ReportViolation) -> None:
    version = get(args.props, "minimumTlsVersion")
    if version not in _TLS_OK:
        report(
            f"storage account '{args.name}' accepts TLS older than 1.2 "
            f"(minimumTlsVersion {version or 'unset: TLS1_0'})",
            None,
        )


def _public_blobs(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "allowBlobPublicAccess") is not False:
        report(
            f"storage account '{args.name}' does not forbid anonymous blob access "
            "(allowBlobPublicAccess: false)",
            None,
        )


def _shared_key(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "allowSharedKeyAccess") is not False:
        report(
            f"storage account '{args.name}' allows shared-key access (account keys and SAS "
            "signed with them); set allowSharedKeyAccess: false",
            None,
        )


https_only = resource_rule(
    name="azure-storage-account-https-only",
    description="Storage accounts accept HTTPS only.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set enableHttpsTrafficOnly=True (or leave it unset: on by default).",
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_https,
    checkov=("CKV_AZURE_3",),
    tags=("encryption", "storage"),
)

minimum_tls = resource_rule(
    name="azure-storage-account-minimum-tls12",
    description="Storage accounts refuse TLS versions older than 1.2.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation='Set minimumTlsVersion="TLS1_2".',
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_tls,
    checkov=("CKV_AZURE_44",),
    tags=("encryption", "storage"),
)

no_public_blobs = resource_rule(
    name="azure-storage-account-no-public-blob-access",
    description="Storage accounts forbid anonymous read access to blobs.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set allowBlobPublicAccess=False.",
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_public_blobs,
    checkov=("CKV_AZURE_190",),
    tags=("exposure", "storage"),
)

no_shared_key = resource_rule(
    name="azure-storage-account-no-shared-key",
    description="Storage accounts authorize with Entra ID only, never account keys.",
    severity=Severity.MEDIUM,
    # Advisory: some services (Functions' AzureWebJobsStorage on older plans) still need keys.
    enforcement=EnforcementLevel.ADVISORY,
    remediation="Set allowSharedKeyAccess=False and grant data roles to identities instead.",
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_shared_key,
    checkov=("CKV2_AZURE_40",),
    tags=("identity", "storage"),
)

POLICIES = (https_only, minimum_tls, no_public_blobs, no_shared_key)
