"""Azure Native fakes: ARM ids under the all-zero subscription, names, FQDNs, identities."""

from __future__ import annotations

import re
from typing import Any

from hap.fakes import ids
from hap.fakes.registry import (
    FakeEnv,
    Inputs,
    invoke_fake,
    mapping,
    package_fake,
    resource_fake,
    text,
)

SUBSCRIPTION = ids.AZURE_SUBSCRIPTION_ID
TENANT = ids.uuid_for("azure-native:tenant", "hap-preview")
DEFAULT_LOCATION = "eastus"

# type token -> (ARM resource type, input holding the name). Child resources name their parent.
_ARM_TYPES: dict[str, tuple[str, str]] = {
    "azure-native:network:VirtualNetwork": (
        "Microsoft.Network/virtualNetworks",
        "virtualNetworkName",
    ),
    "azure-native:network:NatGateway": ("Microsoft.Network/natGateways", "natGatewayName"),
    "azure-native:network:PublicIPAddress": (
        "Microsoft.Network/publicIPAddresses",
        "publicIpAddressName",
    ),
    "azure-native:network:NetworkSecurityGroup": (
        "Microsoft.Network/networkSecurityGroups",
        "networkSecurityGroupName",
    ),
    "azure-native:network:RouteTable": ("Microsoft.Network/routeTables", "routeTableName"),
    "azure-native:containerservice:ManagedCluster": (
        "Microsoft.ContainerService/managedClusters",
        "resourceName",
    ),
    "azure-native:operationalinsights:Workspace": (
        "Microsoft.OperationalInsights/workspaces",
        "workspaceName",
    ),
    "azure-native:managedidentity:UserAssignedIdentity": (
        "Microsoft.ManagedIdentity/userAssignedIdentities",
        "resourceName",
    ),
    "azure-native:storage:StorageAccount": ("Microsoft.Storage/storageAccounts", "accountName"),
    "azure-native:keyvault:Vault": ("Microsoft.KeyVault/vaults", "vaultName"),
    "azure-native:web:WebApp": ("Microsoft.Web/sites", "name"),
    "azure-native:web:AppServicePlan": ("Microsoft.Web/serverfarms", "name"),
    "azure-native:datafactory:Factory": ("Microsoft.DataFactory/factories", "factoryName"),
}


def location_of(inputs: Inputs, env: FakeEnv) -> str:
    return env.setting(inputs, "location", "azure-native:location", DEFAULT_LOCATION)


def resource_group_id(resource_group: str) -> str:
    return f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{resource_group}"


