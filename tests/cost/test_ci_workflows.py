"""The GitHub workflows users run: they parse, ask for the right permissions, log in to the
clouds without long-lived keys, and call `hap` with arguments its parser accepts."""

from __future__ import annotations

import json
import re
import shlex
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml

from hap.cli import build_parser
from hap.policy.config import policy_config_file

ROOT = Path(__file__).parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
STACKS = sorted(p.name.split(".")[1] for p in (ROOT / "stacks").glob("Pulumi.*.yaml"))
# Tags or major versions only (owner/repo[/path]@v7, @v1.3); never a branch such as @main.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@v\d+(\.\d+){0,2}$")


def load(name: str) -> dict[str, Any]:
    document = yaml.safe_load((WORKFLOWS / name).read_text())
    # YAML 1.1 reads the key `on` as True.
    document["on"] = document.pop(True, document.get("on"))
    return document


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def step_using(workflow: dict[str, Any], job: str, action: str) -> list[dict[str, Any]]:
    return [s for s in steps(workflow, job) if s.get("uses", "").split("@")[0].lower() == action]


def all_uses(document: Any) -> list[str]:
    if isinstance(document, dict):
        found = [document["uses"]] if isinstance(document.get("uses"), str) else []
        return found + [u for value in document.values() for u in all_uses(value)]
    if isinstance(document, list):
        return [u for item in document for u in all_uses(item)]
    return []


@pytest.mark.parametrize("name", sorted(p.name for p in WORKFLOWS.glob("*.yml")))
def test_every_action_is_pinned_and_every_local_workflow_exists(name):
    workflow = load(name)
    assert workflow["name"] and workflow["on"] and workflow["jobs"]
    for uses in all_uses(workflow):
        if uses.startswith("./"):
            assert (ROOT / uses).is_file(), uses
        else:
            assert PINNED.match(uses), f"{name}: {uses} is not pinned to a release"


def test_pull_request_runs_preview_cost_and_policy_for_every_stack():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow["on"]
    check = workflow["jobs"]["check"]
    assert check["permissions"]["security-events"] == "write"
    assert check["permissions"]["contents"] == "read"
    assert "fromJSON(needs.stacks.outputs.stacks)" in check["strategy"]["matrix"]["stack"]
    runs = [s["run"] for s in steps(workflow, "check") if "run" in s]
    hap_lines = [line for run in runs for line in run.splitlines() if line.startswith("hap ")]
    assert [line.split()[1] for line in hap_lines] == ["preview", "urns", "cost", "policy"]
    parser = build_parser()
    for line in hap_lines:  # the CLI accepts exactly these arguments
        parser.parse_args(shlex.split(line.replace('"$STACK"', "dev").replace(
            "$GITHUB_STEP_SUMMARY", "summary.md"))[1:])
    policy = next(line for line in hap_lines if line.startswith("hap policy"))
    assert "--sarif" in policy
    (upload,) = step_using(workflow, "check", "github/codeql-action/upload-sarif")
    sarif = policy.split("--sarif", 1)[1].split()[0].strip('"').replace("$STACK", "X")
    assert upload["with"]["sarif_file"].replace("${{ matrix.stack }}", "X") == sarif
    assert "matrix.stack" in upload["with"]["category"]  # stacks do not overwrite each other
    assert "always()" in upload["if"]  # violations are uploaded even though the step failed
    assert any("hap urns" in line and "--check" in line for line in hap_lines)


def test_pull_request_runs_the_readme_test_command_with_java_for_spark():
    workflow = load("pull-request.yml")
    runs = [s["run"] for s in steps(workflow, "test") if "run" in s]
    assert runs == ["make test"]
    (java,) = step_using(workflow, "test", "actions/setup-java")
    assert java["with"]["java-version"] == "17"


