"""Pool planning and the pure cluster rules, without Pulumi: what each definition pool
becomes on each cloud, for every accelerator and GPU count the catalog offers."""

from __future__ import annotations

import ipaddress

import pytest

from hybrid_ai_platform.clusters import plan
from hybrid_ai_platform.clusters.plan import (
    AKS_SPOT_TAINT,
    GPU_TAINT,
    aks_gpu_instance_profile,
    aks_node_labels,
    aks_ranges,
    aks_taints,
    api_access,
    cluster_physical_name,
    eks_taints,
    gke_initial_nodes_per_zone,
    gke_master_cidr,
    gke_taints,
    plan_pools,
    routed_ranges,
    system_pool,
)
from hybrid_ai_platform.network.plan import gcp_layout
from hybrid_ai_platform.spec import Cluster, Environment, NodePool, Taint
from hybrid_ai_shared.catalog import load_catalog

CATALOG = load_catalog()
PUBLIC_CLOUDS = ("aws", "azure", "gcp")
REGIONS = {"aws": "us-east-1", "azure": "eastus", "gcp": "us-central1"}
OFFERED = [
    (cloud, accelerator, offering.gpus, offering.machine_type)
    for accelerator in CATALOG.names()
    for cloud in PUBLIC_CLOUDS
    for offering in CATALOG.offerings(cloud, accelerator)
]


def make_cluster(cloud: str, *pools: NodePool, **fields: object) -> Cluster:
    system = NodePool(name="system", machine_type="cpu-machine", min=1, max=3)
    return Cluster.model_validate(
        {
            "name": "train",
            "cloud": cloud,
            "region": REGIONS.get(cloud, "RegionOne"),
            "kubernetes_version": "1.31",
            "network_cidr": "10.40.0.0/16",
            "node_pools": (system, *pools),
            **fields,
        }
    )


def gpu_pool(accelerator: str, gpus: int | None = None, **fields: object) -> NodePool:
    return NodePool.model_validate(
        {"name": "gpu", "accelerator": accelerator, "gpus_per_node": gpus, "min": 0, "max": 2}
        | fields
    )


def test_the_catalog_offers_something_on_every_public_cloud() -> None:
    assert {cloud for cloud, *_ in OFFERED} == set(PUBLIC_CLOUDS)


@pytest.mark.parametrize(("cloud", "accelerator", "gpus", "machine_type"), OFFERED)
def test_every_offering_compiles_to_its_machine_type_taint_and_labels(
    cloud: str, accelerator: str, gpus: int, machine_type: str
) -> None:
    (_, pool) = plan_pools(make_cluster(cloud, gpu_pool(accelerator, gpus)), CATALOG)
    offering = CATALOG.offering(cloud, accelerator, gpus)
    assert offering is not None
    assert pool.machine_type == machine_type
    assert pool.gpus_per_node == gpus
    assert pool.accelerator == accelerator and pool.is_gpu
    assert pool.hourly_usd == offering.hourly_usd
    assert pool.gcp_accelerator_type == (offering.gcp_accelerator_type if cloud == "gcp" else None)
    assert pool.taints == (GPU_TAINT,)
    platform = {"hybrid.ai/accelerator": accelerator, "hybrid.ai/pool": "gpu"}
    if cloud == "aws":
        # The cluster autoscaler's GPU label: it waits for the node's GPUs to appear.
        platform["k8s.amazonaws.com/accelerator"] = accelerator
    if cloud == "gcp":
        # GKE's own device plugin stays off: the GPU Operator's advertises the GPUs.
        platform["gke-no-default-nvidia-gpu-device-plugin"] = "true"
    assert dict(pool.labels) == platform


@pytest.mark.parametrize(
    ("cloud", "accelerator"),
    sorted({(cloud, accelerator) for cloud, accelerator, *_ in OFFERED}),
)
def test_without_gpus_per_node_a_pool_gets_the_smallest_offering(
    cloud: str, accelerator: str
) -> None:
    (_, pool) = plan_pools(make_cluster(cloud, gpu_pool(accelerator)), CATALOG)
    smallest = CATALOG.offerings(cloud, accelerator)[0]
    assert (pool.machine_type, pool.gpus_per_node) == (smallest.machine_type, smallest.gpus)


