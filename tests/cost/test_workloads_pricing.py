"""Serverless baselines and scheduled pipeline runs."""

from __future__ import annotations

import pytest

from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.cost import estimate
from tests.cost.catalogs import catalog_with, catalog_without
from tests.cost.plans import PlanBuilder

CATALOG = load_catalog()
SECONDS = 730 * 3600


def price(key: str) -> float:
    return CATALOG.service_price(key).price.usd


def glue_plan(schedule: str, **job: object) -> PlanBuilder:
    plan = PlanBuilder()
    urn = plan.resource(
        "aws:glue/job:Job",
        "train",
        {"name": "prod-train", "workerType": "G.2X", "numberOfWorkers": 4, "timeout": 60, **job},
    )
    plan.resource(
        "aws:glue/trigger:Trigger",
        "nightly",
        {"type": "SCHEDULED", "schedule": schedule, "actions": [{"jobName": "prod-train"}]},
        refs={"actions": urn},
    )
    return plan


def test_glue_job_runs_from_its_schedule_between_minimum_billing_and_timeout():
    (line,) = estimate(glue_plan("cron(0 3 * * ? *)").build()).lines
    runs = 730 / 24
    dpu_minute = 8 * price("aws.glue.dpu-hour") / 60  # 4 workers x G.2X (2 DPU)
    assert line.monthly_min_usd == pytest.approx(runs * 1 * dpu_minute, rel=1e-3)
    assert line.monthly_max_usd == pytest.approx(runs * 60 * dpu_minute, rel=1e-3)
    assert "scheduled runs" in line.basis


def test_glue_job_without_a_schedule_is_billed_by_use():
    plan = PlanBuilder()
    plan.resource("aws:glue/job:Job", "adhoc", {"name": "adhoc", "workerType": "G.1X",
                                               "numberOfWorkers": 2, "timeout": 30})
    report = estimate(plan.build())
    assert report.lines == () and len(report.usage_based) == 1


def test_glue_schedule_it_cannot_count_is_unpriced():
    report = estimate(glue_plan("cron(0 3 L * ? *)").build())
    assert report.lines == ()
    assert "L" in report.unpriced[0].reason


def test_data_factory_trigger_bills_trigger_and_activity_runs():
    plan = PlanBuilder()
    plan.resource("azure-native:datafactory:Pipeline", "pipeline",
                  {"pipelineName": "train", "activities": [{"name": "a"}, {"name": "b"}]})
    plan.resource(
        "azure-native:datafactory:Trigger",
        "nightly",
        {"properties": {
            "type": "ScheduleTrigger",
            "recurrence": {"frequency": "Day", "interval": 1, "schedule": {"hours": [3]}},
            "pipelines": [{"pipelineReference": {"referenceName": "train"}}],
        }},
    )
    (line,) = estimate(plan.build()).lines
    per_run = 3 * price("azure.data-factory.orchestration-1000-runs") / 1000
    assert line.monthly_max_usd == pytest.approx(730 / 24 * per_run)


def test_data_factory_copy_moves_data_between_a_billed_minute_and_its_timeout():
    plan = PlanBuilder()
    copy = {"name": "copy", "type": "Copy", "dataIntegrationUnits": 4,
            "policy": {"timeout": "0.02:00:00"}}
    plan.resource("azure-native:datafactory:Pipeline", "pipeline",
                  {"pipelineName": "copy", "activities": [copy]})
    plan.resource(
        "azure-native:datafactory:Trigger",
        "nightly",
        {"properties": {
            "type": "ScheduleTrigger",
            "recurrence": {"frequency": "Day", "interval": 1, "schedule": {"hours": [5]}},
            "pipelines": [{"pipelineReference": {"referenceName": "copy"}}],
        }},
    )
    lines = {line.item: line for line in estimate(plan.build()).lines}
    assert set(lines) == {"scheduled orchestration", "scheduled data movement"}
    movement = lines["scheduled data movement"]
    runs, diu_hour = 730 / 24, price("azure.data-factory.diu-hour")
    assert movement.monthly_min_usd == pytest.approx(runs * 4 / 60 * diu_hour)
    assert movement.monthly_max_usd == pytest.approx(runs * 4 * 2 * diu_hour)
    assert "4 DIU x 1 min-120 min" in movement.basis


def test_cloud_function_warm_instances_are_a_fixed_baseline():
    plan = PlanBuilder()
    plan.resource(
        "gcp:cloudfunctionsv2/function:Function",
        "score",
        {"location": "us-central1",
         "serviceConfig": {"minInstanceCount": 2, "availableMemory": "1Gi", "availableCpu": "1"}},
    )
    (line,) = estimate(plan.build()).lines
    per_second = price("gcp.cloud-run.vcpu-second") + price("gcp.cloud-run.gib-second")
    assert line.monthly_max_usd == pytest.approx(2 * per_second * SECONDS)
    assert "upper bound" in line.basis


def test_cloud_function_without_warm_instances_is_billed_by_use():
    plan = PlanBuilder()
    plan.resource("gcp:cloudfunctionsv2/function:Function", "score",
                  {"serviceConfig": {"availableMemory": "512M"}})
    report = estimate(plan.build())
    assert report.lines == () and len(report.usage_based) == 1


def test_lambda_provisioned_concurrency_uses_the_functions_memory():
    plan = PlanBuilder()
    function = plan.resource("aws:lambda/function:Function", "score", {"memorySize": 2048})
    plan.resource(
        "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
        "warm",
        {"provisionedConcurrentExecutions": 3},
        refs={"functionName": function},
    )
    key = "aws.lambda.provisioned-concurrency-gb-second"
    missing = estimate(plan.build(), catalog_without(key))
    assert any(key in entry.reason for entry in missing.unpriced)
    priced = estimate(plan.build(), catalog_with(key, 0.00001, "GB-second", "us-east-1"))
    (line,) = priced.lines
    assert line.monthly_max_usd == pytest.approx(3 * 2 * SECONDS * 0.00001)


def test_azure_function_app_on_flex_is_billed_by_use_and_its_plan_is_free():
    plan = PlanBuilder()
    plan.resource("azure-native:web:AppServicePlan", "plan", {"sku": {"name": "FC1"}})
    plan.resource("azure-native:web:WebApp", "score", {"kind": "functionapp,linux"})
    report = estimate(plan.build())
    assert report.lines == () and report.unpriced == ()
    assert report.usage_based[0].prices[0].key == "azure.functions.flex.gb-second"
