"""Load an environment definition: shape (pydantic), then cross-field rules, with every
problem translated into the user's words (file, path, found, allowed). Pure."""

from __future__ import annotations

import datetime
import difflib
import json
import types
import typing
from collections.abc import Collection, Mapping
from pathlib import Path as FilePath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from hybrid_ai_platform.problems import DefinitionError, Path, Problem
from hybrid_ai_platform.spec import Cluster, Environment, PrivateCloud, StackEnvironment
from hybrid_ai_platform.validation import ROOT, check_cluster, check_environment, utc_today
from hybrid_ai_platform.validation_config import check_config_keys, check_plaintext_secrets
from hybrid_ai_platform.validation_versions import cluster_version_problems, version_warnings
from hybrid_ai_shared import strict_yaml
from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.catalog.kubernetes_versions import load_version_catalog
from hybrid_ai_shared.yaml_lines import index_under, line_index, lines_for

E = TypeVar("E", bound=Environment)

PROJECT = "hybrid-ai-platform"
CONFIG_KEY = "environment"
# Where the definition sits inside a stack file.
DOCUMENT_PATH: Path = ("config", f"{PROJECT}:{CONFIG_KEY}")

# Human words for the patterns in `components/hybrid_ai_platform/spec.py`, keyed by the
# pattern itself.
_PATTERN_HELP = {
    r"^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$": (
        "lowercase letters, digits and '-', starting with a letter, at most 20 characters"
    ),
    r"^[a-z][a-z0-9]{0,11}$": (
        "lowercase letters and digits, starting with a letter, at most 12 characters "
        "(the AKS limit, kept on every cloud)"
    ),
    r"^[a-z]([a-z0-9_-]{0,61}[a-z0-9])?$": (
        "a tag key valid on every cloud and as a Kubernetes label: lowercase, [a-z0-9_-], "
        "starting with a letter and ending with a letter or digit, at most 63"
    ),
    r"^[a-z0-9_-]{0,63}$": "a tag value valid on every cloud: lowercase, [a-z0-9_-], at most 63",
    r"^1\.(2[89]|3[0-9])$": "a Kubernetes minor version from 1.28 to 1.39, quoted, e.g. '1.31'",
    r"^(\S+\s+){4}\S+$": "a five-field cron expression, e.g. '0 3 * * *'",
    r"^\d{12}$": "a 12-digit AWS account id",
    r"^[0-9a-f-]{36}$": "a lowercase GUID",
}


def load_definition(
    raw: object,
    source: str,
    stack_text: str | None = None,
    today: datetime.date | None = None,
) -> StackEnvironment:
    """Validate `raw` (the parsed config value of a stack) into a `StackEnvironment`.

    Raises `DefinitionError` naming `source` and listing every problem; `stack_text`, the
    stack file's text, adds line numbers. `today` (default: the UTC date) decides which
    Kubernetes versions are in support.
    """
    return _validated(StackEnvironment, raw, source, stack_text, today)


def load_environment(raw: object, source: str, today: datetime.date | None = None) -> Environment:
    """Validate `raw` into an `Environment` with the same rules as a stack's definition, but
    without the stack's budget: neither required nor accepted (`unknown key`). For what
    stands for an environment without being a stack (`hybrid_ai_platform.package`)."""
    return _validated(Environment, raw, source, None, today)


def _validated(
    model: type[E],
    raw: object,
    source: str,
    stack_text: str | None,
    today: datetime.date | None,
) -> E:
    try:
        env = model.model_validate(raw)
    except ValidationError as error:
        problems = {_translate(detail, model) for detail in error.errors()}
        problems.update(_rules_of_valid_clusters(raw, today or utc_today()))
        raise _error(source, sorted(problems), stack_text) from None
    cross_field = check_environment(env, today=today)
    if cross_field:
        raise _error(source, cross_field, stack_text)
    return env


def definition_warnings(
    env: Environment, source: str, stack_text: str | None = None, today: datetime.date | None = None
) -> list[str]:
    """What is valid today but needs action soon (a Kubernetes version near its end of
    support), each as `file:line: path: message`."""
    found = version_warnings(env, today or utc_today())
    lines: dict[Path, int] = {}
    if stack_text is not None:
        lines = lines_for(index_under(stack_text, DOCUMENT_PATH, ROOT), (w.path for w in found))
    return [
        f"{source}:{lines[w.path]}: {w}" if w.path in lines else f"{source}: {w}" for w in found
    ]


