"""Node pools and control planes on EKS, AKS and GKE, priced from hand-built plans."""

from __future__ import annotations

import pytest

from hap.plan import UNKNOWN
from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.cost import HOURS_PER_MONTH, estimate
from tests.cost.plans import PlanBuilder

CATALOG = load_catalog()
A100_8X = CATALOG.offering("aws", "nvidia-a100-80gb", 8)


def hourly(cloud: str, machine_type: str) -> float:
    machine = CATALOG.machine(cloud, machine_type)
    assert machine is not None, f"{cloud}/{machine_type} left the catalog"
    return machine.hourly_usd


def service(key: str) -> float:
    return CATALOG.service_price(key).price.usd


def eks_pool(
    plan: PlanBuilder, name: str, instance_types: list[str], low: int, high: int, **extra: object
) -> str:
    return plan.resource(
        "aws:eks/nodeGroup:NodeGroup",
        name,
        {
            "nodeGroupName": name,
            "instanceTypes": instance_types,
            "scalingConfig": {"minSize": low, "maxSize": high, "desiredSize": low},
            **extra,
        },
    )


def test_eks_gpu_pool_costs_its_node_count_times_the_catalog_price():
    assert A100_8X is not None
    plan = PlanBuilder()
    eks_pool(plan, "a100", [A100_8X.machine_type], 1, 4)
    report = estimate(plan.build())
    (line,) = report.lines
    assert line.monthly_min_usd == pytest.approx(1 * A100_8X.hourly_usd * HOURS_PER_MONTH)
    assert line.monthly_max_usd == pytest.approx(4 * A100_8X.hourly_usd * HOURS_PER_MONTH)
    assert line.prices[0].usd == A100_8X.hourly_usd
    assert line.prices[0].source == A100_8X.price.source
    assert "1-4 nodes" in line.basis and A100_8X.machine_type in line.basis
    assert report.unpriced == ()


def test_spot_pools_are_priced_on_demand_and_say_so():
    plan = PlanBuilder()
    eks_pool(plan, "spot", ["g4dn.xlarge"], 0, 2, capacityType="SPOT")
    (line,) = estimate(plan.build()).lines
    assert line.monthly_max_usd == pytest.approx(2 * hourly("aws", "g4dn.xlarge") * 730)
    assert line.monthly_min_usd == 0
    assert "on-demand" in line.basis and "spot" in line.basis


def test_several_instance_types_span_cheapest_at_min_to_dearest_at_max():
    plan = PlanBuilder()
    eks_pool(plan, "mixed", ["m6i.xlarge", "m6i.large"], 2, 3)
    (line,) = estimate(plan.build()).lines
    assert line.monthly_min_usd == pytest.approx(2 * hourly("aws", "m6i.large") * 730)
    assert line.monthly_max_usd == pytest.approx(3 * hourly("aws", "m6i.xlarge") * 730)
    assert {price.key for price in line.prices} == {"aws/m6i.large", "aws/m6i.xlarge"}


def test_instance_type_from_the_launch_template_when_the_node_group_has_none():
    plan = PlanBuilder()
    template = plan.resource(
        "aws:ec2/launchTemplate:LaunchTemplate", "lt", {"instanceType": "m6i.xlarge"}
    )
    plan.resource(
        "aws:eks/nodeGroup:NodeGroup",
        "pool",
        {"launchTemplate": {"id": "lt-1", "version": "1"},
         "scalingConfig": {"minSize": 1, "maxSize": 1}},
        refs={"launchTemplate": template},
    )
    (line,) = estimate(plan.build()).lines
    assert line.monthly_min_usd == pytest.approx(hourly("aws", "m6i.xlarge") * 730)


def test_unknown_machine_type_is_unpriced_with_the_reason_not_zero():
    plan = PlanBuilder()
    urn = eks_pool(plan, "odd", ["x9.superlarge"], 1, 2)
    report = estimate(plan.build())
    assert report.lines == ()
    (entry,) = report.unpriced
    assert entry.urn == urn
    assert "x9.superlarge" in entry.reason and "not in the catalog" in entry.reason


def test_a_size_unknown_during_preview_is_unpriced_not_guessed():
    plan = PlanBuilder()
    eks_pool(plan, "later", ["m6i.large"], UNKNOWN, 3)  # type: ignore[arg-type]
    report = estimate(plan.build())
    assert report.lines == ()
    assert "scalingConfig.minSize" in report.unpriced[0].reason


