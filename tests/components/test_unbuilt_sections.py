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


def test_endpoints_are_refused_until_they_are_built() -> None:
    endpoint = Endpoint(name="score", cloud="aws", region="us-east-1", workload="fraud-detection")
    problems = _refusals(PROD.model_copy(update={"endpoints": (endpoint,)}))
    assert problems["environment.endpoints"].endswith("remove it for now")
