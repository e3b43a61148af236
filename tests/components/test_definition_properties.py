"""Whatever a user writes, loading it gives a valid model or a `DefinitionError` that
names the file: never a traceback."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hybrid_ai_platform.definition import load_definition
from hybrid_ai_platform.problems import DefinitionError
from hybrid_ai_platform.spec import Environment

DEV = yaml.safe_load((Path(__file__).parents[2] / "stacks" / "Pulumi.dev.yaml").read_text())[
    "config"
]["hybrid-ai-platform:environment"]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["aws", "gcp", "nvidia-t4", "10.0.0.0/16", "1.31", "mig", "0.0.0.0/0"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _load(raw: object) -> None:
    try:
        env = load_definition(raw, "stacks/Pulumi.dev.yaml")
    except DefinitionError as error:
        assert str(error).startswith("stacks/Pulumi.dev.yaml: ")
        assert error.problems
    else:
        assert isinstance(env, Environment)


@settings(max_examples=150, deadline=None)
@given(values)
def test_random_values_give_a_model_or_a_clear_error(raw: object) -> None:
    _load(raw)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, prefix + (key,))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, prefix + (index,))
    return found


DEV_PATHS = _paths(DEV)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(DEV_PATHS), values), min_size=1, max_size=3))
def test_mutated_stack_definitions_give_a_model_or_a_clear_error(
    mutations: list[tuple[tuple[Any, ...], Any]],
) -> None:
    raw = copy.deepcopy(DEV)
    for path, value in mutations:
        target: Any = raw
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation replaced this branch
    _load(raw)
