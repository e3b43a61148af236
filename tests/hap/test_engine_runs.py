"""`run_program` as a library: many runs in one process, like the language host, typed errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hap.engine import run_program
from hap.errors import DefinitionError, ProgramError
from hap.fakes import registry
from hap.plan import Plan
from tests.hap.conftest import FIXTURES, MINIMAL, write_project

_REPORT_ENVIRONMENT = """\
import os
import sys

import pulumi
import constants

pulumi.export("cwd", os.getcwd())
pulumi.export("firstOnPath", sys.path[0])
pulumi.export("constant", constants.VALUE)
pulumi.export("isDryRun", pulumi.runtime.is_dry_run())
pulumi.export("stack", pulumi.get_stack())
"""


def _project_with_constant(directory: Path, name: str, value: str) -> Path:
    write_project(directory, _REPORT_ENVIRONMENT, "config: {}\n", name=name)
    (directory / "constants.py").write_text(f"VALUE = {value!r}\n")
    return directory


def test_program_runs_like_the_language_host(tmp_path: Path) -> None:
    directory = _project_with_constant(tmp_path / "one", "project-one", "first")
    plan = run_program(directory, "test")
    assert plan.outputs["cwd"] == str(directory.resolve())
    assert plan.outputs["firstOnPath"] == str(directory.resolve())
    assert plan.outputs["isDryRun"] is True
    assert plan.outputs["stack"] == "test"


def test_projects_with_same_named_modules_do_not_see_each_other(tmp_path: Path) -> None:
    one = _project_with_constant(tmp_path / "one", "project-one", "first")
    two = _project_with_constant(tmp_path / "two", "project-two", "second")
    assert run_program(one, "test").outputs["constant"] == "first"
    assert run_program(two, "test").outputs["constant"] == "second"
    assert run_program(one, "test").outputs["constant"] == "first"


def test_cwd_and_sys_path_are_restored_after_success_and_failure(tmp_path: Path) -> None:
    cwd, path = os.getcwd(), list(sys.path)
    run_program(_project_with_constant(tmp_path / "ok", "ok", "x"), "test")
    assert (os.getcwd(), sys.path) == (cwd, path)
    with pytest.raises(ProgramError):
        run_program(FIXTURES / "broken_bug", "program")
    assert (os.getcwd(), sys.path) == (cwd, path)


def test_a_failed_run_leaves_nothing_behind(minimal_plan: Plan) -> None:
    with pytest.raises(ProgramError):
        run_program(FIXTURES / "broken_bug", "apply")
    with pytest.raises(DefinitionError):
        run_program(FIXTURES / "broken_run_error", "test")
    assert run_program(MINIMAL, "test").to_json_text() == minimal_plan.to_json_text()


def test_program_bug_names_the_deepest_user_frame() -> None:
    with pytest.raises(ProgramError) as raised:
        run_program(FIXTURES / "broken_bug", "program")
    error = raised.value
    assert error.location is not None and error.location.endswith("broken_bug/sizing.py:5")
    assert error.exception_type == "ZeroDivisionError"
    assert error.details is not None and "Traceback" in error.details


def test_bug_inside_an_apply_still_names_the_user_frame() -> None:
    # The exception surfaces from the runtime's task machinery, far from the callback.
    with pytest.raises(ProgramError) as raised:
        run_program(FIXTURES / "broken_bug", "apply")
    assert raised.value.location is not None
    assert raised.value.location.endswith("broken_bug/sizing.py:5")
    assert raised.value.details is not None and "<lambda>" in raised.value.details


def test_run_error_message_is_kept_as_is() -> None:
    with pytest.raises(DefinitionError) as raised:
        run_program(FIXTURES / "broken_run_error", "test")
    assert raised.value.message == "Pulumi.test.yaml: nodePools: at least one node pool is required"


def test_missing_config_names_stack_file_and_key() -> None:
    with pytest.raises(DefinitionError) as raised:
        run_program(FIXTURES / "broken_missing_config", "test")
    message = raised.value.message
    assert "broken_missing_config/Pulumi.test.yaml" in message
    assert "'broken-missing-config:clusterName'" in message


def test_ill_typed_config_names_file_key_and_type(tmp_path: Path) -> None:
    directory = write_project(
        tmp_path,
        'import pulumi\npulumi.export("n", pulumi.Config().require_int("replicas"))\n',
        "config:\n  tmp-project:replicas: three\n",
    )
    with pytest.raises(DefinitionError) as raised:
        run_program(directory, "test")
    message = raised.value.message
    assert "Pulumi.test.yaml" in message and "'tmp-project:replicas'" in message
    assert "'three'" in message and "int" in message


def test_main_and_stack_config_dir_are_honoured(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text(
        "name: nested\nruntime: python\nmain: app\nstackConfigDir: stacks\n"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__main__.py").write_text(
        'import pulumi\npulumi.export("tier", pulumi.Config().require("tier"))\n'
    )
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.prod.yaml").write_text("config:\n  nested:tier: gold\n")
    assert run_program(tmp_path, "prod").outputs == {"tier": "gold"}


def test_missing_program_is_a_definition_error(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: empty\nruntime: python\n")
    (tmp_path / "Pulumi.test.yaml").write_text("config: {}\n")
    with pytest.raises(DefinitionError, match="no program found"):
        run_program(tmp_path, "test")


_DEFAULT_PROVIDER_PROGRAM = """\
import pulumi
import pulumi_aws as aws

