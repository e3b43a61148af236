"""The floor: a bare Pulumi program that registers exactly what a plan registered.

Usage: python benchmarks/replay.py PLAN.json [--sdk-imports | --typed] [--check]

It reads a plan written by `hap preview STACK --json PLAN.json` and registers the same
resources (types, names, parents, providers, dependencies, inputs) under Pulumi's own mock
runtime (`pulumi.runtime.set_mocks` with `Mocks` that echo the inputs), with none of hap's
recording, fakes, policies or cost. Three floors:
  (default)      `pulumi.CustomResource(type, name, inputs)`, no SDK loaded ("bare")
  --sdk-imports  the same, after importing the SDK modules that define those types ("raw")
  --typed        each resource through its SDK's generated class, as a program written with
                 the SDKs does (`aws.ec2.Vpc(name, cidr_block=..., opts=...)`; see
                 sdk_classes.py); `pulumi.CustomResource` only for a type with no class
The same process tricks as `hap` apply (no cyclic GC while running, no interpreter
teardown), so the difference to `hap preview` is hap's own work.

`--check` also keeps what the mock's `new_resource` receives and compares it, after the
program, with the plan: type, name and inputs of every resource (the plan's JSON spelling:
assets as `fn::...`, secrets unwrapped). Timed runs leave it off.

Prints one JSON line: resources registered, how many went through a generated class, as
components and as `CustomResource` for want of a class, seconds spent in imports and in the
program; with `--check`, the number of resources that differ and the first differences.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from sdk_classes import PROVIDER_PREFIX, GeneratedClass, generated_class, import_packages

STACK_TYPE = "pulumi:pulumi:Stack"


def sdk_module(type_token: str) -> str | None:
    """`aws:ec2/vpc:Vpc` -> `pulumi_aws.ec2`; `kubernetes:core/v1:Namespace` ->
    `pulumi_kubernetes.core.v1`; `azure-native:network:VirtualNetwork` ->
    `pulumi_azure_native.network`. None for components and Pulumi's own types."""
    parts = type_token.split(":")
    if len(parts) != 3 or parts[0] == "pulumi":
        return None
    package, module, _ = parts
    if package == "kubernetes":
        # helm.sh/v3 -> helm.v3, core/v1 -> core.v1
        module_path = module.replace(".sh", "").replace("/", ".")
    else:
        module_path = module.split("/")[0]
    base = "pulumi_" + package.replace("-", "_")
    return base if module_path in ("", "index") else f"{base}.{module_path}"


def import_sdks(resources: Iterable[dict[str, Any]]) -> None:
    """Load the SDK class of every type, as the program's `aws.ec2.Vpc(...)` does: the SDK
    packages load their submodules lazily, on first attribute access."""
    for type_token in sorted({resource["type"] for resource in resources}):
        module = sdk_module(type_token)
        if module is None:
            continue
        try:
            getattr(importlib.import_module(module), type_token.rsplit(":", 1)[1], None)
        except ImportError:
            # A component package's own type prefix (e.g. `hybrid:...`) is not an SDK.
            continue


