"""The outputs contract cannot change unnoticed: each released contract version's JSON
Schema (`stacks/outputs.schema.json`) is held still by a committed hash, and the contract's
value sets are its own, not the definition's.

`schema_versions.json` maps contract version -> SHA-256 of the schema (keys sorted, no
whitespace). A change to the models changes the schema; without a new `CONTRACT_VERSION`
(and a new line here) this test fails. `released/` keeps the schemas of earlier versions,
so the new version is checked to be the right kind of bump over the last one
(`schema_change.py`): a removal released as a minor fails.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path
from typing import Any, get_args

import pytest

from hybrid_ai_platform import contract, spec
from hybrid_ai_platform.contract import CONTRACT_VERSION, OUTPUTS_SCHEMA
from tests.contract.schema_change import bump_kind, change_kind

REPOSITORY = Path(__file__).parents[2]
VERSIONS = Path(__file__).with_name("schema_versions.json")
RELEASED = Path(__file__).with_name("released")


def schema_hash(schema: dict[str, Any]) -> str:
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_schema_of_this_contract_version_is_the_one_recorded_for_it() -> None:
    recorded: dict[str, str] = json.loads(VERSIONS.read_text())
    schema = json.loads((REPOSITORY / "stacks" / OUTPUTS_SCHEMA).read_text())
    now = schema_hash(schema)
    where = f"tests/contract/{VERSIONS.name}"
    assert CONTRACT_VERSION in recorded, (
        f"contract {CONTRACT_VERSION} has no recorded schema: after `make schema`, add "
        f'"{CONTRACT_VERSION}": "{now}" to {where}'
    )
    assert recorded[CONTRACT_VERSION] == now, (
        f"stacks/{OUTPUTS_SCHEMA} changed but the contract is still {CONTRACT_VERSION}: bump "
        "CONTRACT_VERSION in components/hybrid_ai_platform/contract.py by the kind of change "
        "(its docstring: "
        "MINOR additive, MAJOR anything a consumer could trip over, PATCH descriptions "
        f"only), run `make schema`, and record the new version in {where}"
    )


def test_versions_only_move_forward() -> None:
    recorded: dict[str, str] = json.loads(VERSIONS.read_text())
    versions = [_version(v) for v in recorded]
    assert versions == sorted(versions)
    assert max(versions) == _version(CONTRACT_VERSION)
    # Two versions with one schema would be a bump that changed nothing consumers read.
    assert len(set(recorded.values())) == len(recorded)


def test_the_contract_imports_nothing_from_the_definition() -> None:
    tree = ast.parse((REPOSITORY / "components" / "hybrid_ai_platform" / "contract.py").read_text())
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert not {"hybrid_ai_platform.spec", "hybrid_ai_platform.definition"} & imported, imported


@pytest.mark.parametrize(
    ("definition", "contract_type"),
    [
        (spec.Cloud, contract.Cloud),
        (spec.Tier, contract.Tier),
        (spec.GpuSharing, contract.GpuSharing),
        (spec.TaintEffect, contract.TaintEffect),
        (spec.DeployPath, contract.DeployPath),
    ],
    ids=["cloud", "tier", "sharing", "taint-effect", "deploy-path"],
)
def test_every_value_the_definition_allows_the_contract_can_export(
    definition: Any, contract_type: Any
) -> None:
    # A value the definition gains first needs a MAJOR contract version: typed consumers
    # reject values they do not know.
    assert set(get_args(definition)) <= set(get_args(contract_type))


def _released() -> dict[str, dict[str, Any]]:
    return {
        path.name.removeprefix("outputs.schema.").removesuffix(".json"): json.loads(
            path.read_text()
        )
        for path in RELEASED.glob("outputs.schema.*.json")
    }


def test_each_released_schema_is_the_one_recorded_for_its_version() -> None:
    recorded: dict[str, str] = json.loads(VERSIONS.read_text())
    released = _released()
    assert released
    for version, schema in released.items():
        assert schema_hash(schema) == recorded[version], version


def test_this_version_is_the_right_kind_of_bump_over_the_last_released_one() -> None:
    earlier = [v for v in _released() if _version(v) < _version(CONTRACT_VERSION)]
    previous = max(earlier, key=_version)
    schema = json.loads((REPOSITORY / "stacks" / OUTPUTS_SCHEMA).read_text())
    needed = change_kind(_released()[previous], schema)
    made = bump_kind(previous, CONTRACT_VERSION)
    assert made == needed, (
        f"from {previous} to {CONTRACT_VERSION} is a {made} bump, but the schema's change is "
        f"{needed}: set CONTRACT_VERSION to the {needed} bump over {previous}"
    )


def test_this_versions_schema_is_kept_for_the_next_bump_to_be_checked_against() -> None:
    schema = json.loads((REPOSITORY / "stacks" / OUTPUTS_SCHEMA).read_text())
    kept = RELEASED / f"outputs.schema.{CONTRACT_VERSION}.json"
    assert kept.is_file() and json.loads(kept.read_text()) == schema, (
        f"after `make schema`, copy stacks/{OUTPUTS_SCHEMA} to tests/contract/released/{kept.name}"
    )
