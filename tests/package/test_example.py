"""examples/yaml-gpu-cluster, as far as it can be checked without the Pulumi CLI and the
YAML language host: every property it sets exists in the committed schema with that type,
and the package's plugin, started as the CLI starts it and sent the engine's Construct
request for each of the program's package resources, builds the GPU cluster
(`tests/package/engine.py` stands in for the engine)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
import yaml
from pulumi.runtime import rpc
from pulumi.runtime.proto import errors_pb2, status_pb2

from hap.plan import Plan, PlannedResource
from hybrid_ai_platform.package.provider import SCHEMA_FILE
from hybrid_ai_shared.catalog import load_catalog
from tests.conftest import PROJECT_DIR
from tests.package.engine import Plugin

EXAMPLE = PROJECT_DIR / "examples" / "yaml-gpu-cluster" / "Pulumi.yaml"
# The example's stack: no default providers, so the package must bring its own.
STACK_CONFIG = {"pulumi:disable-default-providers": '["*"]'}
SCHEMA = json.loads(SCHEMA_FILE.read_text())
PLAIN_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool}


def schema_problems(value: Any, spec: dict[str, Any], path: str) -> list[str]:
    """Where `value` does not fit the schema property `spec` (a YAML program's literal)."""
    if "$ref" in spec:
        return type_problems(value, SCHEMA["types"][spec["$ref"].removeprefix("#/types/")], path)
    kind = spec["type"]
    if kind == "array":
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [
            p
            for i, item in enumerate(value)
            for p in schema_problems(item, spec["items"], f"{path}[{i}]")
        ]
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{path}: not a mapping"]
        values = spec["additionalProperties"]
        return [
            p for key, item in value.items() for p in schema_problems(item, values, f"{path}.{key}")
        ]
    expected = PLAIN_TYPES[kind]
    if (isinstance(value, bool) and kind != "boolean") or not isinstance(value, expected):
        return [f"{path}: {value!r} is not a {kind}"]
    return []


def type_problems(value: Any, package_type: dict[str, Any], path: str) -> list[str]:
    if "enum" in package_type:
        allowed = [member["value"] for member in package_type["enum"]]
        return [] if value in allowed else [f"{path}: {value!r} not one of {allowed}"]
    return object_problems(
        value, package_type["properties"], package_type.get("required", []), path
    )


def object_problems(
    value: Any, properties: dict[str, Any], required: list[str], path: str
) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: not a mapping"]
    found = [f"{path}.{key}: no such property" for key in value if key not in properties]
    found += [f"{path}.{key}: required" for key in required if key not in value]
    for key, item in value.items():
        if key in properties:
            found += schema_problems(item, properties[key], f"{path}.{key}")
    return found


@pytest.fixture(scope="module")
def program() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    return loaded


@dataclass(frozen=True)
class Deployment:
    """One preview of the example through the plugin."""

    served_schema: str
    # What each Construct returned, by resource name: the component's URN and outputs.
    constructed: dict[str, tuple[str, dict[str, Any]]]
    plan: Plan


@pytest.fixture(scope="module")
def deployment(plugin: Plugin, program: dict[str, Any]) -> Deployment:
    constructed = {}
    with plugin.deployment(program["name"], "example", STACK_CONFIG) as engine:
        served_schema = engine.get_schema()
        for name, resource in program["resources"].items():
            if resource["type"].startswith("hybrid:"):
                response = engine.construct(name, resource["type"], resource["properties"])
                state = rpc.deserialize_properties(response.state, keep_unknowns=True)
                constructed[name] = (response.urn, state)
        return Deployment(served_schema, constructed, engine.plan())


@pytest.fixture(scope="module")
def plan(deployment: Deployment) -> Plan:
    return deployment.plan


def test_the_plugin_serves_the_committed_schema(deployment: Deployment) -> None:
    """What `pulumi package get-schema provider` and `pulumi package add` read."""
    assert json.loads(deployment.served_schema) == SCHEMA


def test_the_example_declares_the_package_from_this_repository(program: dict[str, Any]) -> None:
    assert program["runtime"] == "yaml"
    source = (EXAMPLE.parent / program["packages"]["hybrid"]).resolve()
    assert (source / "PulumiPlugin.yaml").is_file()
    assert source == SCHEMA_FILE.parent


def test_every_property_the_example_sets_fits_the_schema(program: dict[str, Any]) -> None:
    used = {name: r for name, r in program["resources"].items() if r["type"].startswith("hybrid:")}
    assert used
    for name, resource in used.items():
        component = SCHEMA["resources"][resource["type"]]
        assert (
            object_problems(
                resource["properties"],
                component["inputProperties"],
                component["requiredInputs"],
                name,
            )
            == []
        )
    for output in program["outputs"].values():
        resource, prop = output.removeprefix("${").removesuffix("}").split(".")
        assert prop in SCHEMA["resources"][program["resources"][resource]["type"]]["properties"]


def test_the_checker_refuses_what_yaml_would_refuse(program: dict[str, Any]) -> None:
    """The schema check above can fail: a wrong type, an unknown key, a missing field."""
    component = SCHEMA["resources"]["hybrid:index:EksGpuCluster"]
    properties = json.loads(json.dumps(program["resources"]["training"]["properties"]))
    properties["cluster"]["nodePools"][0]["min"] = "one"
    properties["cluster"]["nodePool"] = []
    del properties["account"]["accountId"]
    properties["environment"]["tier"] = "qa"
    found = object_problems(properties, component["inputProperties"], [], "training")
    assert found == [
        "training.environment.tier: 'qa' not one of ['dev', 'staging', 'prod']",
        "training.account.accountId: required",
        "training.cluster.nodePool: no such property",
        "training.cluster.nodePools[0].min: 'one' is not a integer",
    ]


def component(plan: Plan) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.type == "hybrid:index:EksGpuCluster"]
    return found


