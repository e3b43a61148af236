"""The plan's JSON text is json.dumps' text, byte for byte, from a faster writer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from hap.json_text import indented_json
from hap.plan import Plan


def _standard(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True)


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_stacks_plan_is_written_as_json_dumps_writes_it(
    stack: str, plan_of: Callable[[str], Plan]
) -> None:
    document = plan_of(stack).to_json()
    assert indented_json(document) == _standard(document)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"b": [], "a": {}, "c": [{}, [[]]]},
        {"z": 1, "a": [1, 2.5, -0.0, 1e300, True, False, None]},
        {"naïve": 'ünïcödé \u2603 "quoted" \\ \n\t\x00', "emoji": "\U0001f600"},
        [float("nan"), float("inf"), float("-inf"), 10**30],
        ("a", ("tuple", "as", "list")),
        "top-level string",
        42,
    ],
)
def test_values_of_every_json_kind_read_the_same(value: Any) -> None:
    assert indented_json(value) == _standard(value)


def test_a_key_that_is_not_a_string_is_refused() -> None:
    with pytest.raises(TypeError):
        indented_json({1: "one"})
