"""The in-cluster GPU stack's plan, over every stack of the project: the operator reaches
every GPU node, sharing settings reach the device plugin in its own format, each cloud gets
the operator its driver model needs, and every team gets its quota."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from hybrid_ai_platform.clusters.plan import PoolPlan, plan_pools
from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.kubernetes import plan
from hybrid_ai_platform.spec import Cluster, Taint, Team
from tests.kubernetes.tolerations import tolerated, tolerates

REPOSITORY = Path(__file__).resolve().parents[2]
STACK_FILES = sorted((REPOSITORY / "stacks").glob("Pulumi.*.yaml"))
SHARING_FIXTURE = REPOSITORY / "tests/fixtures/gpu_stack/sharing.definition.yaml"


def _clusters(stack_file: Path) -> list[tuple[Cluster, tuple[PoolPlan, ...]]]:
    env = load_stack_file(stack_file)
    return [(c, plan_pools(c)) for c in env.clusters if c.cloud != "openstack"]


# (test id, cluster, its pool plans) for every EKS/AKS/GKE cluster of every stack.
PLANNED = [
    (f"{stack_file.stem.split('.')[-1]}-{cluster.name}", cluster, pools)
    for stack_file in [*STACK_FILES, SHARING_FIXTURE]
    for cluster, pools in _clusters(stack_file)
]
ALL_CLUSTERS = [pytest.param(cluster, pools, id=name) for name, cluster, pools in PLANNED]
# Every EKS, AKS and GKE cluster: all get the GPU Operator.
OPERATOR_CLUSTERS = [
    pytest.param(cluster, pools, id=name)
    for name, cluster, pools in PLANNED
    if plan.installs_gpu_operator(cluster.cloud)
]


def _fixture_pools(cluster_name: str) -> tuple[PoolPlan, ...]:
    """The pools of a cluster of the `sharing` fixture definition."""
    return next(
        pools for cluster, pools in _clusters(SHARING_FIXTURE) if cluster.name == cluster_name
    )


def test_the_project_has_stacks_with_gpu_clusters() -> None:
    assert {f.name for f in STACK_FILES} >= {"Pulumi.dev.yaml", "Pulumi.prod.yaml"}
    assert any(pool.is_gpu for _, _, pools in PLANNED for pool in pools)
    assert {c.cloud for _, c, _ in PLANNED if plan.installs_gpu_operator(c.cloud)} == {
        "aws",
        "azure",
        "gcp",
    }


# -- the toleration matcher the tests rely on ------------------------------------------


@pytest.mark.parametrize(
    ("toleration", "taint", "expected"),
    [
        (
            {"key": "k", "operator": "Equal", "value": "v", "effect": "NoSchedule"},
            Taint(key="k", value="v", effect="NoSchedule"),
            True,
        ),
        (
            {"key": "k", "operator": "Equal", "value": "other", "effect": "NoSchedule"},
            Taint(key="k", value="v", effect="NoSchedule"),
            False,
        ),
        (
            {"key": "k", "operator": "Equal", "value": "v", "effect": "NoSchedule"},
            Taint(key="k", value="v", effect="NoExecute"),
            False,
        ),
        (
            {"key": "k", "operator": "Exists", "effect": "NoSchedule"},
            Taint(key="k", value="anything", effect="NoSchedule"),
            True,
        ),
        (
            {"key": "other", "operator": "Exists"},
            Taint(key="k", value="", effect="NoSchedule"),
            False,
        ),
        ({"operator": "Exists"}, Taint(key="k", value="v", effect="NoExecute"), True),
        ({"key": "k", "value": "v"}, Taint(key="k", value="v", effect="PreferNoSchedule"), True),
        ({"key": "", "operator": "Equal", "value": "v"}, Taint(key="k", value="v"), False),
    ],
)
def test_toleration_matching_follows_kubernetes(
    toleration: dict[str, str], taint: Taint, expected: bool
) -> None:
    assert tolerates(toleration, taint) is expected


# -- the operator reaches every GPU node -------------------------------------------------


@pytest.mark.parametrize(("cluster", "pools"), ALL_CLUSTERS)
def test_gpu_tolerations_cover_every_taint_of_every_gpu_pool(
    cluster: Cluster, pools: tuple[PoolPlan, ...]
) -> None:
    tolerations = plan.gpu_tolerations(pools)
    for pool in pools:
        if pool.is_gpu:
            # Every GPU pool carries at least the platform's GPU taint.
            assert pool.taints, f"{cluster.name}/{pool.name} has no taint"
        for taint in pool.taints if pool.is_gpu else ():
            assert tolerated(tolerations, taint), f"{cluster.name}/{pool.name}: {taint}"


@pytest.mark.parametrize(("cluster", "pools"), OPERATOR_CLUSTERS)
def test_operator_daemonsets_and_feature_discovery_tolerate_every_gpu_pool(
    cluster: Cluster, pools: tuple[PoolPlan, ...]
) -> None:
    values = plan.operator_values(cluster.cloud, pools, plan.DEVICE_PLUGIN_CONFIG_MAP)
    daemonsets = values["daemonsets"]["tolerations"]
    discovery = values["node-feature-discovery"]["worker"]["tolerations"]
    for pool in (p for p in pools if p.is_gpu):
        for taint in pool.taints:
            assert tolerated(daemonsets, taint), f"daemonsets miss {taint} of {pool.name}"
            assert tolerated(discovery, taint), f"feature discovery misses {taint} of {pool.name}"


def test_aks_spot_taint_is_tolerated() -> None:
    """AKS taints Spot nodes itself; an operator blind to it leaves those GPUs unusable."""
    pools = _fixture_pools("aks")
    spot_taint = Taint(key="kubernetes.azure.com/scalesetpriority", value="spot")
    assert any(spot_taint in p.taints for p in pools if p.spot)
    assert tolerated(plan.gpu_tolerations(pools), spot_taint)


def test_cpu_pool_taints_are_not_tolerated() -> None:
    """The operator's daemonsets belong on GPU nodes only; a CPU pool's own taint keeps
    them off it."""
    pools = _fixture_pools("aks")
    system_taint = Taint(key="CriticalAddonsOnly", value="true")
    assert any(system_taint in p.taints for p in pools if not p.is_gpu)
    assert not tolerated(plan.gpu_tolerations(pools), system_taint)


def test_tolerations_use_exists_for_a_taint_without_value() -> None:
    assert plan.toleration_for(Taint(key="hybrid.ai/batch", effect="PreferNoSchedule")) == {
        "key": "hybrid.ai/batch",
        "operator": "Exists",
        "effect": "PreferNoSchedule",
    }


# -- sharing reaches the device plugin ---------------------------------------------------


@pytest.mark.parametrize(("cluster", "pools"), ALL_CLUSTERS)
def test_device_plugin_config_has_an_entry_per_sharing_pool(
    cluster: Cluster, pools: tuple[PoolPlan, ...]
) -> None:
    data = plan.device_plugin_config(pools)
    sharing_pools = [p for p in pools if p.is_gpu and p.sharing in ("time-slicing", "mps")]
    # The key is the one the pool's nodes select with their label, and nothing else.
    assert set(data) == {plan.UNSHARED_CONFIG_KEY} | {
        p.labels[plan.DEVICE_PLUGIN_CONFIG_LABEL] for p in sharing_pools
    }
    assert yaml.safe_load(data[plan.UNSHARED_CONFIG_KEY]) == {"version": "v1"}
    for pool in sharing_pools:
        document = yaml.safe_load(data[pool.labels[plan.DEVICE_PLUGIN_CONFIG_LABEL]])
        _assert_device_plugin_config(document)
        strategy = "timeSlicing" if pool.sharing == "time-slicing" else "mps"
        assert list(document["sharing"]) == [strategy]
        resources = document["sharing"][strategy]["resources"]
        assert resources == [{"name": "nvidia.com/gpu", "replicas": pool.sharing_replicas}]


def _assert_device_plugin_config(document: Any) -> None:
    """The rules k8s-device-plugin `api/config/v1` enforces when it loads a config."""
    assert document["version"] == "v1"
    assert set(document) <= {"version", "flags", "resources", "sharing"}
    sharing = document["sharing"]
    assert len(sharing) == 1 and set(sharing) <= {"timeSlicing", "mps"}
    (replicated,) = sharing.values()
    assert set(replicated) <= {"renameByDefault", "failRequestsGreaterThanOne", "resources"}
    assert replicated["resources"], "no resources specified"
    for resource in replicated["resources"]:
        assert resource["name"] == "nvidia.com/gpu"
        assert isinstance(resource["replicas"], int) and resource["replicas"] >= 2


def test_time_slicing_refuses_requests_for_several_replicas() -> None:
    """Two replicas of a time-sliced GPU give no more compute than one; the device plugin
    refuses such a request instead of letting it use twice the team's quota."""
    data = plan.device_plugin_config(_fixture_pools("aks"))
    sliced = yaml.safe_load(data["t4spot"])["sharing"]["timeSlicing"]
    assert sliced["failRequestsGreaterThanOne"] is True
    assert sliced["resources"] == [{"name": "nvidia.com/gpu", "replicas": 8}]
    assert yaml.safe_load(data["t4mps"])["sharing"]["mps"]["resources"][0]["replicas"] == 3


