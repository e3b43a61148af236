"""Parts of the definition's shape whose components have not landed are refused by
validation (`hybrid_ai_platform.validation.UNBUILT`) with the file, the line, the path and the
reason, together with every other problem, never silently ignored or half-built."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from hybrid_ai_platform import validation
from hybrid_ai_platform.definition import DOCUMENT_PATH, load_definition, load_stack_file
from hybrid_ai_platform.problems import DefinitionError

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


def test_a_section_in_the_table_is_refused_at_its_use_with_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every section is built now; a family that lands unfinished adds a row like this one.
    row = (
        "privateCloud.projects",
        lambda env: [("environment", "privateCloud", "projects")] if env.private_cloud else [],
        "remove it for now",
    )
    monkeypatch.setattr(validation, "UNBUILT", (row,))
    error = _refusal(PROD_TEXT)
    path = ("environment", "privateCloud", "projects")
    refused = {p.path: p.message for p in error.problems}
    assert list(refused) == [path]
    assert refused[path].startswith("privateCloud.projects is part of the definition's shape")
    assert error.lines[path] == _line_of(PROD_TEXT, "      projects:")
