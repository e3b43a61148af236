"""Network security groups: no admin port open to the internet."""

from __future__ import annotations

from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.exposure import CONFIG, admin_ports, exposed, is_anywhere, parse_range
from hybrid_policies.props import get, items, strings
from hybrid_policies.rule import of_types, resource_rule

SECURITY_GROUP = "azure-native:network:NetworkSecurityGroup"
SECURITY_RULE = "azure-native:network:SecurityRule"


def _exposed_ports(rule: Any, ports: list[int]) -> list[int]:
    if str(get(rule, "direction") or "").lower() != "inbound":
        return []
    if str(get(rule, "access") or "").lower() != "allow":
        return []
    if str(get(rule, "protocol") or "*").lower() not in ("*", "tcp", "udp"):
        return []
    sources = [
        str(get(rule, "sourceAddressPrefix") or ""),
        *strings(get(rule, "sourceAddressPrefixes")),
    ]
    if not any(is_anywhere(source) for source in sources):
        return []
    ranges = [get(rule, "destinationPortRange"), *strings(get(rule, "destinationPortRanges"))]
    found: set[int] = set()
    for text in ranges:
        if text is None:
            continue
        found.update(exposed(*parse_range(text), ports))
    return sorted(found)


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    ports = admin_ports(args.get_config())
    rules = (
        [
            (f"securityRules[{i}]", rule)
            for i, rule in enumerate(items(get(args.props, "securityRules")))
        ]
        if args.resource_type == SECURITY_GROUP
        else [("rule", args.props)]
    )
    for where, rule in rules:
        open_ports = _exposed_ports(rule, ports)
        if open_ports:
            name = get(rule, "name") or args.name
            report(
                (
                    f"{where} ('{name}') allows port(s) {', '.join(map(str, open_ports))} from "
                    f"the internet"
                ),
                None,
            )


no_admin_ports_open = resource_rule(
    name="azure-network-no-admin-ports-open-to-internet",
    description=(
        "No NSG rule allows an admin port (SSH, RDP, Kubernetes API, etcd, kubelet) inbound from "
        "Internet, * or 0.0.0.0/0."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Narrow sourceAddressPrefix(es) to known ranges, or use Azure Bastion / private endpoints."
    ),
    applies_to=of_types(SECURITY_GROUP, SECURITY_RULE),
    validate=_validate,
    checkov=("CKV_AZURE_9", "CKV_AZURE_10"),
    config=CONFIG,
    tags=("network",),
)

POLICIES = (no_admin_ports_open,)