def identity_response(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """`identity` as ARM returns it: ids of the managed identity, and the user-assigned
    identities as a map (the input is a list of resource ids; the output a map by id)."""
    identity = mapping(inputs, "identity")
    if not identity:
        return {}
    response: dict[str, Any] = {"tenantId": TENANT}
    if "SystemAssigned" in str(identity.get("type", "")):
        response["principalId"] = ids.uuid_for(env.type, name, "principal")
    assigned = identity.get("userAssignedIdentities")
    if isinstance(assigned, list):
        response["userAssignedIdentities"] = {
            str(resource_id): {
                "clientId": ids.uuid_for(env.type, str(resource_id), "client"),
                "principalId": ids.uuid_for(env.type, str(resource_id), "principal"),
            }
            for resource_id in assigned
        }
    return {"identity": response}


def _name(inputs: Inputs, key: str, type_: str, name: str) -> str:
    return text(inputs, key) or ids.autoname(type_, name)


def _arm_resource(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    arm_type, name_key = _ARM_TYPES[env.type]
    physical = _name(inputs, name_key, env.type, name)
    if env.type == "azure-native:storage:StorageAccount":
        # Storage account names are 3-24 lower-case letters and digits.
        physical = re.sub(r"[^a-z0-9]", "", physical.lower())[:24]
    group = text(inputs, "resourceGroupName") or "resource-group"
    return {
        "id": f"{resource_group_id(group)}/providers/{arm_type}/{physical}",
        "name": physical,
        "type": arm_type,
        **identity_response(name, inputs, env),
    }


for _token in _ARM_TYPES:
    resource_fake(_token)(_arm_resource)


@resource_fake("azure-native:resources:ResourceGroup")
def _resource_group(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    group = _name(inputs, "resourceGroupName", env.type, name)
    return {
        "id": resource_group_id(group),
        "name": group,
        "type": "Microsoft.Resources/resourceGroups",
    }


@resource_fake("azure-native:network:Subnet")
def _subnet(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    group = text(inputs, "resourceGroupName") or "resource-group"
    network = text(inputs, "virtualNetworkName") or "virtual-network"
    subnet = _name(inputs, "subnetName", env.type, name)
    network_id = f"{resource_group_id(group)}/providers/Microsoft.Network/virtualNetworks/{network}"
    return {
        "id": f"{network_id}/subnets/{subnet}",
        "name": subnet,
        "type": "Microsoft.Network/virtualNetworks/subnets",
    }


@resource_fake("azure-native:containerservice:AgentPool")
def _agent_pool(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    group = text(inputs, "resourceGroupName") or "resource-group"
    cluster = text(inputs, "resourceName") or "managed-cluster"
    pool = _name(inputs, "agentPoolName", env.type, name)
    cluster_id = (
        f"{resource_group_id(group)}/providers/Microsoft.ContainerService/managedClusters/{cluster}"
    )
    return {
        "id": f"{cluster_id}/agentPools/{pool}",
        "name": pool,
        "type": "Microsoft.ContainerService/managedClusters/agentPools",
        "provisioningState": "Succeeded",
    }


def _fqdn_suffix(cluster: str) -> str:
    """The random-looking part of an AKS FQDN, from the cluster's name (invokes know only that)."""
    return ids.short_hash("azure-native:containerservice:ManagedCluster", cluster, 8, "fqdn")


@resource_fake("azure-native:containerservice:ManagedCluster")
def _managed_cluster(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _arm_resource(name, inputs, env)
    location = location_of(inputs, env)
    group = text(inputs, "resourceGroupName") or "resource-group"
    cluster = outputs["name"]
    dns_prefix = text(inputs, "dnsPrefix") or cluster
    suffix = _fqdn_suffix(cluster)
    private_id = ids.uuid_for(env.type, name, "private")
    issuer_id = ids.uuid_for(env.type, name, "oidc")
    node_group = text(inputs, "nodeResourceGroup") or f"MC_{group}_{cluster}_{location}"
    kubelet_identity_id = (
        f"{resource_group_id(node_group)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
        f"{cluster}-agentpool"
    )
    return {
        **outputs,
        "fqdn": f"{dns_prefix}-{suffix}.hcp.{location}.azmk8s.io",
        "azurePortalFQDN": f"{dns_prefix}-{suffix}.portal.hcp.{location}.azmk8s.io",
        "privateFQDN": f"{dns_prefix}-{suffix}.{private_id}.privatelink.{location}.azmk8s.io",
        "nodeResourceGroup": node_group,
        "currentKubernetesVersion": inputs.get("kubernetesVersion"),
        "provisioningState": "Succeeded",
        "powerState": {"code": "Running"},
        "identityProfile": {
            "kubeletidentity": {
                "clientId": ids.uuid_for(env.type, name, "kubelet-client"),
                "objectId": ids.uuid_for(env.type, name, "kubelet-object"),
                "resourceId": kubelet_identity_id,
            }
        },
        "oidcIssuerProfile": {
            "issuerURL": f"https://{location}.oic.prod-aks.azure.com/{TENANT}/{issuer_id}/"
        },
    }


@resource_fake("azure-native:operationalinsights:Workspace")
def _log_analytics_workspace(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        **_arm_resource(name, inputs, env),
        "customerId": ids.uuid_for(env.type, name, "customer"),
    }


@resource_fake("azure-native:managedidentity:UserAssignedIdentity")
def _user_assigned_identity(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        **_arm_resource(name, inputs, env),
        "principalId": ids.uuid_for(env.type, name, "principal"),
        "clientId": ids.uuid_for(env.type, name, "client"),
        "tenantId": TENANT,
    }


@resource_fake("azure-native:storage:StorageAccount")
def _storage_account(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _arm_resource(name, inputs, env)
    account = outputs["name"]
    endpoints = {
        service: f"https://{account}.{service}.core.windows.net/"
        for service in ("blob", "dfs", "file", "queue", "table")
    }
    return {**outputs, "primaryEndpoints": endpoints}


@resource_fake("azure-native:keyvault:Vault")
def _key_vault(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _arm_resource(name, inputs, env)
    return {**outputs, "properties": {"vaultUri": f"https://{outputs['name']}.vault.azure.net/"}}


@resource_fake("azure-native:web:WebApp")
def _web_app(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _arm_resource(name, inputs, env)
    return {**outputs, "defaultHostName": f"{outputs['name']}.azurewebsites.net"}


@resource_fake("azure-native:authorization:RoleAssignment")
def _role_assignment(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    assignment = text(inputs, "roleAssignmentName") or ids.uuid_for(env.type, name)
    scope = text(inputs, "scope") or f"/subscriptions/{SUBSCRIPTION}"
    return {
        "id": f"{scope}/providers/Microsoft.Authorization/roleAssignments/{assignment}",
        "name": assignment,
        "type": "Microsoft.Authorization/roleAssignments",
    }


@package_fake("azure-native:")
def _any_azure(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """Unmodelled Azure types: an ARM-shaped id in the module's namespace."""
    module = env.type.split(":")[1]
    kind = env.type.rsplit(":", 1)[-1]
    physical = ids.autoname(env.type, name)
    for key, value in sorted(inputs.items()):
        if key.endswith("Name") and key != "resourceGroupName" and isinstance(value, str):
            physical = value
            break
    group = text(inputs, "resourceGroupName") or "resource-group"
    arm_type = f"Microsoft.{module[:1].upper()}{module[1:]}/{kind[:1].lower()}{kind[1:]}s"
    return {
        "id": f"{resource_group_id(group)}/providers/{arm_type}/{physical}",
        "name": physical,
        **identity_response(name, inputs, env),
    }


@invoke_fake("azure-native:authorization:getClientConfig")
def _client_config(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "clientId": ids.uuid_for("azure-native:client", "hap-preview"),
        "objectId": ids.uuid_for("azure-native:object", "hap-preview"),
        "subscriptionId": SUBSCRIPTION,
        "tenantId": TENANT,
    }


@invoke_fake("azure-native:containerservice:listManagedClusterUserCredentials")
def _user_credentials(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    cluster = text(args, "resourceName") or "managed-cluster"
    location = location_of(args, env)
    server = f"https://{cluster}-{_fqdn_suffix(cluster)}.hcp.{location}.azmk8s.io:443"
    kubeconfig = ids.kubeconfig_yaml(
        cluster,
        server,
        ids.pem_certificate("azure-native:containerservice:ManagedCluster", cluster),
        {"token": ids.short_hash("azure-native:token", cluster, 64)},
    )
    return {"kubeconfigs": [{"name": "clusterUser", "value": ids.base64_text(kubeconfig)}]}
