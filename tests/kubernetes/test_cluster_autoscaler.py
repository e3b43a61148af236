"""The cluster autoscaler as the previews show it: one per EKS cluster, none on AKS or GKE
(their services scale their pools), running as the service account its IAM role trusts,
through the cluster's own Kubernetes provider, after the node groups exist."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from hap.plan import Plan, PlannedResource
from tests.clusters.support import child, children_of_type

STACKS = ("dev", "staging", "prod")
COMPONENT = "hybrid:kubernetes:ClusterAutoscaler"
RELEASE = "kubernetes:helm.sh/v3:Release"


def release_of(plan: Plan, cluster_name: str) -> PlannedResource:
    (component,) = [r for r in plan.of_type(COMPONENT) if r.name == f"{cluster_name}-autoscaler"]
    (release,) = [r for r in plan.children(component.urn) if r.type == RELEASE]
    return release


@pytest.mark.parametrize("stack", STACKS)
def test_exactly_the_eks_clusters_get_an_autoscaler(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    plan = plan_of(stack)
    eks = {r.name for r in plan.of_type("hybrid:aws:EksGpuCluster")}
    assert eks
    assert {r.name for r in plan.of_type(COMPONENT)} == {f"{name}-autoscaler" for name in eks}


@pytest.mark.parametrize("stack", STACKS)
def test_the_autoscaler_runs_as_the_service_account_its_role_trusts(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    plan = plan_of(stack)
    for component in plan.of_type("hybrid:aws:EksGpuCluster"):
        inputs = release_of(plan, component.name).inputs
        assert (inputs["chart"], inputs["version"]) == ("cluster-autoscaler", "9.59.0")
        assert inputs["repositoryOpts"] == {"repo": "https://kubernetes.github.io/autoscaler"}
        assert (inputs["namespace"], inputs["createNamespace"]) == ("kube-system", False)
        account = inputs["values"]["rbac"]["serviceAccount"]
        assert account["name"] == "cluster-autoscaler"
        role_arn = component.outputs["autoscaler_role_arn"]
        assert account["annotations"] == {"eks.amazonaws.com/role-arn": role_arn}
        # The role trusts that one service account, in kube-system, of this cluster only.
        (role,) = [
            r
            for r in children_of_type(plan, component.name, "aws:iam/role:Role")
            if r.outputs["arn"] == role_arn
        ]
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        issuer = component.outputs["oidc_issuer"].removeprefix("https://")
        assert statement["Condition"]["StringEquals"] == {
            f"{issuer}:aud": "sts.amazonaws.com",
            f"{issuer}:sub": "system:serviceaccount:kube-system:cluster-autoscaler",
        }


@pytest.mark.parametrize("stack", STACKS)
def test_the_autoscaler_discovers_its_own_clusters_groups(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    plan = plan_of(stack)
    for component in plan.of_type("hybrid:aws:EksGpuCluster"):
        values = release_of(plan, component.name).inputs["values"]
        physical = component.outputs["cluster_name"]
        region = child(plan, component.name, "aws:eks/cluster:Cluster", f"{component.name}-eks")
        assert values["autoDiscovery"]["clusterName"] == physical
        assert values["autoDiscovery"]["tags"] == [
            "k8s.io/cluster-autoscaler/enabled",
            f"k8s.io/cluster-autoscaler/{physical}",
        ]
        assert values["awsRegion"] == component.outputs["region"]
        assert region.outputs["arn"].split(":")[3] == values["awsRegion"]
        assert values["extraArgs"]["balance-similar-node-groups"] is True
        assert values["extraArgs"]["expander"] == "least-waste"


def test_the_autoscaler_is_deployed_after_the_node_groups_through_its_clusters_provider(
    plan_of: Callable[[str], Plan],
) -> None:
    plan = plan_of("prod")
    release = release_of(plan, "train")
    assert release.provider is not None
    provider = plan.resource(release.provider)
    assert (provider.type, provider.name) == ("pulumi:providers:kubernetes", "train-k8s")
    groups = {g.urn for g in children_of_type(plan, "train", "aws:eks/nodeGroup:NodeGroup")}
    tags = {t.urn for t in children_of_type(plan, "train", "aws:autoscaling/tag:Tag")}
    assert groups and tags
    # The provider waits for the node groups and their autoscaler tags.
    assert groups | tags <= set(provider.dependencies)
