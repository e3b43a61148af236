"""Storage accounts: Entra ID only (no shared keys or SAS signed with them), TLS 1.2."""

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

POLICIES = (no_shared_key, tls_minimum)