def registration_order(resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents, providers and dependencies before the resources that name them."""
    by_urn = {resource["urn"]: resource for resource in resources}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()

    def place(resource: dict[str, Any], visiting: set[str]) -> None:
        urn = resource["urn"]
        if urn in placed or urn in visiting:
            return
        visiting.add(urn)
        for needed in _needs(resource):
            if needed in by_urn:
                place(by_urn[needed], visiting)
        placed.add(urn)
        ordered.append(resource)

    for resource in resources:
        place(resource, set())
    return ordered


def _needs(resource: dict[str, Any]) -> list[str]:
    needs = list(resource.get("dependencies") or [])
    if resource.get("parent"):
        needs.append(resource["parent"])
    if resource.get("provider"):
        needs.append(_provider_urn(resource["provider"]))
    return needs


def _provider_urn(reference: str) -> str:
    # The plan names a provider by its URN; the engine's own form is "<urn>::<id>".
    if reference.count("::") > 3:
        return reference.rsplit("::", 1)[0]
    return reference


@dataclass
class Replayed:
    """What one replay registered, and (with `keep_received`) what the mock received."""

    resources: int = 0
    generated: int = 0  # through an SDK's generated class (providers included)
    components: int = 0
    untyped: int = 0  # custom resources of a type no installed SDK has a class for
    received: list[tuple[str, str, Any]] = field(default_factory=list)


def load_classes(resources: Iterable[dict[str, Any]]) -> dict[str, GeneratedClass | None]:
    """Import the SDKs and find the generated class of every type, as the program's
    `import pulumi_aws as aws` and `aws.ec2.Vpc` do (the SDKs load submodules lazily)."""
    types = {resource["type"] for resource in resources} - {STACK_TYPE}
    import_packages(types)
    return {type_token: generated_class(type_token) for type_token in sorted(types)}


def replay(
    plan: dict[str, Any],
    classes: Mapping[str, GeneratedClass | None] | None = None,
    keep_received: bool = False,
) -> Replayed:
    """Register the plan's resources; through `classes` where one is given (the typed floor),
    else as `pulumi.CustomResource`."""
    import pulumi
    from pulumi.runtime import Mocks, set_mocks

    replayed = Replayed()

    class EchoMocks(Mocks):
        def new_resource(self, args: Any) -> tuple[str, dict[str, Any]]:
            if keep_received:
                replayed.received.append((args.typ, args.name, args.inputs))
            return f"{args.name}-id", echo(args.typ, args.inputs)

        def call(self, args: Any) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
            return {}, None

    set_mocks(EchoMocks(), project=plan["project"], stack=plan["stack"], preview=True)
    created: dict[str, pulumi.Resource] = {}
    for resource in registration_order(plan["resources"]):
        type_token = resource["type"]
        if type_token == STACK_TYPE:
            continue
        parent = created.get(resource.get("parent") or "")
        provider = created.get(_provider_urn(resource.get("provider") or ""))
        depends_on = [created[urn] for urn in resource.get("dependencies") or [] if urn in created]
        options = pulumi.ResourceOptions(
            parent=parent,
            provider=provider if isinstance(provider, pulumi.ProviderResource) else None,
            depends_on=depends_on,
            protect=resource.get("protect", False),
        )
        inputs = resource.get("inputs") or {}
        name = resource["name"]
        generated = classes.get(type_token) if classes is not None else None
        if generated is not None:
            created[resource["urn"]] = generated.cls(
                name, opts=options, **generated.keywords(inputs)
            )
            replayed.generated += 1
        elif type_token.startswith(PROVIDER_PREFIX):
            package = type_token[len(PROVIDER_PREFIX) :]
            created[resource["urn"]] = pulumi.ProviderResource(package, name, inputs, options)
        elif _is_component(resource):
            component = pulumi.ComponentResource(type_token, name, None, options)
            component.register_outputs({})
            created[resource["urn"]] = component
            replayed.components += 1
        else:
            created[resource["urn"]] = pulumi.CustomResource(type_token, name, inputs, options)
            replayed.untyped += 1
        replayed.resources += 1
    _wait_for_registrations()
    return replayed


def echo(type_token: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """The mock's answer: the inputs, as a preview engine answers with what it was given,
    in the shape the generated classes read back. ARM (and the azure-native classes'
    output types) give `identity.userAssignedIdentities`, a list of ids in the request, as
    a map by id; echoed as a list, the class's output translation fails."""
    answer = dict(inputs)
    identity = answer.get("identity")
    if (
        type_token.startswith("azure-native:")
        and isinstance(identity, dict)
        and isinstance(identity.get("userAssignedIdentities"), list)
    ):
        ids = identity["userAssignedIdentities"]
        answer["identity"] = {**identity, "userAssignedIdentities": {str(i): {} for i in ids}}
    return answer


def _is_component(resource: dict[str, Any]) -> bool:
    # The plan JSON has no `custom` flag; components are the types of no installed SDK
    # (this project's own `hybrid:...` tokens).
    module = sdk_module(resource["type"])
    if module is None:
        return True
    return importlib.util.find_spec(module.split(".")[0]) is None


def _wait_for_registrations() -> None:
    import asyncio

    from pulumi.runtime.stack import wait_for_rpcs

    asyncio.get_event_loop().run_until_complete(wait_for_rpcs())


def differences(
    resources: Iterable[dict[str, Any]], received: Iterable[tuple[str, str, Any]]
) -> list[str]:
    """One line per resource whose type, name or inputs the mock received otherwise than
    the plan recorded (or received not at all, or received without the plan having it)."""
    expected: dict[tuple[str, str], list[str]] = {}
    for resource in resources:
        if resource["type"] != STACK_TYPE:
            key = (resource["type"], resource["name"])
            expected.setdefault(key, []).append(_canonical(resource.get("inputs") or {}))
    got: dict[tuple[str, str], list[str]] = {}
    for type_token, name, inputs in received:
        got.setdefault((type_token, name), []).append(_canonical(plan_spelling(inputs)))
    found = []
    for key in sorted(set(expected) | set(got)):
        wanted, seen = sorted(expected.get(key, [])), sorted(got.get(key, []))
        if wanted == seen:
            continue
        if not seen or not wanted:
            where = "not received" if not seen else "received, not in the plan"
            found.append(f"{key[0]} {key[1]}: {where}")
        else:
            found.append(f"{key[0]} {key[1]}: {_first_difference(wanted, seen)}")
    return found


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=repr)


