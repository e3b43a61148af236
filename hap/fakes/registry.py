"""The registry of fakes: type token -> function that invents a resource's outputs.

A resource fake is `fn(name, inputs, env) -> dict` returning the properties a real provider
would compute (ids, ARNs, endpoints, ...), using wire (camelCase) property names. The
registry merges them over the inputs, so programs can read every input back. A key `"id"`
in the returned dict becomes the resource's id (it is not an output property). An invoke
fake is `fn(args, env) -> dict`.

Fakes must be deterministic: derive everything from `hap.fakes.ids` (a hash of type and
name), never from randomness or the clock. To add a type:

    @resource_fake("aws:sqs/queue:Queue")
    def _queue(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
        ...

and import the module in `hap/fakes/__init__.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hap.fakes import ids

Inputs = Mapping[str, Any]


@dataclass(frozen=True)
class FakeEnv:
    """What a fake may know besides the resource's own inputs.

    `provider` holds the inputs of the explicit provider resource the resource uses (JSON
    strings already decoded), `config` the stack's configuration as the program sees it,
    `stack_outputs` what referenced stacks export.
    """

    type: str
    provider: Mapping[str, Any] = field(default_factory=dict)
    config: Mapping[str, str] = field(default_factory=dict)
    # Outputs of stacks the program references (`StackReference`), by stack name; values
    # may hold `hap.plan.Secret` markers. Empty: every referenced stack has no outputs.
    stack_outputs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def setting(self, inputs: Inputs, key: str, config_key: str, default: str) -> str:
        """A resource input, else the provider's setting, else stack config, else `default`."""
        for candidate in (inputs.get(key), self.provider.get(key), self.config.get(config_key)):
            if isinstance(candidate, str) and candidate:
                return candidate
        return default


ResourceFake = Callable[[str, Inputs, FakeEnv], dict[str, Any]]
InvokeFake = Callable[[Inputs, FakeEnv], dict[str, Any]]

_RESOURCE_FAKES: dict[str, ResourceFake] = {}
_PREFIX_FAKES: dict[str, ResourceFake] = {}
_INVOKE_FAKES: dict[str, InvokeFake] = {}
_EXACT_INVOKES: set[str] = set()


def resource_fake(*type_tokens: str) -> Callable[[ResourceFake], ResourceFake]:
    """Register a fake for exact type tokens (`aws:ec2/vpc:Vpc`)."""

    def register(fake: ResourceFake) -> ResourceFake:
        for token in type_tokens:
            _RESOURCE_FAKES[token] = fake
        return fake

    return register


def package_fake(*prefixes: str) -> Callable[[ResourceFake], ResourceFake]:
    """Register a fallback for every type of a package (`aws:`), used when no exact fake exists."""

    def register(fake: ResourceFake) -> ResourceFake:
        for prefix in prefixes:
            _PREFIX_FAKES[prefix] = fake
        return fake

    return register


def invoke_fake(*tokens: str, exact: bool = False) -> Callable[[InvokeFake], InvokeFake]:
    """Register a fake for provider functions (`aws:index/getRegion:getRegion`).

    `exact=True`: the provider computes the result without the cloud (parsing YAML) and
    the fake does the same computation, so its result is not an approximation.
    """

    def register(fake: InvokeFake) -> InvokeFake:
        for token in tokens:
            _INVOKE_FAKES[token] = fake
            if exact:
                _EXACT_INVOKES.add(token)
        return fake

    return register


def registered_resource_types() -> frozenset[str]:
    return frozenset(_RESOURCE_FAKES)


def has_resource_fake(type_: str) -> bool:
    """True when a hand-written fake (not only a package fallback) models this type."""
    return type_ in _RESOURCE_FAKES


def fake_resource(
    type_: str, name: str, inputs: Inputs, env: FakeEnv
) -> tuple[str, dict[str, Any]]:
    """The id and the computed properties (not yet merged with the inputs) of a resource."""
    fake = _RESOURCE_FAKES.get(type_) or _package_fallback(type_)
    extra: dict[str, Any] = {}
    if fake is not None:
        try:
            extra = fake(name, inputs, env)
        except Exception as error:
            # A fake must never be the reason a preview fails silently or obscurely.
            raise RuntimeError(f"hap fake for {type_} failed on {name!r}: {error!r}") from error
    resource_id = extra.pop("id", None)
    if not isinstance(resource_id, str) or not resource_id:
        resource_id = ids.default_id(type_, name)
    return resource_id, extra


def fake_invoke(token: str, args: Inputs, env: FakeEnv) -> dict[str, Any]:
    """The result of a provider function (see `answer_invoke`); `{}` for a function the
    installed SDKs do not have either."""
    return answer_invoke(token, args, env)[0]


def answer_invoke(token: str, args: Inputs, env: FakeEnv) -> tuple[dict[str, Any], str | None]:
    """The result of a provider function and what it was made from.

    The SDK's result type gives every field a typed value (`hap.fakes.derived`); a
    hand-written fake, where one exists, overrides the fields where realism matters. The
    second item says which: "exact" (a fake doing the provider's own local computation),
    "modelled" (a hand-written fake), the SDK result class's name, or None when neither
    exists (the result is then `{}`).
    """
    from hap.fakes.derived import derived_invoke, location_for, project_for

    base = derived_invoke(token, args, location_for(token, args, env), project_for(args, env))
    fake = _INVOKE_FAKES.get(token)
    if fake is None:
        if base is None:
            return {}, None
        from hap.fakes.derived import result_type

        cls = result_type(token)
        return base, cls.__name__ if cls is not None else None
    try:
        modelled = fake(args, env)
    except Exception as error:
        raise RuntimeError(f"hap fake for invoke {token} failed: {error!r}") from error
    if token in _EXACT_INVOKES:
        return modelled, "exact"
    return merge_outputs(base or {}, modelled), "modelled"


def merge_outputs(inputs: Inputs, extra: Mapping[str, Any]) -> dict[str, Any]:
    """Computed properties over the inputs; nested objects merge key by key."""
    merged = dict(inputs)
    for key, value in extra.items():
        current = merged.get(key)
        if isinstance(current, Mapping) and isinstance(value, Mapping):
            merged[key] = merge_outputs(current, value)
        else:
            merged[key] = value
    return merged


def decode_provider_inputs(inputs: Inputs) -> dict[str, Any]:
    """Provider resources receive nested settings as JSON strings (`defaultTags`): decode them."""
    decoded: dict[str, Any] = {}
    for key, value in inputs.items():
        if isinstance(value, str) and value[:1] in ("{", "["):
            try:
                decoded[key] = json.loads(value)
                continue
            except ValueError:
                pass
        decoded[key] = value
    return decoded


def _package_fallback(type_: str) -> ResourceFake | None:
    package = type_.split(":", 1)[0] + ":"
    return _PREFIX_FAKES.get(package)


def text(inputs: Inputs, key: str) -> str | None:
    """`inputs[key]` if it is a known, non-secret, non-empty string; else None."""
    value = inputs.get(key)
    return value if isinstance(value, str) and value else None


def mapping(inputs: Inputs, key: str) -> Mapping[str, Any]:
    """`inputs[key]` if it is a known object; else an empty mapping."""
    value = inputs.get(key)
    return value if isinstance(value, Mapping) else {}
