"""The estimate of the real stacks: every pool of each definition priced at its minimum and
maximum, every priced line sourced, and no resource the estimate does not know."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybrid_ai_platform.clusters.plan import plan_pools
from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.cost import HOURS_PER_MONTH, CostReport, estimate

ROOT = Path(__file__).parents[2]
STACKS = ("dev", "staging", "prod")
CATALOG = load_catalog()
# What each managed Kubernetes rule calls a pool in the line's item.
POOL_ITEM = {"aws": "node group {}", "azure": "pool {}", "gcp": "pool {}"}

_reports: dict[str, CostReport] = {}


@pytest.fixture
def report_of(plan_of):
    def report(stack: str) -> CostReport:
        if stack not in _reports:
            _reports[stack] = estimate(plan_of(stack))
        return _reports[stack]

    return report


def definition(stack: str):
    return load_stack_file(ROOT / "stacks" / f"Pulumi.{stack}.yaml")


@pytest.mark.parametrize("stack", STACKS)
def test_every_pool_is_priced_at_its_minimum_and_maximum(stack, report_of):
    report = report_of(stack)
    checked = 0
    for cluster in definition(stack).clusters:
        if cluster.cloud == "openstack":
            continue
        component = next(c for c in report.components if c.name == cluster.name)
        lines = [line for line in report.lines if line.component_urn == component.urn]
        for pool in plan_pools(cluster, CATALOG):
            item = f"{POOL_ITEM[cluster.cloud].format(pool.name)} ({pool.machine_type})"
            (line,) = [line for line in lines if line.item == item]
            machine = CATALOG.machine(cluster.cloud, pool.machine_type)
            assert machine is not None
            month = machine.hourly_usd * HOURS_PER_MONTH
            assert line.monthly_min_usd == pytest.approx(pool.min * month), item
            assert line.monthly_max_usd == pytest.approx(pool.max * month), item
            checked += 1
    assert checked > 0


def test_prod_eks_a100_pool_costs_one_to_four_nodes_of_eight_gpus(report_of):
    offering = CATALOG.offering("aws", "nvidia-a100-80gb", 8)
    assert offering is not None
    (line,) = [
        line for line in report_of("prod").lines
        if line.item == f"node group a100 ({offering.machine_type})"
    ]
    month = offering.hourly_usd * HOURS_PER_MONTH
    assert (line.monthly_min_usd, line.monthly_max_usd) == pytest.approx((1 * month, 4 * month))


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_type_of_the_stack_is_known_to_the_estimate(stack, report_of):
    unmodelled = [
        f"{entry.type} ({entry.name})" for entry in report_of(stack).unpriced
        if "not modelled" in entry.reason
    ]
    assert unmodelled == []


@pytest.mark.parametrize("stack", STACKS)
def test_lines_are_sourced_and_top_level_components_add_up_to_the_total(stack, report_of):
    report = report_of(stack)
    assert report.lines
    for line in report.lines:
        # Catalog prices cite their page; the private cloud's, the definition's rate source.
        assert line.prices and all(
            p.source.startswith(("http", "internal rate: ")) and p.date for p in line.prices
        )
    top = [c for c in report.components if c.parent_component_urn is None]
    outside = [line for line in report.lines if line.component_urn is None]
    assert sum(c.monthly_max_usd for c in top) + sum(x.monthly_max_usd for x in outside) == (
        pytest.approx(report.monthly_max_usd)
    )
    assert sum(c.monthly_min_usd for c in top) + sum(x.monthly_min_usd for x in outside) == (
        pytest.approx(report.monthly_min_usd)
    )


@pytest.mark.parametrize("stack", STACKS)
def test_every_managed_resource_appears_in_the_report_exactly_once(stack, plan_of, report_of):
    report = report_of(stack)
    managed = {
        r.urn for r in plan_of(stack).resources if r.custom and not r.is_provider and not r.external
    }
    shown = (
        [line.urn for line in report.lines]
        + [charge.urn for charge in report.usage_based]
        + [entry.urn for entry in report.unpriced]
        + [entry.urn for entry in report.no_charge]
    )
    assert set(shown) == managed
    free = {entry.urn for entry in report.no_charge}
    assert free.isdisjoint(line.urn for line in report.lines)


def test_openstack_configuration_is_free_and_its_capacity_is_not(plan_of, report_of):
    openstack = [
        entry for entry in report_of("prod").no_charge if entry.type.startswith("openstack:")
    ]
    assert openstack
    assert {entry.reason for entry in openstack} == {
        "no charge (configuration; capacity is priced where it runs)"
    }
    free_types = {entry.type for entry in openstack}
    assert not free_types & {
        "openstack:compute/instance:Instance",
        "openstack:containerinfra/cluster:Cluster",
        "openstack:containerinfra/nodeGroup:NodeGroup",
    }
    text = report_of("prod").to_json()
    assert text["unpricedCount"] == len(report_of("prod").unpriced)
