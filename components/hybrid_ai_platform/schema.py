"""JSON Schemas generated from the models, committed under `stacks/` so editors validate
and complete the stack files (`# yaml-language-server: $schema=./stack.schema.json`).
`python -m hybrid_ai_platform.schema` (`make schema`) rewrites them; a test fails when a committed
one is stale. The project's own command, not the preview engine's: `hap` previews any
Pulumi program and knows nothing of this one's models."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hybrid_ai_platform.contract import OUTPUTS_SCHEMA, outputs_schema
from hybrid_ai_platform.definition import DOCUMENT_PATH
from hybrid_ai_platform.spec import StackEnvironment

STACK_SCHEMA = "stack.schema.json"


def stack_file_schema() -> dict[str, Any]:
    """A whole `Pulumi.<env>.yaml`: the definition under its key, other config free."""
    environment = StackEnvironment.model_json_schema(by_alias=True, mode="validation")
    definitions = environment.pop("$defs", {})
    definitions["Environment"] = environment
    config_key = DOCUMENT_PATH[1]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hybrid-ai-platform stack file",
        "description": "stacks/Pulumi.<env>.yaml: provider config and the environment definition.",
        "type": "object",
        "properties": {
            "config": {
                "type": "object",
                "properties": {
                    config_key: {"$ref": "#/$defs/Environment"},
                    "pulumi:disable-default-providers": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": "Keep ['*']: every resource names its provider.",
                    },
                },
                "required": [config_key],
            },
            "secretsprovider": {"type": "string"},
            "encryptedkey": {"type": "string"},
            "encryptionsalt": {"type": "string"},
        },
        "required": ["config"],
        "$defs": definitions,
    }


# Each committed schema: file name -> builder. Later contracts add theirs here.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    STACK_SCHEMA: stack_file_schema,
    OUTPUTS_SCHEMA: outputs_schema,
}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_schemas(project_dir: Path) -> list[Path]:
    written = []
    for file_name, build in SCHEMAS.items():
        path = project_dir / "stacks" / file_name
        path.write_text(render(build()))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hybrid_ai_platform.schema",
        description="regenerate the JSON Schemas in stacks/",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=Path(__file__).resolve().parents[2],
        help="the project whose stacks/ to write (default: this one)",
    )
    args = parser.parse_args(argv)
    stacks = args.project_dir / "stacks"
    if not stacks.is_dir():
        print(f"{stacks}: no such directory (it holds the stack files)", file=sys.stderr)
        return 2
    for path in write_schemas(args.project_dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
