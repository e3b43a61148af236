"""Function and web apps: HTTPS only, TLS 1.2 or newer on the site and its SCM endpoint,
FTP off."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

WEB_APP = "azure-native:web:WebApp"
# Versions in the order Azure accepts them; "1.2" is the least a client may negotiate.
_TLS_ORDER = ("1.0", "1.1", "1.2", "1.3")
MINIMUM_TLS = "1.2"


def _below_minimum(version: object) -> bool:
    # Unset: App Service's default, which the platform does not rely on.
    if not isinstance(version, str) or version not in _TLS_ORDER:
        return True
    return _TLS_ORDER.index(version) < _TLS_ORDER.index(MINIMUM_TLS)


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "httpsOnly") is not True:
        report(f"app '{args.name}' also answers plain HTTP (httpsOnly is not true)", None)
    for key in ("minTlsVersion", "scmMinTlsVersion"):
        version = get(args.props, "siteConfig", key)
        if _below_minimum(version):
            report(
                f"app '{args.name}' siteConfig.{key} is {version!r}, not {MINIMUM_TLS} or newer",
                None,
            )
    ftps = get(args.props, "siteConfig", "ftpsState")
    if ftps != "Disabled":
        report(f"app '{args.name}' allows FTP deployments (siteConfig.ftpsState {ftps!r})", None)


transport = resource_rule(
    name="azure-web-app-https-tls12-no-ftp",
    description="Function and web apps take HTTPS only, with TLS 1.2 or newer, and have FTP off.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set https_only=True and site_config min_tls_version and scm_min_tls_version '1.2', "
        "ftps_state 'Disabled'."
    ),
    applies_to=of_types(WEB_APP),
    validate=_validate,
    checkov=("CKV_AZURE_70", "CKV_AZURE_145", "CKV_AZURE_78"),
    tags=("encryption", "serverless"),
)

POLICIES = (transport,)
