"""The report as a whole: what is priced, free or unpriced; component sums; JSON."""

from __future__ import annotations

import json

import pytest

from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.cost import HOURS_PER_MONTH, estimate
from tests.cost.catalogs import TEST_SOURCE, catalog_with, catalog_without
from tests.cost.plans import PlanBuilder

CATALOG = load_catalog()


def small_platform() -> tuple[PlanBuilder, dict[str, str]]:
    """A network component and a cluster component holding a nested pool component."""
    plan = PlanBuilder()
    network = plan.component("hybrid:aws:Network", "train-network")
    cluster = plan.component("hybrid:aws:EksGpuCluster", "train")
    pools = plan.component("hybrid:aws:Pools", "train-pools", parent=cluster)
    plan.resource("aws:ec2/vpc:Vpc", "vpc", {"cidrBlock": "10.0.0.0/16"}, parent=network)
    plan.resource("aws:ec2/natGateway:NatGateway", "nat-a", {}, parent=network)
    plan.resource("aws:ec2/natGateway:NatGateway", "nat-b", {}, parent=network)
    plan.resource("aws:iam/role:Role", "role", {}, parent=cluster)
    plan.resource("aws:eks/cluster:Cluster", "eks", {}, parent=cluster)
    plan.resource(
        "aws:eks/nodeGroup:NodeGroup",
        "system",
        {"instanceTypes": ["m6i.xlarge"], "scalingConfig": {"minSize": 3, "maxSize": 6}},
        parent=pools,
    )
    plan.resource(
        "aws:eks/nodeGroup:NodeGroup",
        "gpu",
        {"instanceTypes": ["p4de.24xlarge"], "scalingConfig": {"minSize": 0, "maxSize": 2}},
        parent=pools,
    )
    plan.resource("aws:kms/key:Key", "key", {})  # top level: outside every component
    plan.resource("kubernetes:core/v1:Namespace", "team", {}, parent=cluster)
    return plan, {"network": network, "cluster": cluster, "pools": pools}


def test_component_totals_sum_their_subtree_and_add_up_to_the_total():
    plan, urns = small_platform()
    report = estimate(plan.build())
    nat = CATALOG.service_price("aws.vpc.nat-gateway-hour").price.usd * HOURS_PER_MONTH
    network = report.component(urns["network"])
    assert network.monthly_min_usd == network.monthly_max_usd == pytest.approx(2 * nat)
    pools, cluster = report.component(urns["pools"]), report.component(urns["cluster"])
    eks = CATALOG.service_price("aws.eks.control-plane-hour").price.usd * HOURS_PER_MONTH
    assert cluster.monthly_max_usd == pytest.approx(pools.monthly_max_usd + eks)
    assert pools.parent_component_urn == urns["cluster"]
    top_level = [c for c in report.components if c.parent_component_urn is None]
    outside = [line for line in report.lines if line.component_urn is None]
    for bound in ("monthly_min_usd", "monthly_max_usd"):
        parts = [getattr(c, bound) for c in top_level] + [getattr(x, bound) for x in outside]
        assert sum(parts) == pytest.approx(getattr(report, bound))
    assert report.monthly_min_usd < report.monthly_max_usd


def test_free_resources_are_neither_priced_nor_unpriced():
    plan, _ = small_platform()
    report = estimate(plan.build())
    mentioned = {line.name for line in report.lines} | {e.name for e in report.unpriced}
    assert not mentioned & {"vpc", "role", "team"}


def test_an_unmodelled_type_is_listed_unpriced():
    plan = PlanBuilder()
    plan.resource("aws:rds/instance:Instance", "db", {"instanceClass": "db.r6g.large"})
    report = estimate(plan.build())
    (entry,) = report.unpriced
    assert entry.type == "aws:rds/instance:Instance"
    assert "not modelled" in entry.reason
    assert report.monthly_max_usd == 0


def test_a_price_missing_from_the_catalog_names_the_key_and_is_priced_once_added():
    plan = PlanBuilder()
    plan.resource("azure-native:network:NatGateway", "nat", {"location": "eastus"})
    key = "azure.nat-gateway.gateway-hour"
    (entry,) = estimate(plan.build(), catalog_without(key)).unpriced
    assert key in entry.reason
    priced = estimate(plan.build(), catalog_with(key, 0.5, "gateway-hour", "eastus"))
    (line,) = priced.lines
    assert line.monthly_max_usd == pytest.approx(0.5 * HOURS_PER_MONTH)
    assert line.prices[0].source == TEST_SOURCE


