"""The pipelines component of the package, through the plugin as the example's cluster: a
Glue pipeline and the Data Factory pipeline that copies its curated data, under the
component, named after it, on providers of its own, scheduled and sized as asked."""

from __future__ import annotations

from typing import Any

import pytest

from hap.plan import Plan, PlannedResource
from tests.package.engine import Plugin, construct_each
from tests.package.test_other_clouds import descendants

NAME = "data"
TYPE = "hybrid:index:DataPipelines"
PROPERTIES: dict[str, Any] = {
    "environment": {
        "name": "ml-dev",
        "tier": "dev",
        "owner": "ml-platform@example.com",
        "costCenter": "cc-ml-1042",
    },
    "accounts": {
        "aws": {"accountId": "210987654321"},
        "azure": {
            "subscriptionId": "9a3e6c1d-4f2b-4e7a-8d15-2c6b0e9f1a47",
            "tenantId": "0b7d3e5a-8c21-4f6d-a9e4-5c2b1d0f7e38",
        },
    },
    "pipelines": [
        {
            "name": "fraud-prep",
            "cloud": "aws",
            "region": "us-east-1",
            "workload": "fraud-detection",
            "schedule": "0 2 * * *",
            "workerType": "G.2X",
            "workers": 10,
            "maxRuntimeMinutes": 120,
        },
        {
            "name": "fraud-copy",
            "cloud": "azure",
            "region": "eastus",
            "workload": "fraud-detection",
            "schedule": "0 5 * * *",
            "workers": 4,
            "copyFrom": "fraud-prep",
        },
    ],
}


@pytest.fixture(scope="module")
def deployment(plugin: Plugin) -> tuple[Plan, dict[str, Any]]:
    """One preview of the component, shared by the tests below."""
    plan, states = construct_each(plugin, "yaml-pipelines", {NAME: (TYPE, PROPERTIES)})
    return plan, states[NAME]


@pytest.fixture(scope="module")
def plan(deployment: tuple[Plan, dict[str, Any]]) -> Plan:
    return deployment[0]


def component(plan: Plan) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.type == TYPE]
    return found


def named(plan: Plan, type_: str, name: str) -> dict[str, Any]:
    inside = descendants(plan, component(plan).urn)
    (found,) = [r for r in inside if r.type == type_ and r.name == name]
    inputs: dict[str, Any] = found.inputs
    return inputs


def test_the_component_holds_both_pipelines_and_the_reader_between_them(plan: Plan) -> None:
    """Logical names start with the component's name: two in one program do not collide."""
    children = {(r.type, r.name) for r in plan.children(component(plan).urn)}
    assert children == {
        ("pulumi:providers:aws", "data-aws-us-east-1"),
        ("pulumi:providers:azure-native", "data-azure"),
        ("hybrid:aws:GlueCatalogEncryption", "data-glue-catalog-us-east-1"),
        ("hybrid:aws:GluePipeline", "data-fraud-prep"),
        ("hybrid:aws:CuratedDataReader", "data-fraud-copy-s3-reader"),
        ("hybrid:azure:DataFactoryPipeline", "data-fraud-copy"),
    }


def test_every_cloud_resource_is_on_a_provider_of_the_component(plan: Plan) -> None:
    providers = {r.type: r.urn for r in plan.children(component(plan).urn) if r.is_provider}
    inside = descendants(plan, component(plan).urn)
    for cloud in ("aws", "azure-native"):
        on_cloud = [r for r in inside if r.type.startswith(f"{cloud}:")]
        assert len(on_cloud) > 10
        assert {r.provider for r in on_cloud} == {providers[f"pulumi:providers:{cloud}"]}


def test_the_glue_job_runs_as_asked(plan: Plan) -> None:
    job = named(plan, "aws:glue/job:Job", "data-fraud-prep-job")
    assert job["name"] == "ml-dev-fraud-prep"
    assert (job["workerType"], job["numberOfWorkers"], job["timeout"]) == ("G.2X", 10, 120)
    schedule = named(plan, "aws:glue/trigger:Trigger", "data-fraud-prep-schedule")
    assert schedule["schedule"] == "cron(0 2 * * ? *)"


def test_the_copy_reads_the_glue_pipelines_curated_data_on_its_schedule(plan: Plan) -> None:
    pipeline = named(plan, "azure-native:datafactory:Pipeline", "data-fraud-copy-pipeline")
    (copy,) = pipeline["activities"]
    assert copy["type"] == "Copy"
    assert copy["dataIntegrationUnits"] == 4
    trigger = named(plan, "azure-native:datafactory:Trigger", "data-fraud-copy-schedule")
    assert trigger["properties"]["recurrence"]["schedule"] == {"hours": [5], "minutes": [0]}
    reader = named(plan, "aws:iam/user:User", "data-fraud-copy-s3-reader-user")
    assert reader["name"] == "ml-dev-fraud-copy-s3-reader"


def test_the_outputs_name_the_buckets_and_the_lake(deployment: tuple[Plan, dict[str, Any]]) -> None:
    state = deployment[1]
    assert state == {
        "rawBuckets": {"fraud-prep": "ml-dev-fraud-prep-raw-210987654321"},
        "curatedBuckets": {"fraud-prep": "ml-dev-fraud-prep-curated-210987654321"},
        "lakeAccounts": {"fraud-copy": "mldevfraudcopylake"},
    }
