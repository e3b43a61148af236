"""What a user of the package sees for a bad value, from any language: every problem at
once, each on the property that caused it, with what is allowed, before anything is
registered (these run without any Pulumi runtime: nothing may be registered to fail)."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
import yaml
from google.protobuf import struct_pb2
from pulumi.runtime import rpc

from hybrid_ai_platform.package.provider import hybrid_provider
from tests.package import test_endpoints, test_magnum, test_pipelines
from tests.package.test_example import EXAMPLE

TOKEN = "hybrid:index:EksGpuCluster"


def example_properties() -> dict[str, Any]:
    program = yaml.safe_load(EXAMPLE.read_text())
    properties: dict[str, Any] = program["resources"]["training"]["properties"]
    return copy.deepcopy(properties)


def construct(properties: dict[str, Any], name: str = "training") -> None:
    """As the engine hands a YAML program's literals to the plugin (numbers as floats)."""
    wire = struct_pb2.Struct()
    wire.update(properties)
    inputs = rpc.deserialize_properties(wire, keep_unknowns=True)
    hybrid_provider().construct(name, TOKEN, inputs, pulumi.ResourceOptions())


def test_shape_problems_are_property_errors_all_at_once() -> None:
    properties = example_properties()
    properties["cluster"]["networkCidr"] = "10.20.0.0/8"
    properties["account"]["accountId"] = "12345"
    with pytest.raises(pulumi.InputPropertiesError) as raised:
        construct(properties, name="Training")
    errors = {e["property_path"]: e["reason"] for e in raised.value.errors or []}
    assert errors == {
        "account.accountId": "found '12345'; must be a 12-digit AWS account id",
        "cluster.networkCidr": (
            "found '10.20.0.0/8'; is not an IPv4 CIDR with its host bits zero "
            "(10.20.0.0/8 has host bits set)"
        ),
    }
    message = raised.value.message
    assert message.startswith(f"{TOKEN} 'Training': 3 problems:")
    # The cluster's name is the resource's name: said in the message, it is no property.
    assert "  - the resource name 'Training' (the cluster's name): found 'Training'; " in message


def test_rules_across_fields_are_property_errors_too() -> None:
    properties = example_properties()
    pools = properties["cluster"]["nodePools"]
    pools[1]["accelerator"] = "nvidia-a99"
    pools[0]["min"] = 5
    properties["cluster"]["networkCidr"] = "10.16.0.0/12"
    with pytest.raises(pulumi.InputPropertiesError) as raised:
        construct(properties)
    errors = {e["property_path"]: e["reason"] for e in raised.value.errors or []}
    assert set(errors) == {
        "cluster.networkCidr",
        "cluster.nodePools[0].min",
        "cluster.nodePools[1].accelerator",
    }
    assert "between /16 and /20" in errors["cluster.networkCidr"]
    assert "nvidia-a99" in errors["cluster.nodePools[1].accelerator"]


def test_whole_numbers_arrive_as_floats_and_still_validate() -> None:
    properties = example_properties()
    properties["cluster"]["nodePools"][0]["max"] = 2.5
    with pytest.raises(pulumi.InputPropertiesError) as raised:
        construct(properties)
    (error,) = raised.value.errors or []
    assert error["property_path"] == "cluster.nodePools[0].max"
    assert "integer" in error["reason"]


def test_a_value_outside_an_enum_is_refused_by_the_sdk_with_its_path() -> None:
    properties = example_properties()
    properties["environment"]["tier"] = "qa"
    with pytest.raises(pulumi.InputPropertyError) as raised:
        construct(properties)
    assert raised.value.property_path == "environment.tier"
    assert "qa" in raised.value.reason


def test_a_missing_required_property_is_refused_by_the_sdk() -> None:
    properties = example_properties()
    del properties["cluster"]["nodePools"]
    with pytest.raises(pulumi.InputPropertyError) as raised:
        construct(properties)
    assert raised.value.property_path == "cluster.nodePools"