def test_deploy_promotes_dev_then_staging_then_prod_through_environments():
    workflow = load("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["id-token"] == "write"
    jobs = workflow["jobs"]
    assert [jobs[name]["with"]["stack"] for name in ("dev", "staging", "prod")] == [
        "dev", "staging", "prod",
    ]
    assert jobs["staging"]["needs"] == "dev" and jobs["prod"]["needs"] == "staging"
    assert {jobs[name]["uses"] for name in jobs} == {"./.github/workflows/deploy-stack.yml"}
    assert set(STACKS) == {"dev", "staging", "prod"}


def test_deploy_stack_logs_in_with_oidc_and_runs_the_policy_pack():
    workflow = load("deploy-stack.yml")
    assert "workflow_call" in workflow["on"]
    assert workflow["permissions"]["id-token"] == "write"
    job = workflow["jobs"]["deploy"]
    assert job["environment"] == "${{ inputs.stack }}"
    (aws,) = step_using(workflow, "deploy", "aws-actions/configure-aws-credentials")
    assert "role-to-assume" in aws["with"] and "aws-access-key-id" not in aws["with"]
    (azure,) = step_using(workflow, "deploy", "azure/login")
    assert {"client-id", "tenant-id", "subscription-id"} <= set(azure["with"])
    assert "creds" not in azure["with"]
    (gcp,) = step_using(workflow, "deploy", "google-github-actions/auth")
    assert "workload_identity_provider" in gcp["with"]
    assert "credentials_json" not in gcp["with"]
    pulumi = [s for s in step_using(workflow, "deploy", "pulumi/actions") if "command" in s["with"]]
    assert [s["with"]["command"] for s in pulumi] == ["preview", "up"]
    assert all(s["with"]["policyPacks"] == "policies" for s in pulumi)
    assert all(re.fullmatch(r"pulumi/actions@v\d+", s["uses"]) for s in pulumi)  # major pin
    text = (WORKFLOWS / "deploy-stack.yml").read_text()
    # The only secret is OpenStack's clouds.yaml: no cloud keys, no Pulumi token.
    assert set(re.findall(r"secrets\.(\w+)", text)) == {"OPENSTACK_CLOUDS_YAML"}


def test_deploy_installs_the_cli_release_of_the_pinned_sdk():
    pinned = (ROOT / ".pulumi.version").read_text().strip()
    assert pinned == version("pulumi")  # CLI and SDK are released together, same number
    for step in step_using(load("deploy-stack.yml"), "deploy", "pulumi/actions"):
        assert step["with"]["pulumi-version-file"] == ".pulumi.version"


def test_deploy_passes_the_stacks_policy_config_to_the_real_engine():
    workflow = load("deploy-stack.yml")
    (config_step,) = [s for s in steps(workflow, "deploy") if s.get("id") == "pack-config"]
    path = re.search(r'config="([^"]+)"', config_step["run"]).group(1)
    # The same file `hap policy` reads by default, so preview and deploy apply one config.
    assert path.replace("${{ inputs.stack }}", "prod") == str(
        policy_config_file(ROOT, "prod").relative_to(ROOT)
    )
    pulumi = [s for s in step_using(workflow, "deploy", "pulumi/actions") if "command" in s["with"]]
    assert all(
        s["with"]["policyPackConfigs"] == "${{ steps.pack-config.outputs.path }}" for s in pulumi
    )


def test_each_stack_deploys_on_the_runner_its_definition_names(capsys):
    """The deploy job's runs-on is the stack's `deployRunner.labels`, read (and validated)
    by a credential-free job; its summary shows each cluster's deploy path."""
    from hybrid_ai_platform.deploy_runner import main

    workflow = load("deploy-stack.yml")
    runner, deploy = workflow["jobs"]["runner"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "runner"
    assert deploy["runs-on"] == "${{ fromJSON(needs.runner.outputs.labels) }}"
    assert runner["runs-on"] == "ubuntu-latest" and "environment" not in runner
    script = "\n".join(s["run"] for s in steps(workflow, "runner") if "run" in s)
    assert 'python -m hybrid_ai_platform.deploy_runner "$STACK")" >> "$GITHUB_OUTPUT"' in script
    summary_line = (
        'python -m hybrid_ai_platform.deploy_runner "$STACK" --summary >> "$GITHUB_STEP_SUMMARY"'
    )
    assert summary_line in script
    # The job does not install the project: the package comes from its source root.
    (reader,) = [s for s in steps(workflow, "runner") if "deploy_runner" in s.get("run", "")]
    assert (ROOT / reader["env"]["PYTHONPATH"] / "hybrid_ai_platform" / "__init__.py").is_file()
    for stack in STACKS:
        assert main([stack]) == 0
        assert json.loads(capsys.readouterr().out) == [f"hap-{stack}"]
    assert main(["prod", "--summary"]) == 0
    summary = capsys.readouterr().out
    for row in (
        "| train | aws | runner-in-network:",
        "| serve | azure | runner-in-network:",
        "| batch | gcp | gke-dns-endpoint:",
        "| onprem | openstack | runner-in-network:",
    ):
        assert row in summary


def test_a_stack_without_a_deploy_path_stops_before_choosing_a_runner(
    tmp_path, capsys, monkeypatch
):
    import hybrid_ai_platform.deploy_runner as deploy_runner

    stacks = tmp_path / "stacks"
    stacks.mkdir()
    text = (ROOT / "stacks" / "Pulumi.prod.yaml").read_text()
    (stacks / "Pulumi.prod.yaml").write_text(
        text.replace("        deployAccess: {path: gke-dns-endpoint}\n", "", 1)
    )
    monkeypatch.setattr(deploy_runner, "REPOSITORY", tmp_path)
    assert deploy_runner.main(["prod"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "environment.clusters[2].deployAccess" in captured.err
    assert "{path: gke-dns-endpoint}" in captured.err


def test_the_definition_reader_installs_its_whole_closure_from_the_lock_with_hashes(tmp_path):
    """The runner job installs pydantic and PyYAML from their lock entries only, with
    `--require-hashes --no-deps`: the entries its selection keeps must be every package
    they need (read from the installed metadata), each with its hashes."""
    import subprocess
    from importlib.metadata import requires

    (step,) = [
        s for s in steps(load("deploy-stack.yml"), "runner") if s.get("name", "").startswith(
            "Install the definition's reader"
        )
    ]
    assert "pip install --no-deps --require-hashes" in step["run"]
    script = step["run"].replace("$RUNNER_TEMP", str(tmp_path))
    subprocess.run(
        ["bash", "-c", script.split("pip install")[0]],
        cwd=ROOT,
        env={"READER": step["env"]["READER"], "PATH": "/usr/bin:/bin"},
        check=True,
    )
    kept = (tmp_path / "reader.lock").read_text()
    entries = dict(re.findall(r"^([a-z0-9-]+)==\S+ \\\n((?:    --hash=\S+.*\n)+)", kept, re.M))

    def closure(name: str) -> set[str]:
        needed = {name.lower()}
        for line in requires(name) or ():
            if "extra ==" not in line:
                needed |= closure(re.split(r"[<>=!~; \[]", line, maxsplit=1)[0])
        return needed

    assert set(entries) == closure("pydantic") | closure("PyYAML")
