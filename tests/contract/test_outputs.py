"""Every stack exports exactly the contract: the committed schema and the model accept its
outputs, nothing is missing or extra, only kubeconfigs are secret, and the values are the
definition's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hap.plan import Secret, contains_secret, reveal
from hybrid_ai_platform.contract import (
    CONTRACT_VERSION,
    OUTPUTS_SCHEMA,
    PRIVATE_CLOUD_NETWORK,
    PlatformOutputs,
    plain_values,
)
from hybrid_ai_platform.definition import load_stack_file
from tests.conftest import STACKS

PROJECT_DIR = Path(__file__).parents[2]


def definition(stack: str):
    return load_stack_file(PROJECT_DIR / "stacks" / f"Pulumi.{stack}.yaml")


@pytest.mark.parametrize("stack", STACKS)
def test_exports_match_the_committed_schema_and_the_model_exactly(plan_of, stack: str) -> None:
    outputs: dict[str, Any] = reveal(plan_of(stack).outputs)
    schema = json.loads((PROJECT_DIR / "stacks" / OUTPUTS_SCHEMA).read_text())
    jsonschema.validate(outputs, schema)
    model = PlatformOutputs.model_validate(outputs)
    # Round trip: no key the model does not know (it would ignore it), none missing.
    assert plain_values(model) == outputs
    assert model.contract_version == CONTRACT_VERSION


@pytest.mark.parametrize("stack", STACKS)
def test_environment_clusters_and_networks_are_the_definitions(plan_of, stack: str) -> None:
    env = definition(stack)
    model = PlatformOutputs.model_validate(reveal(plan_of(stack).outputs))
    assert (model.environment.name, model.environment.tier, model.environment.owner) == (
        env.name,
        env.tier,
        env.owner,
    )
    assert model.environment.monthly_budget_usd == env.monthly_budget_usd
    assert sorted(model.clusters) == sorted(cluster.name for cluster in env.clusters)
    expected_networks = {cluster.name for cluster in env.clusters}
    if env.private_cloud:
        expected_networks.add(PRIVATE_CLOUD_NETWORK)
    assert set(model.networks) == expected_networks
    for cluster in env.clusters:
        exported = model.clusters[cluster.name]
        assert (exported.cloud, exported.region) == (cluster.cloud, cluster.region)
        assert model.networks[cluster.name].cidr == cluster.network_cidr
        # How a consuming team's pipeline reaches the API server: the definition's path.
        assert cluster.deploy_access is not None and exported.deploy_access is not None
        assert exported.deploy_access.path == cluster.deploy_access.path
        assert exported.deploy_access.runner_cidrs == cluster.deploy_access.runner_cidrs
        pools = {pool.name: pool for pool in exported.node_pools}
        assert sorted(pools) == sorted(pool.name for pool in cluster.node_pools)
        for pool in cluster.node_pools:
            assert (pools[pool.name].min, pools[pool.name].max, pools[pool.name].spot) == (
                pool.min,
                pool.max,
                pool.spot,
            )
            assert pools[pool.name].accelerator == pool.accelerator
            assert pools[pool.name].is_gpu == pool.is_gpu
            # Pods select the pool by its labels: the user's own must be among them.
            assert pool.labels.items() <= pools[pool.name].labels.items()


@pytest.mark.parametrize("stack", STACKS)
def test_only_kubeconfigs_are_secret(plan_of, stack: str) -> None:
    outputs = plan_of(stack).outputs
    for key, value in outputs.items():
        if key != "clusters":
            assert not contains_secret(value), f"{key} holds a secret"
    for name, cluster in outputs["clusters"].items():
        assert isinstance(cluster["kubeconfig"], Secret), f"{name}'s kubeconfig is not secret"
        rest = {key: value for key, value in cluster.items() if key != "kubeconfig"}
        assert not contains_secret(rest), f"{name}: more than the kubeconfig is secret"


def test_the_schema_accepts_newer_minor_versions_and_refuses_another_major(plan_of) -> None:
    schema = json.loads((PROJECT_DIR / "stacks" / OUTPUTS_SCHEMA).read_text())
    outputs = reveal(plan_of("dev").outputs)
    major, minor, _ = CONTRACT_VERSION.split(".")
    newer = {**outputs, "contractVersion": f"{major}.{int(minor) + 1}.0", "addedLater": {}}
    jsonschema.validate(newer, schema)
    with pytest.raises(jsonschema.ValidationError, match=r"does not match"):
        jsonschema.validate({**outputs, "contractVersion": f"{int(major) + 1}.0.0"}, schema)