def _rules_of_valid_clusters(raw: object, today: datetime.date) -> list[Problem]:
    """Cross-field rules on the cluster entries whose own shape is valid, so one run shows
    a shape error elsewhere and, say, an accelerator a cloud lacks."""
    if not isinstance(raw, dict) or not isinstance(raw.get("clusters"), list):
        return []
    try:
        private_cloud = PrivateCloud.model_validate(raw["privateCloud"])
    except (KeyError, ValidationError):
        private_cloud = None
    found: list[Problem] = []
    catalog = load_catalog()
    versions = load_version_catalog()
    for index, entry in enumerate(raw["clusters"]):
        try:
            cluster = Cluster.model_validate(entry)
        except ValidationError:
            continue
        found += check_cluster(index, cluster, private_cloud, catalog)
        found += cluster_version_problems(index, cluster, today, versions)
    return found


def load_from_config(
    config: Mapping[str, Any],
    secret_keys: Collection[str],
    source: str,
    stack_text: str | None = None,
) -> StackEnvironment:
    """The definition from a stack's whole configuration (full key -> value; structured
    values may be JSON text, as the language host hands them over), refusing at once the
    config keys of this project it does not read, credentials in plain text, and every
    problem of the definition itself."""
    values = {key: _decoded(value) for key, value in config.items()}
    problems = check_config_keys(list(values), PROJECT, [CONFIG_KEY])
    problems += check_plaintext_secrets(values, set(secret_keys))
    key = DOCUMENT_PATH[1]
    if key not in values:
        problems.append(Problem(ROOT, f"missing: set config key '{key}'"))
        raise _error(source, problems, stack_text)
    try:
        env = load_definition(values[key], source, stack_text)
    except DefinitionError as error:
        raise _error(source, [*problems, *error.problems], stack_text) from None
    if problems:
        raise _error(source, problems, stack_text)
    return env


def _decoded(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("{", "["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def load_stack_file(stack_file: FilePath) -> StackEnvironment:
    """Read the definition straight from a stack file (tests, tools, schema checks),
    with the same strict reader as `hap` (no aliases, no duplicate keys, UTF-8 only)."""
    try:
        text = strict_yaml.decode(stack_file.read_bytes())
        document = strict_yaml.load(text) or {}
    except strict_yaml.StrictYamlError as error:
        raise DefinitionError(
            str(stack_file), [Problem((), error.message)], {(): error.line} if error.line else {}
        ) from None
    config = document.get("config", {}) if isinstance(document, dict) else {}
    if not isinstance(config, dict):
        raise DefinitionError(str(stack_file), [Problem(("config",), "must be a mapping")])
    secret = {key for key, value in config.items() if isinstance(value, dict) and "secure" in value}
    return load_from_config(config, secret, str(stack_file), text)


def _error(source: str, problems: list[Problem], stack_text: str | None) -> DefinitionError:
    lines = {}
    if stack_text is not None:
        index = line_index(stack_text)
        # The definition's paths start at `environment`, the config key's own value.
        size = len(DOCUMENT_PATH)
        index.update(
            {
                ROOT + path[size:]: line
                for path, line in index.items()
                if path[:size] == DOCUMENT_PATH
            }
        )
        lines = lines_for(index, (p.path for p in problems))
    return DefinitionError(source, problems, lines)


def _translate(detail: ErrorDetails, model: type[Environment]) -> Problem:
    # pydantic marks a bad mapping key with an extra "[key]" part; the key itself is the path.
    location: Path = ROOT + tuple(part for part in detail["loc"] if part != "[key]")
    kind = detail["type"]
    found = detail.get("input")
    if kind == "extra_forbidden":
        key = str(location[-1])
        allowed = _allowed_keys(model, location[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return Problem(location, f"unknown key '{key}'; {hint}allowed: {', '.join(allowed)}")
    if kind == "missing":
        return Problem(location, "required key is missing")
    if kind in ("model_type", "dict_type"):
        return Problem(location, f"found {_show(found)}; must be a mapping of keys to values")
    if kind == "too_long":
        limit = (detail.get("ctx") or {}).get("max_length")
        size = len(found) if hasattr(found, "__len__") else "too many"
        return Problem(location, f"has {size} entries; at most {limit}")
    if kind == "string_pattern_mismatch":
        pattern = (detail.get("ctx") or {}).get("pattern", "")
        help_text = _PATTERN_HELP.get(pattern, f"match {pattern}")
        return Problem(location, f"found {_show(found)}; must be {help_text}")
    message = detail["msg"].removeprefix("Value error, ")
    message = message.replace("Input should be", "must be")
    return Problem(location, f"found {_show(found)}; {message}")


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(root: type[Environment], location: Path) -> list[str]:
    """The YAML keys of the model found at `location` below `root` (for 'did you mean')."""
    model: type[BaseModel] | None = root
    for part in location[len(ROOT) :]:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = next(
            (f for name, f in model.model_fields.items() if (f.alias or name) == part), None
        )
        model = _model_in(field.annotation) if field else None
    if model is None:
        return []
    return sorted(f.alias or name for name, f in model.model_fields.items())


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside `X | None`, `tuple[X, ...]`, `Annotated[X, ...]`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is dict:
        return None
    if origin is not None or isinstance(annotation, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None
