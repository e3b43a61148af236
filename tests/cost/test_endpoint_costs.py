"""What `hap cost prod` says the three endpoints cost: the instances kept warm per month,
the rest as usage rates with their sources, nothing of theirs unpriced."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hap.plan import Plan
from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.cost import estimate
from hybrid_ai_shared.cost.report import CostReport

SECONDS = 730 * 3600
CATALOG = load_catalog()


def price(key: str) -> float:
    return CATALOG.service_price(key).price.usd


@pytest.fixture(scope="module")
def report(plan_of: Callable[[str], Plan]) -> CostReport:
    return estimate(plan_of("prod"))


def _line(report: CostReport, name: str) -> float:
    (line,) = [line for line in report.lines if line.name == name]
    assert line.monthly_min_usd == line.monthly_max_usd
    return line.monthly_max_usd


def test_warm_instances_are_priced_per_month_on_every_cloud(report: CostReport) -> None:
    # Lambda: 2 provisioned instances x 1 GB at the Arm rate (the function is arm64).
    assert _line(report, "fraud-aws-endpoint-warm") == pytest.approx(
        2 * 1 * SECONDS * price("aws.lambda.arm-provisioned-concurrency-gb-second")
    )
    # Azure: 1 always-ready instance x 2 GB at the baseline rate.
    assert _line(report, "fraud-azure-endpoint-app") == pytest.approx(
        1 * 2 * SECONDS * price("azure.functions.flex.always-ready-gb-second")
    )
    # Cloud Functions: 1 min instance x (1 vCPU + 1 GiB).
    assert _line(report, "fraud-gcp-endpoint-function") == pytest.approx(
        SECONDS * (price("gcp.cloud-run.vcpu-second") + price("gcp.cloud-run.gib-second"))
    )


def test_requests_and_gb_seconds_are_shown_as_rates_with_sources(report: CostReport) -> None:
    (function,) = [u for u in report.usage_based if u.name == "fraud-aws-endpoint-function"]
    assert {p.key for p in function.prices} == {
        "aws.lambda.arm-gb-second",
        "aws.lambda.million-requests",
    }
    assert all(p.source.startswith("https://") for p in function.prices)
    assert "$0.0000133334/GB-second" in function.basis


def test_nothing_of_an_endpoint_is_left_unpriced(report: CostReport) -> None:
    assert [u.name for u in report.unpriced if "endpoint" in u.name] == []
