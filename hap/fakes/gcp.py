"""Google Cloud fakes: `projects/<p>/...` ids, selfLinks, GKE endpoints and service accounts."""

from __future__ import annotations

from typing import Any

from hap.fakes import ids
from hap.fakes.registry import FakeEnv, Inputs, invoke_fake, resource_fake, text

DEFAULT_PROJECT = "hap-preview-project"
DEFAULT_REGION = "us-central1"
COMPUTE_API = "https://www.googleapis.com/compute/v1"


def project_of(inputs: Inputs, env: FakeEnv) -> str:
    return env.setting(inputs, "project", "gcp:project", DEFAULT_PROJECT)


def region_of(inputs: Inputs, env: FakeEnv) -> str:
    return env.setting(inputs, "region", "gcp:region", DEFAULT_REGION)


def _name(inputs: Inputs, type_: str, name: str) -> str:
    return text(inputs, "name") or ids.autoname(type_, name)


def _last_segment(value: str | None) -> str | None:
    """`projects/p/global/networks/n` or a selfLink -> `n` (inputs accept either form)."""
    return value.rstrip("/").rsplit("/", 1)[-1] if value else None


def _compute(path: str) -> dict[str, Any]:
    return {"id": path, "selfLink": f"{COMPUTE_API}/{path}"}