explicit = aws.Provider("aws", region="eu-west-1")
aws.s3.Bucket("ok", opts=pulumi.ResourceOptions(provider=explicit))
aws.s3.Bucket("forgot-provider")
"""


def test_disabled_default_providers_are_enforced_like_the_engine(tmp_path: Path) -> None:
    directory = write_project(
        tmp_path,
        _DEFAULT_PROVIDER_PROGRAM,
        'config:\n  pulumi:disable-default-providers: ["*"]\n',
    )
    with pytest.raises(ProgramError) as raised:
        run_program(directory, "test")
    assert raised.value.location is not None
    assert raised.value.location.endswith("__main__.py:6")
    assert (
        "aws:s3/bucket:Bucket::forgot-provider must use an explicit provider"
        in raised.value.message
    )
    # Without the setting, the default provider is fine (as with the real engine).
    (directory / "Pulumi.other.yaml").write_text("config:\n  aws:region: eu-west-1\n")
    plan = run_program(directory, "other")
    assert {r.name for r in plan.of_type("aws:s3/bucket:Bucket")} == {"ok", "forgot-provider"}


def test_a_failing_fake_is_reported_as_hap_internal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "_RESOURCE_FAKES", dict(registry._RESOURCE_FAKES))

    @registry.resource_fake("acme:index:Widget")
    def _broken(name: str, inputs: registry.Inputs, env: registry.FakeEnv) -> dict[str, object]:
        raise KeyError("serial")

    program = (
        "import pulumi\n"
        "class Widget(pulumi.CustomResource):\n"
        "    def __init__(self, name):\n"
        '        super().__init__("acme:index:Widget", name, {})\n'
        'Widget("w")\n'
    )
    with pytest.raises(ProgramError) as raised:
        run_program(write_project(tmp_path, program, "config: {}\n"), "test")
    assert raised.value.location is None
    assert "internal error in hap" in raised.value.message
    assert "hap fake for acme:index:Widget failed on 'w'" in raised.value.message


def test_duplicate_urns_fail_like_the_engine(tmp_path: Path) -> None:
    program = (
        "import pulumi\n"
        "class Widget(pulumi.ComponentResource):\n"
        "    def __init__(self, name):\n"
        '        super().__init__("acme:index:Widget", name)\n'
        'Widget("same")\n'
        'Widget("same")\n'
    )
    with pytest.raises(ProgramError) as raised:
        run_program(write_project(tmp_path, program, "config: {}\n"), "test")
    assert raised.value.location is not None and raised.value.location.endswith("__main__.py:6")
    assert "duplicate resource URN urn:pulumi:test::tmp-project::acme:index:Widget::same" in (
        raised.value.message
    )
