"""The endpoint components of the package, through the plugin as the example's cluster:
each builds its cloud's serverless endpoint for the workload's model under itself, on a
provider of its own, with the sizes and access the arguments ask for."""

from __future__ import annotations

from typing import Any

import pytest

from hap.plan import Plan, PlannedResource
from tests.package.engine import Plugin, construct_each
from tests.package.test_other_clouds import descendants

ENVIRONMENT = {
    "name": "ml-dev",
    "tier": "dev",
    "owner": "ml-platform@example.com",
    "costCenter": "cc-ml-1042",
}
RESOURCES: dict[str, tuple[str, dict[str, Any]]] = {
    "score": (
        "hybrid:index:LambdaEndpoint",
        {
            "environment": ENVIRONMENT,
            "account": {"accountId": "210987654321"},
            "endpoint": {
                "region": "us-east-1",
                "workload": "fraud-detection",
                "memoryMb": 2048,
                "timeoutSeconds": 10,
                "maxInstances": 5,
            },
        },
    ),
    "score-az": (
        "hybrid:index:AzureFunctionEndpoint",
        {
            "environment": ENVIRONMENT,
            "account": {
                "subscriptionId": "9a3e6c1d-4f2b-4e7a-8d15-2c6b0e9f1a47",
                "tenantId": "0b7d3e5a-8c21-4f6d-a9e4-5c2b1d0f7e38",
            },
            "endpoint": {
                "region": "eastus",
                "workload": "fraud-detection",
                "memoryMb": 2048,
                "maxInstances": 40,
            },
        },
    ),
    "score-gcp": (
        "hybrid:index:CloudFunctionEndpoint",
        {
            "environment": ENVIRONMENT,
            "account": {"project": "hap-dev-ml"},
            "endpoint": {
                "region": "us-central1",
                "workload": "fraud-detection",
                "public": True,
                "maxInstances": 20,
            },
        },
    ),
}
# name -> the endpoint component inside, its cloud's provider, how callers authenticate.
EXPECTED = {
    "score": ("hybrid:aws:LambdaEndpoint", "aws", "score-aws-us-east-1", "aws-iam"),
    "score-az": ("hybrid:azure:FunctionEndpoint", "azure-native", "score-az-azure", "function-key"),
    "score-gcp": ("hybrid:gcp:CloudFunctionEndpoint", "gcp", "score-gcp-gcp-us-central1", "none"),
}


@pytest.fixture(scope="module")
def deployment(plugin: Plugin) -> tuple[Plan, dict[str, dict[str, Any]]]:
    """One preview of the three endpoints, shared by the tests below."""
    return construct_each(plugin, "yaml-endpoints", RESOURCES)


@pytest.fixture(scope="module")
def plan(deployment: tuple[Plan, dict[str, dict[str, Any]]]) -> Plan:
    return deployment[0]


def inside(plan: Plan, name: str) -> list[PlannedResource]:
    (top,) = [r for r in plan.resources if r.type == RESOURCES[name][0]]
    return descendants(plan, top.urn)


def one(plan: Plan, name: str, type_: str) -> dict[str, Any]:
    (found,) = [r for r in inside(plan, name) if r.type == type_]
    inputs: dict[str, Any] = found.inputs
    return inputs


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_each_cloud_builds_its_endpoint_under_the_component(plan: Plan, name: str) -> None:
    (top,) = [r for r in plan.resources if r.type == RESOURCES[name][0]]
    endpoint_type, cloud, provider_name, _ = EXPECTED[name]
    children = {(r.type, r.name) for r in plan.children(top.urn)}
    assert children == {
        (endpoint_type, f"{name}-endpoint"),
        (f"pulumi:providers:{cloud}", provider_name),
    }
    (provider,) = [r for r in plan.children(top.urn) if r.is_provider]
    cloud_resources = [r for r in inside(plan, name) if r.type.startswith(f"{cloud}:")]
    assert len(cloud_resources) > 5
    assert {r.provider for r in cloud_resources} == {provider.urn}


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_the_outputs_say_where_and_how_to_call(
    deployment: tuple[Plan, dict[str, dict[str, Any]]], name: str
) -> None:
    state = deployment[1][name]
    assert state["url"].startswith("https://")
    assert state["authMode"] == EXPECTED[name][3]


def test_lambda_has_the_memory_timeout_and_concurrency_asked_for(plan: Plan) -> None:
    function = one(plan, "score", "aws:lambda/function:Function")
    assert function["name"] == "ml-dev-score"
    assert function["memorySize"] == 2048
    assert function["timeout"] == 10
    assert function["reservedConcurrentExecutions"] == 5
    url = one(plan, "score", "aws:lambda/functionUrl:FunctionUrl")
    assert url["authorizationType"] == "AWS_IAM"


def test_azure_function_app_scales_as_asked(plan: Plan) -> None:
    app = one(plan, "score-az", "azure-native:web:WebApp")
    scale = app["functionAppConfig"]["scaleAndConcurrency"]
    assert scale["instanceMemoryMB"] == 2048
    assert scale["maximumInstanceCount"] == 40


def test_a_public_cloud_function_lets_everyone_invoke_it(plan: Plan) -> None:
    function = one(plan, "score-gcp", "gcp:cloudfunctionsv2/function:Function")
    assert function["serviceConfig"]["maxInstanceCount"] == 20
    assert function["serviceConfig"]["availableMemory"] == "1024Mi"
    invoker = one(plan, "score-gcp", "gcp:cloudrunv2/serviceIamMember:ServiceIamMember")
    assert invoker["member"] == "allUsers"
