"""Neutron security group rules: no admin port open to the internet."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.exposure import CONFIG, admin_ports, exposed, is_anywhere
from hybrid_policies.props import get, number
from hybrid_policies.rule import of_types, resource_rule

SECURITY_GROUP_RULE = "openstack:networking/secGroupRule:SecGroupRule"


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "direction") != "ingress":
        return
    prefix = get(args.props, "remoteIpPrefix")
    # Neither a prefix nor a remote group: Neutron admits every address.
    open_to_all = is_anywhere(prefix) or (
        prefix is None
        and not get(args.props, "remoteGroupId")
        and not get(args.props, "remoteAddressGroupId")
    )
    protocol = str(get(args.props, "protocol") or "").lower()
    if not open_to_all or protocol not in ("", "tcp", "udp", "6", "17"):
        return
    ports = exposed(
        number(get(args.props, "portRangeMin")),
        number(get(args.props, "portRangeMax")),
        admin_ports(args.get_config()),
    )
    if ports:
        source = prefix or "no remote set"
        report(f"admits port(s) {', '.join(map(str, ports))} from any address ({source})", None)


no_admin_ports_open = resource_rule(
    name="openstack-networking-no-admin-ports-open-to-internet",
    description=(
        "No security group rule admits an admin port (SSH, RDP, Kubernetes API, etcd, kubelet) "
        "from 0.0.0.0/0 or ::/0."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set remoteIpPrefix to a known range or remoteGroupId to the admin security group.",
    applies_to=of_types(SECURITY_GROUP_RULE),
    validate=_validate,
    checkov=("CKV_OPENSTACK_2", "CKV_OPENSTACK_3"),
    config=CONFIG,
    tags=("network",),
)

POLICIES = (no_admin_ports_open,)
