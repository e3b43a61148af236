"""Alias URNs collapsed on first read: the plan, the URNs a program reads and the errors are
the ones the SDK's eager collapse gives, and the SDK's function is back after a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import resource as sdk_resource
from pulumi.runtime.resource import collapse_alias_to_urn as sdk_collapse

from hap import lazy_aliases
from hap.engine import run_program
from hap.errors import ProgramError
from tests.hap.conftest import write_project

_ALIASED = """\
import pulumi


class Box(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("test:index:Box", name, None, opts)


parent = Box("parent", pulumi.ResourceOptions(aliases=[pulumi.Alias(name="old-parent")]))
child = Box(
    "parent-child",
    pulumi.ResourceOptions(
        parent=parent,
        aliases=[
            pulumi.Alias(type_="test:index:OldBox"),
            pulumi.Alias(name="first-child", project="elsewhere", stack=None),
            "urn:pulumi:test::aliased::test:index:Box::renamed-by-urn",
        ],
    ),
)
# What `all_aliases` reads for a monitor without alias specs: awaitable as Inputs.
pulumi.export("childAliasUrns", pulumi.Output.all(*child._aliases))
pulumi.export("parentAliasUrns", pulumi.Output.all(*parent._aliases))
"""

_UNNAMED_ALIAS = """\
import pulumi


class Box(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        super().__init__("test:index:Box", name, None, opts)


Box("box", pulumi.ResourceOptions(aliases=[pulumi.Alias(name=None)]))
"""


def _sdk_collapse_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lazy_aliases, "collapse_alias_to_urn", sdk_collapse)


def test_the_plan_and_the_urns_a_program_reads_are_the_sdks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write_project(tmp_path, _ALIASED, "config: {}\n", name="aliased")
    deferred = run_program(project, "test")
    _sdk_collapse_only(monkeypatch)
    eager = run_program(project, "test")
    assert deferred.to_json_text() == eager.to_json_text()
    assert deferred.outputs["childAliasUrns"] == [
        "urn:pulumi:test::aliased::test:index:Box$test:index:OldBox::parent-child",
        "urn:pulumi:test::aliased::test:index:Box$test:index:Box::first-child",
        "urn:pulumi:test::aliased::test:index:Box::renamed-by-urn",
    ]
    assert deferred.outputs["parentAliasUrns"] == [
        "urn:pulumi:test::aliased::test:index:Box::old-parent"
    ]
    child = next(r for r in deferred.resources if r.name == "parent-child")
    assert len(child.aliases) == 3


def test_an_alias_whose_collapse_fails_fails_the_run_as_with_the_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = write_project(tmp_path, _UNNAMED_ALIAS, "config: {}\n", name="unnamed")
    with pytest.raises(ProgramError) as deferred:
        run_program(project, "test")
    _sdk_collapse_only(monkeypatch)
    with pytest.raises(ProgramError) as eager:
        run_program(project, "test")
    assert deferred.value.message == eager.value.message
    assert "No valid 'name' passed in for alias" in deferred.value.message


def test_the_sdk_function_is_swapped_in_only_for_a_run() -> None:
    original = sdk_resource.collapse_alias_to_urn
    with lazy_aliases.deferred_alias_urns():
        assert sdk_resource.collapse_alias_to_urn is lazy_aliases.collapse_alias_to_urn
    assert sdk_resource.collapse_alias_to_urn is original
