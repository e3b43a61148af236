"""The floor: a bare Pulumi program that registers exactly what a plan registered.

Usage: python benchmarks/replay.py PLAN.json [--sdk-imports]

It reads a plan written by `hap preview STACK --json PLAN.json` and registers the same
resources (types, names, parents, providers, dependencies, inputs) under Pulumi's own mock
runtime (`pulumi.runtime.set_mocks` with `Mocks` that echo the inputs), with none of hap's
recording, fakes, policies or cost. `--sdk-imports` first imports the provider SDK modules
that define those types, as the real program must. The same process tricks as `hap` apply
(no cyclic GC while running, no interpreter teardown), so the difference to `hap preview`
is hap's own work.

Prints one JSON line: resources registered, seconds spent in imports and in the program.
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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STACK_TYPE = "pulumi:pulumi:Stack"
PROVIDER_PREFIX = "pulumi:providers:"


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


def replay(plan: dict[str, Any]) -> int:
    import pulumi
    from pulumi.runtime import Mocks, set_mocks

    class EchoMocks(Mocks):
        def new_resource(self, args: Any) -> tuple[str, dict[str, Any]]:
            return f"{args.name}-id", dict(args.inputs)

        def call(self, args: Any) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
            return {}, None

    set_mocks(EchoMocks(), project=plan["project"], stack=plan["stack"], preview=True)
    created: dict[str, pulumi.Resource] = {}
    count = 0
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
        if type_token.startswith(PROVIDER_PREFIX):
            package = type_token[len(PROVIDER_PREFIX) :]
            created[resource["urn"]] = pulumi.ProviderResource(package, name, inputs, options)
        elif _is_component(resource):
            component = pulumi.ComponentResource(type_token, name, None, options)
            component.register_outputs({})
            created[resource["urn"]] = component
        else:
            created[resource["urn"]] = pulumi.CustomResource(type_token, name, inputs, options)
        count += 1
    _wait_for_registrations()
    return count


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("--sdk-imports", action="store_true")
    args = parser.parse_args()
    gc.disable()
    plan = json.loads(args.plan.read_text())
    started = time.perf_counter()
    if args.sdk_imports:
        import_sdks(plan["resources"])
    imported = time.perf_counter()
    count = replay(plan)
    finished = time.perf_counter()
    print(
        json.dumps(
            {
                "resources": count,
                "imports_s": round(imported - started, 3),
                "program_s": round(finished - imported, 3),
            }
        )
    )
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
