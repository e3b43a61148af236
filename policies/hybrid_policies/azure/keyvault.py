"""Key Vaults: purge protection on, access by Azure RBAC."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

VAULT = "azure-native:keyvault:Vault"


def _purge_protection(args: ResourceValidationArgs, report: ReportViolation) -> None:
    properties = get(args.props, "properties")
    if get(properties, "enablePurgeProtection") is not True:
        report(
            f"key vault '{args.name}' has no purge protection: a deleted secret can be purged "
            "before its retention ends",
            None,
        )
    if get(properties, "enableSoftDelete") is False:
        report(f"key vault '{args.name}' turns soft delete off", None)


def _rbac(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "properties", "enableRbacAuthorization") is not True:
        report(
            f"key vault '{args.name}' uses access policies, not Azure RBAC "
            "(enableRbacAuthorization: true)",
            None,
        )


purge_protection = resource_rule(
    name="azure-keyvault-vault-purge-protection",
    description="Key Vaults keep soft delete and purge protection on.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set properties.enablePurgeProtection=True (and leave enableSoftDelete on).",
    applies_to=of_types(VAULT),
    validate=_purge_protection,
    checkov=("CKV_AZURE_110", "CKV_AZURE_42"),
    tags=("data-protection", "secrets"),
)

rbac_authorization = resource_rule(
    name="azure-keyvault-vault-rbac-authorization",
    description="Key Vaults authorize data access with Azure RBAC, not vault access policies.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set properties.enableRbacAuthorization=True and assign Key Vault data roles.",
    applies_to=of_types(VAULT),
    validate=_rbac,
    tags=("identity", "secrets"),
)

POLICIES = (purge_protection, rbac_authorization)
