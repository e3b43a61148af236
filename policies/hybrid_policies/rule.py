"""How a rule of this pack is declared: one CrossGuard policy object with all its metadata.

Every rule is a plain `pulumi_policy` policy (so the real engine runs it unchanged) built by
`resource_rule` or `stack_rule`, which insist on the metadata the pack promises for each
rule: a `<cloud>-<service>-<rule>` name, a description, a severity, a default enforcement
level, one remediation line, the Checkov IDs of the same check where one exists, and a
config schema for its parameters.

Resource rules also declare which resource types they look at (`applies_to`). The real
engine still calls them for every resource and they ignore the others; the credential-free
runner (`hap.policy`) uses the declaration to skip those calls, which changes no result and
keeps a preview with hundreds of resources fast.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyComplianceFramework,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationPolicy,
)

CLOUDS = ("aws", "azure", "gcp", "openstack", "kubernetes", "common")
_NAME = re.compile(rf"^({'|'.join(CLOUDS)})-[a-z0-9]+-[a-z0-9]+(-[a-z0-9]+)*$")
_CHECKOV_ID = re.compile(r"^CKV2?_[A-Z0-9]+_\d+$")
CHECKOV = "Checkov"

TypeFilter = Callable[[str], bool]


class ScopedResourcePolicy(ResourceValidationPolicy):
    """A resource policy that says which resource types it looks at (`applies_to`)."""

    def __init__(self, *, applies_to: TypeFilter, validate: ResourceValidation, **metadata: Any):
        def scoped(args: ResourceValidationArgs, report: ReportViolation) -> Any:
            if not applies_to(args.resource_type):
                return None
            return validate(args, report)

        super().__init__(validate=scoped, **metadata)
        self.applies_to = applies_to


def of_types(*types: str) -> TypeFilter:
    """Exactly these type tokens."""
    wanted = frozenset(types)
    return lambda resource_type: resource_type in wanted


def of_packages(*packages: str) -> TypeFilter:
    """Every type of these providers (`aws` matches `aws:s3/bucket:Bucket`, not providers)."""
    prefixes = tuple(f"{package}:" for package in packages)
    return lambda resource_type: resource_type.startswith(prefixes)


def resource_rule(
    *,
    name: str,
    description: str,
    severity: Severity,
    enforcement: EnforcementLevel,
    remediation: str,
    applies_to: TypeFilter,
    validate: ResourceValidation,
    checkov: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    tags: Iterable[str] = (),
) -> ScopedResourcePolicy:
    """A resource rule: `validate(args, report)` sees one resource's inputs."""
    return ScopedResourcePolicy(
        applies_to=applies_to,
        validate=validate,
        **_metadata(name, description, severity, enforcement, remediation, checkov, config, tags),
    )


def stack_rule(
    *,
    name: str,
    description: str,
    severity: Severity,
    enforcement: EnforcementLevel,
    remediation: str,
    validate: StackValidation,
    checkov: Iterable[str] = (),
    config: Mapping[str, Mapping[str, Any]] | None = None,
    tags: Iterable[str] = (),
) -> StackValidationPolicy:
    """A stack rule: `validate(args, report)` sees every resource's outputs at once."""
    return StackValidationPolicy(
        validate=validate,
        **_metadata(name, description, severity, enforcement, remediation, checkov, config, tags),
    )


def _metadata(
    name: str,
    description: str,
    severity: Severity,
    enforcement: EnforcementLevel,
    remediation: str,
    checkov: Iterable[str],
    config: Mapping[str, Mapping[str, Any]] | None,
    tags: Iterable[str],
) -> dict[str, Any]:
    if not _NAME.match(name):
        raise ValueError(f"rule name {name!r} is not <cloud>-<service>-<rule> (clouds: {CLOUDS})")
    if not remediation.strip() or "\n" in remediation:
        raise ValueError(f"{name}: remediation must be one non-empty line")
    checkov_ids = tuple(checkov)
    for checkov_id in checkov_ids:
        if not _CHECKOV_ID.match(checkov_id):
            raise ValueError(f"{name}: {checkov_id!r} is not a Checkov check ID")
    cloud, service = name.split("-")[:2]
    return {
        "name": name,
        "description": description,
        "severity": severity,
        "enforcement_level": enforcement,
        "remediation_steps": remediation,
        "framework": (
            PolicyComplianceFramework(name=CHECKOV, reference=", ".join(checkov_ids))
            if checkov_ids
            else None
        ),
        # An empty schema still tells the engine the rule takes no parameters.
        "config_schema": PolicyConfigSchema(
            properties={key: dict(schema) for key, schema in (config or {}).items()}
        ),
        "tags": sorted({cloud, service, *tags}),
    }


def checkov_ids(policy: Any) -> tuple[str, ...]:
    """The Checkov IDs a rule of this pack declared (empty for other policies)."""
    framework = getattr(policy, "framework", None)
    if framework is None or framework.name != CHECKOV or not framework.reference:
        return ()
    return tuple(part.strip() for part in framework.reference.split(","))
