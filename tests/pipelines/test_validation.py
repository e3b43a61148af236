"""Fields one cloud reads are refused on the other, never accepted and ignored; an azure
pipeline must name the aws pipeline it copies."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from hybrid_ai_platform.definition import load_definition
from hybrid_ai_platform.problems import DefinitionError, format_path

BASE = yaml.safe_load(
    (
        Path(__file__).parents[1]
        / "fixtures"
        / "bad_input"
        / "Pulumi.pipeline-copy-from-missing.yaml"
    ).read_text()
)["config"]["hybrid-ai-platform:environment"]


def _problems(**changes: dict[str, Any]) -> dict[str, str]:
    raw = copy.deepcopy(BASE)
    raw["pipelines"][1]["copyFrom"] = "fraud-prep"
    for index, update in changes.items():
        raw["pipelines"][int(index[1:])].update(update)
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, "stacks/Pulumi.x.yaml")
    return {format_path(p.path): p.message for p in caught.value.problems}


def test_the_corrected_definition_is_valid() -> None:
    raw = copy.deepcopy(BASE)
    raw["pipelines"][1]["copyFrom"] = "fraud-prep"
    env = load_definition(raw, "stacks/Pulumi.x.yaml")
    assert [p.copy_from for p in env.pipelines] == [None, "fraud-prep"]


def test_glue_only_fields_are_refused_on_azure() -> None:
    problems = _problems(p1={"workerType": "G.2X", "inputFormat": "json"})
    assert problems["environment.pipelines[1].workerType"].startswith(
        "found 'G.2X'; only aws (Glue) pipelines read workerType"
    )
    assert "environment.pipelines[1].inputFormat" in problems


def test_copy_from_is_refused_on_aws_and_required_on_azure() -> None:
    problems = _problems(p0={"copyFrom": "fraud-copy"}, p1={"copyFrom": None})
    assert problems["environment.pipelines[0].copyFrom"].startswith(
        "only an azure pipeline copies from another pipeline"
    )
    assert problems["environment.pipelines[1].copyFrom"] == (
        "required: a Data Factory pipeline copies the curated data of an aws pipeline of this "
        "environment (aws pipelines: fraud-prep)"
    )


def test_data_factory_cannot_restrict_months() -> None:
    problems = _problems(p1={"schedule": "0 5 * 1,7 *"})
    assert "cannot restrict months" in problems["environment.pipelines[1].schedule"]


def test_unknown_worker_type_lists_the_allowed_ones() -> None:
    problems = _problems(p0={"workerType": "G.3X"})
    assert "'G.1X', 'G.2X', 'G.4X' or 'G.8X'" in problems["environment.pipelines[0].workerType"]