def test_a_default_named_pool_keeps_its_own_entry() -> None:
    (pool,) = _pools_of(
        {
            "name": "default",
            "accelerator": "nvidia-t4",
            "gpusPerNode": 1,
            "min": 0,
            "max": 1,
            "sharing": "time-slicing",
            "sharingReplicas": 4,
        },
    )[1:]
    data = plan.device_plugin_config([pool])
    assert (
        yaml.safe_load(data["default"])["sharing"]["timeSlicing"]["resources"][0]["replicas"] == 4
    )
    assert yaml.safe_load(data[plan.UNSHARED_CONFIG_KEY]) == {"version": "v1"}


# -- the operator fits each cloud's driver model -----------------------------------------


def test_eks_operator_leaves_driver_and_toolkit_to_the_ami() -> None:
    pools = _pools_of()
    values = plan.operator_values("aws", pools, "dp-config")
    assert values["driver"] == {"enabled": False}
    assert values["toolkit"] == {"enabled": False}
    # The AL2023 NVIDIA AMI names its containerd runtime `nvidia`.
    assert values["operator"]["runtimeClass"] == "nvidia"
    assert values["devicePlugin"]["enabled"] is True
    assert values["devicePlugin"]["config"] == {
        "create": False,
        "name": "dp-config",
        "default": plan.UNSHARED_CONFIG_KEY,
    }
    assert values["dcgmExporter"] == {"enabled": True}
    assert values["daemonsets"]["priorityClassName"] == "system-node-critical"


