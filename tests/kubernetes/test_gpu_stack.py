"""`GpuStack` as a preview shows it: the GPU Operator release on EKS, AKS and GKE (with
Google's driver installer on GKE), the sharing ConfigMap it reads, and each team's
namespace, quota and network isolation, all through the cluster's own Kubernetes provider.

Previewed from `tests/fixtures/gpu_stack`: a GpuStack per cluster of a definition file
(`prod`: the project's prod stack; `sharing`: spot, time-slicing, MPS and MIG pools)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hap.plan import Plan, PlannedResource
from hybrid_ai_platform.clusters.plan import PoolPlan, plan_pools
from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.kubernetes import plan
from hybrid_ai_platform.spec import Cluster, Environment
from hybrid_ai_platform.tiers import settings_for
from tests.conftest import cached_plan
from tests.kubernetes.tolerations import tolerated

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURE = REPOSITORY / "tests/fixtures/gpu_stack"
DEFINITIONS = {
    "prod": REPOSITORY / "stacks/Pulumi.prod.yaml",
    "sharing": FIXTURE / "sharing.definition.yaml",
}
STACK_TYPE = "hybrid:kubernetes:GpuStack"
RELEASE_TYPE = "kubernetes:helm.sh/v3:Release"


def _environment(stack: str) -> Environment:
    return load_stack_file(DEFINITIONS[stack])


# (test id, stack, cluster) for every EKS/AKS/GKE cluster of both fixture stacks.
CLUSTERS = [
    (f"{stack}-{cluster.name}", stack, cluster)
    for stack in DEFINITIONS
    for cluster in _environment(stack).clusters
    if cluster.cloud != "openstack"
]
CASES = [pytest.param(stack, cluster, id=name) for name, stack, cluster in CLUSTERS]
OPERATOR_CASES = [
    pytest.param(stack, cluster, id=name)
    for name, stack, cluster in CLUSTERS
    if plan.installs_gpu_operator(cluster.cloud)
]


def _preview(stack: str) -> Plan:
    return cached_plan(stack, FIXTURE)


def _children(preview: Plan, cluster: Cluster) -> dict[str, PlannedResource]:
    """The GpuStack's children by logical name, without the `<cluster>-gpu-` prefix."""
    (stack,) = [r for r in preview.of_type(STACK_TYPE) if r.name == f"{cluster.name}-gpu"]
    prefix = f"{stack.name}-"
    return {r.name.removeprefix(prefix): r for r in preview.children(stack.urn)}


def _pools(cluster: Cluster) -> tuple[PoolPlan, ...]:
    return plan_pools(cluster)


def test_cases_cover_every_operator_cloud() -> None:
    clouds = {cluster.cloud for _, _, cluster in CLUSTERS}
    assert clouds == {"aws", "azure", "gcp"}
    assert {c for c in clouds if plan.installs_gpu_operator(c)} == {"aws", "azure", "gcp"}


@pytest.mark.parametrize(("stack", "cluster"), OPERATOR_CASES)
def test_gpu_operator_release_is_pinned_and_tolerates_every_gpu_pool(
    stack: str, cluster: Cluster
) -> None:
    children = _children(_preview(stack), cluster)
    release = children["gpu-operator"]
    assert release.type == RELEASE_TYPE
    inputs = release.inputs
    assert inputs["chart"] == "gpu-operator"
    assert inputs["repositoryOpts"] == {"repo": "https://helm.ngc.nvidia.com/nvidia"}
    assert inputs["version"] == "v26.7.0"
    assert inputs["namespace"] == "gpu-operator"
    assert inputs["createNamespace"] is False
    tolerations = inputs["values"]["daemonsets"]["tolerations"]
    gpu_taints = [t for p in _pools(cluster) if p.is_gpu for t in p.taints]
    assert gpu_taints
    for taint in gpu_taints:
        assert tolerated(tolerations, taint), f"{cluster.name}: nothing tolerates {taint}"
    assert inputs["values"]["driver"] == {"enabled": False}


@pytest.mark.parametrize(("stack", "cluster"), OPERATOR_CASES)
def test_device_plugin_config_exists_before_the_release_and_matches_the_pools(
    stack: str, cluster: Cluster
) -> None:
    children = _children(_preview(stack), cluster)
    config_map, release = children["device-plugin-config"], children["gpu-operator"]
    assert config_map.urn in release.dependencies
    assert config_map.inputs["metadata"]["namespace"] == "gpu-operator"
    config = release.inputs["values"]["devicePlugin"]["config"]
    assert config["name"] == config_map.inputs["metadata"]["name"]
    data = config_map.inputs["data"]
    assert config["default"] in data
    for pool in _pools(cluster):
        if pool.sharing in ("time-slicing", "mps"):
            entry = yaml.safe_load(data[pool.labels[plan.DEVICE_PLUGIN_CONFIG_LABEL]])
            strategy = "timeSlicing" if pool.sharing == "time-slicing" else "mps"
            resources = entry["sharing"][strategy]["resources"]
            assert resources == [{"name": "nvidia.com/gpu", "replicas": pool.sharing_replicas}]


@pytest.mark.parametrize(("stack", "cluster"), OPERATOR_CASES)
def test_operator_namespace_allows_privileged_pods(stack: str, cluster: Cluster) -> None:
    namespace = _children(_preview(stack), cluster)["operator-ns"]
    assert namespace.inputs["metadata"]["name"] == "gpu-operator"
    labels = namespace.inputs["metadata"]["labels"]
    assert labels["pod-security.kubernetes.io/enforce"] == "privileged"


GKE_CASES = [
    pytest.param(stack, cluster, id=name)
    for name, stack, cluster in CLUSTERS
    if cluster.cloud == "gcp"
]


