"""Storage accounts: data encrypted with a customer-managed key."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

STORAGE_ACCOUNT = "azure-native:storage:StorageAccount"


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # Azure always encrypts at rest; with Microsoft.Storage keys the platform holds the key,
    # so revoking access to the data is not in the owner's hands.
    if get(args.props, "encryption", "keySource") != "Microsoft.Keyvault":
        report(
            (
                f"storage account '{args.name}' is not encrypted with a customer-managed key (Key "
                f"Vault)"
            ),
            None,
        )


customer_managed_key = resource_rule(
    name="azure-storage-account-cmk-encrypted",
    description="Storage accounts encrypt data with a customer-managed key from Key Vault.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.ADVISORY,
    remediation=(
        'Set encryption={"keySource": "Microsoft.Keyvault", "keyVaultProperties": {...}, '
        '"identity": {...}}.'
    ),
    applies_to=of_types(STORAGE_ACCOUNT),
    validate=_validate,
    checkov=("CKV2_AZURE_1",),
    tags=("encryption", "storage"),
)

POLICIES = (customer_managed_key,)