def test_aks_operator_uses_the_preinstalled_driver_and_runtime() -> None:
    values = plan.operator_values("azure", _pools_of(), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert values["driver"] == {"enabled": False}
    assert values["toolkit"] == {"enabled": False}
    assert values["operator"]["runtimeClass"] == "nvidia-container-runtime"


def test_gke_operator_uses_googles_driver_and_installs_the_toolkit_with_cdi() -> None:
    """The values of "Using the Google Driver Installer" (NVIDIA's GKE page)."""
    assert plan.installs_gpu_operator("gcp")
    values = plan.operator_values("gcp", _fixture_pools("gke"), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert values["driver"] == {"enabled": False}
    assert values["hostPaths"] == {"driverInstallDir": "/home/kubernetes/bin/nvidia"}
    assert values["toolkit"]["enabled"] is True
    assert values["toolkit"]["installDir"] == "/home/kubernetes/bin/nvidia"
    # NVIDIA's workaround for GKE 1.33+, where the release channels take the clusters.
    assert values["toolkit"]["env"] == [{"name": "RUNTIME_CONFIG_SOURCE", "value": "file"}]
    assert values["cdi"] == {"enabled": True, "default": True}
    # GKE's nodes register no NVIDIA runtime of their own: the chart's default class.
    assert "operator" not in values
    assert values["devicePlugin"]["config"]["name"] == plan.DEVICE_PLUGIN_CONFIG_MAP
    assert values["dcgmExporter"] == {"enabled": True}
    # Sharing on GKE reaches the operator's device plugin, like on EKS and AKS.
    data = plan.device_plugin_config(_fixture_pools("gke"))
    entry = yaml.safe_load(data["l4"])
    assert entry["sharing"]["timeSlicing"]["resources"] == [
        {"name": "nvidia.com/gpu", "replicas": 2}
    ]
    # GKE admits the operator's system-node-critical pods only under a quota for them.
    assert plan.operator_namespace_quota("gcp") == {"pods": "100"}
    assert plan.operator_namespace_quota("aws") is None
    assert plan.operator_namespace_quota("azure") is None


def test_gke_mig_manager_reboots_nodes_to_change_mig_mode() -> None:
    mig = _pools_of(
        {
            "name": "a100",
            "accelerator": "nvidia-a100-80gb",
            "gpusPerNode": 1,
            "min": 0,
            "max": 1,
            "sharing": "mig",
            "migProfile": "1g.10gb",
        },
        cloud="gcp",
    )
    values = plan.operator_values("gcp", mig, plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert values["mig"] == {"strategy": "single"}
    assert values["migManager"] == {
        "enabled": True,
        "env": [{"name": "WITH_REBOOT", "value": "true"}],
    }
    plain = plan.operator_values("gcp", _pools_of(cloud="gcp"), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert plain["migManager"] == {"enabled": False}


def test_the_operator_installs_driver_and_toolkit_only_where_nodes_have_none() -> None:
    # Magnum's node images carry no NVIDIA driver; EKS's and AKS's GPU images do.
    magnum = plan.operator_values("openstack", (), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert magnum["driver"] == {"enabled": True}
    assert magnum["toolkit"] == {"enabled": True}
    eks = plan.operator_values("aws", (), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert eks["driver"]["enabled"] is False
    with pytest.raises(ValueError, match="not installed"):
        plan.operator_values("vsphere", (), plan.DEVICE_PLUGIN_CONFIG_MAP)


def test_mig_pool_turns_on_mig_manager_with_single_strategy() -> None:
    mig = _pools_of(
        {
            "name": "a100",
            "accelerator": "nvidia-a100-80gb",
            "gpusPerNode": 1,
            "min": 0,
            "max": 1,
            "sharing": "mig",
            "migProfile": "3g.40gb",
        },
        cloud="azure",
    )
    values = plan.operator_values("azure", mig, plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert values["mig"] == {"strategy": "single"}
    assert values["migManager"] == {"enabled": True}
    plain = plan.operator_values("azure", _pools_of(cloud="azure"), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert plain["mig"] == {"strategy": "none"}
    assert plain["migManager"] == {"enabled": False}


def test_operator_values_do_not_depend_on_pool_order() -> None:
    pools = _fixture_pools("aks")
    forward = plan.operator_values("azure", pools, plan.DEVICE_PLUGIN_CONFIG_MAP)
    backward = plan.operator_values("azure", tuple(reversed(pools)), plan.DEVICE_PLUGIN_CONFIG_MAP)
    assert forward == backward
    assert list(plan.device_plugin_config(pools)) == list(
        plan.device_plugin_config(tuple(reversed(pools)))
    )


# -- teams -------------------------------------------------------------------------------


@pytest.mark.parametrize(("cluster", "pools"), ALL_CLUSTERS)
def test_every_team_gets_its_gpu_quota(cluster: Cluster, pools: tuple[PoolPlan, ...]) -> None:
    quotas = {q.team: q for q in plan.team_quotas(cluster.teams)}
    assert set(quotas) == {t.name for t in cluster.teams}
    for team in cluster.teams:
        quota = quotas[team.name]
        assert quota.namespace == team.name
        assert quota.quota_hard == {"requests.nvidia.com/gpu": str(team.gpu_quota)}
        # A container that asks for no GPU gets none.
        assert quota.default_limits["nvidia.com/gpu"] == "0"
        assert {"cpu", "memory"} <= set(quota.default_requests)
        assert quota.labels[plan.TEAM_LABEL] == team.name
        assert quota.labels["pod-security.kubernetes.io/enforce"] == "baseline"


def test_a_team_cannot_take_a_system_namespace() -> None:
    with pytest.raises(ValueError, match="reserved namespace 'kube-system'"):
        plan.team_quotas([Team(name="kube-system", gpu_quota=1)])


def test_inference_outranks_training_and_training_never_preempts() -> None:
    classes = {c.name: c for c in plan.PRIORITY_CLASSES}
    assert classes["inference"].value > classes["training"].value > 0
    assert classes["inference"].preemption_policy == "PreemptLowerPriority"
    assert classes["training"].preemption_policy == "Never"
    # User classes must stay at or below 1,000,000,000; above are the system classes.
    assert all(c.value <= 1_000_000_000 for c in plan.PRIORITY_CLASSES)


def _pools_of(*gpu_pools: dict[str, Any], cloud: str = "aws") -> tuple[PoolPlan, ...]:
    """Plan a one-cluster definition: a CPU system pool plus `gpu_pools` (default: one T4)."""
    system = {"aws": "m6i.large", "azure": "Standard_D4s_v5", "gcp": "e2-standard-4"}[cloud]
    region = {"aws": "us-east-1", "azure": "eastus", "gcp": "us-central1"}[cloud]
    gpu = gpu_pools or (
        {"name": "t4", "accelerator": "nvidia-t4", "gpusPerNode": 1, "min": 0, "max": 1},
    )
    cluster = Cluster.model_validate(
        {
            "name": "c",
            "cloud": cloud,
            "region": region,
            "kubernetesVersion": "1.31",
            "networkCidr": "10.50.0.0/16",
            "nodePools": [{"name": "system", "machineType": system, "min": 1, "max": 2}, *gpu],
        }
    )
    return plan_pools(cluster)
