"""Policy pack configuration, reconciled the way the Pulumi engine does it.

The file format is the one `pulumi preview --policy-pack-config FILE` reads:

    {
      "all": "mandatory",                                   # every policy's level
      "aws-all-allowed-regions": {"allowedRegions": ["eu-west-1"]},
      "common-cost-within-budget": {"enforcementLevel": "advisory", "monthlyBudgetUsd": 5000}
    }

A value is an enforcement level (`advisory`, `mandatory`, `remediate`, `disabled`) or an
object of properties that may hold `enforcementLevel`. Reconciling (the engine's
`ReconcilePolicyPackConfig`): start from each policy's level (its own, else the pack's) and
the `default`s of its config schema, apply the pack's `initial_config`, then the file (an
`all` level first, then each policy's entry), and validate each policy's properties against
its schema. Properties reach a policy as a protobuf Struct does: numbers as floats.

`hap` reads the file `<stack config dir>/policy-config.<stack>.json` when it exists (pass
the same file to the CLI with `--policy-pack-config`); without it, the pack's defaults.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from pulumi_policy import EnforcementLevel, Policy

from hap.errors import DefinitionError, display_path
from hap.policy.pack import LoadedPack
from hap.project import load_project

ALL = "all"
_LEVELS = {level.value: level for level in EnforcementLevel}


@dataclass(frozen=True)
class PolicySettings:
    """One policy's effective enforcement level and properties."""

    enforcement_level: EnforcementLevel
    properties: Mapping[str, Any]


def policy_config_file(project_dir: Path, stack: str) -> Path:
    """Where a stack's policy pack config lives: next to its stack file."""
    project = load_project(Path(project_dir).resolve())
    return project.stack_file(stack).parent / f"policy-config.{stack}.json"


def load_policy_config(file: Path | None) -> dict[str, Any]:
    """The raw config of `file`, or {} when there is none (the pack's defaults apply)."""
    if file is None or not file.is_file():
        return {}
    text = file.read_text(encoding="utf-8")
    if not text.strip():
        return {}
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise DefinitionError(f"{display_path(file)}: invalid JSON: {error}") from error
    if not isinstance(raw, dict):
        raise DefinitionError(f"{display_path(file)}: expected a JSON object of policy names")
    return raw


def schema_errors(schema: Mapping[str, Any], value: Any) -> list[str]:
    """Every way `value` breaks a policy's config `schema`, each as `<path>: <problem>`.
    The engine validates with gojsonschema (drafts 4 to 7); Draft 7 is the newest it reads."""
    found = Draft7Validator(schema).iter_errors(value)
    return sorted(f"{_json_path(error.absolute_path)}: {error.message}" for error in found)


def _json_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(root)"


def reconcile(
    pack: LoadedPack, given: Mapping[str, Any] | None = None, source: str = "policy config"
) -> dict[str, PolicySettings]:
    """Every policy's settings: defaults, then the pack's initial config, then `given`."""
    levels: dict[str, EnforcementLevel] = {}
    properties: dict[str, dict[str, Any] | None] = {}
    for policy in pack.policies:
        levels[policy.name] = policy.enforcement_level or pack.enforcement_level
        properties[policy.name] = _defaults(policy)
    for layer in (_parse(pack.initial_config, "initial_config"), _parse(given or {}, source)):
        _apply(layer, levels, properties)
    errors = [
        f"{name}: {message}"
        for policy in pack.policies
        for name in [policy.name]
        for message in schema_errors(_object_schema(policy), properties[name] or {})
    ]
    if errors:
        raise DefinitionError(
            f"{source}: invalid policy pack configuration:\n  " + "\n  ".join(errors)
        )
    return {
        name: PolicySettings(levels[name], _as_struct(properties[name] or {})) for name in levels
    }


def unknown_policies(pack: LoadedPack, given: Mapping[str, Any]) -> list[str]:
    """Names in a config that match no policy (the engine ignores them; a typo, usually)."""
    known = {policy.name for policy in pack.policies} | {ALL}
    return sorted(name for name in given if name not in known)


def _defaults(policy: Policy) -> dict[str, Any] | None:
    schema = policy.config_schema
    if schema is None:
        return None
    defaults = {
        key: spec["default"] for key, spec in schema.properties.items() if "default" in spec
    }
    return defaults or None


def _object_schema(policy: Policy) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object"}
    if policy.config_schema is not None and policy.config_schema.properties:
        schema["properties"] = policy.config_schema.properties
    if policy.config_schema is not None and policy.config_schema.required:
        schema["required"] = policy.config_schema.required
    return schema


def _parse(
    raw: Mapping[str, Any], source: str
) -> dict[str, tuple[EnforcementLevel | None, dict[str, Any]]]:
    parsed: dict[str, tuple[EnforcementLevel | None, dict[str, Any]]] = {}
    for name, value in raw.items():
        if isinstance(value, EnforcementLevel):
            parsed[name] = (value, {})
        elif isinstance(value, str):
            parsed[name] = (_level(value, name, source), {})
        elif isinstance(value, Mapping):
            entry = dict(value)
            level = entry.pop("enforcementLevel", None)
            if isinstance(level, EnforcementLevel):
                parsed[name] = (level, entry)
            else:
                parsed[name] = (_level(level, name, source) if level is not None else None, entry)
        else:
            raise DefinitionError(
                f"{source}: {name!r}: {value!r} is not a valid value; must be a string or object"
            )
    return parsed


def _level(value: Any, name: str, source: str) -> EnforcementLevel:
    if not isinstance(value, str) or value not in _LEVELS:
        raise DefinitionError(
            f"{source}: {name!r}: {value!r} is not a valid enforcement level ({', '.join(_LEVELS)})"
        )
    return _LEVELS[value]


def _apply(
    layer: Mapping[str, tuple[EnforcementLevel | None, dict[str, Any]]],
    levels: dict[str, EnforcementLevel],
    properties: dict[str, dict[str, Any] | None],
) -> None:
    everything = layer.get(ALL)
    if everything is not None and everything[0] is not None:
        for name in levels:
            levels[name] = everything[0]
    for name, (level, given) in layer.items():
        if name == ALL or name not in levels:
            continue
        if level is not None:
            levels[name] = level
        if given:
            properties[name] = {**(properties[name] or {}), **given}


def _as_struct(value: Any) -> Any:
    """What a protobuf Struct round trip makes of a JSON value: every number a float."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, Mapping):
        return {str(key): _as_struct(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_as_struct(item) for item in value]
    return value
