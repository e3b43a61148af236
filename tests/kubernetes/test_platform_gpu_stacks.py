"""The project's own stacks: every EKS, AKS, GKE and Magnum cluster gets its `GpuStack`, deployed
through the Kubernetes provider built from that cluster's kubeconfig, with the operator
tolerating the taints the cluster component puts on its GPU pools."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hap.plan import Plan
from hybrid_ai_platform.clusters.magnum_plan import magnum_pools
from hybrid_ai_platform.clusters.plan import plan_pools
from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.kubernetes import plan
from tests.kubernetes.tolerations import tolerated

REPOSITORY = Path(__file__).resolve().parents[2]
STACKS = ("dev", "staging", "prod")


@pytest.mark.parametrize("stack", STACKS)
def test_every_cluster_gets_a_gpu_stack_on_its_own_provider(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    preview = plan_of(stack)
    env = load_stack_file(REPOSITORY / f"stacks/Pulumi.{stack}.yaml")
    clusters = env.clusters
    stacks = {r.name: r for r in preview.of_type("hybrid:kubernetes:GpuStack")}
    assert set(stacks) == {f"{c.name}-gpu" for c in clusters}
    for cluster in clusters:
        children = preview.children(stacks[f"{cluster.name}-gpu"].urn)
        assert children
        for child in children:
            assert child.provider is not None, f"{child.name} would use a default provider"
            provider = preview.resource(child.provider)
            assert provider.type == "pulumi:providers:kubernetes"
            assert provider.name == f"{cluster.name}-k8s", child.name

        releases = [r for r in children if r.type == "kubernetes:helm.sh/v3:Release"]
        assert plan.installs_gpu_operator(cluster.cloud)
        (release,) = releases
        assert release.inputs["chart"] == plan.OPERATOR_CHART
        assert release.inputs["version"] == plan.operator_chart_version("1.35")
        tolerations = release.inputs["values"]["daemonsets"]["tolerations"]
        pools = (
            magnum_pools(cluster, env.private_cloud)
            if cluster.cloud == "openstack" and env.private_cloud
            else plan_pools(cluster)
        )
        for pool in pools:
            for taint in pool.taints if pool.is_gpu else ():
                assert tolerated(tolerations, taint), f"{cluster.name}/{pool.name}: {taint}"

        quotas = {
            r.inputs["metadata"]["namespace"]: r.inputs["spec"]["hard"]
            for r in children
            if r.type == "kubernetes:core/v1:ResourceQuota"
            and r.inputs["metadata"]["namespace"] != plan.OPERATOR_NAMESPACE
        }
        assert quotas == {
            t.name: {"requests.nvidia.com/gpu": str(t.gpu_quota)} for t in cluster.teams
        }
