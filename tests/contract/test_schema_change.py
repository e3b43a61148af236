"""The classifier of contract changes, on small schemas: each rule of the contract's
versioning, and that the largest change decides."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.schema_change import bump_kind, change_kind

BASE: dict[str, Any] = {
    "type": "object",
    "description": "a cluster",
    "properties": {
        "name": {"type": "string", "description": "its name"},
        "cloud": {"enum": ["aws", "azure"]},
        "zones": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "cloud"],
}


def edited(**changes: Any) -> dict[str, Any]:
    schema = {**BASE, "properties": dict(BASE["properties"])}
    for key, value in changes.items():
        if key in schema["properties"] or key == "new":
            schema["properties"] = {**schema["properties"], key: value}
        else:
            schema[key] = value
    return {k: v for k, v in schema.items() if v is not None}


@pytest.mark.parametrize(
    ("new", "kind"),
    [
        (BASE, None),
        (edited(description="a GPU cluster"), "patch"),
        (edited(name={"type": "string", "description": "its physical name"}), "patch"),
        (edited(new={"type": "string"}), "minor"),
        (edited(required=["name", "cloud", "zones"]), "minor"),
        (edited(required=["name"]), "major"),
        (edited(cloud={"enum": ["aws", "azure", "gcp"]}), "major"),
        (edited(name={"type": "integer", "description": "its name"}), "major"),
        (edited(zones={"type": "array", "items": {"type": "integer"}}), "major"),
        (edited(name={"type": "string", "description": "its name", "pattern": "^[a-z]"}), "major"),
        ({**BASE, "properties": {k: BASE["properties"][k] for k in ("name", "cloud")}}, "major"),
        (edited(description="renamed", new={"type": "string"}), "minor"),
    ],
)
def test_each_change_is_classified_by_the_contract_rules(new: dict[str, Any], kind: str) -> None:
    assert change_kind(BASE, new) == kind


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [("1.4.0", "1.4.1", "patch"), ("1.4.1", "1.5.0", "minor"), ("1.5.0", "2.0.0", "major"),
     ("1.4.1", "1.4.1", None)],
)
def test_the_kind_of_a_version_bump(old: str, new: str, kind: str | None) -> None:
    assert bump_kind(old, new) == kind
