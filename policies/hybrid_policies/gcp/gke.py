"""GKE: private nodes, Workload Identity, shielded nodes, no legacy ABAC, secrets
encryption, GPU node pools."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies import gpu
from hybrid_policies.props import get
from hybrid_policies.rule import of_types, resource_rule

CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = gpu.GKE_NODE_POOL


def _private_nodes(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "privateClusterConfig", "enablePrivateNodes") is not True:
        report(
            "nodes get public IP addresses (privateClusterConfig.enablePrivateNodes is not true)",
            None,
        )


def _workload_identity(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type == CLUSTER:
        if not get(args.props, "workloadIdentityConfig", "workloadPool"):
            report(
                "Workload Identity is off (workloadIdentityConfig.workloadPool is not set)", None
            )
        return
    # A node pool can opt out by exposing the node's service account to every pod.
    mode = get(args.props, "nodeConfig", "workloadMetadataConfig", "mode")
    if mode == "GCE_METADATA":
        report("the node pool exposes the node's metadata server to pods (mode GCE_METADATA)", None)


def _shielded_nodes(args: ResourceValidationArgs, report: ReportViolation) -> None:
    # GKE turns shielded nodes on unless told not to.
    if get(args.props, "enableShieldedNodes") is False:
        report("shielded GKE nodes are disabled (enableShieldedNodes: false)", None)


def _legacy_abac(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "enableLegacyAbac") is True:
        report("legacy ABAC authorisation is enabled (enableLegacyAbac: true)", None)


def _secrets(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "databaseEncryption", "state") != "ENCRYPTED" or not get(
        args.props, "databaseEncryption", "keyName"
    ):
        report(
            "Kubernetes secrets are not encrypted at the application layer with a Cloud KMS key",
            None,
        )


private_nodes = resource_rule(
    name="gcp-gke-private-nodes",
    description="GKE nodes have internal IP addresses only.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set privateClusterConfig.enablePrivateNodes=true (with a masterIpv4CidrBlock and Cloud "
        "NAT for egress)."
    ),
    applies_to=of_types(CLUSTER),
    validate=_private_nodes,
    checkov=("CKV_GCP_64",),
    tags=("kubernetes", "network"),
)

workload_identity = resource_rule(
    name="gcp-gke-workload-identity",
    description="GKE uses Workload Identity: pods get their own Google identity, never the node's.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Set workloadIdentityConfig.workloadPool="<project>.svc.id.goog"; '
        "keep node pools on mode GKE_METADATA."
    ),
    applies_to=of_types(CLUSTER, NODE_POOL),
    validate=_workload_identity,
    checkov=("CKV_GCP_69",),
    tags=("kubernetes", "iam"),
)

shielded_nodes = resource_rule(
    name="gcp-gke-shielded-nodes",
    description="GKE nodes are shielded (verified boot chain and node identity).",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Remove enableShieldedNodes=false (the default is true).",
    applies_to=of_types(CLUSTER),
    validate=_shielded_nodes,
    checkov=("CKV_GCP_71",),
    tags=("kubernetes",),
)

legacy_abac_disabled = resource_rule(
    name="gcp-gke-legacy-abac-disabled",
    description="GKE authorises with Kubernetes RBAC only; legacy ABAC is off.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Remove enableLegacyAbac=true.",
    applies_to=of_types(CLUSTER),
    validate=_legacy_abac,
    checkov=("CKV_GCP_7",),
    tags=("kubernetes", "iam"),
)

secrets_encrypted = resource_rule(
    name="gcp-gke-secrets-encrypted",
    description="GKE encrypts Kubernetes secrets at the application layer with a Cloud KMS key.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.ADVISORY,
    remediation=(
        'Set databaseEncryption={"state": "ENCRYPTED", "keyName": <Cloud KMS crypto key id>}.'
    ),
    applies_to=of_types(CLUSTER),
    validate=_secrets,
    tags=("kubernetes", "encryption"),
)

gpu_node_pool_tainted = resource_rule(
    name="gcp-gke-gpu-node-pool-tainted",
    description="Every GKE GPU node pool (guest accelerators) carries the GPU taint.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Add nodeConfig.taints=[{"key": "nvidia.com/gpu", "value": "present", '
        '"effect": "NO_SCHEDULE"}].'
    ),
    applies_to=of_types(NODE_POOL),
    validate=gpu.tainted_validator("nodeConfig.taints: key nvidia.com/gpu, effect NO_SCHEDULE"),
    config=gpu.TAINT_CONFIG,
    tags=("kubernetes", "gpu", "cost"),
)

gpu_node_pool_scale_to_zero = resource_rule(
    name="gcp-gke-gpu-node-pool-scale-to-zero",
    description="Outside production, GKE GPU node pools autoscale down to zero nodes.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set min: 0 on the pool in the definition (autoscaling.minNodeCount=0).",
    applies_to=of_types(NODE_POOL),
    validate=gpu.scale_to_zero_validator("autoscaling.minNodeCount"),
    config=gpu.SCALE_CONFIG,
    tags=("kubernetes", "gpu", "cost"),
)

POLICIES = (
    private_nodes,
    workload_identity,
    shielded_nodes,
    legacy_abac_disabled,
    secrets_encrypted,
    gpu_node_pool_tainted,
    gpu_node_pool_scale_to_zero,
)
