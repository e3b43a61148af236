"""What a tier means, in one table: every behaviour that differs between dev, staging and
prod is a named setting here, read by the components. No component asks "is this
production?"; it reads the one setting it needs, so a staging that needs one production
behaviour can have it (per-environment overrides) without becoming production.

Pure: no Pulumi import.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from hybrid_ai_platform.spec import Environment, NatStrategy, Tier

ReleaseChannel = Literal["REGULAR", "STABLE"]


@dataclass(frozen=True)
class TierSettings:
    # NAT gateways: one per zone survives the loss of a zone; a single one costs a third.
    nat: NatStrategy
    # Every log the platform keeps (VPC flow logs, control-plane logs, function and pipeline
    # logs). A value CloudWatch Logs (1..3653 from a fixed list) and a Log Analytics
    # workspace (30..730) both accept. A year in production: PCI DSS v4.0 10.5.1 asks it of
    # audit trails, and CKV_AWS_338 checks for it.
    log_retention_days: int
    # CloudWatch log groups encrypted with their own customer managed KMS key ($1 a month
    # per key), so reading them takes a key grant as well as logs:GetLogEvents (CKV_AWS_158).
    encrypt_logs: bool
    # `protect=True` on what cannot be replaced without an outage or data loss (networks,
    # keys, logs, clusters, buckets, identities): `pulumi destroy` and replacements stop.
    protect: bool
    # Keep the cloud resource when Pulumi deletes it (stateful resources only).
    retain_on_delete: bool
    # The clouds' own deletion protection (EKS, GKE clusters, ...): a console click is stopped too.
    deletion_protection: bool
    # KMS waits this long before deleting a key (7..30 days): the longest in production, so
    # a mistaken deletion can be cancelled.
    key_deletion_window_days: int
    # Paid control-plane availability (AKS Standard tier with the uptime SLA).
    high_availability: bool
    # GKE release channel: production follows STABLE, so changes reach staging first.
    release_channel: ReleaseChannel
    # AKS audit logs: every request in production (kube-audit), writes only elsewhere
    # (kube-audit-admin, much cheaper).
    full_audit_logs: bool


TIER_SETTINGS: dict[Tier, TierSettings] = {
    "dev": TierSettings(
        nat="single",
        log_retention_days=30,
        encrypt_logs=False,
        protect=False,
        retain_on_delete=False,
        deletion_protection=False,
        key_deletion_window_days=7,
        high_availability=False,
        release_channel="REGULAR",
        full_audit_logs=False,
    ),
    "staging": TierSettings(
        nat="single",
        log_retention_days=90,
        encrypt_logs=False,
        protect=False,
        retain_on_delete=False,
        deletion_protection=False,
        key_deletion_window_days=7,
        high_availability=False,
        release_channel="REGULAR",
        full_audit_logs=False,
    ),
    "prod": TierSettings(
        nat="per-zone",
        log_retention_days=365,
        encrypt_logs=True,
        protect=True,
        retain_on_delete=True,
        deletion_protection=True,
        key_deletion_window_days=30,
        high_availability=True,
        release_channel="STABLE",
        full_audit_logs=True,
    ),
}


def settings_for(env: Environment) -> TierSettings:
    """The settings an environment's components read: its tier's row of the table, with
    the environment's `tierOverrides` in place of the tier's values."""
    overrides = env.tier_overrides.model_dump(exclude_none=True)
    return replace(TIER_SETTINGS[env.tier], **overrides)
