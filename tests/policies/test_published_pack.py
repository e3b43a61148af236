"""The policy pack published on its own: a copy of `policies/` alone, run where this
repository's packages cannot be imported, still runs every rule, the budget rule included,
and says what it says in the repository.

The copy runs in a fresh interpreter started with `-S`, so the editable install of this
project (a finder that would serve `hybrid_ai_platform`, `hap`, `hybrid_policies` from the
repository) never loads. Its `sys.path` is what the CLI gives a pack's virtualenv: the pack
directory first, then installed packages: the third-party ones from this venv's
site-packages and `hybrid_ai_shared`, which `policies/requirements.txt` declares, copied
into a directory of its own as an install would put it. The stack is prod's real plan,
handed over as the engine hands a stack policy its resources (outputs, linked by URN).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hap.plan import Plan
from hap.policy import LoadedPack, run_pack
from hap.policy.runner import program_config
from hap.policy.values import to_policy_props

REPOSITORY = Path(__file__).parents[2]
BUDGET = "common-cost-within-budget"
ONE_DOLLAR = {BUDGET: {"monthlyBudgetUsd": 1}}

# Runs inside the copy: rebuilds the stack policy's resources as the SDK links them, runs
# every stack policy of the pack, and reports what it said and which modules it loaded.
RUN_PACK = """
import json, sys
import pulumi.runtime
from pulumi_policy import (PolicyCustomTimeouts, PolicyProviderResource, PolicyResource,
                           PolicyResourceOptions, StackValidationArgs, StackValidationPolicy)
from pulumi_policy.proxy import unknown_checking_proxy
from hybrid_policies import pack

stack = json.loads(open(sys.argv[1], encoding="utf-8").read())
by_urn = {r["urn"]: r for r in stack["resources"]}
pulumi.runtime.set_all_config(stack["config"])
built = {
    r["urn"]: PolicyResource(
        r["type"], unknown_checking_proxy(r["props"]), r["urn"], r["name"],
        PolicyResourceOptions(r["protect"], [], None, [], PolicyCustomTimeouts(0, 0, 0), [],
                              r["parent"]),
        None, None, [], {},
    )
    for r in stack["resources"]
}
for r in stack["resources"]:
    linked = built[r["urn"]]
    linked.parent = built.get(r["parent"])
    linked.dependencies.extend(built[u] for u in r["dependencies"] if u in built)
    linked.property_dependencies.update(
        {k: [built[u] for u in us if u in built] for k, us in r["propertyDependencies"].items()}
    )
    provider = by_urn.get(r["provider"])
    if provider is not None:
        linked.provider = PolicyProviderResource(
            provider["type"], unknown_checking_proxy(provider["inputs"]), provider["urn"],
            provider["name"],
        )
said = {}
for policy in pack.policies():
    if not isinstance(policy, StackValidationPolicy):
        continue
    messages = []
    args = StackValidationArgs(list(built.values()), stack["policyConfig"].get(policy.name))
    try:
        policy.validate(args, lambda message, urn=None: messages.append(message))
    except Exception as error:  # not applicable (with its reason), or a crash: say which
        messages.append(getattr(error, "reason", None) or f"{type(error).__name__}: {error}")
    said[policy.name] = messages
print(json.dumps({
    "said": said,
    "policies": len(pack.policies()),
    "loaded": sorted({m.split(".")[0] for m in sys.modules}),
}))
"""


def _stack_as_the_engine_sends_it(plan: Plan, policy_config: dict[str, Any]) -> dict[str, Any]:
    managed = [resource for resource in plan.resources if not resource.external]
    return {
        # As the engine passes config to a pack: strings, structured values as JSON.
        "config": program_config(plan.config),
        "policyConfig": policy_config,
        "resources": [
            {
                "urn": resource.urn,
                "type": resource.type,
                "name": resource.name,
                "protect": resource.protect,
                "parent": resource.parent,
                "provider": resource.provider,
                "dependencies": list(resource.dependencies),
                "propertyDependencies": {
                    key: list(urns) for key, urns in resource.property_dependencies.items()
                },
                # A stack policy gets outputs; a provider is handed over with its inputs.
                "props": to_policy_props(resource.outputs),
                "inputs": to_policy_props(resource.inputs),
            }
            for resource in managed
        ],
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the pack copied alone, a site directory holding only `hybrid_ai_shared`)."""
    root = tmp_path_factory.mktemp("published")
    ignore = shutil.ignore_patterns("__pycache__", "venv")
    shutil.copytree(REPOSITORY / "policies", root / "pack", ignore=ignore)
    site = root / "site" / "hybrid_ai_shared"
    shutil.copytree(REPOSITORY / "hybrid_ai_shared", site, ignore=ignore)
    return root / "pack", root / "site"


def _run_copy(pack: Path, site: Path, stack_file: Path) -> dict[str, Any]:
    third_party = sysconfig.get_paths()["purelib"]
    done = subprocess.run(
        [sys.executable, "-S", "-c", RUN_PACK, str(stack_file)],
        cwd=pack,
        # No PYTHONPATH of this session (it holds the repository root); the CLI's order.
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{pack}:{site}:{third_party}"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_the_pack_published_alone_prices_prod_as_it_does_in_the_repository(
    published: tuple[Path, Path],
    plan_of: Callable[[str], Plan],
    pack: LoadedPack,
    tmp_path: Path,
) -> None:
    plan = plan_of("prod")
    report = run_pack(plan, ONE_DOLLAR, pack=pack)
    stack_file = tmp_path / "stack.json"
    stack_file.write_text(
        json.dumps(_stack_as_the_engine_sends_it(plan, {BUDGET: {"monthlyBudgetUsd": 1}}),
                   default=repr),  # assets (function code) are not priced: their repr will do
        encoding="utf-8",
    )

    result = _run_copy(*published, stack_file)

    # Every stack rule says in the copy what it says in the repository.
    in_repository = {
        name: [v.detail for v in report.violations if v.policy == name] for name in result["said"]
    }
    assert result["said"] == in_repository
    [over_budget] = in_repository[BUDGET]
    assert over_budget.startswith("estimated $")
    assert "exceeds the budget of $1.00/month" in over_budget
    assert {"hybrid_ai_platform", "hap", "workloads"}.isdisjoint(result["loaded"])
    assert "hybrid_ai_shared" in result["loaded"]
    assert result["policies"] >= 50  # every rule loaded, not only the budget one


def test_without_the_estimate_installed_only_the_budget_rule_stands_aside(
    published: tuple[Path, Path], plan_of: Callable[[str], Plan], tmp_path: Path
) -> None:
    pack, _ = published
    stack_file = tmp_path / "stack.json"
    stack_file.write_text(
        json.dumps(_stack_as_the_engine_sends_it(plan_of("dev"), ONE_DOLLAR), default=repr),
        encoding="utf-8",
    )
    result = _run_copy(pack, tmp_path / "nothing-installed", stack_file)
    [reason] = result["said"][BUDGET]
    assert "hybrid_ai_shared" in reason and "not installed" in reason