@pytest.mark.parametrize(("stack", "cluster"), GKE_CASES)
def test_gke_gets_googles_driver_installer_on_every_gpu_node(stack: str, cluster: Cluster) -> None:
    children = _children(_preview(stack), cluster)
    installer = children["gke-driver-installer"]
    assert installer.type == "kubernetes:apps/v1:DaemonSet"
    assert installer.inputs["metadata"]["name"] == "nvidia-driver-installer"
    assert installer.inputs["metadata"]["namespace"] == "kube-system"
    pod = installer.inputs["spec"]["template"]["spec"]
    gpu_taints = [t for p in _pools(cluster) if p.is_gpu for t in p.taints]
    assert gpu_taints
    for taint in gpu_taints:
        assert tolerated(pod["tolerations"], taint), f"{cluster.name}: installer misses {taint}"
    # The COS installer preloaded on GKE's GPU nodes, writing where the operator looks.
    (install, _partition) = pod["initContainers"]
    assert (install["image"], install["imagePullPolicy"]) == ("cos-nvidia-installer:fixed", "Never")
    env = {e["name"]: e["value"] for e in install["env"]}
    assert env["NVIDIA_INSTALL_DIR_HOST"] == "/home/kubernetes/bin/nvidia"
    values = children["gpu-operator"].inputs["values"]
    assert values["hostPaths"]["driverInstallDir"] == env["NVIDIA_INSTALL_DIR_HOST"]
    (term,) = pod["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][
        "nodeSelectorTerms"
    ]
    assert {"key": "cloud.google.com/gke-accelerator", "operator": "Exists"} in term[
        "matchExpressions"
    ]


@pytest.mark.parametrize(("stack", "cluster"), GKE_CASES)
def test_gke_operator_namespace_admits_its_system_critical_pods(
    stack: str, cluster: Cluster
) -> None:
    children = _children(_preview(stack), cluster)
    quota, release = children["operator-quota"], children["gpu-operator"]
    assert quota.inputs["metadata"]["namespace"] == "gpu-operator"
    assert quota.inputs["spec"]["hard"] == {"pods": "100"}
    assert quota.inputs["spec"]["scopeSelector"] == {
        "matchExpressions": [
            {
                "scopeName": "PriorityClass",
                "operator": "In",
                "values": ["system-node-critical", "system-cluster-critical"],
            }
        ]
    }
    assert release.inputs["values"]["daemonsets"]["priorityClassName"] == "system-node-critical"
    assert quota.urn in release.dependencies


def test_only_gke_gets_a_driver_installer_and_operator_quota() -> None:
    for _, stack, cluster in CLUSTERS:
        children = _children(_preview(stack), cluster)
        on_gke = cluster.cloud == "gcp"
        assert ("gke-driver-installer" in children) is on_gke, cluster.name
        assert ("operator-quota" in children) is on_gke, cluster.name


@pytest.mark.parametrize(("stack", "cluster"), CASES)
def test_every_team_gets_its_quota_and_default_deny(stack: str, cluster: Cluster) -> None:
    children = _children(_preview(stack), cluster)
    for team in cluster.teams:
        prefix = f"team-{team.name}"
        namespace = children[f"{prefix}-ns"]
        assert namespace.inputs["metadata"]["name"] == team.name
        quota = children[f"{prefix}-gpu-quota"]
        assert quota.inputs["metadata"]["namespace"] == team.name
        assert quota.inputs["spec"]["hard"] == {"requests.nvidia.com/gpu": str(team.gpu_quota)}
        (limits,) = children[f"{prefix}-defaults"].inputs["spec"]["limits"]
        assert limits["type"] == "Container"
        assert limits["default"]["nvidia.com/gpu"] == "0"

        deny = children[f"{prefix}-default-deny"].inputs
        assert deny["metadata"]["namespace"] == team.name
        assert deny["spec"]["podSelector"] == {}
        assert sorted(deny["spec"]["policyTypes"]) == ["Egress", "Ingress"]
        assert "ingress" not in deny["spec"] and "egress" not in deny["spec"]

        dns = children[f"{prefix}-allow-dns"].inputs["spec"]
        assert dns["policyTypes"] == ["Egress"]
        assert "ingress" not in dns
        (rule,) = dns["egress"]
        assert rule["to"] == [
            {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}}}
        ]
        assert {(p["protocol"], p["port"]) for p in rule["ports"]} == {("UDP", 53), ("TCP", 53)}
        # The namespace exists before what lives in it.
        for part in ("gpu-quota", "defaults", "default-deny", "allow-dns"):
            assert namespace.urn in children[f"{prefix}-{part}"].dependencies


@pytest.mark.parametrize(("stack", "cluster"), CASES)
def test_everything_goes_through_the_clusters_own_provider(stack: str, cluster: Cluster) -> None:
    preview = _preview(stack)
    children = _children(preview, cluster)
    assert children
    for child in children.values():
        assert child.provider is not None, f"{child.name} would use a default provider"
        provider = preview.resource(child.provider)
        assert provider.type == "pulumi:providers:kubernetes"
        assert provider.name == f"{cluster.name}-k8s", child.name


@pytest.mark.parametrize("stack", DEFINITIONS)
def test_team_namespaces_are_protected_and_kept_in_production_only(stack: str) -> None:
    production = settings_for(_environment(stack)).protect
    namespaces = [
        r for r in _preview(stack).of_type("kubernetes:core/v1:Namespace") if "-team-" in r.name
    ]
    assert namespaces
    for namespace in namespaces:
        assert namespace.protect is production, namespace.name
        # Deleting a namespace deletes its volume claims: production keeps it.
        assert namespace.retain_on_delete is production, namespace.name
