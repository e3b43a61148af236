"""`hap policy`: the insecure fixture fails with exit 3 and every broken rule named; JSON,
SARIF and the rule list are what CI and code-scanning UIs read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hap.cli import main
from hap.plan import Plan
from hap.policy import LoadedPack, run_pack
from hybrid_ai_shared.yaml_lines import line_index

ROOT = Path(__file__).parents[2]
INSECURE = ROOT / "tests" / "fixtures" / "insecure"
PACK = ROOT / "policies"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
EXIT_POLICY_VIOLATION = 3

# Rules the fixture breaks on purpose (its __main__.py says where).
BROKEN_BY_FIXTURE = {
    "aws-all-allowed-regions", "aws-all-required-tags", "aws-ebs-volume-encrypted",
    "aws-ec2-no-admin-ports-open-to-internet", "aws-eks-control-plane-logging",
    "aws-eks-endpoint-not-public", "aws-eks-gpu-node-group-scale-to-zero",
    "aws-eks-gpu-node-group-tainted", "aws-eks-secrets-encrypted",
    "aws-iam-no-wildcard-admin-policy", "aws-iam-no-wildcard-actions-or-resources",
    "aws-kms-key-rotation-enabled",
    "aws-s3-bucket-kms-encrypted", "aws-s3-bucket-public-access-blocked",
    "aws-s3-bucket-tls-only", "aws-s3-bucket-versioning-enabled",
    "azure-aks-api-server-restricted",
    "azure-aks-azure-rbac-enabled", "azure-aks-gpu-pool-scale-to-zero",
    "azure-aks-gpu-pool-tainted", "azure-aks-host-encryption",
    "azure-aks-local-accounts-disabled", "azure-all-allowed-locations",
    "azure-all-required-tags", "azure-authorization-no-wildcard-custom-role",
    "azure-network-no-admin-ports-open-to-internet", "azure-storage-account-cmk-encrypted",
    "azure-storage-account-no-public-blob-access", "azure-storage-account-no-shared-key",
    "azure-storage-account-tls12",
    "common-cost-within-budget", "common-inputs-no-untranslated-snake-case-keys",
    "common-lifecycle-stateful-protected-in-production",
    "common-secrets-no-plaintext-credentials", "gcp-all-allowed-regions",
    "gcp-all-required-labels", "gcp-compute-no-admin-ports-open-to-internet",
    "gcp-gke-gpu-node-pool-scale-to-zero", "gcp-gke-gpu-node-pool-tainted",
    "gcp-gke-legacy-abac-disabled", "gcp-gke-private-nodes", "gcp-gke-secrets-encrypted",
    "gcp-gke-shielded-nodes", "gcp-gke-workload-identity", "gcp-iam-no-basic-roles",
    "gcp-kms-key-rotation-enabled", "kubernetes-all-required-labels",
    "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
    "openstack-all-allowed-regions", "openstack-all-required-tags",
    "openstack-blockstorage-volume-encrypted",
    "openstack-networking-no-admin-ports-open-to-internet",
    # The wildcard admin policy writes on "*" too; the raw GKE and AKS clusters leave the
    # control plane, images and pod traffic as their APIs' defaults do.
    "aws-iam-no-unconstrained-write", "azure-aks-network-policy", "gcp-gke-binary-authorization",
    "gcp-gke-endpoint-restricted", "gcp-gke-google-groups-rbac", "gcp-gke-intranode-visibility",
}  # fmt: skip


@pytest.fixture(scope="module")
def insecure_report(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[int, dict[str, Any], dict[str, Any]]:
    """`hap policy insecure` once, with --json and --sarif: (exit, report, sarif)."""
    out = tmp_path_factory.mktemp("insecure")
    code = main(
        [
            "policy",
            "insecure",
            "--project-dir",
            str(INSECURE),
            "--policy-pack",
            str(PACK),
            "--json",
            str(out / "report.json"),
            "--sarif",
            str(out / "report.sarif"),
        ]
    )
    return (
        code,
        json.loads((out / "report.json").read_text()),
        json.loads((out / "report.sarif").read_text()),
    )


def test_insecure_fixture_fails_with_every_broken_rule(insecure_report: Any) -> None:
    code, report, _ = insecure_report
    assert code == EXIT_POLICY_VIOLATION
    violated = {violation["policy"] for violation in report["violations"]}
    assert violated == BROKEN_BY_FIXTURE
    assert len(violated) >= 25
    assert report["passed"] is False and report["mandatoryViolations"] > 0


def test_fixture_pack_config_sets_tier_and_level_per_policy(insecure_report: Any) -> None:
    """policy-config.insecure.json: protection judged as prod although the environment is
    dev, and the S3 rule raised from advisory to mandatory."""
    _, report, _ = insecure_report
    levels = {(v["policy"], v["name"]): v["enforcementLevel"] for v in report["violations"]}
    assert levels[("common-lifecycle-stateful-protected-in-production", "datasets")] == "mandatory"
    assert levels[("aws-s3-bucket-kms-encrypted", "datasets")] == "mandatory"
    assert levels[("gcp-gke-secrets-encrypted", "gke")] == "advisory"


def test_sarif_is_valid_and_points_at_the_program_line_of_raw_resources(
    insecure_report: Any,
) -> None:
    """The fixture registers raw resources (no definition entry made them): each result sits
    at the line of its `__main__.py` that created the resource. Stack-wide findings have no
    resource to point at and stay at the top of the stack file."""
    _, report, sarif = insecure_report
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    [run] = sarif["runs"]
    assert len(run["results"]) == len(report["violations"])
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    program_lines = (INSECURE / "__main__.py").read_text().splitlines()
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        location = result["locations"][0]["physicalLocation"]
        name = result["locations"][0]["logicalLocations"][0]["name"]
        if result["properties"]["resourceType"] == "pulumi:pulumi:Stack":
            assert location["artifactLocation"]["uri"].endswith("Pulumi.insecure.yaml")
            assert location["region"]["startLine"] == 1
            continue
        assert location["artifactLocation"]["uri"] == "tests/fixtures/insecure/__main__.py"
        start = location["region"]["startLine"] - 1
        call = " ".join(program_lines[start : start + 2])
        # The call starting at that line names it (`aws.ebs.Volume(\n    "scratch", ...`).
        assert f'"{name}"' in call, (name, call)


def test_sarif_locates_real_stack_resources_at_their_definition_entry(
    plan_of: Callable[[str], Plan], pack: LoadedPack, tmp_path: Path
) -> None:
    from hap.policy.sarif import to_sarif

    plan = plan_of("prod")
    stack_file = ROOT / "stacks" / "Pulumi.prod.yaml"
    report = run_pack(plan, {"all": "advisory"}, pack=pack)
    sarif = to_sarif(report, pack, plan, stack_file, ROOT)
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text()))
    lines = line_index(stack_file.read_text())
    environment = ("config", "hybrid-ai-platform:environment")
    where = {
        result["locations"][0]["logicalLocations"][0]["name"]: result["locations"][0][
            "physicalLocation"
        ]
        for result in sarif["runs"][0]["results"]
    }
    assert all(
        location["artifactLocation"]["uri"] == "stacks/Pulumi.prod.yaml"
        for location in where.values()
    )
    # The AKS GPU pool `serve-t4` (advisory: host encryption) sits at its node pool entry.
    serve = [c["name"] for c in _environment(stack_file)["clusters"]].index("serve")
    t4 = [p["name"] for p in _environment(stack_file)["clusters"][serve]["nodePools"]].index("t4")
    assert (
        where["serve-t4"]["region"]["startLine"]
        == lines[(*environment, "clusters", serve, "nodePools", t4)]
    )
    # ... and the component code that registered it is a related location.
    [related] = next(
        result["relatedLocations"]
        for result in sarif["runs"][0]["results"]
        if result["locations"][0]["logicalLocations"][0]["name"] == "serve-t4"
    )
    uri = related["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "components/hybrid_ai_platform/clusters/aks.py"


def _environment(stack_file: Path) -> dict[str, Any]:
    import yaml

    environment: dict[str, Any] = yaml.safe_load(stack_file.read_text())["config"][
        "hybrid-ai-platform:environment"
    ]
    return environment


def test_a_config_file_can_relax_every_rule(tmp_path: Path) -> None:
    config = tmp_path / "relaxed.json"
    config.write_text(json.dumps({"all": "advisory"}))
    assert (
        main(
            [
                "policy",
                "insecure",
                "--project-dir",
                str(INSECURE),
                "--policy-pack",
                str(PACK),
                "--policy-pack-config",
                str(config),
            ]
        )
        == 0
    )


def test_a_misspelt_policy_name_in_the_config_is_pointed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "typo.json"
    config.write_text(json.dumps({"all": "advisory", "aws-eks-endpoint-not-publik": "mandatory"}))
    main(
        [
            "policy", "insecure", "--project-dir", str(INSECURE),
            "--policy-pack", str(PACK), "--policy-pack-config", str(config),
        ]
    )  # fmt: skip
    assert "no policy named 'aws-eks-endpoint-not-publik' in the pack" in capsys.readouterr().err


def test_list_json_gives_every_rule_with_its_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["policy", "--list", "--json"]) == 0
    rules = json.loads(capsys.readouterr().out)
    assert len(rules) >= 35
    endpoint = next(rule for rule in rules if rule["name"] == "aws-eks-endpoint-not-public")
    assert endpoint["severity"] == "critical"
    assert endpoint["enforcementLevel"] == "mandatory"
    assert endpoint["type"] == "resource"
    assert endpoint["framework"] == {"name": "Checkov", "reference": "CKV_AWS_38, CKV_AWS_39"}
    assert endpoint["remediation"].startswith("Set vpcConfig.endpointPublicAccess=false")
    regions = next(rule for rule in rules if rule["name"] == "aws-all-allowed-regions")
    assert regions["configSchema"]["properties"]["allowedRegions"]["default"] == [
        "us-east-1",
        "us-east-2",
        "us-west-2",
    ]
    assert {rule["type"] for rule in rules} == {"resource", "stack"}


def test_policy_needs_a_stack_or_list() -> None:
    assert main(["policy"]) == 2


def test_a_project_without_a_pack_is_told_where_one_was_looked_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # An installed hap carries no rules of its own to fall back on.
    assert main(["policy", "insecure", "--project-dir", str(INSECURE)]) == 2
    error = capsys.readouterr().err
    assert "tests/fixtures/insecure/policies/PulumiPolicy.yaml: not found" in error
    assert "--policy-pack DIR" in error


def test_each_stack_names_its_pack_config_next_to_its_stack_file() -> None:
    from hap.policy import policy_config_file

    assert policy_config_file(ROOT, "prod") == ROOT / "stacks" / "policy-config.prod.json"
    assert policy_config_file(INSECURE, "insecure") == INSECURE / "policy-config.insecure.json"
