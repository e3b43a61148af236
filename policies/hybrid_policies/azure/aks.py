"""AKS: Entra ID-only access with Azure RBAC, a restricted API server, GPU agent pools."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies import gpu
from hybrid_policies.exposure import ENDPOINT_CONFIG, is_anywhere, too_open
from hybrid_policies.props import get, items, strings
from hybrid_policies.rule import of_types, resource_rule

CLUSTER = gpu.AKS_CLUSTER
AGENT_POOL = gpu.AKS_AGENT_POOL


def _local_accounts(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "disableLocalAccounts") is not True:
        report("local accounts (the static cluster-admin kubeconfig) are not disabled", None)


def _azure_rbac(args: ResourceValidationArgs, report: ReportViolation) -> None:
    problems = []
    if get(args.props, "enableRBAC") is False:
        problems.append("Kubernetes RBAC is off (enableRBAC: false)")
    if get(args.props, "aadProfile", "managed") is not True:
        problems.append("Entra ID integration is not managed (aadProfile.managed)")
    if get(args.props, "aadProfile", "enableAzureRBAC") is not True:
        problems.append(
            "Azure RBAC for Kubernetes authorization is off (aadProfile.enableAzureRBAC)"
        )
    if problems:
        report("; ".join(problems), None)


def _api_server(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if get(args.props, "apiServerAccessProfile", "enablePrivateCluster") is True:
        return
    ranges = strings(get(args.props, "apiServerAccessProfile", "authorizedIPRanges"))
    if not ranges or any(is_anywhere(cidr) for cidr in ranges):
        report(
            "the API server is public with no authorised IP ranges "
            f"(authorizedIPRanges: {ranges or 'not set'})",
            None,
        )
        return
    why = too_open(ranges, args.get_config())
    if why:
        report(f"the API server is public and {why} (authorizedIPRanges: {ranges})", None)


def _network_policy(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not get(args.props, "networkProfile", "networkPolicy"):
        report(
            "no network policy engine (networkProfile.networkPolicy): NetworkPolicy objects "
            "are accepted and not enforced",
            None,
        )


def _host_encryption(args: ResourceValidationArgs, report: ReportViolation) -> None:
    profiles = (
        items(get(args.props, "agentPoolProfiles"))
        if args.resource_type == CLUSTER
        else [args.props]
    )
    for profile in profiles:
        if get(profile, "enableEncryptionAtHost") is not True:
            name = get(profile, "name") or args.name
            report(f"agent pool '{name}' does not encrypt temp disks and caches at host", None)


local_accounts_disabled = resource_rule(
    name="azure-aks-local-accounts-disabled",
    description="AKS local accounts are disabled, so every access goes through Entra ID.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set disableLocalAccounts=true (requires aadProfile.managed=true).",
    applies_to=of_types(CLUSTER),
    validate=_local_accounts,
    checkov=("CKV_AZURE_141",),
    tags=("kubernetes", "iam"),
)

azure_rbac_enabled = resource_rule(
    name="azure-aks-azure-rbac-enabled",
    description=(
        "AKS uses managed Entra ID integration with Azure RBAC for Kubernetes authorization."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation='Set enableRBAC=true and aadProfile={"managed": true, "enableAzureRBAC": true}.',
    applies_to=of_types(CLUSTER),
    validate=_azure_rbac,
    checkov=("CKV_AZURE_5",),
    tags=("kubernetes", "iam"),
)

api_server_restricted = resource_rule(
    name="azure-aks-api-server-restricted",
    description="The AKS API server is private, or public only to authorised IP ranges.",
    severity=Severity.CRITICAL,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set apiServerAccessProfile.enablePrivateCluster=true, or authorizedIPRanges to known "
        "ranges."
    ),
    applies_to=of_types(CLUSTER),
    validate=_api_server,
    checkov=("CKV_AZURE_6", "CKV_AZURE_115"),
    config=ENDPOINT_CONFIG,
    tags=("kubernetes", "network"),
)

network_policy = resource_rule(
    name="azure-aks-network-policy",
    description="AKS enforces Kubernetes NetworkPolicy (a network policy engine is set).",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        'Set networkProfile.networkPolicy (e.g. "cilium", with Azure CNI powered by Cilium).'
    ),
    applies_to=of_types(CLUSTER),
    validate=_network_policy,
    checkov=("CKV_AZURE_7",),
    tags=("kubernetes", "network"),
)

gpu_pool_tainted = resource_rule(
    name="azure-aks-gpu-pool-tainted",
    description="Every AKS GPU agent pool (N-series VM size) carries the GPU taint.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation='Add "nvidia.com/gpu=present:NoSchedule" to the pool\'s nodeTaints.',
    applies_to=of_types(AGENT_POOL, CLUSTER),
    validate=gpu.tainted_validator('nodeTaints: "nvidia.com/gpu=present:NoSchedule"'),
    config=gpu.TAINT_CONFIG,
    tags=("kubernetes", "gpu", "cost"),
)

gpu_pool_scale_to_zero = resource_rule(
    name="azure-aks-gpu-pool-scale-to-zero",
    description="Outside production, AKS GPU agent pools autoscale down to zero nodes.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.MANDATORY,
    remediation="Set min: 0 on the pool in the definition (enableAutoScaling=true, minCount=0).",
    applies_to=of_types(AGENT_POOL, CLUSTER),
    validate=gpu.scale_to_zero_validator("enableAutoScaling with minCount"),
    config=gpu.SCALE_CONFIG,
    tags=("kubernetes", "gpu", "cost"),
)

host_encryption = resource_rule(
    name="azure-aks-host-encryption",
    description="AKS agent pools encrypt temp disks, caches and OS/data disk flows at the VM host.",
    severity=Severity.MEDIUM,
    enforcement=EnforcementLevel.ADVISORY,
    remediation=(
        "Set enableEncryptionAtHost=true on every agent pool (the subscription needs the "
        "EncryptionAtHost feature)."
    ),
    applies_to=of_types(AGENT_POOL, CLUSTER),
    validate=_host_encryption,
    checkov=("CKV_AZURE_227",),
    tags=("kubernetes", "encryption"),
)

POLICIES = (
    local_accounts_disabled,
    azure_rbac_enabled,
    api_server_restricted,
    network_policy,
    gpu_pool_tainted,
    gpu_pool_scale_to_zero,
    host_encryption,
)
