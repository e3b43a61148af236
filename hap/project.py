"""Read a Pulumi project (Pulumi.yaml) and a stack's config file the way the Pulumi CLI does.

Pure: no pulumi import. Every problem is a `DefinitionError` naming the file (and the line
for YAML syntax errors).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hap.errors import DefinitionError, display_path
from hap.plan import Secret
from hybrid_ai_shared import strict_yaml

PROJECT_FILE_NAMES = ("Pulumi.yaml", "Pulumi.yml")
# Keys of a Pulumi.yaml config entry written in its schema form ({type:, default:, ...}).
_PROJECT_CONFIG_SCHEMA_KEYS = frozenset(
    {"type", "description", "secret", "default", "value", "items"}
)


@dataclass(frozen=True)
class ConfigValue:
    """One configuration value: the YAML value, whether it is secret, and the file it came from."""

    value: Any
    secret: bool
    source: Path


@dataclass(frozen=True)
class Project:
    """What the preview needs from Pulumi.yaml."""

    directory: Path
    file: Path
    name: str
    runtime: str
    main: str | None
    stack_config_dir: str | None
    config_defaults: Mapping[str, ConfigValue]

    @property
    def program_path(self) -> Path:
        """The directory or file the language host runs (`main`, default: the project dir)."""
        return self.directory / self.main if self.main else self.directory

    def stack_file(self, stack: str) -> Path:
        config_dir = (
            self.directory / self.stack_config_dir if self.stack_config_dir else self.directory
        )
        return config_dir / f"Pulumi.{stack}.yaml"


@dataclass(frozen=True)
class StackConfig:
    """A stack's configuration as the program sees it: stack file over Pulumi.yaml defaults."""

    stack: str
    file: Path
    values: Mapping[str, ConfigValue]

    def runtime_values(self) -> dict[str, str]:
        """Full key -> string, as the language host hands config to the program."""
        return {key: config_string(entry.value) for key, entry in self.values.items()}

    def secret_keys(self) -> list[str]:
        return sorted(key for key, entry in self.values.items() if entry.secret)

    def program_view(self) -> dict[str, Any]:
        """Full key -> YAML value, secrets wrapped in `Secret` (the Plan's `config`)."""
        return {
            key: Secret(entry.value) if entry.secret else entry.value
            for key, entry in sorted(self.values.items())
        }

    def source_of(self, key: str) -> Path:
        """The file a key was set in (the stack file when the key is not set at all)."""
        entry = self.values.get(key)
        return entry.source if entry is not None else self.file


def load_project(directory: Path) -> Project:
    """Read Pulumi.yaml (or Pulumi.yml) in `directory`."""
    for file_name in PROJECT_FILE_NAMES:
        file = directory / file_name
        if file.is_file():
            break
    else:
        raise DefinitionError(
            f"{display_path(directory)}: no Pulumi.yaml here (not a Pulumi project)"
        )
    document = _read_yaml_mapping(file)
    name = document.get("name")
    if not isinstance(name, str) or not name:
        raise DefinitionError(f"{display_path(file)}: 'name' is required and must be a string")
    runtime = _runtime_name(document.get("runtime"), file)
    if runtime != "python":
        raise DefinitionError(
            f"{display_path(file)}: runtime is {runtime!r}; hap previews python programs only"
        )
    main = _optional_string(document, "main", file)
    stack_config_dir = _optional_string(document, "stackConfigDir", file)
    return Project(
        directory=directory,
        file=file,
        name=name,
        runtime=runtime,
        main=main,
        stack_config_dir=stack_config_dir,
        config_defaults=_project_config(document.get("config"), name, file),
    )


