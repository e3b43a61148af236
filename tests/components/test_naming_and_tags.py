"""Physical names and tags: deterministic, within limits, valid on every cloud."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.naming import compact_name, physical_name
from hybrid_ai_platform.tags import REQUIRED_KEYS, component_tags, environment_tags

parts = st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=5)


@settings(max_examples=200)
@given(parts, st.integers(min_value=12, max_value=100))
def test_physical_names_fit_their_limit_and_are_deterministic(words: list[str], limit: int) -> None:
    name = physical_name(*words, max_length=limit)
    assert len(name) <= limit
    assert re.fullmatch(r"[a-z0-9-]*", name)
    assert name == physical_name(*words, max_length=limit)


def test_long_names_keep_their_start_and_do_not_collide() -> None:
    first = physical_name("prod", "x" * 80, "alpha", max_length=40)
    second = physical_name("prod", "x" * 80, "beta", max_length=40)
    assert first.startswith("prod-xxxx") and second.startswith("prod-xxxx")
    assert first != second
    assert physical_name("prod", "train", "gpu") == "prod-train-gpu"


@given(parts)
def test_compact_names_are_letters_and_digits_only(words: list[str]) -> None:
    name = compact_name(*words)
    assert re.fullmatch(r"[a-z0-9]{0,24}", name)


def test_platform_tags_cannot_be_overridden_and_are_gcp_label_safe() -> None:
    env = load_stack_file(Path(__file__).parents[2] / "stacks" / "Pulumi.prod.yaml")
    spoofed = env.model_copy(update={"tags": {**env.tags, "environment": "dev"}})
    tags = component_tags(environment_tags(spoofed), "train-network")
    assert tags["environment"] == "prod"
    assert tags["owner"] == "ml-platform_example_com"
    assert tags["compliance"] == "pci-dss"
    assert tags["component"] == "train-network"
    assert set(REQUIRED_KEYS) <= set(tags)
    for key, value in tags.items():
        assert re.fullmatch(r"[a-z][a-z0-9_-]{0,62}", key)
        assert re.fullmatch(r"[a-z0-9_-]{0,63}", value)
