"""EC2: security groups that open admin ports to the internet, unencrypted EBS volumes."""

from __future__ import annotations

from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.exposure import CONFIG, admin_ports, exposed, is_anywhere
from hybrid_policies.props import get, items, number, strings
from hybrid_policies.rule import of_types, resource_rule

SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
VOLUME = "aws:ebs/volume:Volume"
INSTANCE = "aws:ec2/instance:Instance"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
_ALL_PROTOCOLS = ("-1", "all")


def _exposed_ports(rule: Any, protocol_key: str, sources: list[str], ports: list[int]) -> list[int]:
    if not any(is_anywhere(source) for source in sources):
        return []
    protocol = str(get(rule, protocol_key) or "").lower()
    if protocol in _ALL_PROTOCOLS:
        return ports
    if protocol not in ("tcp", "6", "udp", "17"):
        return []
    return exposed(number(get(rule, "fromPort")), number(get(rule, "toPort")), ports)


def _security_groups(args: ResourceValidationArgs, report: ReportViolation) -> None:
    ports = admin_ports(args.get_config())
    if args.resource_type == SECURITY_GROUP:
        rules = [
            (f"ingress[{index}]", rule)
            for index, rule in enumerate(items(get(args.props, "ingress")))
        ]
        found = [
            (
                where,
                _exposed_ports(
                    rule,
                    "protocol",
                    strings(get(rule, "cidrBlocks")) + strings(get(rule, "ipv6CidrBlocks")),
                    ports,
                ),
            )
            for where, rule in rules
        ]
    elif args.resource_type == SECURITY_GROUP_RULE:
        if get(args.props, "type") != "ingress":
            return
        sources = strings(get(args.props, "cidrBlocks")) + strings(
            get(args.props, "ipv6CidrBlocks")
        )
        found = [("rule", _exposed_ports(args.props, "protocol", sources, ports))]
    else:
        sources = [
            str(get(args.props, key)) for key in ("cidrIpv4", "cidrIpv6") if get(args.props, key)
        ]
        found = [("rule", _exposed_ports(args.props, "ipProtocol", sources, ports))]
    for where, open_ports in found:
        if open_ports:
            report(f"{where} opens port(s) {', '.join(map(str, open_ports))} to the internet", None)


def _ebs(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == VOLUME:
        if get(args.props, "encrypted") is not True:
            report(f"EBS volume '{args.name}' is not encrypted (encrypted: true)", None)
        return
    if args.resource_type == INSTANCE:
        devices = [("rootBlockDevice", get(args.props, "rootBlockDevice"))] + [
            (f"ebsBlockDevices[{index}]", device)
            for index, device in enumerate(items(get(args.props, "ebsBlockDevices")))
        ]
        for where, device in devices:
            # A root device left out is created from the AMI's snapshot, encrypted only if
            # the account's EBS default encryption is on, which a policy cannot see.
            if device is None and where == "rootBlockDevice":
                report(f"{where} is not declared, so its encryption is not set", None)
            elif device is not None and get(device, "encrypted") is not True:
                report(f"{where} is not encrypted", None)
        return
    for index, mapping in enumerate(items(get(args.props, "blockDeviceMappings"))):
        ebs = get(mapping, "ebs")
        # Launch templates spell booleans of EBS settings as strings ("true").
        if ebs is not None and str(get(ebs, "encrypted")).lower() != "true":
            report(f"blockDeviceMappings[{index}].ebs is not encrypted", None)


no_admin_ports_open = resource_rule(
    name="aws-ec2-no-admin-ports-open-to-internet",
    description=(
        "No security group rule opens an admin port (SSH, RDP, Kubernetes API, etcd, kubelet) to "
        "0.0.0.0/0 or ::/0."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Restrict the rule's CIDRs to known ranges, or reach the hosts through SSM / a bastion."
    ),
    applies_to=of_types(SECURITY_GROUP, SECURITY_GROUP_RULE, INGRESS_RULE),
    validate=_security_groups,
    checkov=("CKV_AWS_24", "CKV_AWS_25"),
    config=CONFIG,
    tags=("network",),
)

ebs_encrypted = resource_rule(
    name="aws-ebs-volume-encrypted",
    description=(
        "EBS volumes (standalone, instance block devices, launch templates) are encrypted at rest."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Set encrypted=true (launch templates: ebs.encrypted="true"), optionally with kmsKeyId.'
    ),
    applies_to=of_types(VOLUME, INSTANCE, LAUNCH_TEMPLATE),
    validate=_ebs,
    checkov=("CKV_AWS_3", "CKV_AWS_8"),
    tags=("encryption",),
)

POLICIES = (no_admin_ports_open, ebs_encrypted)
