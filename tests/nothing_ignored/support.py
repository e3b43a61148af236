"""The machinery of the "nothing ignored" table (`table.py`): walking the definition models,
finding each use of a field in a stack's definition, and checking that it landed.

A field path is written as in YAML, with `[]` for a list: `clusters[].nodePools[].max`.
An *occurrence* is one place a definition sets that field (`clusters[1].nodePools[0].max`
of `prod`); a *landing* says where its value must be found in that stack's preview.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pydantic import BaseModel
from pydantic.alias_generators import to_camel

from hap.plan import Plan, PlannedResource
from hybrid_ai_platform import spec

# The entries that say which cloud they are built on.
CLOUD_OWNERS = (spec.Cluster, spec.Endpoint, spec.Pipeline)
Expect = Callable[["Occurrence"], Any]


# -- the models -------------------------------------------------------------------------


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation holds: `X`, `X | None`, `tuple[X, ...]`, `Annotated[X, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _models_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list):
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return origin in (tuple, list)


def _key(name: str, model: type[BaseModel]) -> str:
    return model.model_fields[name].alias or to_camel(name)


def leaf_fields(model: type[BaseModel], prefix: str = "") -> dict[str, type[BaseModel]]:
    """Every field path under `model` that holds a value rather than a section (a nested
    model or a list of them), with the model that declares it. A section is covered by
    its fields: nothing of it can be set but through them."""
    found: dict[str, type[BaseModel]] = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{_key(name, model)}"
        nested = _models_in(info.annotation)
        if not nested:
            found[path] = model
            continue
        suffix = "[]" if _is_list(info.annotation) else ""
        for inner in nested:
            found.update(leaf_fields(inner, f"{path}{suffix}."))
    return found


# -- where a definition sets a field ----------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    """One place a stack's definition sets a field."""

    stack: str
    path: str  # `clusters[1].nodePools[0].max`
    value: Any
    # The models on the way down, the environment first: (env, cluster, pool).
    owners: tuple[BaseModel, ...]

    def owner(self, model: type[Any]) -> Any:
        """The nearest model of this type above the value."""
        for owner in reversed(self.owners):
            if isinstance(owner, model):
                return owner
        raise LookupError(f"{self.path} is not inside a {model.__name__}")

    @property
    def env(self) -> Any:
        return self.owners[0]

    @property
    def cloud(self) -> str | None:
        """The cloud of the cluster, endpoint or pipeline the field belongs to."""
        for owner in reversed(self.owners):
            if isinstance(owner, CLOUD_OWNERS):
                return owner.cloud
        return None


def occurrences(stack: str, env: BaseModel, field_path: str) -> Iterator[Occurrence]:
    """Every place `env` sets `field_path` explicitly (defaults it leaves alone are not
    the definition's choice)."""

    def walk(
        model: BaseModel, parts: Sequence[str], where: str, owners: tuple[BaseModel, ...]
    ) -> Iterator[Occurrence]:
        head, *rest = parts
        key = head.removesuffix("[]")
        names = {_key(name, type(model)): name for name in type(model).model_fields}
        name = names[key]
        if name not in model.model_fields_set:
            return
        value = getattr(model, name)
        path = f"{where}.{key}" if where else key
        if not rest:
            yield Occurrence(stack, path, value, owners)
            return
        if value is None:
            return
        items = enumerate(value) if head.endswith("[]") else [(None, value)]
        for index, item in items:
            at = path if index is None else f"{path}[{index}]"
            yield from walk(item, rest, at, (*owners, item))

    yield from walk(env, field_path.split("."), "", (env,))


def sections(stack: str, env: BaseModel, section_path: str) -> Iterator[tuple[str, BaseModel]]:
    """(concrete path, model) of every entry of a section: `clusters[]` -> each cluster."""
    for occ in occurrences(stack, env, section_path):
        if isinstance(occ.value, tuple):
            for index, item in enumerate(occ.value):
                yield f"{occ.path}[{index}]", item
        elif isinstance(occ.value, BaseModel):
            yield occ.path, occ.value


# -- reading a planned resource ---------------------------------------------------------

_STEP = re.compile(r"^(?P<key>[^\[]+)(\[(?P<field>[^=\]]+)=(?P<value>[^\]]*)\])?$")


class _Absent:
    def __repr__(self) -> str:
        return "nothing"


