"""A stack loads only the clouds it builds on: previewing a definition on AWS alone imports
no Azure, GCP or OpenStack SDK package and none of those clouds' component modules
(`hybrid_ai_platform.platform` imports a cloud's modules in the branch that builds on it).

The preview runs once, in a fresh interpreter as `hap` runs it, since this test process has
long imported every cloud's modules."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.fresh_runs import OUT, REPOSITORY, FreshRun, finished

PROJECT = Path(__file__).parents[1] / "fixtures" / "aws_only"
UNUSED_SDKS = ("pulumi_azure_native", "pulumi_gcp", "pulumi_openstack")
# Another cloud's component modules: those with the cloud in their name (`clusters.gke`,
# `network.openstack`, `kubernetes.gke_driver_installer`), and these.
UNUSED_CLOUD_WORDS = {"aks", "gke", "magnum", "azure", "gcp", "openstack"}
UNUSED_CLOUD_MODULES = {
    "hybrid_ai_platform.endpoints.cloud_functions",
    "hybrid_ai_platform.pipelines.cross_cloud",  # the AWS reader of a Data Factory copy
    "hybrid_ai_platform.pipelines.data_factory",
    "hybrid_ai_platform.private_cloud.build",
}

PROGRAM = """
import json, sys
sys.path.insert(0, sys.argv[1])  # this checkout's components, whatever is installed
from hap.cli import main
from hap.lazy_sdk import lazy_sdk_packages
with lazy_sdk_packages():  # as the `hap` command runs (hap.cli.run)
    code = main(["preview", "test", "--project-dir", sys.argv[2], "--json", sys.argv[3]])
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""
PREVIEW = FreshRun(
    (
        sys.executable,
        "-c",
        PROGRAM,
        str(REPOSITORY / "components"),
        str(PROJECT),
        f"{OUT}/plan.json",
    )
)
FRESH_RUNS = (PREVIEW,)


@pytest.fixture(scope="module")
def preview() -> dict[str, Any]:
    done = finished(PREVIEW)
    # The preview's own output comes first; the last line is the program's report.
    report = json.loads(done.stdout.splitlines()[-1]) if done.stdout else {}
    assert done.returncode == 0 and report.get("exit") == 0, done.stderr
    plan = json.loads((done.out / "plan.json").read_text())
    return {"modules": report["modules"], "types": {r["type"] for r in plan["resources"]}}


def test_the_definition_builds_every_family_on_aws_alone(preview: dict[str, Any]) -> None:
    assert {t.split(":")[0] for t in preview["types"]} == {"aws", "hybrid", "kubernetes", "pulumi"}
    assert {
        "hybrid:aws:Network",
        "hybrid:aws:EksGpuCluster",
        "hybrid:aws:LambdaEndpoint",
        "hybrid:aws:GluePipeline",
    } <= preview["types"]


def test_no_sdk_of_another_cloud_is_imported(preview: dict[str, Any]) -> None:
    loaded = [m for m in preview["modules"] if m.split(".")[0] in UNUSED_SDKS]
    assert loaded == []


def test_no_component_module_of_another_cloud_is_imported(preview: dict[str, Any]) -> None:
    platform = [m for m in preview["modules"] if m.startswith("hybrid_ai_platform.")]
    assert "hybrid_ai_platform.clusters.eks" in platform  # the AWS ones are
    loaded = [
        module
        for module in platform
        if UNUSED_CLOUD_WORDS & set(module.replace("_", ".").split("."))
        or module in UNUSED_CLOUD_MODULES
    ]
    assert loaded == []