@pytest.fixture
def event_loop_for_outputs() -> Iterator[None]:
    """An `Output` needs a current event loop; earlier tests' runs close theirs."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield
    asyncio.set_event_loop(None)
    loop.close()


@pytest.mark.usefixtures("event_loop_for_outputs")
def test_another_resources_output_is_refused_where_it_is_used() -> None:
    """The values decide which resources exist: they must be known at preview."""
    properties = example_properties()
    wire = struct_pb2.Struct()
    wire.update(properties)
    inputs = rpc.deserialize_properties(wire, keep_unknowns=True)
    inputs["cluster"]["region"] = pulumi.Output.from_input("us-east-1")
    with pytest.raises(pulumi.InputPropertiesError) as raised:
        hybrid_provider().construct("training", TOKEN, inputs, pulumi.ResourceOptions())
    (error,) = raised.value.errors or []
    assert error["property_path"] == "cluster.region"
    assert "known at preview" in error["reason"]


def construct_as(token: str, properties: dict[str, Any], name: str) -> None:
    """`construct` for any component of the package."""
    wire = struct_pb2.Struct()
    wire.update(properties)
    inputs = rpc.deserialize_properties(wire, keep_unknowns=True)
    hybrid_provider().construct(name, token, inputs, pulumi.ResourceOptions())


def problems_of(token: str, properties: dict[str, Any], name: str) -> dict[str, str]:
    """What a program declaring `token` with `properties` is told, by property path."""
    with pytest.raises(pulumi.InputPropertiesError) as raised:
        construct_as(token, properties, name)
    return {e["property_path"]: e["reason"] for e in raised.value.errors or []}


def test_a_magnum_cluster_names_its_project_within_quota() -> None:
    properties = copy.deepcopy(test_magnum.PROPERTIES)
    del properties["cluster"]["project"]
    errors = problems_of(test_magnum.TYPE, properties, "lab")
    assert set(errors) == {"cluster.project"}
    assert errors["cluster.project"].startswith("required on openstack")
    properties = copy.deepcopy(test_magnum.PROPERTIES)
    properties["privateCloud"]["projects"][0]["instances"] = 2
    errors = problems_of(test_magnum.TYPE, properties, "lab")
    assert set(errors) == {"privateCloud.projects[0].instances"}
    assert "cluster 'lab' needs 6 at full scale" in errors["privateCloud.projects[0].instances"]


def test_a_magnum_cluster_without_magnum_settings_is_refused_by_the_sdk() -> None:
    properties = copy.deepcopy(test_magnum.PROPERTIES)
    del properties["privateCloud"]["magnum"]
    with pytest.raises(pulumi.InputPropertyError) as raised:
        construct_as(test_magnum.TYPE, properties, "lab")
    assert raised.value.property_path == "privateCloud.magnum"


def test_endpoint_limits_of_its_cloud_are_property_errors() -> None:
    token, properties = copy.deepcopy(test_endpoints.RESOURCES["score-az"])
    properties["endpoint"]["memoryMb"] = 1024
    properties["endpoint"]["timeoutSeconds"] = 300
    errors = problems_of(token, properties, "score-az")
    assert set(errors) == {"endpoint.memoryMb", "endpoint.timeoutSeconds"}
    assert "512, 2048, 4096 MB" in errors["endpoint.memoryMb"]
    token, properties = copy.deepcopy(test_endpoints.RESOURCES["score"])
    properties["endpoint"]["minInstances"] = 6
    errors = problems_of(token, properties, "score")
    assert errors == {"endpoint.minInstances": "found 6; must be at most maxInstances (5)"}


def test_an_endpoints_resource_name_is_its_name() -> None:
    token, properties = test_endpoints.RESOURCES["score-gcp"]
    with pytest.raises(pulumi.InputPropertiesError) as raised:
        construct_as(token, copy.deepcopy(properties), "Score")
    assert raised.value.errors == []
    assert "  - the resource name 'Score' (the endpoint's name): found 'Score'; " in (
        raised.value.message
    )


def test_pipeline_problems_land_on_the_pipeline_entry() -> None:
    properties = copy.deepcopy(test_pipelines.PROPERTIES)
    copy_pipeline = properties["pipelines"][1]
    copy_pipeline["copyFrom"] = "fraud-prepare"
    copy_pipeline["workerType"] = "G.1X"
    del properties["accounts"]["azure"]
    errors = problems_of(test_pipelines.TYPE, properties, "data")
    assert set(errors) == {
        "accounts.azure",
        "pipelines[1].copyFrom",
        "pipelines[1].workerType",
    }
    assert errors["accounts.azure"] == "required: environment.pipelines[1] deploys to azure"
    assert "not an aws pipeline of this environment" in errors["pipelines[1].copyFrom"]
