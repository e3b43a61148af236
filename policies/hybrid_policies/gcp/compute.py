"""VPC firewall rules: no admin port open to the internet."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.exposure import CONFIG, admin_ports, exposed, is_anywhere, parse_range
from hybrid_policies.props import get, items, strings
from hybrid_policies.rule import of_types, resource_rule

FIREWALL = "gcp:compute/firewall:Firewall"


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if (
        get(args.props, "disabled") is True
        or (get(args.props, "direction") or "INGRESS") != "INGRESS"
    ):
        return
    if not any(is_anywhere(source) for source in strings(get(args.props, "sourceRanges"))):
        return
    ports = admin_ports(args.get_config())
    found: set[int] = set()
    for allow in items(get(args.props, "allows")):
        if str(get(allow, "protocol") or "").lower() not in ("all", "tcp", "udp"):
            continue
        ranges = strings(get(allow, "ports"))
        if not ranges:  # no ports listed: every port of the protocol
            found.update(ports)
        for text in ranges:
            found.update(exposed(*parse_range(text), ports))
    if found:
        report(f"allows port(s) {', '.join(map(str, sorted(found)))} from 0.0.0.0/0", None)


no_admin_ports_open = resource_rule(
    name="gcp-compute-no-admin-ports-open-to-internet",
    description=(
        "No ingress firewall rule allows an admin port (SSH, RDP, Kubernetes API, etcd, kubelet) "
        "from 0.0.0.0/0."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Narrow sourceRanges (e.g. 35.235.240.0/20 for IAP TCP forwarding) or remove the ports."
    ),
    applies_to=of_types(FIREWALL),
    validate=_validate,
    checkov=("CKV_GCP_2", "CKV_GCP_3"),
    config=CONFIG,
    tags=("network",),
)

POLICIES = (no_admin_ports_open,)