def load_stack_config(project: Project, stack: str) -> StackConfig:
    """Read `Pulumi.<stack>.yaml` and merge it over the project's config defaults."""
    file = project.stack_file(stack)
    if not file.is_file():
        raise DefinitionError(f"{display_path(file)}: stack file not found (stack {stack!r})")
    document = _read_yaml_mapping(file)
    raw_config = document.get("config") or {}
    if not isinstance(raw_config, Mapping):
        raise DefinitionError(f"{display_path(file)}: 'config' must be a mapping of key: value")
    values = dict(project.config_defaults)
    for raw_key, raw_value in raw_config.items():
        key = full_config_key(str(raw_key), project.name)
        value, secret = _decode_secure(raw_value, key)
        values[key] = ConfigValue(value=value, secret=secret, source=file)
    return StackConfig(stack=stack, file=file, values=values)


def full_config_key(key: str, project_name: str) -> str:
    """`key` with the project name as namespace when it has none (`pulumi config set` rule)."""
    return key if ":" in key else f"{project_name}:{key}"


def secret_placeholder(key: str) -> str:
    """The plaintext a preview uses for a `secure:` value: deterministic, obviously fake."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"hap-placeholder-secret-{digest}"


def _read_yaml_mapping(file: Path) -> dict[str, Any]:
    try:
        data = file.read_bytes()
    except OSError as error:
        raise DefinitionError(
            f"{display_path(file)}: cannot read: {error.strerror or error}"
        ) from error
    try:
        document = strict_yaml.read(data)
    except strict_yaml.StrictYamlError as error:
        raise DefinitionError(f"{display_path(file)}{error.where}: {error.message}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise DefinitionError(f"{display_path(file)}: expected a YAML mapping at the top level")
    return document


def _runtime_name(runtime: Any, file: Path) -> str:
    if isinstance(runtime, str):
        return runtime
    if isinstance(runtime, Mapping) and isinstance(runtime.get("name"), str):
        return str(runtime["name"])
    raise DefinitionError(f"{display_path(file)}: 'runtime' is required (e.g. runtime: python)")


def _optional_string(document: Mapping[str, Any], key: str, file: Path) -> str | None:
    value = document.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise DefinitionError(f"{display_path(file)}: {key!r} must be a string")
    return value


def _project_config(raw: Any, project_name: str, file: Path) -> dict[str, ConfigValue]:
    """Pulumi.yaml `config:`: `{key: {value: x}}`, `{key: {default: x, type: ..}}` or `{key: x}`."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise DefinitionError(f"{display_path(file)}: 'config' must be a mapping")
    values: dict[str, ConfigValue] = {}
    for raw_key, entry in raw.items():
        key = full_config_key(str(raw_key), project_name)
        if isinstance(entry, Mapping) and entry.keys() <= _PROJECT_CONFIG_SCHEMA_KEYS:
            if "value" in entry:
                raw_value = entry["value"]
            elif "default" in entry:
                raw_value = entry["default"]
            else:
                continue  # declared without a value: the stack must set it
        else:
            raw_value = entry
        value, secret = _decode_secure(raw_value, key)
        values[key] = ConfigValue(value=value, secret=secret, source=file)
    return values


def _decode_secure(value: Any, key: str) -> tuple[Any, bool]:
    """Replace `{secure: ciphertext}` (at any depth) by a placeholder; report if any was found.

    Like the Pulumi CLI, a structured value holding any secure part is secret as a whole.
    """
    if isinstance(value, Mapping):
        if value.keys() == {"secure"}:
            return secret_placeholder(key), True
        decoded: dict[str, Any] = {}
        any_secret = False
        for item_key, item in value.items():
            decoded[str(item_key)], secret = _decode_secure(item, f"{key}.{item_key}")
            any_secret = any_secret or secret
        return decoded, any_secret
    if isinstance(value, list):
        items = [_decode_secure(item, f"{key}[{index}]") for index, item in enumerate(value)]
        return [item for item, _ in items], any(secret for _, secret in items)
    return value, False


def config_string(value: Any) -> str:
    """The string the program receives: structured values as JSON (`Config.require_object`)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, Mapping | list | tuple):
        # default=str: YAML dates and the like travel as their text, as in the Pulumi CLI.
        return json.dumps(value, default=str)
    return str(value)