def test_eks_control_plane_is_the_cluster_hour_for_a_month():
    plan = PlanBuilder()
    plan.resource("aws:eks/cluster:Cluster", "train", {"version": "1.31"})
    (line,) = estimate(plan.build()).lines
    assert line.item == "control plane"
    assert line.monthly_min_usd == line.monthly_max_usd
    assert line.monthly_max_usd == pytest.approx(service("aws.eks.control-plane-hour") * 730)
    assert line.prices[0].key == "aws.eks.control-plane-hour"


def aks_cluster(plan: PlanBuilder, tier: str, outbound: str = "userAssignedNATGateway") -> str:
    return plan.resource(
        "azure-native:containerservice:ManagedCluster",
        "serve",
        {
            "location": "eastus",
            "sku": {"name": "Base", "tier": tier},
            "networkProfile": {"outboundType": outbound},
            "agentPoolProfiles": [
                {"name": "system", "mode": "System", "vmSize": "Standard_D8s_v5",
                 "enableAutoScaling": True, "minCount": 3, "maxCount": 5},
            ],
        },
    )


def test_aks_free_tier_has_no_control_plane_charge_and_prices_its_system_pool():
    plan = PlanBuilder()
    aks_cluster(plan, "Free")
    report = estimate(plan.build())
    (line,) = report.lines
    assert line.item == "pool system (Standard_D8s_v5)"
    rate = hourly("azure", "Standard_D8s_v5")
    assert (line.monthly_min_usd, line.monthly_max_usd) == pytest.approx((3 * rate * 730,
                                                                           5 * rate * 730))
    assert report.unpriced == ()


def test_aks_standard_tier_adds_the_cluster_hour():
    plan = PlanBuilder()
    aks_cluster(plan, "Standard")
    lines = {line.item: line for line in estimate(plan.build()).lines}
    assert lines["control plane"].monthly_max_usd == pytest.approx(
        service("azure.aks.standard-cluster-hour") * 730
    )


def test_aks_default_egress_load_balancer_is_listed_unpriced():
    plan = PlanBuilder()
    aks_cluster(plan, "Free", outbound="loadBalancer")
    (entry,) = estimate(plan.build()).unpriced
    assert "load balancer" in entry.reason


def test_aks_agent_pool_fixed_count_and_spot():
    plan = PlanBuilder()
    plan.resource(
        "azure-native:containerservice:AgentPool",
        "t4",
        {"agentPoolName": "t4", "vmSize": "Standard_NC4as_T4_v3", "count": 2,
         "scaleSetPriority": "Spot"},
    )
    (line,) = estimate(plan.build()).lines
    rate = hourly("azure", "Standard_NC4as_T4_v3")
    assert line.monthly_min_usd == line.monthly_max_usd == pytest.approx(2 * rate * 730)
    assert "on-demand" in line.basis


def gke(plan: PlanBuilder, location: str, node_locations: list[str] | None = None) -> str:
    inputs: dict[str, object] = {"location": location, "removeDefaultNodePool": True}
    if node_locations is not None:
        inputs["nodeLocations"] = node_locations
    return plan.resource("gcp:container/cluster:Cluster", "batch", inputs)


def gke_pool(plan: PlanBuilder, cluster: str, **inputs: object) -> str:
    return plan.resource("gcp:container/nodePool:NodePool", "pool", inputs,
                         refs={"cluster": cluster})


@pytest.mark.parametrize(
    ("cluster_location", "cluster_zones", "pool_zones", "zones"),
    [
        ("us-central1", ["us-central1-a", "us-central1-b", "us-central1-c"], None, 3),
        ("us-central1", None, ["us-central1-a"], 1),
        ("us-central1", None, None, 3),  # GKE's regional default
        ("us-central1-a", None, None, 1),  # a zonal cluster
        ("us-central1-a", ["us-central1-b"], None, 2),  # zonal: its zone plus the others
    ],
)
def test_gke_counts_nodes_per_zone_times_node_locations(
    cluster_location, cluster_zones, pool_zones, zones
):
    plan = PlanBuilder()
    cluster = gke(plan, cluster_location, cluster_zones)
    inputs: dict[str, object] = {
        "nodeConfig": {"machineType": "n2-standard-4"},
        "autoscaling": {"minNodeCount": 1, "maxNodeCount": 4},
    }
    if pool_zones is not None:
        inputs["nodeLocations"] = pool_zones
    gke_pool(plan, cluster, **inputs)
    lines = {line.item: line for line in estimate(plan.build()).lines}
    pool = lines["pool pool (n2-standard-4)"]
    rate = hourly("gcp", "n2-standard-4") * 730
    assert pool.monthly_min_usd == pytest.approx(1 * zones * rate)
    assert pool.monthly_max_usd == pytest.approx(4 * zones * rate)
    assert f"x {zones} zone" in pool.basis