def _first_difference(wanted: list[str], seen: list[str]) -> str:
    recorded, received = json.loads(wanted[0]), json.loads(seen[0])
    for key in sorted(set(recorded) | set(received)):
        if recorded.get(key, "<absent>") != received.get(key, "<absent>"):
            before = _canonical(recorded.get(key, "<absent>"))[:100]
            after = _canonical(received.get(key, "<absent>"))[:100]
            return f"{key}: recorded {before}, received {after}"
    return f"{len(wanted)} recorded, {len(seen)} received"


def plan_spelling(value: Any) -> Any:
    """A value as the mock received it, spelled as hap's plan JSON spells the wire
    (hap/wire.py, hap/plan.py): secrets unwrapped (the plan shows "[secret]" in their
    place, which is what was replayed), assets and archives as `fn::...`, whole numbers
    as int."""
    import pulumi
    from pulumi.runtime import rpc

    if isinstance(value, dict):
        if value.get(rpc._special_sig_key) == rpc._special_secret_sig:
            return plan_spelling(value.get("value"))
        return {key: plan_spelling(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plan_spelling(item) for item in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, pulumi.AssetArchive):
        return {"fn::assetArchive": {k: plan_spelling(v) for k, v in value.assets.items()}}
    for kind, attribute in _ASSET_FIELDS.items():
        if type(value).__name__ == kind:
            return {f"fn::{kind[0].lower()}{kind[1:]}": getattr(value, attribute)}
    return value


_ASSET_FIELDS = {
    "FileAsset": "path",
    "StringAsset": "text",
    "RemoteAsset": "uri",
    "FileArchive": "path",
    "RemoteArchive": "uri",
}
MAX_DIFFERENCES_SHOWN = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--sdk-imports", action="store_true")
    kind.add_argument("--typed", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    gc.disable()
    plan = json.loads(args.plan.read_text())
    started = time.perf_counter()
    classes = None
    if args.typed:
        classes = load_classes(plan["resources"])
    elif args.sdk_imports:
        import_sdks(plan["resources"])
    imported = time.perf_counter()
    replayed = replay(plan, classes, keep_received=args.check)
    finished = time.perf_counter()
    report: dict[str, Any] = {
        "resources": replayed.resources,
        "generated_classes": replayed.generated,
        "components": replayed.components,
        "untyped": replayed.untyped,
        "imports_s": round(imported - started, 3),
        "program_s": round(finished - imported, 3),
    }
    if args.check:
        found = differences(plan["resources"], replayed.received)
        report["mismatches"] = len(found)
        report["differences"] = found[:MAX_DIFFERENCES_SHOWN]
    print(json.dumps(report))
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
