"""GKE as the previews show it: prod's `batch` (private, production, L4 Spot and H100),
dev's `lab-gcp` (private, reached through its DNS endpoint) and the fixture's `edge-gcp`
(public endpoint, MIG and MPS sharing).

GPU pools are built for the NVIDIA GPU Operator: GKE installs no driver and runs no device
plugin of its own on them (what `tests/kubernetes` checks the operator side of)."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

import pytest
import yaml

from hap.plan import Plan, PlannedResource, Secret, reveal
from tests.clusters.support import PUBLIC_FIXTURE, child, children_of_type, cluster
from tests.conftest import cached_plan

GKE = "gcp:container/cluster:Cluster"
NODE_POOL = "gcp:container/nodePool:NodePool"
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}
# `gpu-driver-version=disabled` and the label that keeps GKE's device plugin off the nodes.
NO_GKE_DRIVER = {"gpuDriverVersion": "INSTALLATION_DISABLED"}
NO_GKE_DEVICE_PLUGIN = ("gke-no-default-nvidia-gpu-device-plugin", "true")
NODE_ROLES = {
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/stackdriver.resourceMetadata.writer",
    "roles/artifactregistry.reader",
}


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


@pytest.fixture(scope="module")
def dev(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("dev")


@pytest.fixture(scope="module")
def public() -> Plan:
    return cached_plan("public", PUBLIC_FIXTURE)


def gke(plan: Plan, name: str) -> PlannedResource:
    return child(plan, name, GKE, f"{name}-gke")


def node_pool(plan: Plan, name: str, pool: str) -> PlannedResource:
    return child(plan, name, NODE_POOL, f"{name}-{pool}")


def test_gpu_pools_leave_driver_and_device_plugin_to_the_gpu_operator(prod: Plan) -> None:
    h100 = node_pool(prod, "batch", "h100").inputs
    assert h100["nodeConfig"]["machineType"] == "a3-highgpu-8g"
    assert h100["nodeConfig"]["guestAccelerators"] == [
        {"type": "nvidia-h100-80gb", "count": 8, "gpuDriverInstallationConfig": NO_GKE_DRIVER}
    ]
    # Container-Optimized OS: the image Google's (COS) driver installer is for.
    assert h100["nodeConfig"]["imageType"] == "COS_CONTAINERD"
    assert h100["nodeConfig"]["taints"] == [GPU_TAINT]
    key, value = NO_GKE_DEVICE_PLUGIN
    assert h100["nodeConfig"]["labels"] == {
        "hybrid.ai/accelerator": "nvidia-h100-80gb",
        "hybrid.ai/pool": "h100",
        key: value,
    }
    l4 = node_pool(prod, "batch", "l4").inputs
    assert l4["nodeConfig"]["machineType"] == "g2-standard-4"
    assert l4["nodeConfig"]["guestAccelerators"][0]["type"] == "nvidia-l4"
    assert l4["nodeConfig"]["spot"] is True and h100["nodeConfig"]["spot"] is False
    assert l4["nodeConfig"]["labels"][key] == value
    system = node_pool(prod, "batch", "system").inputs["nodeConfig"]
    assert "guestAccelerators" not in system and system["taints"] == []
    assert key not in system["labels"]


def test_pools_autoscale_within_the_definitions_totals(prod: Plan) -> None:
    bounds = {
        p.inputs["name"]: p.inputs["autoscaling"]
        for p in children_of_type(prod, "batch", NODE_POOL)
    }
    assert {
        name: (b["totalMinNodeCount"], b["totalMaxNodeCount"]) for name, b in bounds.items()
    } == {
        "system": (2, 4),
        "l4": (1, 8),
        "h100": (0, 2),
    }
    # GPUs and Spot: take capacity in whichever zone has it.
    assert bounds["l4"]["locationPolicy"] == bounds["h100"]["locationPolicy"] == "ANY"
    for pool in children_of_type(prod, "batch", NODE_POOL):
        assert pool.ignore_changes == ("initialNodeCount",) and pool.delete_before_replace
        assert pool.inputs["management"] == {"autoRepair": True, "autoUpgrade": True}


def test_sharing_and_mig_pools_are_labelled_for_the_operator_not_gke(public: Plan) -> None:
    """GKE-native sharing needs GKE's device plugin, which these pools do not run: MIG and
    MPS reach the operator through node labels (the MIG manager's layout, the device
    plugin's config entry) and GKE gets no sharing or partition settings."""
    key, value = NO_GKE_DEVICE_PLUGIN
    mig_config = node_pool(public, "edge-gcp", "a100mig").inputs["nodeConfig"]
    (mig,) = mig_config["guestAccelerators"]
    assert mig == {
        "type": "nvidia-a100-80gb",
        "count": 1,
        "gpuDriverInstallationConfig": NO_GKE_DRIVER,
    }
    assert mig_config["labels"]["nvidia.com/mig.config"] == "all-1g.10gb"
    assert mig_config["labels"][key] == value
    mps_config = node_pool(public, "edge-gcp", "t4mps").inputs["nodeConfig"]
    (mps,) = mps_config["guestAccelerators"]
    assert mps == {
        "type": "nvidia-tesla-t4",
        "count": 4,
        "gpuDriverInstallationConfig": NO_GKE_DRIVER,
    }
    assert mps_config["labels"]["nvidia.com/device-plugin.config"] == "t4mps"
    assert mps_config["labels"][key] == value


def test_nodes_run_as_a_least_privilege_account_on_shielded_vms(prod: Plan) -> None:
    account = child(prod, "batch", "gcp:serviceaccount/account:Account", "batch-nodes")
    grants = children_of_type(prod, "batch", "gcp:projects/iAMMember:IAMMember")
    assert {g.inputs["role"] for g in grants} == NODE_ROLES
    assert {g.inputs["member"] for g in grants} == {f"serviceAccount:{account.outputs['email']}"}
    for pool in children_of_type(prod, "batch", NODE_POOL):
        config = pool.inputs["nodeConfig"]
        assert config["serviceAccount"] == account.outputs["email"]
        assert config["shieldedInstanceConfig"] == {
            "enableSecureBoot": True,
            "enableIntegrityMonitoring": True,
        }
        assert config["workloadMetadataConfig"] == {"mode": "GKE_METADATA"}


def test_secrets_are_encrypted_with_a_rotating_protected_kms_key(prod: Plan, dev: Plan) -> None:
    key = child(prod, "batch", "gcp:kms/cryptoKey:CryptoKey", "batch-secrets-key")
    assert gke(prod, "batch").inputs["databaseEncryption"] == {
        "state": "ENCRYPTED",
        "keyName": key.id,
    }
    assert key.inputs["rotationPeriod"] == "7776000s"
    assert key.protect
    ring = child(prod, "batch", "gcp:kms/keyRing:KeyRing", "batch-keyring")
    assert (ring.protect, ring.inputs["location"]) == (True, "us-central1")
    # Only the GKE service agent of this project may use the key.
    binding = child(
        prod, "batch", "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "batch-secrets-key-gke"
    ).inputs
    assert binding["cryptoKeyId"] == key.id
    assert binding["role"] == "roles/cloudkms.cryptoKeyEncrypterDecrypter"
    assert binding["member"].startswith("serviceAccount:service-")
    assert binding["member"].endswith("@container-engine-robot.iam.gserviceaccount.com")
    assert not child(dev, "lab-gcp", "gcp:kms/cryptoKey:CryptoKey", "lab-gcp-secrets-key").protect


def test_a_private_cluster_has_private_nodes_endpoint_and_its_own_master_range(
    prod: Plan,
) -> None:
    cluster_inputs = gke(prod, "batch").inputs
    private = cluster_inputs["privateClusterConfig"]
    assert private["enablePrivateNodes"] is True
    assert private["enablePrivateEndpoint"] is True
    master = ipaddress.IPv4Network(private["masterIpv4CidrBlock"])
    assert master.prefixlen == 28 and master.subnet_of(ipaddress.IPv4Network("10.32.0.0/16"))
    assert cluster_inputs["masterAuthorizedNetworksConfig"] == {
        "cidrBlocks": [],
        "gcpPublicCidrsAccessEnabled": False,
    }
    assert cluster_inputs["ipAllocationPolicy"] == {
        "clusterSecondaryRangeName": "pods",
        "servicesSecondaryRangeName": "services",
    }


def test_a_public_endpoint_admits_only_the_authorised_ranges(public: Plan) -> None:
    cluster_inputs = gke(public, "edge-gcp").inputs
    assert cluster_inputs["privateClusterConfig"]["enablePrivateEndpoint"] is False
    assert cluster_inputs["privateClusterConfig"]["enablePrivateNodes"] is True
    blocks = cluster_inputs["masterAuthorizedNetworksConfig"]["cidrBlocks"]
    # The office range and the deploy runner's egress address (restricted-public-endpoint).
    assert [b["cidrBlock"] for b in blocks] == ["192.0.2.10/32", "203.0.113.0/24"]


def test_hardening_logging_and_workload_identity(prod: Plan, dev: Plan) -> None:
    cluster_inputs = gke(prod, "batch").inputs
    assert cluster_inputs["workloadIdentityConfig"] == {"workloadPool": "hap-prod-ml.svc.id.goog"}
    assert cluster_inputs["enableShieldedNodes"] is True
    assert cluster_inputs["enableLegacyAbac"] is False
    assert cluster_inputs["masterAuth"] == {
        "clientCertificateConfig": {"issueClientCertificate": False}
    }
    assert {"SYSTEM_COMPONENTS", "WORKLOADS", "APISERVER"} <= set(
        cluster_inputs["loggingConfig"]["enableComponents"]
    )
    assert (cluster_inputs["removeDefaultNodePool"], cluster_inputs["initialNodeCount"]) == (
        True,
        1,
    )
    assert cluster_inputs["minMasterVersion"] == "1.35"
    # Production: the stable channel and no deletion by accident; dev: regular, deletable.
    assert cluster_inputs["releaseChannel"] == {"channel": "STABLE"}
    assert cluster_inputs["deletionProtection"] is True and gke(prod, "batch").protect
    dev_inputs = gke(dev, "lab-gcp").inputs
    assert dev_inputs["releaseChannel"] == {"channel": "REGULAR"}
    assert dev_inputs["deletionProtection"] is False and not gke(dev, "lab-gcp").protect


def test_the_kubeconfig_is_a_secret_using_the_gke_auth_plugin(prod: Plan) -> None:
    component = cluster(prod, "batch")
    assert isinstance(component.outputs["kubeconfig"], Secret)
    config = yaml.safe_load(reveal(component.outputs["kubeconfig"]))
    assert config["users"][0]["user"]["exec"]["command"] == "gke-gcloud-auth-plugin"
    # prod's batch is reached through its DNS-based endpoint (gke-dns-endpoint), whose
    # certificate is publicly trusted: no CA of the cluster's own.
    endpoints = gke(prod, "batch").outputs["controlPlaneEndpointsConfig"]
    host = endpoints["dnsEndpointConfig"]["endpoint"]
    assert config["clusters"][0]["cluster"] == {"server": f"https://{host}"}
    assert host.endswith(".us-central1.gke.goog")
    assert component.outputs["workload_pool"] == "hap-prod-ml.svc.id.goog"


def test_gpu_metrics_come_from_the_operator_not_gkes_dcgm_package(prod: Plan, dev: Plan) -> None:
    """GKE's DCGM package needs GKE-installed drivers, which the GPU pools do not have; the
    GPU Operator's DCGM exporter (`tests/kubernetes`) serves GPU metrics instead."""
    for plan, name in ((prod, "batch"), (dev, "lab-gcp")):
        monitoring = gke(plan, name).inputs["monitoringConfig"]
        assert "DCGM" not in monitoring["enableComponents"]
        assert "SYSTEM_COMPONENTS" in monitoring["enableComponents"]
        assert monitoring["managedPrometheus"] == {"enabled": True}
        for pool in children_of_type(plan, name, NODE_POOL):
            for accelerator in pool.inputs["nodeConfig"].get("guestAccelerators", []):
                assert accelerator["gpuDriverInstallationConfig"] == NO_GKE_DRIVER
