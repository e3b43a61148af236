"""Cinder volumes: created from an encrypted volume type."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule
from hybrid_policies.settings import STRING_LIST, string_list

VOLUME = "openstack:blockstorage/volume:Volume"
# Operators name volume types; an encrypted type is one with a LUKS encryption spec
# (`openstack volume type create --encryption-provider luks ...`), commonly named after
# it. A cloud whose encrypted types have other names lists them in the pack config.
DEFAULT_ENCRYPTED_TYPES = ("LUKS",)
ENCRYPTED_TYPES_CONFIG = {
    "encryptedVolumeTypes": {
        **STRING_LIST,
        "description": "Volume types whose volumes the cloud encrypts.",
        "default": list(DEFAULT_ENCRYPTED_TYPES),
    }
}


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    allowed = string_list(args.get_config(), "encryptedVolumeTypes")
    volume_type = get(args.props, "volumeType")
    if volume_type not in allowed:
        report(
            f"volume '{args.name}' has type {volume_type or '(the cloud default)'}, "
            f"not an encrypted type ({', '.join(allowed)})",
            None,
        )


volume_encrypted = resource_rule(
    name="openstack-blockstorage-volume-encrypted",
    description=(
        "Cinder volumes use an encrypted volume type (encryption at rest by the key manager)."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set volumeType to an encrypted volume type of the cloud (see encryptedVolumeTypes)."
    ),
    applies_to=of_types(VOLUME),
    validate=_validate,
    config=ENCRYPTED_TYPES_CONFIG,
    tags=("encryption", "storage"),
)

POLICIES = (volume_encrypted,)
