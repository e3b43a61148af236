"""examples/team-inference, previewed credential-free against a fake platform stack whose
outputs are the real prod preview's exports: what the team would deploy, and where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hap.engine import run_program
from hap.plan import Plan, PlannedResource, Secret, reveal
from hybrid_ai_platform.contract import CONTRACT_VERSION
from tests.fresh_runs import HAP, FreshRun, finished

EXAMPLE_DIR = Path(__file__).parents[2] / "examples" / "team-inference"
PLATFORM_STACK = "acme/hybrid-ai-platform/prod"  # examples/team-inference/Pulumi.prod.yaml
NO_EQUALS_SIGN = FreshRun(
    (HAP, "preview", "prod", "--project-dir", str(EXAMPLE_DIR), "--stack-outputs", "no-equals-sign")
)
FRESH_RUNS = (NO_EQUALS_SIGN,)


@pytest.fixture(scope="module")
def example(plan_of) -> Plan:
    """The example previewed against a platform stack exporting the real prod outputs."""
    return run_program(EXAMPLE_DIR, "prod", stack_outputs={PLATFORM_STACK: plan_of("prod").outputs})


@pytest.fixture(scope="module")
def serve(plan_of) -> dict[str, Any]:
    return reveal(plan_of("prod").outputs)["clusters"]["serve"]


def only(plan: Plan, type_: str) -> PlannedResource:
    [resource] = plan.of_type(type_)
    return resource


def test_the_server_runs_on_the_t4_pool_and_tolerates_its_taints(example: Plan, serve) -> None:
    t4 = next(pool for pool in serve["nodePools"] if pool["name"] == "t4")
    pod = only(example, "kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == t4["labels"]
    tolerated = {(t["key"], t["value"], t["effect"]) for t in pod["tolerations"]}
    assert {(t["key"], t["value"], t["effect"]) for t in t4["taints"]} <= tolerated
    assert ("nvidia.com/gpu", "present", "NoSchedule") in tolerated
    [container] = pod["containers"]
    assert container["resources"]["requests"]["nvidia.com/gpu"] == "1"
    assert container["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert container["image"].endswith("fraud-detection-server:1.0.0")


def test_everything_deploys_through_the_serve_clusters_secret_kubeconfig(
    example: Plan, serve
) -> None:
    provider = only(example, "pulumi:providers:kubernetes")
    assert isinstance(provider.inputs["kubeconfig"], Secret)
    assert reveal(provider.inputs["kubeconfig"]) == serve["kubeconfig"]
    workloads = [
        only(example, type_)
        for type_ in (
            "kubernetes:apps/v1:Deployment",
            "kubernetes:core/v1:Service",
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        )
    ]
    assert {resource.provider for resource in workloads} == {provider.urn}
    assert {resource.inputs["metadata"]["namespace"] for resource in workloads} == {"fraud"}


def test_service_and_autoscaler_target_the_deployment(example: Plan, serve) -> None:
    deployment = only(example, "kubernetes:apps/v1:Deployment")
    service = only(example, "kubernetes:core/v1:Service").inputs["spec"]
    assert service["selector"] == deployment.inputs["spec"]["selector"]["matchLabels"]
    hpa = only(example, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").inputs["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": deployment.outputs["metadata"]["name"],
    }
    # The stack file asks for 8; the t4 pool holds max nodes x GPUs x time-slices.
    t4 = next(pool for pool in serve["nodePools"] if pool["name"] == "t4")
    capacity = t4["max"] * t4["gpusPerNode"] * t4["sharingReplicas"]
    assert hpa["maxReplicas"] == min(8, capacity)
    assert hpa["minReplicas"] == 2
    assert example.outputs["contractVersion"] == CONTRACT_VERSION


def test_the_example_previews_from_the_cli_against_saved_platform_outputs(
    plan_of, tmp_path: Path
) -> None:
    """What a team runs on a laptop: `hap preview` with the platform's outputs saved as
    `pulumi stack output --json --show-secrets` prints them."""
    import json
    import subprocess

    saved = tmp_path / "platform-prod.json"
    saved.write_text(json.dumps(reveal(plan_of("prod").outputs)))
    result = subprocess.run(
        [
            HAP,
            "preview",
            "prod",
            "--project-dir",
            str(EXAMPLE_DIR),
            "--stack-outputs",
            f"{PLATFORM_STACK}={saved}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "kubernetes:apps/v1:Deployment" in result.stdout
    assert "kubernetes:autoscaling/v2:HorizontalPodAutoscaler" in result.stdout

    broken = finished(NO_EQUALS_SIGN)
    assert broken.returncode == 2
    assert "expected STACK=FILE" in broken.stderr
