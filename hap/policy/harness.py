"""A test harness for CrossGuard policies: resources from plain dicts, run like the engine.

    from hap.policy.harness import provider, resource, run_policy, stack

    aws = provider("aws", {"region": "us-east-1"})
    cluster = resource("aws:eks/cluster:Cluster", {"vpcConfig": {...}}, provider=aws)
    report = run_policy(endpoint_not_public, cluster)
    assert [v.detail for v in report.violations] == [...]

Inputs are written as the engine sees them: Pulumi (camelCase) property names; values may
be `hap.plan.Secret(...)` and `hap.plan.UNKNOWN`. A resource policy gets the inputs; a
stack policy gets `outputs` (default: the inputs). `stack([...], config=...)` builds a
whole stack (adding the root stack and the providers the resources use) and takes the
stack's config (`{"hybrid-ai-platform:environment": {...}}`), which packs read like a
program. Everything goes through `hap.policy.runner`, the code `hap policy` runs, so a
policy behaves here as it does in a preview.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pulumi_policy import EnforcementLevel, Policy

from hap.plan import PROVIDER_TYPE_PREFIX, ROOT_STACK_TYPE, Plan, PlannedResource
from hap.policy.pack import LoadedPack
from hap.policy.report import PolicyReport
from hap.policy.runner import run_pack

PROJECT = "harness"
STACK = "test"
ROOT_URN = f"urn:pulumi:{STACK}::{PROJECT}::{ROOT_STACK_TYPE}::{PROJECT}-{STACK}"

# Providers made by `provider()`, by URN: a resource only keeps its provider's URN.
_providers: dict[str, PlannedResource] = {}


def resource(
    type_: str,
    inputs: Mapping[str, Any] | None = None,
    *,
    name: str | None = None,
    outputs: Mapping[str, Any] | None = None,
    protect: bool = False,
    provider: PlannedResource | None = None,
    parent: PlannedResource | None = None,
    dependencies: Iterable[PlannedResource] = (),
    property_dependencies: Mapping[str, Iterable[PlannedResource]] | None = None,
    additional_secret_outputs: Iterable[str] = (),
    custom: bool = True,
    external: bool = False,
) -> PlannedResource:
    """One resource registration. `name` defaults to the type's last segment, lowercased."""
    name = name or type_.rsplit(":", 1)[-1].lower()
    inputs = dict(inputs or {})
    return PlannedResource(
        urn=_urn(type_, name, parent),
        type=type_,
        name=name,
        custom=custom,
        parent=parent.urn if parent is not None else ROOT_URN,
        dependencies=tuple(sorted(dependency.urn for dependency in dependencies)),
        property_dependencies={
            key: tuple(dependency.urn for dependency in values)
            for key, values in (property_dependencies or {}).items()
        },
        provider=provider.urn if provider is not None else None,
        protect=protect,
        retain_on_delete=False,
        aliases=(),
        inputs=inputs,
        outputs=dict(outputs) if outputs is not None else inputs,
        additional_secret_outputs=tuple(additional_secret_outputs),
        external=external,
    )


def provider(
    package: str, inputs: Mapping[str, Any] | None = None, *, name: str | None = None
) -> PlannedResource:
    """An explicit provider of `package` (`aws`, `azure-native`, `gcp`, `kubernetes`, ...);
    `stack` adds it to any stack whose resources use it."""
    made = resource(f"{PROVIDER_TYPE_PREFIX}{package}", inputs, name=name or f"{package}-provider")
    _providers[made.urn] = made
    return made


def component(type_: str, name: str, *, parent: PlannedResource | None = None) -> PlannedResource:
    """A component resource (no inputs, no provider), to parent other resources."""
    return resource(type_, {}, name=name, parent=parent, custom=False)


def stack(
    resources: Iterable[PlannedResource],
    *,
    config: Mapping[str, Any] | None = None,
    outputs: Mapping[str, Any] | None = None,
) -> Plan:
    """A whole stack: the resources, the providers they name, and the root stack."""
    listed = {resource.urn: resource for resource in resources}
    for used in [resource.provider for resource in listed.values() if resource.provider]:
        if used not in listed and used in _providers:
            listed[used] = _providers[used]
    root = PlannedResource(
        urn=ROOT_URN, type=ROOT_STACK_TYPE, name=f"{PROJECT}-{STACK}", custom=False, parent=None,
        dependencies=(), property_dependencies={}, provider=None, protect=False,
        retain_on_delete=False, aliases=(), inputs={}, outputs=dict(outputs or {}),
    )  # fmt: skip
    listed.setdefault(ROOT_URN, root)
    return Plan(
        project=PROJECT,
        stack=STACK,
        resources=tuple(sorted(listed.values(), key=lambda r: r.urn)),
        outputs=dict(outputs or {}),
        config=dict(config or {}),
    )


def run_policy(
    policy: Policy,
    target: PlannedResource | Plan,
    config: Mapping[str, Any] | None = None,
    *,
    enforcement_level: EnforcementLevel | None = None,
) -> PolicyReport:
    """Run one policy on a resource (alone in a stack) or a stack. `config` holds the
    policy's properties (and optionally `enforcementLevel`), as in a pack config file."""
    plan = target if isinstance(target, Plan) else stack([target])
    pack = LoadedPack(
        directory=Path.cwd(),
        name="harness",
        version="0.0.1",
        policies=(policy,),
        enforcement_level=enforcement_level or EnforcementLevel.ADVISORY,
    )
    return run_pack(plan, {policy.name: dict(config)} if config else None, pack=pack)


def run_whole_pack(
    target: PlannedResource | Plan,
    config: Mapping[str, Any] | None = None,
    *,
    pack: LoadedPack,
) -> PolicyReport:
    """Run a whole pack (`load_pack(directory)`) on a resource or a stack, with a pack
    config in the `--policy-pack-config` format."""
    plan = target if isinstance(target, Plan) else stack([target])
    return run_pack(plan, config, pack=pack)


def _urn(type_: str, name: str, parent: PlannedResource | None) -> str:
    # The engine's URN: the parent's type chain (not the root stack's) before the type.
    chain = type_
    if parent is not None and parent.type != ROOT_STACK_TYPE:
        parent_chain = parent.urn.split("::")[2]
        chain = f"{parent_chain}${type_}"
    return f"urn:pulumi:{STACK}::{PROJECT}::{chain}::{name}"
