"""The package schema: committed, regenerated from the components, and the same shape as the
environment definition the components validate against."""

from __future__ import annotations

import json
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from hybrid_ai_platform import spec
from hybrid_ai_platform.package.provider import SCHEMA_FILE, schema, schema_text

PACKAGE_TYPES: dict[str, tuple[type[BaseModel], frozenset[str]]] = {
    # Schema type -> the definition model it stands for, and the model's fields it leaves
    # out on purpose: an item's name is the resource's, its cloud the component's; a
    # section a component holds is an argument of its own, not inside `environment`;
    # `project` is for openstack clusters only; `internalRates` are the cost report's
    # chargeback rates, which nothing a component builds reads.
    "Environment": (
        spec.Environment,
        frozenset({"tierOverrides", "accounts", "clusters", "privateCloud"})
        | {"endpoints", "pipelines"},
    ),
    "Cluster": (spec.Cluster, frozenset({"name", "cloud", "project"})),
    "MagnumCluster": (spec.Cluster, frozenset({"name", "cloud"})),
    "NodePool": (spec.NodePool, frozenset()),
    "Taint": (spec.Taint, frozenset()),
    "DeployAccess": (spec.DeployAccess, frozenset()),
    "DeployRunner": (spec.DeployRunner, frozenset()),
    "Team": (spec.Team, frozenset()),
    "AwsAccount": (spec.AwsAccount, frozenset()),
    "AzureAccount": (spec.AzureAccount, frozenset()),
    "GcpAccount": (spec.GcpAccount, frozenset()),
    "OpenStackAccount": (spec.OpenStackAccount, frozenset()),
    "PrivateCloud": (spec.PrivateCloud, frozenset({"internalRates"})),
    "GpuFlavor": (spec.GpuFlavor, frozenset()),
    "ProjectQuota": (spec.ProjectQuota, frozenset()),
    "Bastion": (spec.Bastion, frozenset()),
    "Magnum": (spec.Magnum, frozenset()),
    "Endpoint": (spec.Endpoint, frozenset({"name", "cloud"})),
    "Pipeline": (spec.Pipeline, frozenset()),
    "PipelineAccounts": (spec.Accounts, frozenset({"gcp", "openstack"})),
}
# Fields a component always needs although the definition's model may go without them:
# the Magnum component's private cloud always holds a Magnum cluster.
REQUIRED_HERE = {"PrivateCloud": {"magnum"}}
ENUMS = {
    "Tier": spec.Tier,
    "GpuSharing": spec.GpuSharing,
    "TaintEffect": spec.TaintEffect,
    "DeployPath": spec.DeployPath,
    "GpuMode": spec.GpuMode,
    "Workload": spec.Workload,
    "PipelineCloud": spec.PipelineCloud,
    "GlueWorkerType": spec.GlueWorkerType,
    "InputFormat": spec.InputFormat,
}
# What a program declares: each component's type token, its required inputs (the
# definition sections it stands for) and the outputs it can read.
RESOURCES = {
    "EksGpuCluster": (
        {"environment", "account", "cluster"},
        {"clusterName", "endpoint", "kubeconfig", "oidcProviderArn"},
    ),
    "AksGpuCluster": (
        {"environment", "account", "cluster"},
        {"clusterName", "endpoint", "kubeconfig"},
    ),
    "GkeGpuCluster": (
        {"environment", "account", "cluster"},
        {"clusterName", "endpoint", "kubeconfig"},
    ),
    "MagnumGpuCluster": (
        {"environment", "account", "privateCloud", "cluster"},
        {"clusterName", "endpoint", "kubeconfig"},
    ),
    "LambdaEndpoint": ({"environment", "account", "endpoint"}, {"url", "authMode", "functionName"}),
    "AzureFunctionEndpoint": (
        {"environment", "account", "endpoint"},
        {"url", "authMode", "appName"},
    ),
    "CloudFunctionEndpoint": (
        {"environment", "account", "endpoint"},
        {"url", "authMode", "functionName"},
    ),
    "DataPipelines": (
        {"environment", "accounts", "pipelines"},
        {"rawBuckets", "curatedBuckets", "lakeAccounts"},
    ),
}
# The type of each component's `account`, `cluster` or `endpoint`: which cloud's account
# and which shape of entry it takes.
INPUT_TYPES = {
    "EksGpuCluster": {"account": "AwsAccount", "cluster": "Cluster"},
    "AksGpuCluster": {"account": "AzureAccount", "cluster": "Cluster"},
    "GkeGpuCluster": {"account": "GcpAccount", "cluster": "Cluster"},
    "MagnumGpuCluster": {
        "account": "OpenStackAccount",
        "privateCloud": "PrivateCloud",
        "cluster": "MagnumCluster",
    },
    "LambdaEndpoint": {"account": "AwsAccount", "endpoint": "Endpoint"},
    "AzureFunctionEndpoint": {"account": "AzureAccount", "endpoint": "Endpoint"},
    "CloudFunctionEndpoint": {"account": "GcpAccount", "endpoint": "Endpoint"},
    "DataPipelines": {"accounts": "PipelineAccounts"},
}


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return schema()