# What `read` finds where a resource has no such property; an `expect` may ask for it.
ABSENT: Any = _Absent()
_MISSING = ABSENT


def read(values: Any, prop: str) -> Any:
    """`scalingConfig.maxSize`, `agentPoolProfiles[name=system].maxCount` (a list item by
    one of its fields) out of a resource's inputs; `_MISSING` where there is nothing."""
    for step in prop.split("."):
        match = _STEP.match(step)
        assert match, f"bad property step {step!r}"
        if not isinstance(values, Mapping) or match["key"] not in values:
            return _MISSING
        values = values[match["key"]]
        if match["field"]:
            chosen = [
                item
                for item in values
                if isinstance(item, Mapping) and str(item.get(match["field"])) == match["value"]
            ]
            if len(chosen) != 1:
                return _MISSING
            values = chosen[0]
    return values


def holds(planned: Any, expected: Any, contains: bool) -> bool:
    """Equal, or with `contains`: a sub-mapping (recursively), an element of a list (or
    every element of an expected list), a substring of a string."""
    if not contains:
        return bool(planned == expected)
    if isinstance(planned, list | tuple):
        wanted = expected if isinstance(expected, list | tuple) else [expected]
        return all(any(holds(item, one, True) for item in planned) for one in wanted)
    if isinstance(expected, Mapping):
        return isinstance(planned, Mapping) and all(
            key in planned and holds(planned[key], value, True) for key, value in expected.items()
        )
    if isinstance(planned, str) and isinstance(expected, list | tuple):
        return all(holds(planned, one, True) for one in expected)
    if isinstance(planned, str) and isinstance(expected, str):
        return expected in planned
    return bool(planned == expected)


def shown(value: Any) -> str:
    return "nothing" if value is _MISSING else repr(value)


# -- where an occurrence lands ----------------------------------------------------------


class Locator(Protocol):
    """Finds the planned resources one occurrence must reach, each with the property
    prefix its values sit under (`agentPoolProfiles[name=system].` for AKS's inline pool)."""

    def find(self, plan: Plan, occ: Occurrence) -> list[tuple[PlannedResource, str]]: ...

    def what(self, occ: Occurrence) -> str: ...


@dataclass(frozen=True)
class Named:
    """The resource of this type with the logical name `name(occurrence)`."""

    type_: str
    name: Callable[[Occurrence], str]

    def find(self, plan: Plan, occ: Occurrence) -> list[tuple[PlannedResource, str]]:
        wanted = self.name(occ)
        return [(r, "") for r in plan.of_type(self.type_) if r.name == wanted]

    def what(self, occ: Occurrence) -> str:
        return f"{self.type_} {self.name(occ)}"


@dataclass(frozen=True)
class Every:
    """Every resource of this type (at least one)."""

    type_: str

    def find(self, plan: Plan, occ: Occurrence) -> list[tuple[PlannedResource, str]]:
        return [(r, "") for r in plan.of_type(self.type_)]

    def what(self, occ: Occurrence) -> str:
        return f"every {self.type_}"


@dataclass(frozen=True)
class ProviderOf:
    """The provider the located resource is created through."""

    of: Locator

    def find(self, plan: Plan, occ: Occurrence) -> list[tuple[PlannedResource, str]]:
        return [
            (plan.resource(resource.provider), "")
            for resource, _ in self.of.find(plan, occ)
            if resource.provider
        ]

    def what(self, occ: Occurrence) -> str:
        return f"the provider of {self.of.what(occ)}"


@dataclass(frozen=True)
class Picked:
    """A locator chosen per occurrence (AKS's system pool sits inside the cluster, the
    others are AgentPools)."""

    choose: Callable[[Occurrence], Locator]
    description: str

    def find(self, plan: Plan, occ: Occurrence) -> list[tuple[PlannedResource, str]]:
        return self.choose(occ).find(plan, occ)

    def what(self, occ: Occurrence) -> str:
        return self.choose(occ).what(occ)


@dataclass(frozen=True)
class Inside:
    """A list item inside the located resource: `agentPoolProfiles[name=system].`."""

    of: Locator
    prefix: Callable[[Occurrence], str]

    def find(self, plan: Plan, occ: Occurrence) -> list[tuple[PlannedResource, str]]:
        return [(r, self.prefix(occ)) for r, _ in self.of.find(plan, occ)]

    def what(self, occ: Occurrence) -> str:
        return f"{self.of.what(occ)} {self.prefix(occ).rstrip('.')}"


