"""Cloud KMS: crypto keys rotate at least every 90 days."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get, number
from hybrid_policies.rule import of_types, resource_rule

CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
MAX_ROTATION_SECONDS = 90 * 24 * 3600


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # Only symmetric encryption keys rotate automatically.
    if (get(args.props, "purpose") or "ENCRYPT_DECRYPT") != "ENCRYPT_DECRYPT":
        return
    period = get(args.props, "rotationPeriod")  # e.g. "7776000s"
    seconds = number(period[:-1]) if isinstance(period, str) and period.endswith("s") else None
    if seconds is None or seconds > MAX_ROTATION_SECONDS:
        every = f"rotates every {period}" if period else "does not rotate"
        report(f"crypto key '{args.name}' {every}; at most every 7776000s (90 days)", None)


key_rotation = resource_rule(
    name="gcp-kms-key-rotation-enabled",
    description="Cloud KMS symmetric keys rotate at least every 90 days.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation='Set rotationPeriod="7776000s" (or shorter).',
    applies_to=of_types(CRYPTO_KEY),
    validate=_validate,
    checkov=("CKV_GCP_43",),
    tags=("encryption",),
)

POLICIES = (key_rotation,)
