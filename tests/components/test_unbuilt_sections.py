"""Parts of the definition's shape whose components have not landed are refused by
validation (`components.validation.UNBUILT`) with the file, the line, the path and the
reason, together with every other problem, never silently ignored or half-built."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from components.definition import DOCUMENT_PATH, load_definition, load_stack_file
from components.problems import DefinitionError, format_path

SOURCE = "stacks/Pulumi.prod.yaml"
PROD_TEXT = (Path(__file__).parents[2] / SOURCE).read_text()


def _refusal(text: str) -> DefinitionError:
    raw = yaml.safe_load(text)[DOCUMENT_PATH[0]][DOCUMENT_PATH[1]]
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, SOURCE, text)
    return caught.value


def _line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_the_real_stacks_use_only_what_is_built() -> None:
    for stack in ("dev", "staging", "prod"):
        load_stack_file(Path(__file__).parents[2] / "stacks" / f"Pulumi.{stack}.yaml")


def test_pipelines_are_refused_with_their_line_and_endpoints_are_not() -> None:
    # The prod stack has endpoints (built); pipelines are appended after them.
    text = PROD_TEXT + (
        "    pipelines:\n"
        "      - {name: train, cloud: aws, region: us-east-1, workload: fraud-detection,"
        " schedule: '0 3 * * *'}\n"
    )
    error = _refusal(text)
    refused = {format_path(p.path): p.message for p in error.problems}
    assert refused["environment.pipelines"].endswith("remove it for now")
    assert not any(path.startswith("environment.endpoints") for path in refused)
    assert error.lines[("environment", "pipelines")] == _line_of(text, "    pipelines:")
