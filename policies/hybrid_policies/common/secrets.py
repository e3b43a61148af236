"""No credential passed by value in a resource's inputs unless the property is secret.

A policy cannot see whether a value is a Pulumi secret: the engine decrypts secrets before
handing inputs to a policy pack (pulumi/pulumi-policy #241, #163). What a policy can see
is whether the resource treats the property as secret: the provider SDKs list
schema-secret properties (passwords, keys) in `additional_secret_outputs`, and a program
can add more. So a credential-like property is compliant when its top-level property is
in `opts.additional_secret_outputs`, when its value is a reference to a secret store
rather than the secret (Secrets Manager/SSM ARN, Key Vault reference, Secret Manager path,
Kubernetes secretKeyRef), or when it is computed by another resource (unknown during a
preview: the program never held it). A credential typed into Lambda environment
variables, app settings, Helm values or container env is a violation.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import Path, dotted, get, walk
from hybrid_policies.rule import resource_rule

# Name fragments of credentials, matched on the lowercased name without separators.
_CREDENTIAL = re.compile(
    r"password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|secretkey|"
    r"accountkey|sharedkey|masterkey|clientsecret|connectionstring|sastoken|credentials?$"
)
# Names that say "this points at a secret" or describe one, rather than hold one.
_NOT_A_VALUE = re.compile(
    r"(id|ids|arn|arns|name|names|ref|reference|version|type|path|file|url|uri|ttl|"
    r"policy|enabled|length|expiry|expiration|rotation|store|provider|class|mode|"
    r"header|audience|endpoint|location|source|issuer)$"
)
# Values that are references to a secret store, not the secret itself.
_REFERENCE = re.compile(
    r"^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|@Microsoft\.KeyVault\(|"
    r"https://[^/]+\.vault\.azure\.net/secrets/|projects/[^/]+/secrets/|\{\{resolve:)"
)
_NOT_SECRET_CONTAINERS = ("pulumi:providers:",)


# A pure function of the name, asked for every string property of every resource: the same
# few hundred names over and over.
@functools.lru_cache(maxsize=4096)
def is_credential_name(name: str) -> bool:
    plain = re.sub(r"[^a-z0-9]", "", name.lower())
    return bool(_CREDENTIAL.search(plain)) and not _NOT_A_VALUE.search(plain)


def _credential_leaves(props: Any) -> list[tuple[Path, str]]:
    """(path, credential name) of every literal credential value in the inputs."""
    found: list[tuple[Path, str]] = []
    for path, value in walk(props):
        if not path or not isinstance(value, str) or not value.strip():
            continue
        if _REFERENCE.match(value):
            continue
        key = path[-1]
        if not isinstance(key, str):
            continue
        name = key
        # Name/value pairs (container env, app settings): the name says what the value is.
        if key == "value":
            sibling = get(props, *path[:-1], "name")
            name = sibling if isinstance(sibling, str) else key
        if is_credential_name(name):
            found.append((path, name))
    return found


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    secret_properties = set(args.opts.additional_secret_outputs or ())
    for path, name in _credential_leaves(args.props):
        top = path[0]
        if top in secret_properties:
            continue
        report(
            f"{dotted(path)} holds a credential ({name}) as a plain value; "
            f"'{top}' is not a secret property of {args.resource_type}",
            None,
        )


no_plaintext_credentials = resource_rule(
    name="common-secrets-no-plaintext-credentials",
    description=(
        "Credentials in resource inputs are secret properties or references to a secret store, "
        "never plain values."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Reference the secret (Secrets Manager/SSM ARN, Key Vault reference, secretKeyRef) "
        "or add the property to ResourceOptions(additional_secret_outputs=[...])."
    ),
    applies_to=lambda resource_type: not resource_type.startswith(_NOT_SECRET_CONTAINERS),
    validate=_validate,
    checkov=("CKV_AWS_45",),
    tags=("secrets",),
)

POLICIES = (no_plaintext_credentials,)