@resource_fake("gcp:compute/network:Network")
def _network(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    network = _name(inputs, env.type, name)
    return {
        **_compute(f"projects/{project_of(inputs, env)}/global/networks/{network}"),
        "name": network,
        "networkId": ids.digits(env.type, name, 19),
    }


@resource_fake("gcp:compute/subnetwork:Subnetwork")
def _subnetwork(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    subnetwork = _name(inputs, env.type, name)
    region = region_of(inputs, env)
    path = f"projects/{project_of(inputs, env)}/regions/{region}/subnetworks/{subnetwork}"
    return {
        **_compute(path),
        "name": subnetwork,
        # GCP reserves the first address of a subnet's primary range as its gateway.
        "gatewayAddress": ids.host_in(inputs.get("ipCidrRange"), 1),
        "subnetworkId": ids.digits(env.type, name, 19),
    }


@resource_fake("gcp:compute/router:Router")
def _router(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    router = _name(inputs, env.type, name)
    path = f"projects/{project_of(inputs, env)}/regions/{region_of(inputs, env)}/routers/{router}"
    return {**_compute(path), "name": router}


@resource_fake("gcp:compute/routerNat:RouterNat")
def _router_nat(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    nat = _name(inputs, env.type, name)
    router = _last_segment(text(inputs, "router")) or "router"
    return {"id": f"{project_of(inputs, env)}/{region_of(inputs, env)}/{router}/{nat}", "name": nat}


@resource_fake("gcp:container/cluster:Cluster")
def _gke_cluster(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = project_of(inputs, env)
    cluster = _name(inputs, env.type, name)
    location = text(inputs, "location") or region_of(inputs, env)
    path = f"projects/{project}/locations/{location}/clusters/{cluster}"
    # Every cluster has a DNS-based endpoint, whether or not it admits user traffic:
    # `gke-<id>-<project number>.<region>.gke.goog`.
    endpoints = dict(inputs.get("controlPlaneEndpointsConfig") or {})
    number = ids.digits("gcp:organizations/project:Project", project, 12)
    endpoints["dnsEndpointConfig"] = {
        **(endpoints.get("dnsEndpointConfig") or {}),
        "endpoint": f"gke-{ids.short_hash(env.type, name, 32)}-{number}.{location}.gke.goog",
    }
    return {
        "id": path,
        "name": cluster,
        "selfLink": f"https://container.googleapis.com/v1/{path}",
        "endpoint": ids.public_ip(env.type, name),
        "masterAuth": {
            "clusterCaCertificate": ids.base64_text(ids.pem_certificate(env.type, name))
        },
        "masterVersion": inputs.get("minMasterVersion"),
        "controlPlaneEndpointsConfig": endpoints,
    }


@resource_fake("gcp:container/nodePool:NodePool")
def _gke_node_pool(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = project_of(inputs, env)
    pool = _name(inputs, env.type, name)
    cluster = _last_segment(text(inputs, "cluster")) or "cluster"
    location = text(inputs, "location") or region_of(inputs, env)
    group = f"gke-{cluster}-{pool}-{ids.short_hash(env.type, name)}-grp"
    group_url = f"{COMPUTE_API}/projects/{project}/zones/{location}-a/instanceGroupManagers/{group}"
    return {
        "id": f"projects/{project}/locations/{location}/clusters/{cluster}/nodePools/{pool}",
        "name": pool,
        "instanceGroupUrls": [group_url],
        "managedInstanceGroupUrls": [group_url.replace("instanceGroupManagers", "instanceGroups")],
    }


@resource_fake("gcp:serviceaccount/account:Account")
def _service_account(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = project_of(inputs, env)
    account_id = text(inputs, "accountId") or name
    email = f"{account_id}@{project}.iam.gserviceaccount.com"
    path = f"projects/{project}/serviceAccounts/{email}"
    return {
        "id": path,
        "name": path,
        "email": email,
        "member": f"serviceAccount:{email}",
        "uniqueId": ids.digits(env.type, name, 21),
    }


@resource_fake("gcp:kms/keyRing:KeyRing")
def _key_ring(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    ring = _name(inputs, env.type, name)
    location = text(inputs, "location") or "global"
    return {
        "id": f"projects/{project_of(inputs, env)}/locations/{location}/keyRings/{ring}",
        "name": ring,
    }


@resource_fake("gcp:kms/cryptoKey:CryptoKey")
def _crypto_key(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    key = _name(inputs, env.type, name)
    ring = (
        text(inputs, "keyRing")
        or f"projects/{project_of(inputs, env)}/locations/global/keyRings/key-ring"
    )
    return {"id": f"{ring}/cryptoKeys/{key}", "name": key}


@resource_fake("gcp:storage/bucket:Bucket")
def _storage_bucket(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    bucket = _name(inputs, env.type, name).lower()
    return {
        "id": bucket,
        "name": bucket,
        "url": f"gs://{bucket}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{bucket}",
    }


@resource_fake("gcp:logging/projectBucketConfig:ProjectBucketConfig")
def _log_bucket(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    bucket = text(inputs, "bucketId") or ids.autoname(env.type, name)
    location = text(inputs, "location") or "global"
    path = f"projects/{project_of(inputs, env)}/locations/{location}/buckets/{bucket}"
    return {"id": path, "name": path, "lifecycleState": "ACTIVE"}


@resource_fake("gcp:logging/projectSink:ProjectSink")
def _log_sink(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = project_of(inputs, env)
    sink = _name(inputs, env.type, name)
    number = ids.digits("gcp:organizations/project:Project", project, 12)
    return {
        "id": f"projects/{project}/sinks/{sink}",
        # The project's Cloud Logging service agent (`unique_writer_identity`).
        "writerIdentity": f"serviceAccount:service-{number}@gcp-sa-logging.iam.gserviceaccount.com",
    }


@invoke_fake("gcp:organizations/getProject:getProject")
def _get_project(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = text(args, "projectId") or project_of({}, env)
    return {
        "id": f"projects/{project}",
        "projectId": project,
        "name": project,
        "number": ids.digits("gcp:organizations/project:Project", project, 12),
    }


@invoke_fake("gcp:organizations/getClientConfig:getClientConfig")
def _get_client_config(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = project_of({}, env)
    region = region_of({}, env)
    return {
        "id": f"projects/{project}/regions/{region}",
        "project": project,
        "region": region,
        "zone": env.setting({}, "zone", "gcp:zone", f"{region}-a"),
        "accessToken": "hap-placeholder-access-token",
    }
