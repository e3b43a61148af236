"""OpenStack fakes: UUID-shaped ids from the hash, Magnum cluster addresses and kubeconfig."""

from __future__ import annotations

from typing import Any

from hap.fakes import ids
from hap.fakes.registry import FakeEnv, Inputs, invoke_fake, package_fake, resource_fake, text
from hap.plan import Secret

KUBERNETES_API_PORT = 6443


def _tenant(env: FakeEnv) -> str:
    return ids.short_hash(
        "openstack:tenant", env.setting({}, "tenantName", "openstack:tenantName", "hap"), 32
    )


@package_fake("openstack:")
def _any_openstack(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """Every OpenStack resource id is a UUID."""
    return {"id": ids.uuid_for(env.type, name)}


@resource_fake("openstack:networking/network:Network", "openstack:networking/router:Router")
def _network_or_router(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "id": ids.uuid_for(env.type, name),
        "name": text(inputs, "name") or name,
        "tenantId": _tenant(env),
        "allTags": inputs.get("tags") or [],
    }


@resource_fake("openstack:networking/subnet:Subnet")
def _subnet(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    cidr = inputs.get("cidr")
    outputs: dict[str, Any] = {
        "id": ids.uuid_for(env.type, name),
        "name": text(inputs, "name") or name,
        "tenantId": _tenant(env),
        "ipVersion": inputs.get("ipVersion") or 4,
        "allTags": inputs.get("tags") or [],
    }
    # Neutron's defaults: gateway = first host, pool = second host to the last usable one.
    gateway, first, last = ids.host_in(cidr, 1), ids.host_in(cidr, 2), ids.host_in(cidr, -2)
    if "gatewayIp" not in inputs and not inputs.get("noGateway") and gateway:
        outputs["gatewayIp"] = gateway
    if "allocationPools" not in inputs and first and last:
        outputs["allocationPools"] = [{"start": first, "end": last}]
    return outputs


@resource_fake("openstack:networking/routerInterface:RouterInterface")
def _router_interface(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    port = ids.uuid_for(env.type, name, "port")
    return {"id": port, "portId": port}


@resource_fake("openstack:compute/flavor:Flavor")
def _flavor(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    flavor_id = text(inputs, "flavorId") or ids.uuid_for(env.type, name)
    return {"id": flavor_id, "flavorId": flavor_id, "name": text(inputs, "name") or name}


@resource_fake("openstack:containerinfra/clusterTemplate:ClusterTemplate")
def _cluster_template(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "id": ids.uuid_for(env.type, name),
        "name": text(inputs, "name") or name,
        "projectId": _tenant(env),
    }


@resource_fake("openstack:containerinfra/cluster:Cluster")
def _magnum_cluster(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    cluster = text(inputs, "name") or name
    address = ids.public_ip(env.type, name)
    api_address = f"https://{address}:{KUBERNETES_API_PORT}"
    ca_pem = ids.pem_certificate(env.type, name)
    client_pem = ids.pem_certificate(env.type, f"{name}/client")
    node_count = inputs.get("nodeCount")
    nodes = int(node_count) if isinstance(node_count, int | float) else 1
    raw_config = ids.kubeconfig_yaml(
        cluster,
        api_address,
        ca_pem,
        {
            "client-certificate-data": ids.base64_text(client_pem),
            "client-key-data": ids.base64_text(ids.pem_certificate(env.type, f"{name}/key")),
        },
    )
    return {
        "id": ids.uuid_for(env.type, name),
        "name": cluster,
        "apiAddress": api_address,
        "stackId": ids.uuid_for(env.type, name, "heat-stack"),
        "masterAddresses": [address],
        "nodeAddresses": [ids.public_ip(env.type, name, f"node-{index}") for index in range(nodes)],
        "projectId": _tenant(env),
        # The provider marks `kubeconfig` secret (additional_secret_outputs in the SDK).
        "kubeconfig": Secret(
            {
                "raw_config": raw_config,
                "host": api_address,
                "cluster_ca_certificate": ca_pem,
                "client_certificate": client_pem,
                "client_key": ids.pem_certificate(env.type, f"{name}/key"),
            }
        ),
    }


@invoke_fake("openstack:networking/getNetwork:getNetwork")
def _get_network(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    network = text(args, "name") or text(args, "networkId") or "network"
    return {
        "id": text(args, "networkId")
        or ids.uuid_for("openstack:networking/network:Network", network),
        "name": network,
        "external": args.get("external"),
        "subnets": [ids.uuid_for("openstack:networking/subnet:Subnet", network)],
        "tenantId": _tenant(env),
    }


@resource_fake("openstack:compute/instance:Instance")
def _instance(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "id": ids.uuid_for(env.type, name),
        "name": text(inputs, "name") or name,
        "powerState": "active",
        "allMetadata": inputs.get("metadata") or {},
        "allTags": inputs.get("tags") or [],
    }


@resource_fake("openstack:networking/floatingIp:FloatingIp")
def _floating_ip(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "id": ids.uuid_for(env.type, name),
        "address": text(inputs, "address") or ids.public_ip(env.type, name),
        "tenantId": _tenant(env),
        "allTags": inputs.get("tags") or [],
    }


@resource_fake("openstack:networking/port:Port")
def _port(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    digest = ids.digest(env.type, name)
    mac = "fa:16:3e:" + ":".join(digest[i : i + 2] for i in range(0, 6, 2))
    return {
        "id": ids.uuid_for(env.type, name),
        "macAddress": mac,
        "tenantId": _tenant(env),
        "allTags": inputs.get("tags") or [],
    }


@resource_fake("openstack:compute/keypair:Keypair")
def _keypair(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    digest = ids.digest(env.type, name)
    # `ssh-keygen -l -E md5` form, the fingerprint Nova reports.
    fingerprint = ":".join(digest[i : i + 2] for i in range(0, 32, 2))
    return {"id": text(inputs, "name") or name, "fingerprint": fingerprint}


@resource_fake("openstack:objectstorage/container:Container")
def _container(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    container = text(inputs, "name") or name
    return {"id": container, "name": container}


@resource_fake("openstack:identity/project:Project")
def _project(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    # Keystone ids are 32 hex digits without dashes.
    return {
        "id": ids.short_hash(env.type, name, 32),
        "domainId": "default",
        "enabled": inputs.get("enabled", True),
    }


@invoke_fake("openstack:images/getImage:getImage")
def _get_image(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    image = text(args, "name") or "image"
    return {
        "id": ids.uuid_for("openstack:images/image:Image", image),
        "name": image,
        "status": "active",
        "diskFormat": "qcow2",
        "containerFormat": "bare",
    }


@invoke_fake("openstack:identity/getGroup:getGroup", "openstack:identity/getRole:getRole")
def _get_group_or_role(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    found = text(args, "name") or "unnamed"
    return {
        "id": ids.short_hash("openstack:identity", found, 32),
        "name": found,
        "domainId": "default",
    }


@invoke_fake("openstack:identity/getAuthScope:getAuthScope")
def _get_auth_scope(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    user = env.setting({}, "userName", "openstack:userName", "deployer")
    return {
        "id": text(args, "name") or "scope",
        "userId": ids.short_hash("openstack:identity/user", user, 32),
        "userName": user,
        "userDomainId": "default",
        "projectId": _tenant(env),
        "projectDomainId": "default",
        "roles": [
            {"roleId": ids.short_hash("openstack:identity", "admin", 32), "roleName": "admin"}
        ],
    }


@resource_fake("openstack:networking/rbacPolicyV2:RbacPolicyV2")
def _rbac_policy(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {"id": ids.uuid_for(env.type, name), "projectId": _tenant(env)}
