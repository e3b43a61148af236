"""Storage accounts: HTTPS only, TLS 1.2 at least, no anonymous blob access, Entra ID only
(no shared keys or SAS signed with them).

Unset properties are judged by what the account gets without them: HTTPS-only is on by
default; public blob access and shared-key access pass only when set explicitly to the safe
value, because their defaults changed over API versions and an account created under an
older default keeps it.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

STORAGE_ACCOUNT = "azure-native:storage:StorageAccount"


def _validate_keys(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # Unset means allowed: "The default value is null, which is equivalent to true."
    if get(args.props, "allowSharedKeyAccess") is not False:
        report(
            f"storage account '{args.name}' accepts its account keys (allowSharedKeyAccess is "
            "not false): anyone holding a key reads and writes everything",
            None,
        )


no_shared_key = resource_rule(
    name="azure-storage-account-no-shared-key",
    description="Storage accounts refuse Shared Key authorization: access is by Entra ID identity.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set allow_shared_key_access=False and grant identities data roles (e.g. Storage Blob "
        "Data Owner for a function app's host storage)."
    ),
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_validate_keys,
    checkov=("CKV2_AZURE_40",),
    tags=("identity", "storage"),
)


def _validate_tls(args: ResourceValidationArgs, report: ReportViolation) -> None:
    version = get(args.props, "minimumTlsVersion")
    if version not in ("TLS1_2", "TLS1_3"):
        report(f"storage account '{args.name}' minimumTlsVersion is {version!r}, not TLS1_2", None)


tls_minimum = resource_rule(
    name="azure-storage-account-tls12",
    description="Storage accounts refuse TLS versions older than 1.2.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set minimum_tls_version='TLS1_2'.",
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_validate_tls,
    checkov=("CKV_AZURE_44",),
    tags=("encryption", "storage"),
)


def _validate_https(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "enableHttpsTrafficOnly") is False:
        report(f"storage account '{args.name}' accepts plain HTTP", None)


https_only = resource_rule(
    name="azure-storage-account-https-only",
    description="Storage accounts accept HTTPS only.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set enable_https_traffic_only=True (or leave it unset: on by default).",
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_validate_https,
    checkov=("CKV_AZURE_3",),
    tags=("encryption", "storage"),
)


def _validate_public_blobs(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "allowBlobPublicAccess") is not False:
        report(
            f"storage account '{args.name}' does not forbid anonymous blob access "
            "(allowBlobPublicAccess is not false)",
            None,
        )


no_public_blobs = resource_rule(
    name="azure-storage-account-no-public-blob-access",
    description="Storage accounts forbid anonymous read access to blobs.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set allow_blob_public_access=False.",
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_validate_public_blobs,
    checkov=("CKV_AZURE_190",),
    tags=("exposure", "storage"),
)

POLICIES = (no_shared_key, tls_minimum, https_only, no_public_blobs)