def test_gke_total_node_counts_are_not_multiplied_by_zones():
    plan = PlanBuilder()
    cluster = gke(plan, "us-central1", ["us-central1-a", "us-central1-b", "us-central1-c"])
    gke_pool(plan, cluster, nodeConfig={"machineType": "n2-standard-4"},
             autoscaling={"totalMinNodeCount": 2, "totalMaxNodeCount": 5})
    pool = next(line for line in estimate(plan.build()).lines if line.item.startswith("pool"))
    rate = hourly("gcp", "n2-standard-4") * 730
    assert (pool.monthly_min_usd, pool.monthly_max_usd) == pytest.approx((2 * rate, 5 * rate))


def test_gke_cluster_fee_and_default_pool_warning():
    plan = PlanBuilder()
    plan.resource("gcp:container/cluster:Cluster", "keeps-default", {"location": "us-central1"})
    report = estimate(plan.build())
    (line,) = report.lines
    assert line.monthly_max_usd == pytest.approx(service("gcp.gke.cluster-management-hour") * 730)
    (entry,) = report.unpriced
    assert "default node pool" in entry.reason


def test_gke_n1_price_includes_its_gpu_only_when_the_pool_attaches_it():
    offering = CATALOG.offering("gcp", "nvidia-t4", 1)
    assert offering is not None and offering.gcp_accelerator_bundled is False
    plan = PlanBuilder()
    cluster = gke(plan, "us-central1-a")
    attached = {"machineType": offering.machine_type,
                "guestAccelerators": [{"type": offering.gcp_accelerator_type, "count": 1}]}
    plan.resource("gcp:container/nodePool:NodePool", "t4", {"nodeConfig": attached,
                  "nodeCount": 1}, refs={"cluster": cluster})
    plan.resource("gcp:container/nodePool:NodePool", "bare",
                  {"nodeConfig": {"machineType": offering.machine_type}, "nodeCount": 1},
                  refs={"cluster": cluster})
    report = estimate(plan.build())
    t4 = next(line for line in report.lines if line.name == "t4")
    assert t4.monthly_max_usd == pytest.approx(offering.hourly_usd * 730)
    (bare,) = [entry for entry in report.unpriced if entry.name == "bare"]
    assert offering.gcp_accelerator_type in bare.reason


def test_gke_spot_pool_notes_on_demand_pricing():
    plan = PlanBuilder()
    cluster = gke(plan, "us-central1-a")
    gke_pool(plan, cluster, nodeConfig={"machineType": "g2-standard-4", "spot": True,
             "guestAccelerators": [{"type": "nvidia-l4", "count": 1}]},
             autoscaling={"minNodeCount": 0, "maxNodeCount": 2})
    pool = next(line for line in estimate(plan.build()).lines if line.name == "pool")
    assert pool.monthly_min_usd == 0
    assert pool.monthly_max_usd == pytest.approx(2 * hourly("gcp", "g2-standard-4") * 730)
    assert "on-demand" in pool.basis


def test_prices_for_another_region_say_so():
    plan = PlanBuilder()
    provider = plan.provider("pulumi:providers:aws", "eu", {"region": "eu-west-1"})
    plan.resource("aws:eks/cluster:Cluster", "eu", {}, provider=provider)
    (line,) = estimate(plan.build()).lines
    assert "rates of us-east-1; it runs in eu-west-1" in line.basis


def test_an_aks_pool_runs_where_its_cluster_runs():
    plan = PlanBuilder()
    cluster = plan.resource("azure-native:containerservice:ManagedCluster", "weu",
                            {"location": "westeurope", "networkProfile": {"outboundType": "none"}})
    plan.resource("azure-native:containerservice:AgentPool", "pool",
                  {"vmSize": "Standard_D8s_v5", "count": 1}, refs={"resourceName": cluster})
    (line,) = estimate(plan.build()).lines
    assert "rates of eastus; it runs in westeurope" in line.basis
