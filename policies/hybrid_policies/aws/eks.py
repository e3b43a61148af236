"""EKS: API endpoint exposure, secrets encryption, control-plane logs, node-group SSH, GPU
node groups."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies import gpu
from hybrid_policies.exposure import ENDPOINT_CONFIG, covered_addresses, too_open
from hybrid_policies.props import get, strings
from hybrid_policies.rule import of_types, resource_rule
from hybrid_policies.settings import STRING_LIST, string_list

CLUSTER = "aws:eks/cluster:Cluster"
DEFAULT_LOG_TYPES = ("api", "audit", "authenticator")


def _endpoint(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # EKS defaults: public access on, from 0.0.0.0/0.
    if get(args.props, "vpcConfig", "endpointPublicAccess") is False:
        return
    cidrs = strings(get(args.props, "vpcConfig", "publicAccessCidrs"))
    shown = cidrs or "not set, EKS default 0.0.0.0/0"
    if not cidrs or covered_addresses(cidrs) == 2**32:
        report(
            f"the API endpoint is public and open to 0.0.0.0/0 (publicAccessCidrs: {shown})", None
        )
        return
    why = too_open(cidrs, args.get_config())
    if why:
        report(f"the API endpoint is public and {why} (publicAccessCidrs: {shown})", None)


def _node_group_ssh(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # With an SSH key and no source security group, EKS opens port 22 on the nodes to
    # 0.0.0.0/0 (EKS API reference, RemoteAccessConfig.sourceSecurityGroups).
    key = get(args.props, "remoteAccess", "ec2SshKey")
    sources = strings(get(args.props, "remoteAccess", "sourceSecurityGroupIds"))
    if key and not sources:
        report(
            f"node group '{args.name}' allows SSH with key '{key}' from anywhere "
            "(remoteAccess without sourceSecurityGroupIds)",
            None,
        )


def _secrets(args: ResourceValidationArgs, report: ReportViolation) -> None:
    resources = strings(get(args.props, "encryptionConfig", "resources"))
    key = get(args.props, "encryptionConfig", "provider", "keyArn")
    if "secrets" not in resources or not key:
        report(
            "Kubernetes secrets are not envelope-encrypted with a KMS key (encryptionConfig)", None
        )


def _logging(args: ResourceValidationArgs, report: ReportViolation) -> None:
    enabled = set(strings(get(args.props, "enabledClusterLogTypes")))
    missing = [
        kind for kind in string_list(args.get_config(), "requiredLogTypes") if kind not in enabled
    ]
    if missing:
        report(f"control-plane log types not enabled: {', '.join(missing)}", None)


endpoint_not_public = resource_rule(
    name="aws-eks-endpoint-not-public",
    description=(
        "The EKS API endpoint is private, or public only to a few listed CIDRs, never the "
        "internet however it is split."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set vpcConfig.endpointPublicAccess=false (privateEndpoint: true in the definition) "
        "or restrict vpcConfig.publicAccessCidrs (authorizedCidrs)."
    ),
    applies_to=of_types(CLUSTER),
    validate=_endpoint,
    checkov=("CKV_AWS_38", "CKV_AWS_39"),
    config=ENDPOINT_CONFIG,
    tags=("kubernetes", "network"),
)

node_group_no_open_ssh = resource_rule(
    name="aws-eks-node-group-no-open-ssh",
    description="EKS node groups allow no SSH, or SSH only from named security groups.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Drop remoteAccess (reach nodes through SSM), or set remoteAccess.sourceSecurityGroupIds."
    ),
    applies_to=of_types(gpu.EKS_NODE_GROUP),
    validate=_node_group_ssh,
    checkov=("CKV_AWS_100",),
    tags=("kubernetes", "network"),
)

secrets_encrypted = resource_rule(
    name="aws-eks-secrets-encrypted",
    description="EKS envelope-encrypts Kubernetes secrets with a KMS key.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Set encryptionConfig={"provider": {"keyArn": <KMS key ARN>}, "resources": ["secrets"]}.'
    ),
    applies_to=of_types(CLUSTER),
    validate=_secrets,
    checkov=("CKV_AWS_58",),
    tags=("kubernetes", "encryption"),
)

control_plane_logging = resource_rule(
    name="aws-eks-control-plane-logging",
    description="EKS sends the api, audit and authenticator control-plane logs to CloudWatch.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Add the missing types to enabledClusterLogTypes.",
    applies_to=of_types(CLUSTER),
    validate=_logging,
    checkov=("CKV_AWS_37",),
    config={
        "requiredLogTypes": {
            **STRING_LIST,
            "description": "Control-plane log types that must be enabled.",
            "default": list(DEFAULT_LOG_TYPES),
        }
    },
    tags=("kubernetes", "logging"),
)

gpu_node_group_tainted = resource_rule(
    name="aws-eks-gpu-node-group-tainted",
    description=(
        "Every EKS GPU node group carries the GPU taint, so only pods that ask for GPUs land there."
    ),
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Add taints=[{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}].'
    ),
    applies_to=of_types(gpu.EKS_NODE_GROUP),
    validate=gpu.tainted_validator("taints: key nvidia.com/gpu, effect NO_SCHEDULE"),
    config=gpu.TAINT_CONFIG,
    tags=("kubernetes", "gpu", "cost"),
)

gpu_node_group_scale_to_zero = resource_rule(
    name="aws-eks-gpu-node-group-scale-to-zero",
    description="Outside production, EKS GPU node groups can scale down to zero nodes.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set min: 0 on the pool in the definition (scalingConfig.minSize=0).",
    applies_to=of_types(gpu.EKS_NODE_GROUP),
    validate=gpu.scale_to_zero_validator("scalingConfig.minSize"),
    config=gpu.SCALE_CONFIG,
    tags=("kubernetes", "gpu", "cost"),
)

POLICIES = (
    endpoint_not_public,
    node_group_no_open_ssh,
    secrets_encrypted,
    control_plane_logging,
    gpu_node_group_tainted,
    gpu_node_group_scale_to_zero,
)
