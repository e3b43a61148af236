"""GKE: control-plane exposure, private nodes, Workload Identity, shielded nodes, no legacy
ABAC, no client certificates, secrets encryption, intranode visibility, Google Groups for
RBAC, Binary Authorization, GPU node pools."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies import gpu
from hybrid_policies.exposure import ENDPOINT_CONFIG, too_open
from hybrid_policies.props import get, items
from hybrid_policies.rule import of_types, resource_rule

CLUSTER = "gcp:container/cluster:Cluster"
NODE_POOL = gpu.GKE_NODE_POOL


# Binary Authorization's mode that enforces the project's policy (the API's other modes:
# DISABLED, and the platform-policy mode, which only monitors).
ENFORCING_BINARY_AUTHORIZATION = "PROJECT_SINGLETON_POLICY_ENFORCE"


def _endpoint(args: ResourceValidationArgs, report: ReportViolation) -> None:
    config = get(args.props, "masterAuthorizedNetworksConfig")
    if config is None:
        report(
            "master authorized networks are off (no masterAuthorizedNetworksConfig): any "
            "address may reach the control plane",
            None,
        )
        return
    if get(args.props, "privateClusterConfig", "enablePrivateEndpoint") is True:
        return
    cidrs = [
        str(get(block, "cidrBlock"))
        for block in items(get(config, "cidrBlocks"))
        if get(block, "cidrBlock")
    ]
    if not cidrs:
        report("the control-plane endpoint is public with no authorised networks", None)
        return
    why = too_open(cidrs, args.get_config())
    if why:
        report(f"the control-plane endpoint is public and {why} (cidrBlocks: {cidrs})", None)


def _client_certificate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "masterAuth", "clientCertificateConfig", "issueClientCertificate") is True:
        report("the cluster issues client certificates (a credential that cannot be revoked)", None)


def _intranode_visibility(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "enableIntranodeVisibility") is not True:
        report(
            "traffic between pods on one node bypasses the VPC's flow logs and firewall "
            "(enableIntranodeVisibility is not true)",
            None,
        )


def _google_groups(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not get(args.props, "authenticatorGroupsConfig", "securityGroup"):
        report("RBAC cannot name Google Groups (authenticatorGroupsConfig.securityGroup)", None)


def _binary_authorization(args: ResourceValidationArgs, report: ReportViolation) -> None:
    mode = get(args.props, "binaryAuthorization", "evaluationMode")
    if mode != ENFORCING_BINARY_AUTHORIZATION:
        report(
            f"Binary Authorization does not enforce the project policy (evaluationMode: {mode})",
            None,
        )


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


endpoint_restricted = resource_rule(
    name="gcp-gke-endpoint-restricted",
    description=(
        "GKE master authorized networks are on, and a public control plane admits only a few "
        "listed ranges, never the internet however it is split."
    ),
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set privateClusterConfig.enablePrivateEndpoint=true (privateEndpoint: true) and reach "
        "the control plane through its IAM-authorised DNS-based endpoint "
        "(controlPlaneEndpointsConfig.dnsEndpointConfig; deployAccess.path: gke-dns-endpoint), "
        "or list office/VPN ranges in masterAuthorizedNetworksConfig.cidrBlocks "
        "(authorizedCidrs)."
    ),
    applies_to=of_types(CLUSTER),
    validate=_endpoint,
    checkov=("CKV_GCP_20",),
    config=ENDPOINT_CONFIG,
    tags=("kubernetes", "network"),
)

client_certificate_disabled = resource_rule(
    name="gcp-gke-client-certificate-disabled",
    description="GKE issues no client certificates; callers authenticate with Google identities.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set masterAuth.clientCertificateConfig.issueClientCertificate=false.",
    applies_to=of_types(CLUSTER),
    validate=_client_certificate,
    checkov=("CKV_GCP_13",),
    tags=("kubernetes", "iam"),
)

intranode_visibility = resource_rule(
    name="gcp-gke-intranode-visibility",
    description=(
        "GKE sends pod-to-pod traffic on one node through the VPC, so flow logs and "
        "firewall rules see it."
    ),
    severity=Severity.LOW,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set enableIntranodeVisibility=true.",
    applies_to=of_types(CLUSTER),
    validate=_intranode_visibility,
    checkov=("CKV_GCP_61",),
    tags=("kubernetes", "network", "logging"),
)

google_groups_rbac = resource_rule(
    name="gcp-gke-google-groups-rbac",
    description="GKE RBAC can grant roles to Google Groups instead of individual users.",
    severity=Severity.LOW,
    # Needs the organisation's Google Workspace group (gke-security-groups@<domain>),
    # which an environment definition does not name: advice, not a gate.
    enforcement=EnforcementLevel.ADVISORY,
    remediation=(
        'Set authenticatorGroupsConfig={"securityGroup": "gke-security-groups@<your domain>"}.'
    ),
    applies_to=of_types(CLUSTER),
    validate=_google_groups,
    checkov=("CKV_GCP_65",),
    tags=("kubernetes", "iam"),
)

binary_authorization = resource_rule(
    name="gcp-gke-binary-authorization",
    description="GKE admits images only as the project's Binary Authorization policy allows.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        f'Set binaryAuthorization={{"evaluationMode": "{ENFORCING_BINARY_AUTHORIZATION}"}}.'
    ),
    applies_to=of_types(CLUSTER),
    validate=_binary_authorization,
    checkov=("CKV_GCP_66",),
    tags=("kubernetes", "supply-chain"),
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
    endpoint_restricted,
    client_certificate_disabled,
    intranode_visibility,
    google_groups_rbac,
    binary_authorization,
    private_nodes,
    workload_identity,
    shielded_nodes,
    legacy_abac_disabled,
    secrets_encrypted,
    gpu_node_pool_tainted,
    gpu_node_pool_scale_to_zero,
)
