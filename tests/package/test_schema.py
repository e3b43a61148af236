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
    # out on purpose (the cluster's name is the resource's, its cloud the component's;
    # `project` is for openstack clusters only; budgets and other sections are the
    # platform's stacks', not a cluster's).
    "Environment": (
        spec.Environment,
        frozenset(
            {"tierOverrides", "monthlyBudgetUsd", "accounts", "clusters", "privateCloud"}
            | {"endpoints", "pipelines"}
        ),
    ),
    "Cluster": (spec.Cluster, frozenset({"name", "cloud", "project"})),
    "NodePool": (spec.NodePool, frozenset()),
    "Taint": (spec.Taint, frozenset()),
    "DeployAccess": (spec.DeployAccess, frozenset()),
    "DeployRunner": (spec.DeployRunner, frozenset()),
    "Team": (spec.Team, frozenset()),
    "AwsAccount": (spec.AwsAccount, frozenset()),
    "AzureAccount": (spec.AzureAccount, frozenset()),
    "GcpAccount": (spec.GcpAccount, frozenset()),
}
ENUMS = {
    "Tier": spec.Tier,
    "GpuSharing": spec.GpuSharing,
    "TaintEffect": spec.TaintEffect,
    "DeployPath": spec.DeployPath,
}


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return schema()


def test_committed_schema_is_what_the_components_generate() -> None:
    assert SCHEMA_FILE.read_text() == schema_text(), (
        "provider/schema.json is stale: run `make package-schema` and commit it"
    )


def test_the_package_offers_a_gpu_cluster_per_public_cloud(generated: dict[str, Any]) -> None:
    assert generated["name"] == "hybrid"
    assert set(generated["resources"]) == {
        "hybrid:index:EksGpuCluster",
        "hybrid:index:AksGpuCluster",
        "hybrid:index:GkeGpuCluster",
    }
    for resource in generated["resources"].values():
        assert resource["isComponent"] is True
        assert set(resource["requiredInputs"]) == {"environment", "account", "cluster"}
        assert {"clusterName", "endpoint", "kubeconfig"} <= set(resource["required"])


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