def test_cpu_pools_keep_their_machine_type_and_never_start_empty() -> None:
    cpu = NodePool(name="batch", machine_type="m6i.xlarge", min=0, max=5)
    system, batch = plan_pools(make_cluster("aws", cpu), CATALOG)
    assert (batch.machine_type, batch.gpus_per_node, batch.accelerator) == ("m6i.xlarge", 0, None)
    assert batch.desired == 1 and system.desired == 1
    assert batch.taints == () and dict(batch.labels) == {"hybrid.ai/pool": "batch"}
    # A CPU machine the catalog prices carries its price; an unknown one has none.
    priced = CATALOG.machine("aws", "m6i.xlarge")
    assert priced is not None and batch.hourly_usd == priced.hourly_usd
    assert system.hourly_usd is None


def test_gpu_pools_start_at_their_minimum() -> None:
    (_, pool) = plan_pools(make_cluster("aws", gpu_pool("nvidia-t4", min=2, max=4)), CATALOG)
    assert (pool.min, pool.desired, pool.max) == (2, 2, 4)


@pytest.mark.parametrize("sharing", ["time-slicing", "mps"])
def test_shared_pools_select_their_device_plugin_config(sharing: str) -> None:
    pool = gpu_pool("nvidia-t4", 1, sharing=sharing, sharing_replicas=4)
    (_, planned) = plan_pools(make_cluster("aws", pool), CATALOG)
    assert planned.labels["nvidia.com/device-plugin.config"] == "gpu"
    assert "nvidia.com/mig.config" not in planned.labels
    assert (planned.sharing, planned.sharing_replicas) == (sharing, 4)


def test_mig_pools_ask_the_operator_for_one_layout_on_every_gpu() -> None:
    pool = gpu_pool("nvidia-a100-80gb", 1, sharing="mig", mig_profile="3g.40gb")
    (_, planned) = plan_pools(make_cluster("azure", pool), CATALOG)
    assert planned.labels["nvidia.com/mig.config"] == "all-3g.40gb"
    assert "nvidia.com/device-plugin.config" not in planned.labels


def test_platform_labels_override_the_definitions_and_come_sorted() -> None:
    pool = gpu_pool("nvidia-t4", 1, labels={"zone-pref": "a", "hybrid.ai/pool": "other"})
    (_, planned) = plan_pools(make_cluster("gcp", pool), CATALOG)
    assert planned.labels["hybrid.ai/pool"] == "gpu"
    assert planned.labels["zone-pref"] == "a"
    assert list(planned.labels) == sorted(planned.labels)


def test_a_definition_taint_on_the_gpu_key_yields_to_the_platforms() -> None:
    taints = (
        Taint(key="nvidia.com/gpu", value="true"),
        Taint(key="dedicated", value="ml", effect="NoExecute"),
    )
    (_, planned) = plan_pools(make_cluster("aws", gpu_pool("nvidia-t4", taints=taints)), CATALOG)
    assert planned.taints == (Taint(key="dedicated", value="ml", effect="NoExecute"), GPU_TAINT)


def test_aks_spot_pools_carry_the_taint_and_label_aks_adds() -> None:
    (_, planned) = plan_pools(make_cluster("azure", gpu_pool("nvidia-t4", spot=True)), CATALOG)
    assert AKS_SPOT_TAINT in planned.taints and GPU_TAINT in planned.taints
    assert aks_taints(planned) == [
        "kubernetes.azure.com/scalesetpriority=spot:NoSchedule",
        "nvidia.com/gpu=present:NoSchedule",
    ]
    assert aks_node_labels(planned)["kubernetes.azure.com/scalesetpriority"] == "spot"
    # Only AKS taints Spot nodes itself.
    for cloud in ("aws", "gcp"):
        (_, other) = plan_pools(make_cluster(cloud, gpu_pool("nvidia-t4", spot=True)), CATALOG)
        assert other.taints == (GPU_TAINT,)


