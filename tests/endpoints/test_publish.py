"""The Azure Functions code the deploy step publishes after `pulumi up`: the package goes to
the app and resource group the plan creates, it holds exactly the workload's Azure bundle,
and deploy-stack.yml runs `az functionapp deploy` with it once `up` has created the app."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import yaml

from hap.plan import Plan
from hybrid_ai_platform.endpoints.publish import azure_publications
from workloads.fraud_detection.bundle import function_bundle

WORKFLOW = Path(__file__).parents[2] / ".github/workflows/deploy-stack.yml"


def test_prod_publishes_the_azure_bundle_to_the_app_the_plan_creates(
    plan_of: Callable[[str], Plan], tmp_path: Path
) -> None:
    [publication] = azure_publications("prod", tmp_path)
    plan = plan_of("prod")
    [app] = [r for r in plan.of_type("azure-native:web:WebApp") if r.name.startswith("fraud-azure")]
    assert (publication.app_name, publication.resource_group) == (
        app.inputs["name"],
        app.inputs["resourceGroupName"],
    )
    with zipfile.ZipFile(publication.package) as archive:
        assert sorted(archive.namelist()) == sorted(function_bundle("azure-functions"))
    # Reproducible: the same files give the same package.
    [again] = azure_publications("prod", tmp_path / "again")
    assert again.sha256 == publication.sha256


def test_a_stack_without_azure_endpoints_publishes_nothing(tmp_path: Path) -> None:
    assert azure_publications("dev", tmp_path) == []


def test_deploy_stack_publishes_after_up_with_az_functionapp_deploy() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["deploy"]["steps"]
    names = [step.get("name") for step in steps]
    publish = steps[names.index("Publish Azure Functions code")]
    assert names.index("Publish Azure Functions code") > names.index("Deploy with the policy pack")
    assert publish["if"] == "vars.AZURE_CLIENT_ID != ''"
    assert "python -m hybrid_ai_platform.endpoints.publish" in publish["run"]
    assert "az functionapp deploy" in publish["run"] and "--type zip" in publish["run"]
