"""From a package component's arguments to the environment definition, and from the
definition's problems back to the component's properties. Pure: no resource is made here.

A component's arguments stand for a one-cluster environment (`hybrid_ai_platform.spec`):
`environment` is the definition's top level, `account` its `accounts.<cloud>`, `cluster`
its `clusters[0]` with the resource's name as `name`. Validation then runs exactly as for
a stack file (`hybrid_ai_platform.definition`), and each problem found at
`environment.clusters[0].nodePools[1].max` is reported on `cluster.nodePools[1].max`.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import pulumi
from pydantic.alias_generators import to_camel

from hybrid_ai_platform.definition import load_definition
from hybrid_ai_platform.problems import DefinitionError, Path, Problem, format_path
from hybrid_ai_platform.spec import Environment, PublicCloud

# The definition requires a monthly budget; nothing a package component builds reads it
# (budgets are the policy pack's, checked on the platform's own stacks): any valid value.
UNREAD_BUDGET_USD = 1.0


def validated_environment(
    resource: str, name: str, cloud: PublicCloud, args: Mapping[str, Any], args_type: type
) -> Environment:
    """The one-cluster environment `args` (typed by the TypedDict `args_type`) stand for,
    validated. Raises `pulumi.InputPropertiesError` listing every problem, each on the
    property that caused it; `resource` (`hybrid:index:EksGpuCluster 'gpu'`) heads the
    message."""
    problems = list(_unknown_values(args, ()))
    if not problems:
        try:
            return load_definition(definition(name, cloud, args, args_type), resource)
        except DefinitionError as error:
            problems = [_on_property(problem) for problem in error.problems]
    raise property_errors(resource, name, problems)


def definition(
    name: str, cloud: PublicCloud, args: Mapping[str, Any], args_type: type
) -> dict[str, Any]:
    """The environment definition, as a stack file would hold it (camelCase keys)."""
    hints = typing.get_type_hints(args_type)
    environment = as_yaml(args.get("environment", {}), hints["environment"])
    cluster = as_yaml(args.get("cluster", {}), hints["cluster"])
    return {
        **environment,
        "monthlyBudgetUsd": UNREAD_BUDGET_USD,
        "accounts": {cloud: as_yaml(args.get("account", {}), hints["account"])},
        "clusters": [{"name": name, "cloud": cloud, **cluster}],
    }


def as_yaml(value: Any, annotation: Any) -> Any:
    """`value`, typed by `annotation`, with the keys of its TypedDicts in camelCase and its
    enums as their values. Keys of plain mappings (labels, tags) stay as they are.

    Whole numbers arrive as floats (the wire has one number type; pulumi 3.272's
    `ComponentProvider.map_input_properties` converts integer properties and then stores
    the float anyway), so an integer field's whole float becomes an int; any other float
    is left for validation to refuse."""
    if isinstance(value, enum.Enum):
        return value.value
    if annotation is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if typing.is_typeddict(annotation) and isinstance(value, Mapping):
        hints = typing.get_type_hints(annotation)
        return {to_camel(key): as_yaml(item, hints.get(key)) for key, item in value.items()}
    if typing.get_origin(annotation) is list and isinstance(value, list):
        (item_type,) = typing.get_args(annotation)
        return [as_yaml(item, item_type) for item in value]
    return value


def property_errors(
    resource: str, name: str, problems: list[Problem]
) -> pulumi.InputPropertiesError:
    """Every problem as a property error (the engine shows each under the resource); one
    with the resource's name, which is no property, is in the message only."""
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"{resource}: {len(problems)} {noun}:"]
    errors: list[pulumi.InputPropertyErrorDetails] = []
    for problem in problems:
        if problem.path == ("name",):
            lines.append(f"  - the resource name '{name}' (the cluster's name): {problem.message}")
            continue
        lines.append(f"  - {problem}")
        errors.append({"property_path": format_path(problem.path), "reason": problem.message})
    return pulumi.InputPropertiesError("\n".join(lines), errors)


def _on_property(problem: Problem) -> Problem:
    """A problem of the definition on the component property it comes from; the cluster's
    `name` stays `("name",)`."""
    rest = problem.path[1:]  # below `environment`
    path: Path
    if rest[:2] == ("clusters", 0):
        path = ("name",) if rest[2:] == ("name",) else ("cluster", *rest[2:])
    elif rest[:1] == ("accounts",):
        path = ("account", *rest[2:])
    else:
        path = ("environment", *rest)
    return Problem(path, problem.message)


def _unknown_values(value: Any, path: Path) -> Iterator[Problem]:
    """Outputs of other resources: the values decide which resources exist, so they must be
    known before anything is created."""
    if isinstance(value, pulumi.Output):
        yield Problem(
            path,
            "must be a plain value, not another resource's output: it decides which "
            "resources the component creates, so it must be known at preview",
        )
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _unknown_values(item, (*path, to_camel(str(key))))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unknown_values(item, (*path, index))