def _value(occ: Occurrence) -> Any:
    return list(occ.value) if isinstance(occ.value, tuple) else occ.value


class Landing(Protocol):
    def failure(self, plan: Plan, occ: Occurrence) -> str | None:
        """None when the occurrence landed; else what the preview has instead."""


@dataclass(frozen=True)
class Lands:
    """The value (as `expect` spells it for the cloud) is `prop` of the located resources'
    inputs (or outputs). `prop` may differ per resource type (a Magnum default pool is
    configured on the Cluster, the others on NodeGroups)."""

    at: Locator
    prop: str | Mapping[str, str] | Callable[[Occurrence], str]
    expect: Expect = _value
    contains: bool = False
    outputs: bool = False

    def failure(self, plan: Plan, occ: Occurrence) -> str | None:
        found = self.at.find(plan, occ)
        if not found:
            return f"the preview has no {self.at.what(occ)}"
        expected = self.expect(occ)
        relation = "containing" if self.contains else "with"
        for resource, prefix in found:
            prop = self._prop(resource, occ)
            planned = read(resource.outputs if self.outputs else resource.inputs, prefix + prop)
            if not holds(planned, expected, self.contains):
                where = "output" if self.outputs else "input"
                return (
                    f"expected {resource.type} {resource.name} {where} {prefix}{prop} "
                    f"{relation} {expected!r}, found {shown(planned)}"
                )
        return None

    def _prop(self, resource: PlannedResource, occ: Occurrence) -> str:
        if isinstance(self.prop, str):
            return self.prop
        if isinstance(self.prop, Mapping):
            return self.prop[resource.type]
        return self.prop(occ)


@dataclass(frozen=True)
class Choose:
    """A landing that depends on the occurrence (its value, or which pool it is)."""

    choose: Callable[[Occurrence], Landing]
    description: str

    def failure(self, plan: Plan, occ: Occurrence) -> str | None:
        return self.choose(occ).failure(plan, occ)


@dataclass(frozen=True)
class Invoked:
    """A data-source call with the value as its argument `arg`."""

    token: str
    arg: str
    expect: Expect = _value

    def failure(self, plan: Plan, occ: Occurrence) -> str | None:
        expected = self.expect(occ)
        calls = [call for call in plan.invokes if call.token == self.token]
        if any(call.args.get(self.arg) == expected for call in calls):
            return None
        return (
            f"expected a call of {self.token} with {self.arg}={expected!r}, found "
            f"{[call.args.get(self.arg) for call in calls]}"
        )


@dataclass(frozen=True)
class Holds:
    """A check that needs more than one property: `check` returns what it found when the
    value did not land, None when it did."""

    what: str
    check: Callable[[Plan, Occurrence], str | None]

    def failure(self, plan: Plan, occ: Occurrence) -> str | None:
        found = self.check(plan, occ)
        return None if found is None else f"expected {self.what}, found {found}"


@dataclass(frozen=True)
class Refused:
    """Valid in shape but refused by validation, with its path and line: `value` set on
    the first entry of that cloud that `where` accepts (with `alongside` set on the same
    entry) in a stack that has one."""

    value: Any
    alongside: Mapping[str, Any] = field(default_factory=dict)
    # Which entries of that cloud can take it (e.g. a GPU pool, not the system pool).
    where: Callable[[Any], bool] = lambda entry: True


Where = Landing | Refused | tuple[Landing | Refused, ...]


@dataclass(frozen=True)
class PerCloud:
    """Where a field of a cluster, endpoint or pipeline lands on each cloud."""

    aws: Where | None = None
    azure: Where | None = None
    gcp: Where | None = None
    openstack: Where | None = None

    def on(self, cloud: str) -> tuple[Landing | Refused, ...] | None:
        where = getattr(self, cloud)
        if where is None:
            return None
        return where if isinstance(where, tuple) else (where,)


def landings_of(where: Where | PerCloud, cloud: str | None) -> tuple[Landing | Refused, ...] | None:
    if isinstance(where, PerCloud):
        return where.on(cloud) if cloud else None
    return where if isinstance(where, tuple) else (where,)
