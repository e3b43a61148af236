"""From a package component's arguments to the environment definition, and from the
definition's problems back to the component's properties. Pure: no resource is made here.

A component's arguments stand for an environment (`hybrid_ai_platform.spec.Environment`)
holding just what the component builds: each argument has one place in it (`PLACES`):
`environment` is the definition's top level, `account` its `accounts.<cloud>`, `cluster`
its `clusters[0]` with the resource's name as `name` and the component's cloud as `cloud`.
Validation then runs exactly as for a stack file (`hybrid_ai_platform.definition`), without
the stack's budget, and each problem found at `environment.clusters[0].nodePools[1].max`
is reported on `cluster.nodePools[1].max`.
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import pulumi
from pydantic.alias_generators import to_camel

from hybrid_ai_platform.definition import load_environment
from hybrid_ai_platform.problems import DefinitionError, Path, Problem, format_path
from hybrid_ai_platform.spec import Cloud, Environment

# Each argument's place in the definition, below `environment`; `<cloud>` is the
# component's cloud.
PLACES: dict[str, Path] = {
    "environment": (),
    "account": ("accounts", "<cloud>"),
    "accounts": ("accounts",),
    "private_cloud": ("privateCloud",),
    "cluster": ("clusters", 0),
    "endpoint": ("endpoints", 0),
    "pipelines": ("pipelines",),
}
# The arguments that are the one entry of a list (an item): each takes the resource's name
# as its `name` and the component's cloud as its `cloud`.
ITEMS = frozenset({"cluster", "endpoint"})


def validated_environment(
    resource: str, name: str, cloud: Cloud | None, args: Mapping[str, Any], args_type: type
) -> Environment:
    """The environment `args` (typed by the TypedDict `args_type`) stand for, validated.
    Raises `pulumi.InputPropertiesError` listing every problem, each on the property that
    caused it; `resource` (`hybrid:index:EksGpuCluster 'gpu'`) heads the message. `cloud`:
    the component's, for `account` and the item (None for a component with neither)."""
    problems = list(_unknown_values(args, ()))
    if not problems:
        try:
            return load_environment(definition(name, cloud, args, args_type), resource)
        except DefinitionError as error:
            problems = [_on_property(problem, cloud, args_type) for problem in error.problems]
    raise property_errors(resource, name, problems, item_of(args_type))


def definition(
    name: str, cloud: Cloud | None, args: Mapping[str, Any], args_type: type
) -> dict[str, Any]:
    """The environment definition, as a stack file would hold it (camelCase keys)."""
    found: dict[str, Any] = {}
    for key, annotation in typing.get_type_hints(args_type).items():
        if key not in args:
            continue  # a required argument is refused by the SDK's own mapping
        value = as_yaml(args[key], annotation)
        place = _place(key, cloud)
        if key in ITEMS:
            # The one entry of its list (`("clusters", 0)`).
            value, place = [{"name": name, "cloud": cloud, **value}], place[:-1]
        if not place:
            found.update(value)
            continue
        # What is left are mapping keys (`accounts`, `aws`): lists are items, placed above.
        *parents, last = (str(part) for part in place)
        node = found
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return found


def _place(key: str, cloud: Cloud | None) -> Path:
    place = PLACES[key]
    if "<cloud>" not in place:
        return place
    assert cloud is not None, f"`{key}` is placed by the component's cloud"
    return tuple(cloud if part == "<cloud>" else part for part in place)


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
    resource: str, name: str, problems: list[Problem], item: str = "item"
) -> pulumi.InputPropertiesError:
    """Every problem as a property error (the engine shows each under the resource); one
    with the item's name (the resource's name) or its cloud (the component's), which are
    no properties, is in the message only. `item`: what the resource's name names."""
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"{resource}: {len(problems)} {noun}:"]
    errors: list[pulumi.InputPropertyErrorDetails] = []
    for problem in problems:
        if problem.path == ("name",):
            lines.append(f"  - the resource name '{name}' (the {item}'s name): {problem.message}")
            continue
        if problem.path == ("cloud",):
            lines.append(f"  - the component's cloud (the {item}'s cloud): {problem.message}")
            continue
        lines.append(f"  - {problem}")
        errors.append({"property_path": format_path(problem.path), "reason": problem.message})
    return pulumi.InputPropertiesError("\n".join(lines), errors)


def item_of(args_type: type) -> str:
    """The argument that is the definition's one entry of a list, if any ("item" if not)."""
    return next((key for key in typing.get_type_hints(args_type) if key in ITEMS), "item")


def _on_property(problem: Problem, cloud: Cloud | None, args_type: type) -> Problem:
    """A problem of the definition on the argument whose place holds its path (the
    deepest place: `account` before `environment`); the item's `name` and `cloud` stay
    `("name",)` and `("cloud",)`."""
    rest = problem.path[1:]  # below `environment`
    places = sorted(
        ((_place(key, cloud), key) for key in typing.get_type_hints(args_type)),
        key=lambda place_key: -len(place_key[0]),
    )
    for place, key in places:
        if rest[: len(place)] != place:
            continue
        below = rest[len(place) :]
        if key in ITEMS and below in (("name",), ("cloud",)):
            return Problem(below, problem.message)
        return Problem((to_camel(key), *below), problem.message)
    return problem  # nothing places it: shown with the definition's own path


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