def test_each_cloud_spells_taints_its_own_way() -> None:
    taints = (Taint(key="only", effect="PreferNoSchedule"),)
    (_, planned) = plan_pools(make_cluster("aws", gpu_pool("nvidia-t4", taints=taints)), CATALOG)
    expected = [
        {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"},
        {"key": "only", "value": "", "effect": "PREFER_NO_SCHEDULE"},
    ]
    assert eks_taints(planned) == expected
    assert gke_taints(planned) == expected
    assert aks_taints(planned) == ["nvidia.com/gpu=present:NoSchedule", "only:PreferNoSchedule"]


def test_aks_partitions_mig_gpus_with_its_own_profile_names() -> None:
    pool = gpu_pool("nvidia-a100-80gb", 1, sharing="mig", mig_profile="3g.40gb")
    (_, planned) = plan_pools(make_cluster("azure", pool), CATALOG)
    assert aks_gpu_instance_profile(planned) == "MIG3g"
    (_, unshared) = plan_pools(make_cluster("azure", gpu_pool("nvidia-t4")), CATALOG)
    assert aks_gpu_instance_profile(unshared) is None


def test_gke_gpu_pools_turn_off_gkes_device_plugin_and_select_their_operator_config() -> None:
    pools = {
        sharing: plan_pools(
            make_cluster("gcp", gpu_pool("nvidia-t4", sharing=sharing, sharing_replicas=2)),
            CATALOG,
        )[1]
        for sharing in ("time-slicing", "mps", "none")
    }
    for sharing, pool in pools.items():
        assert pool.labels["gke-no-default-nvidia-gpu-device-plugin"] == "true", sharing
    # Sharing goes through the operator's device plugin config, as on EKS and AKS.
    assert pools["time-slicing"].labels["nvidia.com/device-plugin.config"] == "gpu"
    assert pools["mps"].labels["nvidia.com/device-plugin.config"] == "gpu"
    assert "nvidia.com/device-plugin.config" not in pools["none"].labels
    mig = gpu_pool("nvidia-a100-80gb", 1, sharing="mig", mig_profile="1g.10gb")
    (_, planned) = plan_pools(make_cluster("gcp", mig), CATALOG)
    assert planned.labels["nvidia.com/mig.config"] == "all-1g.10gb"
    # Only GKE has a device plugin of its own to switch off; CPU pools keep GKE's defaults.
    (_, aws_gpu) = plan_pools(make_cluster("aws", gpu_pool("nvidia-t4")), CATALOG)
    assert "gke-no-default-nvidia-gpu-device-plugin" not in aws_gpu.labels
    (gcp_system, _) = plan_pools(make_cluster("gcp", gpu_pool("nvidia-t4")), CATALOG)
    assert "gke-no-default-nvidia-gpu-device-plugin" not in gcp_system.labels


def test_gke_starts_regional_pools_within_their_total_bounds() -> None:
    def pool(minimum: int, maximum: int) -> plan.PoolPlan:
        cpu = NodePool(name="batch", machine_type="cpu", min=minimum, max=maximum)
        return plan_pools(make_cluster("gcp", cpu), CATALOG)[1]

    # Three zones: two nodes wanted, at most four -> one per zone (three in all).
    assert gke_initial_nodes_per_zone(pool(2, 4), 3) == 1
    # At most two over three zones: none at creation rather than three; the autoscaler
    # brings the pool to its minimum.
    assert gke_initial_nodes_per_zone(pool(1, 2), 3) == 0
    assert gke_initial_nodes_per_zone(pool(6, 9), 3) == 2


def test_openstack_pools_are_not_planned_here() -> None:
    with pytest.raises(ValueError, match="Magnum"):
        plan_pools(make_cluster("openstack"), CATALOG)


def test_the_system_pool_is_a_cpu_pool_with_nodes_whatever_the_order() -> None:
    spare = NodePool(name="aaa", machine_type="cpu", min=0, max=2)
    infra = NodePool(name="infra", machine_type="cpu", min=1, max=2)
    forward = plan_pools(make_cluster("azure", spare, infra, gpu_pool("nvidia-t4")), CATALOG)
    backward = plan_pools(make_cluster("azure", gpu_pool("nvidia-t4"), infra, spare), CATALOG)
    assert system_pool(forward).name == system_pool(backward).name == "infra"


def test_the_system_pool_is_on_demand_when_it_can_be() -> None:
    spot = NodePool(name="aaa", machine_type="cpu", min=1, max=2, spot=True)
    planned = plan_pools(make_cluster("azure", spot), CATALOG)
    assert system_pool(planned).name == "system"


def test_api_endpoint_is_public_only_with_authorised_ranges() -> None:
    private = api_access(make_cluster("aws"))
    assert (private.public, private.authorized_cidrs) == (False, ())
    public = make_cluster(
        "aws", private_endpoint=False, authorized_cidrs=("203.0.113.0/24", "198.51.100.0/24")
    )
    assert api_access(public).public
    assert api_access(public).authorized_cidrs == ("198.51.100.0/24", "203.0.113.0/24")
    # Private wins: ranges listed for a private cluster open nothing.
    both = make_cluster("aws", authorized_cidrs=("203.0.113.0/24",))
    assert not api_access(both).public


def test_the_whole_internet_is_never_an_authorised_range() -> None:
    # Built without validation, as a definition that skipped `hybrid_ai_platform.validation`.
    unchecked = make_cluster("aws").model_copy(
        update={"private_endpoint": False, "authorized_cidrs": ("0.0.0.0/0",)}
    )
    with pytest.raises(ValueError, match="/0"):
        api_access(unchecked)


@pytest.mark.parametrize(("cloud", "limit"), [("aws", 100), ("azure", 63), ("gcp", 40)])
def test_cluster_names_fit_each_clouds_limit(cloud: str, limit: int) -> None:
    longest = make_cluster(cloud).model_copy(update={"name": "c" * 20})
    name = cluster_physical_name("e" * 20, longest)
    assert len(name) <= limit
    assert name.startswith("eeee")
    assert cluster_physical_name("prod", make_cluster(cloud)) == "prod-train"


def test_gke_master_range_is_a_free_slash_28_of_the_network() -> None:
    master = ipaddress.IPv4Network(gke_master_cidr("10.32.0.0/16"))
    assert str(master) == "10.32.127.240/28"
    for used in gcp_layout("10.32.0.0/16").ranges().values():
        assert not master.overlaps(ipaddress.IPv4Network(used))


def test_aks_ranges_keep_clear_of_everything_the_environment_routes_to() -> None:
    assert aks_ranges([]) == plan.AksRanges("10.244.0.0/16", "10.0.0.0/16", "10.0.0.10")
    env = Environment.model_validate(
        {
            "name": "prod",
            "tier": "prod",
            "owner": "a@example.com",
            "cost_center": "cc",
            "clusters": [make_cluster("azure").model_dump()],
            "private_cloud": {
                "network_cidr": "10.244.0.0/16",
                "external_network": "public",
                "dns_nameservers": ["10.0.0.53"],
            },
        }
    )
    ranges = aks_ranges(routed_ranges(env))
    taken = [ipaddress.IPv4Network(r) for r in routed_ranges(env)]
    for chosen in (ranges.pod_cidr, ranges.service_cidr):
        assert not any(ipaddress.IPv4Network(chosen).overlaps(t) for t in taken)
    assert ipaddress.IPv4Address(ranges.dns_service_ip) in ipaddress.IPv4Network(
        ranges.service_cidr
    )
    with pytest.raises(ValueError, match="overlaps"):
        aks_ranges(["0.0.0.0/1", "128.0.0.0/1"])
