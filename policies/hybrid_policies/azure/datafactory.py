"""Data Factory linked services take secrets from Key Vault, never inline.

A linked service's credential properties (passwords, keys, secrets, connection strings,
SAS tokens) are either a `SecureString` (the value itself, stored in the factory and in
the Pulumi state) or an `AzureKeyVaultSecret` reference. Only the reference is allowed.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import dotted, get, walk
from hybrid_policies.rule import of_types, resource_rule

LINKED_SERVICE = "azure-native:datafactory:LinkedService"
KEY_VAULT_REFERENCE = "AzureKeyVaultSecret"


def _inline_secrets(args: ResourceValidationArgs, report: ReportViolation) -> None:
    properties = get(args.props, "properties")
    for path, value in walk(properties):
        if path and path[-1] == "type" and value == "SecureString":
            report(
                f"linked service '{args.name}' holds properties.{dotted(path[:-1])} inline "
                "(SecureString); reference a Key Vault secret instead",
                None,
            )
        if path and path[-1] == "connectionString" and isinstance(value, str):
            report(
                f"linked service '{args.name}' holds a connection string inline; reference "
                "a Key Vault secret instead",
                None,
            )


no_inline_secret = resource_rule(
    name="azure-datafactory-linked-service-no-inline-secret",
    description="Data Factory linked services read their credentials from Key Vault.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Pass the credential as {"type": "AzureKeyVaultSecret", "store": <Key Vault linked '
        'service reference>, "secretName": ...}, or use the factory\'s managed identity.'
    ),
    applies_to=of_types(LINKED_SERVICE),
    validate=_inline_secrets,
    tags=("secrets",),
)

POLICIES = (no_inline_secret,)
