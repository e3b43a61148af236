"""The committed JSON Schema is what the models say, and the stack files satisfy it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from hybrid_ai_platform.schema import SCHEMAS, main, render

STACKS = Path(__file__).parents[2] / "stacks"


@pytest.mark.parametrize("file_name", sorted(SCHEMAS))
def test_committed_schema_is_up_to_date(file_name: str) -> None:
    committed = (STACKS / file_name).read_text()
    assert committed == render(SCHEMAS[file_name]()), (
        f"stacks/{file_name} is stale: run `make schema` and commit the result"
    )


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_stack_files_validate_against_the_schema_and_name_it(stack: str) -> None:
    path = STACKS / f"Pulumi.{stack}.yaml"
    text = path.read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./stack.schema.json"
    schema = json.loads((STACKS / "stack.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(text), schema)


def test_schema_rejects_an_unknown_key_like_the_loader() -> None:
    schema = json.loads((STACKS / "stack.schema.json").read_text())
    document = yaml.safe_load((STACKS / "Pulumi.dev.yaml").read_text())
    document["config"]["hybrid-ai-platform:environment"]["clusters"][0]["nodePool"] = []
    with pytest.raises(jsonschema.ValidationError, match="nodePool"):
        jsonschema.validate(document, schema)


def test_schema_prints_the_files_it_wrote(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "stacks").mkdir()
    assert main(["--project-dir", str(tmp_path)]) == 0
    written = [Path(line) for line in capsys.readouterr().out.splitlines()]
    assert written
    assert all(path.parent == tmp_path / "stacks" and path.is_file() for path in written)


def test_schema_of_a_directory_without_stacks_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--project-dir", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error == f"{tmp_path / 'stacks'}: no such directory (it holds the stack files)\n"
