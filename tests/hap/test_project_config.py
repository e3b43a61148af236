"""Reading Pulumi.yaml and stack files as the Pulumi CLI does (pure, no program run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hap.errors import DefinitionError
from hap.plan import Secret
from hap.project import load_project, load_stack_config, secret_placeholder


def _project(tmp_path: Path, pulumi_yaml: str, stack_yaml: str | None, stack: str = "dev") -> Path:
    (tmp_path / "Pulumi.yaml").write_text(pulumi_yaml)
    if stack_yaml is not None:
        (tmp_path / f"Pulumi.{stack}.yaml").write_text(stack_yaml)
    return tmp_path


def test_config_keys_values_and_secrets(tmp_path: Path) -> None:
    directory = _project(
        tmp_path,
        "name: shop\nruntime: python\n",
        """config:
  aws:region: us-west-2
  replicas: 3
  enabled: true
  shop:limits:
    cpu: 2
    zones: [a, b]
  shop:password:
    secure: v1:c2FsdA==:Y2lwaGVy
  shop:nested:
    user: admin
    token:
      secure: v1:c2FsdA==:dG9rZW4=
""",
    )
    config = load_stack_config(load_project(directory), "dev")
    runtime = config.runtime_values()
    assert runtime["aws:region"] == "us-west-2"
    # A key without namespace belongs to the project.
    assert runtime["shop:replicas"] == "3"
    assert runtime["shop:enabled"] == "true"
    # Structured values reach the program as JSON (Config.require_object).
    assert json.loads(runtime["shop:limits"]) == {"cpu": 2, "zones": ["a", "b"]}
    assert runtime["shop:password"] == secret_placeholder("shop:password")
    # A secure part anywhere makes the whole structured value secret.
    assert config.secret_keys() == ["shop:nested", "shop:password"]
    assert json.loads(runtime["shop:nested"])["user"] == "admin"
    view = config.program_view()
    assert view["shop:password"] == Secret(secret_placeholder("shop:password"))
    assert view["shop:limits"] == {"cpu": 2, "zones": ["a", "b"]}


def test_project_defaults_and_stack_overrides(tmp_path: Path) -> None:
    directory = _project(
        tmp_path,
        """name: shop
runtime:
  name: python
  options:
    toolchain: pip
config:
  size:
    type: string
    default: small
  aws:region:
    value: eu-west-1
  team: payments
  required:
    type: string
    description: declared, no default
""",
        "config:\n  shop:size: large\n",
    )
    project = load_project(directory)
    config = load_stack_config(project, "dev")
    assert config.runtime_values() == {
        "shop:size": "large",
        "aws:region": "eu-west-1",
        "shop:team": "payments",
    }
    assert config.source_of("shop:size") == directory / "Pulumi.dev.yaml"
    assert config.source_of("shop:team") == project.file
    # A key set nowhere is reported against the stack file, where it belongs.
    assert config.source_of("shop:required") == directory / "Pulumi.dev.yaml"


def test_stack_config_dir_and_main(tmp_path: Path) -> None:
    directory = _project(
        tmp_path, "name: shop\nruntime: python\nmain: src/\nstackConfigDir: stacks\n", None
    )
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.prod.yaml").write_text("config:\n  shop:tier: gold\n")
    project = load_project(directory)
    assert project.program_path == directory / "src/"
    assert load_stack_config(project, "prod").runtime_values() == {"shop:tier": "gold"}


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    directory = _project(
        tmp_path, "name: shop\nruntime: python\n", "config:\n  shop:a: [1, 2\n  shop:b: 3\n"
    )
    with pytest.raises(DefinitionError, match=r"Pulumi\.dev\.yaml:3:\d+: invalid YAML"):
        load_stack_config(load_project(directory), "dev")


@pytest.mark.parametrize(
    ("pulumi_yaml", "message"),
    [
        (None, "no Pulumi.yaml here"),
        ("runtime: python\n", "'name' is required"),
        ("name: shop\nruntime: nodejs\n", "runtime is 'nodejs'"),
        ("name: shop\n", "'runtime' is required"),
        ("- not\n- a mapping\n", "expected a YAML mapping"),
    ],
)
def test_invalid_project_file(tmp_path: Path, pulumi_yaml: str | None, message: str) -> None:
    if pulumi_yaml is not None:
        (tmp_path / "Pulumi.yaml").write_text(pulumi_yaml)
    with pytest.raises(DefinitionError, match=message):
        load_project(tmp_path)


def test_missing_stack_file_names_the_path(tmp_path: Path) -> None:
    project = load_project(_project(tmp_path, "name: shop\nruntime: python\n", None))
    with pytest.raises(
        DefinitionError, match=r"Pulumi\.qa\.yaml: stack file not found \(stack 'qa'\)"
    ):
        load_stack_config(project, "qa")
