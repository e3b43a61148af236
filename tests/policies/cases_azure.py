"""Cases of the Azure rules: AKS, network security groups, custom roles, storage."""

from __future__ import annotations

from tests.policies.cases import Case, azure, one

CLUSTER = "azure-native:containerservice:ManagedCluster"
POOL = "azure-native:containerservice:AgentPool"
SECURE_CLUSTER = {
    "disableLocalAccounts": True,
    "enableRBAC": True,
    "aadProfile": {"managed": True, "enableAzureRBAC": True},
    "apiServerAccessProfile": {"enablePrivateCluster": True},
    "agentPoolProfiles": [
        {"name": "system", "vmSize": "Standard_D4s_v5", "count": 2, "enableEncryptionAtHost": True},
    ],
}
GPU_POOL = {"vmSize": "Standard_NC24ads_A100_v4", "enableAutoScaling": True, "maxCount": 4}
GPU_TAINT = ["nvidia.com/gpu=present:NoSchedule"]
RDP_FROM_INTERNET = {
    "name": "rdp",
    "direction": "Inbound",
    "access": "Allow",
    "protocol": "Tcp",
    "sourceAddressPrefix": "Internet",
    "destinationPortRange": "3389",
}

CASES = [
    Case("azure-aks-local-accounts-disabled", "disabled", one(azure(CLUSTER, SECURE_CLUSTER))),
    Case(
        "azure-aks-local-accounts-disabled",
        "default-enabled",
        one(azure(CLUSTER, {**SECURE_CLUSTER, "disableLocalAccounts": None})),
        expect="local accounts (the static cluster-admin kubeconfig) are not disabled",
    ),
    Case(
        "azure-aks-azure-rbac-enabled",
        "managed-aad-azure-rbac",
        one(azure(CLUSTER, SECURE_CLUSTER)),
    ),
    Case(
        "azure-aks-azure-rbac-enabled",
        "kubernetes-rbac-only",
        one(azure(CLUSTER, {**SECURE_CLUSTER, "aadProfile": {"managed": True}})),
        expect="Azure RBAC for Kubernetes authorization is off",
    ),
    Case("azure-aks-api-server-restricted", "private", one(azure(CLUSTER, SECURE_CLUSTER))),
    Case(
        "azure-aks-api-server-restricted",
        "authorised-ranges",
        one(
            azure(
                CLUSTER,
                {
                    **SECURE_CLUSTER,
                    "apiServerAccessProfile": {"authorizedIPRanges": ["203.0.113.0/24"]},
                },
            )
        ),
    ),
    Case(
        "azure-aks-api-server-restricted",
        "public-without-ranges",
        one(
            azure(
                CLUSTER,
                {**SECURE_CLUSTER, "apiServerAccessProfile": {"enablePrivateCluster": False}},
            )
        ),
        expect="the API server is public with no authorised IP ranges",
    ),
    Case(
        "azure-aks-gpu-pool-tainted",
        "tainted-pool",
        one(azure(POOL, {**GPU_POOL, "minCount": 0, "nodeTaints": GPU_TAINT})),
    ),
    Case(
        "azure-aks-gpu-pool-tainted",
        "inline-gpu-profile-untainted",
        one(
            azure(
                CLUSTER,
                {
                    **SECURE_CLUSTER,
                    "agentPoolProfiles": [
                        {"name": "system", "vmSize": "Standard_D4s_v5", "count": 2},
                        {
                            "name": "gpu",
                            "vmSize": "Standard_NC6s_v3",
                            "count": 1,
                            "nodeTaints": ["team=ml:NoSchedule"],
                        },
                    ],
                },
            )
        ),
        expect="GPU agent pool profile 'gpu' of 'managedcluster' has no blocking nvidia.com/gpu",
    ),
    Case(
        "azure-aks-gpu-pool-scale-to-zero",
        "autoscales-to-zero",
        one(azure(POOL, {**GPU_POOL, "minCount": 0, "nodeTaints": GPU_TAINT})),
    ),
    Case(
        "azure-aks-gpu-pool-scale-to-zero",
        "fixed-count-in-dev",
        one(azure(POOL, {"vmSize": "Standard_NC6s_v3", "count": 2, "nodeTaints": GPU_TAINT})),
        expect="has a minimum of 2 node(s) in a dev environment",
    ),
    Case(
        "azure-aks-host-encryption",
        "encrypted-at-host",
        one(
            azure(CLUSTER, SECURE_CLUSTER),
            azure(POOL, {**GPU_POOL, "enableEncryptionAtHost": True}),
        ),
    ),
    Case(
        "azure-aks-host-encryption",
        "pool-without",
        one(azure(POOL, GPU_POOL)),
        expect="agent pool 'agentpool' does not encrypt temp disks",
    ),
    Case(
        "azure-network-no-admin-ports-open-to-internet",
        "rdp-from-corporate-range",
        one(
            azure(
                "azure-native:network:NetworkSecurityGroup",
                {"securityRules": [{**RDP_FROM_INTERNET, "sourceAddressPrefix": "10.0.0.0/8"}]},
            )
        ),
    ),
    Case(
        "azure-network-no-admin-ports-open-to-internet",
        "denied-or-outbound",
        one(azure("azure-native:network:SecurityRule", {**RDP_FROM_INTERNET, "access": "Deny"})),
    ),
    Case(
        "azure-network-no-admin-ports-open-to-internet",
        "rdp-from-internet",
        one(
            azure(
                "azure-native:network:NetworkSecurityGroup", {"securityRules": [RDP_FROM_INTERNET]}
            )
        ),
        expect="securityRules[0] ('rdp') allows port(s) 3389 from the internet",
    ),
    Case(
        "azure-network-no-admin-ports-open-to-internet",
        "port-ranges-from-star",
        one(
            azure(
                "azure-native:network:SecurityRule",
                {
                    **RDP_FROM_INTERNET,
                    "sourceAddressPrefix": "*",
                    "destinationPortRange": None,
                    "destinationPortRanges": ["20-23", "443"],
                },
            )
        ),
        expect="allows port(s) 22 from the internet",
    ),
    Case(
        "azure-authorization-no-wildcard-custom-role",
        "listed-actions",
        one(
            azure(
                "azure-native:authorization:RoleDefinition",
                {"permissions": [{"actions": ["Microsoft.Storage/*/read"]}]},
            )
        ),
    ),
    Case(
        "azure-authorization-no-wildcard-custom-role",
        "owner-clone",
        one(
            azure(
                "azure-native:authorization:RoleDefinition",
                {"permissions": [{"actions": ["*"]}], "assignableScopes": ["/subscriptions/0"]},
            )
        ),
        expect='grants every action ("*"), an owner role assignable at /subscriptions/0',
    ),
    Case(
        "azure-storage-account-cmk-encrypted",
        "key-vault-key",
        one(
            azure(
                "azure-native:storage:StorageAccount",
                {"encryption": {"keySource": "Microsoft.Keyvault"}},
            )
        ),
    ),
    Case(
        "azure-storage-account-cmk-encrypted",
        "platform-key",
        one(
            azure(
                "azure-native:storage:StorageAccount",
                {"encryption": {"keySource": "Microsoft.Storage"}},
            )
        ),
        expect="not encrypted with a customer-managed key",
    ),
]