def descendants(plan: Plan, urn: str) -> list[PlannedResource]:
    return [d for c in plan.children(urn) for d in (c, *descendants(plan, c.urn))]


def test_the_component_holds_network_cluster_and_gpu_stack(plan: Plan) -> None:
    top = component(plan)
    assert top.name == "training"
    assert top.parent == plan.stack_urn
    children = {(r.type, r.name) for r in plan.children(top.urn)}
    assert children == {
        ("pulumi:providers:aws", "training-aws-us-east-1"),
        ("hybrid:aws:Network", "training-network"),
        ("hybrid:aws:EksGpuCluster", "training"),
        ("pulumi:providers:kubernetes", "training-k8s"),
        ("hybrid:kubernetes:ClusterAutoscaler", "training-autoscaler"),
        ("hybrid:kubernetes:GpuStack", "training-gpu"),
    }


def test_every_resource_is_on_a_provider_of_the_component(plan: Plan) -> None:
    """The example's stack disables default providers: the package brings its own."""
    inside = descendants(plan, component(plan).urn)
    providers = {r.urn for r in inside if r.is_provider}
    custom = [r for r in inside if r.custom and not r.is_provider]
    assert len(custom) > 50
    assert {r.provider for r in custom} == providers
    aws = next(r for r in inside if r.type == "pulumi:providers:aws")
    # Provider configuration travels JSON-encoded.
    assert json.loads(aws.inputs["allowedAccountIds"]) == ["210987654321"]
    assert aws.inputs["region"] == "us-east-1"


def test_node_groups_follow_the_examples_pools(plan: Plan, program: dict[str, Any]) -> None:
    pools = program["resources"]["training"]["properties"]["cluster"]["nodePools"]
    groups = {
        r.inputs["nodeGroupName"]: r
        for r in descendants(plan, component(plan).urn)
        if r.type == "aws:eks/nodeGroup:NodeGroup"
    }
    assert set(groups) == {pool["name"] for pool in pools}
    catalog = load_catalog()
    for pool in pools:
        group = groups[pool["name"]].inputs
        assert group["scalingConfig"]["minSize"] == pool["min"]
        assert group["scalingConfig"]["maxSize"] == pool["max"]
        assert group["capacityType"] == ("SPOT" if pool.get("spot") else "ON_DEMAND")
        if "accelerator" in pool:
            offering = catalog.offering("aws", pool["accelerator"], pool["gpusPerNode"])
            assert offering is not None
            assert group["instanceTypes"] == [offering.machine_type]
            assert group["amiType"] == "AL2023_x86_64_NVIDIA"
            assert group["labels"]["workload"] == "training"
            assert {"key": "dedicated", "value": "training", "effect": "NO_SCHEDULE"} in group[
                "taints"
            ]
        else:
            assert group["instanceTypes"] == [pool["machineType"]]


def test_the_outputs_reach_the_program_with_the_kubeconfig_secret(
    deployment: Deployment, plan: Plan
) -> None:
    urn, state = deployment.constructed["training"]
    assert urn == component(plan).urn
    assert set(state) == {"clusterName", "endpoint", "kubeconfig", "oidcProviderArn"}
    assert state["clusterName"] == "ml-dev-training"
    assert state["endpoint"].startswith("https://")
    assert rpc.is_rpc_secret(state["kubeconfig"])
    assert "server: https://" in rpc.unwrap_rpc_secret(state["kubeconfig"])
    assert state["oidcProviderArn"].startswith("arn:aws:iam::")


def test_a_bad_value_reaches_the_engine_as_a_property_error(
    plugin: Plugin, program: dict[str, Any]
) -> None:
    """What the CLI receives, and shows under the resource: an invalid-argument status
    whose details name each property, no traceback."""
    resource = program["resources"]["training"]
    properties = json.loads(json.dumps(resource["properties"]))
    properties["cluster"]["nodePools"][1]["max"] = 0
    with (
        plugin.deployment(program["name"], "example", STACK_CONFIG) as engine,
        pytest.raises(grpc.RpcError) as raised,
    ):
        engine.construct("training", resource["type"], properties)
    error: Any = raised.value
    assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "Traceback" not in error.details()
    (details,) = [v for k, v in error.trailing_metadata() if k == "grpc-status-details-bin"]
    status = status_pb2.Status.FromString(details)
    errors = errors_pb2.InputPropertiesError()
    status.details[0].Unpack(errors)
    assert [(e.property_path, e.reason) for e in errors.errors] == [
        ("cluster.nodePools[1].max", "found 0; must be greater than or equal to 1")
    ]
    # Refused before anything was registered, the component included.
    assert [r.type for r in engine.plan().resources] == ["pulumi:pulumi:Stack"]