def test_every_priced_line_names_its_prices_source_and_date():
    plan, _ = small_platform()
    report = estimate(plan.build())
    assert report.lines
    for line in report.lines:
        assert line.prices, line
        for price in line.prices:
            assert price.source.startswith("https://")
            assert price.date_kind in ("as of", "retrieved")
            assert len(price.date) == 10 and price.date[4] == "-"


def test_json_shape():
    plan, urns = small_platform()
    report = estimate(plan.build())
    document = json.loads(report.to_json_text())
    assert document["hoursPerMonth"] == 730
    assert document["currency"] == "USD"
    assert document["monthlyMinUsd"] == round(report.monthly_min_usd, 2)
    assert document["monthlyMaxUsd"] == round(report.monthly_max_usd, 2)
    line = document["lines"][0]
    assert set(line) == {
        "urn", "type", "name", "item", "componentUrn", "monthlyMinUsd", "monthlyMaxUsd",
        "basis", "prices",
    }
    assert set(line["prices"][0]) == {
        "key", "usd", "unit", "region", "source", "date", "dateKind", "note",
    }
    components = {c["urn"]: c for c in document["components"]}
    assert components[urns["pools"]]["parentComponentUrn"] == urns["cluster"]
    assert set(document) >= {"lines", "components", "usageBased", "unpriced", "notes"}
    assert report.to_json_text() == estimate(plan.build()).to_json_text()


def test_kms_key_is_its_monthly_price():
    plan = PlanBuilder()
    plan.resource("aws:kms/key:Key", "key", {})
    (line,) = estimate(plan.build()).lines
    assert line.monthly_max_usd == CATALOG.service_price("aws.kms.key-month").price.usd


@pytest.mark.parametrize(
    "type_", ["azure-native:privatedns:PrivateZone", "azure-native:network:PrivateZone"]
)
def test_an_azure_private_dns_zone_is_half_a_dollar_a_month(type_: str) -> None:
    plan = PlanBuilder()
    plan.resource(type_, "zone", {"location": "Global"})
    report = estimate(plan.build())
    (line,) = report.lines
    assert line.monthly_max_usd == 0.50
    assert report.unpriced == ()


def test_resources_billed_by_use_show_their_rates_outside_the_totals():
    plan = PlanBuilder()
    plan.resource("aws:cloudwatch/logGroup:LogGroup", "logs", {"retentionInDays": 90})
    report = estimate(plan.build())
    assert report.lines == () and report.unpriced == ()
    (usage,) = report.usage_based
    assert usage.prices[0].key == "aws.cloudwatch-logs.ingestion-gb"
    assert "no fixed monthly charge" in usage.basis


def test_kubernetes_load_balancer_service_is_unpriced_other_objects_are_free():
    plan = PlanBuilder()
    plan.resource("kubernetes:core/v1:Service", "lb", {"spec": {"type": "LoadBalancer"}})
    plan.resource("kubernetes:core/v1:Service", "internal", {"spec": {"type": "ClusterIP"}})
    (entry,) = estimate(plan.build()).unpriced
    assert entry.name == "lb" and "load balancer" in entry.reason


def test_gcp_cloud_nat_counts_the_gke_nodes_on_its_network():
    plan = PlanBuilder()
    network = plan.resource("gcp:compute/network:Network", "vpc", {})
    router = plan.resource("gcp:compute/router:Router", "router", {}, refs={"network": network})
    plan.resource("gcp:compute/routerNat:RouterNat", "nat", {"region": "us-central1"},
                  refs={"router": router})
    cluster = plan.resource("gcp:container/cluster:Cluster", "gke",
                            {"location": "us-central1-a", "removeDefaultNodePool": True},
                            refs={"network": network})
    plan.resource("gcp:container/nodePool:NodePool", "pool",
                  {"nodeConfig": {"machineType": "n2-standard-4"},
                   "autoscaling": {"minNodeCount": 2, "maxNodeCount": 40}},
                  refs={"cluster": cluster})
    nat = next(line for line in estimate(plan.build()).lines if line.name == "nat")
    per_vm = CATALOG.service_price("gcp.cloud-nat.vm-hour").price.usd
    capped = CATALOG.service_price("gcp.cloud-nat.gateway-hour").price.usd
    assert nat.monthly_min_usd == pytest.approx(2 * per_vm * 730)
    assert nat.monthly_max_usd == pytest.approx(capped * 730)  # 40 VMs: above the cap
