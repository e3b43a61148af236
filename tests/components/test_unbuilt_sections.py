"""Parts of the definition's shape whose components have not landed are refused with the
path and the reason, never silently ignored or half-built."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.definition import load_stack_file
from components.platform import refuse_unbuilt_sections
from components.problems import DefinitionError, format_path
from components.spec import Endpoint, Environment

PROD = load_stack_file(Path(__file__).parents[2] / "stacks" / "Pulumi.prod.yaml")


def _refusals(env: Environment) -> dict[str, str]:
    with pytest.raises(DefinitionError) as caught:
        refuse_unbuilt_sections(env, "stacks/Pulumi.prod.yaml")
    return {format_path(p.path): p.message for p in caught.value.problems}


def test_the_real_stacks_use_only_what_is_built() -> None:
    refuse_unbuilt_sections(PROD, "stacks/Pulumi.prod.yaml")


def test_a_magnum_cluster_is_refused_at_its_cloud() -> None:
    train = PROD.clusters[0]
    magnum = train.model_copy(update={"cloud": "openstack", "region": "RegionOne"})
    env = PROD.model_copy(update={"clusters": (magnum, *PROD.clusters[1:])})
    problems = _refusals(env)
    assert "a Magnum cluster is part of the definition's shape but not built yet" in (
        problems["environment.clusters[0].cloud"]
    )


def test_endpoints_are_built_not_refused() -> None:
    endpoint = Endpoint(name="score", cloud="aws", region="us-east-1", workload="fraud-detection")
    refuse_unbuilt_sections(PROD.model_copy(update={"endpoints": (endpoint,)}), "prod")
