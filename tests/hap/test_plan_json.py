"""The documented JSON plan: shape, masking, byte-identical determinism."""

from __future__ import annotations

import json

from hap.engine import run_program
from hap.plan import Plan
from hap.project import secret_placeholder
from tests.hap.conftest import BUCKET_URN, MINIMAL, PUBLIC_ACCESS_URN


def test_json_has_the_documented_shape(minimal_plan: Plan) -> None:
    document = minimal_plan.to_json()
    assert set(document) == {"project", "stack", "resources", "outputs", "approximations"}
    assert (document["project"], document["stack"]) == ("hap-minimal", "test")
    for entry in document["resources"]:
        assert set(entry) == {
            "urn",
            "type",
            "name",
            "parent",
            "dependencies",
            "provider",
            "protect",
            "inputs",
        }
        assert entry["dependencies"] == sorted(entry["dependencies"])
    urns = [entry["urn"] for entry in document["resources"]]
    assert urns == sorted(urns)
    block = next(entry for entry in document["resources"] if entry["urn"] == PUBLIC_ACCESS_URN)
    assert block["dependencies"] == [BUCKET_URN]
    assert block["inputs"]["blockPublicAcls"] is True


def test_secrets_and_unknowns_are_masked_everywhere(minimal_plan: Plan) -> None:
    text = minimal_plan.to_json_text()
    assert secret_placeholder("hap-minimal:apiToken") not in text
    document = json.loads(text)
    assert document["outputs"]["apiToken"] == "[secret]"
    assert document["outputs"]["tokenVersion"] == "[unknown]"
    [parameter] = [r for r in document["resources"] if r["type"] == "aws:ssm/parameter:Parameter"]
    assert parameter["inputs"]["value"] == "[secret]"


def test_json_text_is_sorted_indented_and_newline_terminated(minimal_plan: Plan) -> None:
    text = minimal_plan.to_json_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


def test_two_previews_of_a_stack_are_byte_identical(minimal_plan: Plan) -> None:
    fresh = run_program(MINIMAL, "test")
    assert fresh is not minimal_plan
    assert fresh.to_json_text() == minimal_plan.to_json_text()
    # Beyond the JSON form: ids and every fake output are derived, never random.
    assert [r.outputs for r in fresh.resources] == [r.outputs for r in minimal_plan.resources]