def test_committed_schema_is_what_the_components_generate() -> None:
    assert SCHEMA_FILE.read_text() == schema_text(), (
        "provider/schema.json is stale: run `make package-schema` and commit it"
    )


def test_the_package_offers_clusters_endpoints_and_pipelines(
    generated: dict[str, Any],
) -> None:
    assert generated["name"] == "hybrid"
    assert set(generated["resources"]) == {f"hybrid:index:{kind}" for kind in RESOURCES}


@pytest.mark.parametrize("kind", sorted(RESOURCES))
def test_each_component_asks_for_its_sections_and_gives_its_outputs(
    generated: dict[str, Any], kind: str
) -> None:
    resource = generated["resources"][f"hybrid:index:{kind}"]
    inputs, outputs = RESOURCES[kind]
    assert resource["isComponent"] is True
    assert set(resource["requiredInputs"]) == set(resource["inputProperties"]) == inputs
    assert set(resource["required"]) == set(resource["properties"]) == outputs
    refs = {key: prop.get("$ref") for key, prop in resource["inputProperties"].items()}
    assert refs["environment"] == "#/types/hybrid:index:Environment"
    for key, type_name in INPUT_TYPES[kind].items():
        assert refs[key] == f"#/types/hybrid:index:{type_name}"


def test_data_pipelines_take_a_list_of_pipelines(generated: dict[str, Any]) -> None:
    pipelines = generated["resources"]["hybrid:index:DataPipelines"]["inputProperties"]["pipelines"]
    assert pipelines["type"] == "array"
    assert pipelines["items"]["$ref"] == "#/types/hybrid:index:Pipeline"


@pytest.mark.parametrize("type_name", sorted(PACKAGE_TYPES))
def test_each_type_has_the_fields_of_its_definition_model(
    generated: dict[str, Any], type_name: str
) -> None:
    """Same names (camelCase, the stack file's keys) and the same required fields, so a
    problem validation finds names a property the caller can see."""
    model, left_out = PACKAGE_TYPES[type_name]
    package_type = generated["types"][f"hybrid:index:{type_name}"]
    fields = {(field.alias or name): field for name, field in model.model_fields.items()}
    assert set(package_type["properties"]) == set(fields) - left_out
    required = {key for key, field in fields.items() if field.is_required()} - left_out
    required |= REQUIRED_HERE.get(type_name, set())
    assert set(package_type.get("required", [])) == required


@pytest.mark.parametrize("type_name", sorted(ENUMS))
def test_each_enum_allows_what_the_definition_allows(
    generated: dict[str, Any], type_name: str
) -> None:
    values = [member["value"] for member in generated["types"][f"hybrid:index:{type_name}"]["enum"]]
    assert values == list(typing.get_args(ENUMS[type_name]))


def test_every_input_is_plain(generated: dict[str, Any]) -> None:
    """Graph-shaping values: a consumer's SDK must ask for known values, not outputs."""
    inputs = [
        prop
        for resource in generated["resources"].values()
        for prop in resource["inputProperties"].values()
    ] + [
        prop
        for package_type in generated["types"].values()
        for prop in package_type.get("properties", {}).values()
    ]
    assert inputs
    assert all(prop.get("plain") is True for prop in inputs), json.dumps(inputs)[:500]
