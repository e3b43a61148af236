"""EKS as the previews show it: prod's `train` (private, production), dev's `lab` and the
fixture's `edge-aws` (public endpoint for authorised ranges, Spot, a definition taint)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
import yaml

from hap.plan import Plan, PlannedResource, Secret, reveal
from tests.clusters.support import PUBLIC_FIXTURE, child, children_of_type, cluster
from tests.conftest import cached_plan

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
EKS = "aws:eks/cluster:Cluster"
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


@pytest.fixture(scope="module")
def dev(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("dev")


@pytest.fixture(scope="module")
def public() -> Plan:
    return cached_plan("public", PUBLIC_FIXTURE)


def node_group(plan: Plan, cluster_name: str, pool: str) -> PlannedResource:
    return child(plan, cluster_name, NODE_GROUP, f"{cluster_name}-{pool}")


def test_gpu_node_groups_run_the_nvidia_ami_tainted_and_labelled(prod: Plan) -> None:
    for pool, capacity in (("a100", "ON_DEMAND"), ("a100spot", "SPOT")):
        group = node_group(prod, "train", pool).inputs
        assert group["amiType"] == "AL2023_x86_64_NVIDIA"
        assert group["instanceTypes"] == ["p4de.24xlarge"]
        assert group["capacityType"] == capacity
        assert group["taints"] == [GPU_TAINT]
        assert group["labels"] == {
            "hybrid.ai/accelerator": "nvidia-a100-80gb",
            "hybrid.ai/pool": pool,
            # The cluster autoscaler's GPU label (its AWS README, GPU instances).
            "k8s.amazonaws.com/accelerator": "nvidia-a100-80gb",
        }
        assert group["diskSize"] == 500
        assert group["version"] == "1.35"
    system = node_group(prod, "train", "system").inputs
    assert system["amiType"] == "AL2023_x86_64_STANDARD"
    assert system["instanceTypes"] == ["m6i.xlarge"]
    assert system["taints"] == []


def test_node_groups_scale_within_the_definition_and_leave_the_size_to_the_autoscaler(
    prod: Plan,
) -> None:
    sizes = {
        pool: node_group(prod, "train", pool).inputs["scalingConfig"]
        for pool in ("system", "a100", "a100spot")
    }
    assert sizes == {
        "system": {"minSize": 3, "maxSize": 6, "desiredSize": 3},
        "a100": {"minSize": 1, "maxSize": 4, "desiredSize": 1},
        "a100spot": {"minSize": 0, "maxSize": 4, "desiredSize": 0},
    }
    for group in children_of_type(prod, "train", NODE_GROUP):
        assert group.ignore_changes == ("scalingConfig.desiredSize",)
        assert group.delete_before_replace
        # Private subnets only: the network's three private subnets.
        assert len(group.inputs["subnetIds"]) == 3


def test_a_definition_taint_joins_the_gpu_taint(public: Plan) -> None:
    group = node_group(public, "edge-aws", "l4spot").inputs
    assert group["taints"] == [
        GPU_TAINT,
        {"key": "workload", "value": "batch", "effect": "NO_EXECUTE"},
    ]
    assert group["labels"]["team"] == "research"
    assert (group["capacityType"], group["instanceTypes"]) == ("SPOT", ["g6.xlarge"])


def test_secrets_are_encrypted_with_a_rotating_protected_key(prod: Plan, dev: Plan) -> None:
    key = child(prod, "train", "aws:kms/key:Key", "train-secrets-key")
    eks = child(prod, "train", EKS, "train-eks").inputs
    assert eks["encryptionConfig"] == {
        "resources": ["secrets"],
        "provider": {"keyArn": key.outputs["arn"]},
    }
    assert key.inputs["enableKeyRotation"] is True
    assert (key.protect, key.inputs["deletionWindowInDays"]) == (True, 30)
    dev_key = child(dev, "lab", "aws:kms/key:Key", "lab-secrets-key")
    assert (dev_key.protect, dev_key.inputs["deletionWindowInDays"]) == (False, 7)
    # The cluster role may use that key and no other.
    policy = json.loads(
        child(prod, "train", "aws:iam/rolePolicy:RolePolicy", "train-cluster-role-kms").inputs[
            "policy"
        ]
    )
    assert [s["Resource"] for s in policy["Statement"]] == [key.outputs["arn"]]


def test_a_private_cluster_has_no_public_endpoint(prod: Plan) -> None:
    vpc = child(prod, "train", EKS, "train-eks").inputs["vpcConfig"]
    assert vpc["endpointPrivateAccess"] is True
    assert vpc["endpointPublicAccess"] is False
    assert "publicAccessCidrs" not in vpc


def test_a_public_endpoint_admits_only_the_authorised_ranges(public: Plan) -> None:
    vpc = child(public, "edge-aws", EKS, "edge-aws-eks").inputs["vpcConfig"]
    assert vpc["endpointPublicAccess"] is True
    assert vpc["endpointPrivateAccess"] is True
    # The definition's ranges and the deploy runner's egress address.
    assert vpc["publicAccessCidrs"] == ["192.0.2.10/32", "198.51.100.0/24", "203.0.113.0/24"]


def test_every_control_plane_log_goes_to_a_retained_log_group(prod: Plan, dev: Plan) -> None:
    eks = child(prod, "train", EKS, "train-eks")
    assert eks.inputs["enabledClusterLogTypes"] == [
        "api",
        "audit",
        "authenticator",
        "controllerManager",
        "scheduler",
    ]
    logs = child(prod, "train", "aws:cloudwatch/logGroup:LogGroup", "train-control-plane-logs")
    assert logs.inputs["name"] == "/aws/eks/prod-train/cluster"
    assert logs.inputs["retentionInDays"] == 365
    assert (logs.protect, logs.retain_on_delete) == (True, True)
    # Created first, so EKS does not create it without a retention.
    assert logs.urn in eks.dependencies
    dev_logs = child(dev, "lab", "aws:cloudwatch/logGroup:LogGroup", "lab-control-plane-logs")
    assert (dev_logs.inputs["retentionInDays"], dev_logs.protect) == (30, False)


def test_access_is_by_access_entries_with_an_explicit_deployer_admin(prod: Plan) -> None:
    eks = child(prod, "train", EKS, "train-eks").inputs
    assert eks["accessConfig"] == {
        "authenticationMode": "API",
        "bootstrapClusterCreatorAdminPermissions": False,
    }
    entry = child(prod, "train", "aws:eks/accessEntry:AccessEntry", "train-deployer").inputs
    admin = child(
        prod,
        "train",
        "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        "train-deployer-admin",
    ).inputs
    assert entry["principalArn"].startswith("arn:aws:iam::")
    assert admin["principalArn"] == entry["principalArn"]
    assert admin["policyArn"] == (
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
    )
    assert admin["accessScope"] == {"type": "cluster"}


def test_irsa_roles_trust_only_their_service_account(prod: Plan) -> None:
    eks = child(prod, "train", EKS, "train-eks")
    issuer = eks.outputs["identities"][0]["oidcs"][0]["issuer"]
    oidc = child(prod, "train", "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "train-oidc")
    assert oidc.inputs["url"] == issuer
    assert oidc.inputs["clientIdLists"] == ["sts.amazonaws.com"]
    host = issuer.removeprefix("https://")
    for role_name, account in (
        ("train-ebs-csi-role", "system:serviceaccount:kube-system:ebs-csi-controller-sa"),
        ("train-autoscaler-role", "system:serviceaccount:kube-system:cluster-autoscaler"),
    ):
        role = child(prod, "train", "aws:iam/role:Role", role_name)
        (statement,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
        assert statement["Principal"] == {"Federated": oidc.outputs["arn"]}
        assert statement["Condition"]["StringEquals"][f"{host}:sub"] == account
    addon = child(prod, "train", "aws:eks/addon:Addon", "train-aws-ebs-csi-driver")
    role = child(prod, "train", "aws:iam/role:Role", "train-ebs-csi-role")
    assert addon.inputs["serviceAccountRoleArn"] == role.outputs["arn"]


def test_addons_are_installed_around_the_node_groups(prod: Plan) -> None:
    addons = {
        a.inputs["addonName"]: a for a in children_of_type(prod, "train", "aws:eks/addon:Addon")
    }
    assert sorted(addons) == ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]
    groups = {g.urn for g in children_of_type(prod, "train", NODE_GROUP)}
    # Networking first: every node group waits for vpc-cni and kube-proxy.
    for group in children_of_type(prod, "train", NODE_GROUP):
        assert {addons["vpc-cni"].urn, addons["kube-proxy"].urn} <= set(group.dependencies)
    # Pods need nodes: CoreDNS and the EBS CSI controller wait for the node groups.
    for name in ("coredns", "aws-ebs-csi-driver"):
        assert groups <= set(addons[name].dependencies)


def test_the_kubeconfig_is_a_secret_that_gets_tokens_from_the_aws_cli(prod: Plan) -> None:
    component = cluster(prod, "train")
    kubeconfig = component.outputs["kubeconfig"]
    assert isinstance(kubeconfig, Secret)
    config = yaml.safe_load(reveal(kubeconfig))
    exec_ = config["users"][0]["user"]["exec"]
    assert (exec_["command"], exec_["args"][:4]) == (
        "aws",
        ["eks", "get-token", "--cluster-name", "prod-train"],
    )
    eks = child(prod, "train", EKS, "train-eks")
    assert config["clusters"][0]["cluster"]["server"] == eks.outputs["endpoint"]
    assert component.outputs["cluster_name"] == "prod-train"
    assert component.outputs["oidc_issuer"] == eks.outputs["identities"][0]["oidcs"][0]["issuer"]


ASG_TAG = "aws:autoscaling/tag:Tag"
TEMPLATE = "k8s.io/cluster-autoscaler/node-template"


def asg_tags(plan: Plan, cluster_name: str, pool: str) -> dict[str, PlannedResource]:
    """The autoscaler's tags on the pool's Auto Scaling group, by tag key."""
    prefix = f"{cluster_name}-{pool}-asg-tag-"
    return {
        tag.inputs["tag"]["key"]: tag
        for tag in children_of_type(plan, cluster_name, ASG_TAG)
        if tag.name.startswith(prefix)
    }


def test_an_empty_gpu_group_tells_the_autoscaler_what_its_nodes_would_offer(prod: Plan) -> None:
    """a100spot starts at zero nodes: only its group's tags say that it has GPUs, which
    label selects it and that a pod must tolerate the GPU taint."""
    group = node_group(prod, "train", "a100spot")
    asg_name = group.outputs["resources"][0]["autoscalingGroups"][0]["name"]
    tags = asg_tags(prod, "train", "a100spot")
    assert {key: tag.inputs["tag"]["value"] for key, tag in tags.items()} == {
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/prod-train": "owned",
        f"{TEMPLATE}/label/hybrid.ai/accelerator": "nvidia-a100-80gb",
        f"{TEMPLATE}/label/hybrid.ai/pool": "a100spot",
        f"{TEMPLATE}/label/k8s.amazonaws.com/accelerator": "nvidia-a100-80gb",
        f"{TEMPLATE}/taint/nvidia.com/gpu": "present:NoSchedule",
        f"{TEMPLATE}/resources/nvidia.com/gpu": "8",
    }
    for tag in tags.values():
        assert tag.inputs["autoscalingGroupName"] == asg_name
        assert tag.inputs["tag"]["propagateAtLaunch"] is False
        assert group.urn in tag.dependencies


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_node_group_is_discoverable_by_this_clusters_autoscaler(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    plan = plan_of(stack)
    components = [c for c in plan.of_type("hybrid:aws:EksGpuCluster")]
    assert components
    for component in components:
        name, physical = component.name, component.outputs["cluster_name"]
        for group in children_of_type(plan, name, NODE_GROUP):
            pool = group.inputs["nodeGroupName"]
            on_asg = {k: t.inputs["tag"]["value"] for k, t in asg_tags(plan, name, pool).items()}
            expected = {
                "k8s.io/cluster-autoscaler/enabled": "true",
                f"k8s.io/cluster-autoscaler/{physical}": "owned",
            }
            assert expected.items() <= on_asg.items(), f"{name}/{pool}"
            # The node group carries the same tags (read while it never had a node).
            assert on_asg.items() <= group.inputs["tags"].items(), f"{name}/{pool}"
            labels = {
                key.removeprefix(f"{TEMPLATE}/label/"): value
                for key, value in on_asg.items()
                if key.startswith(f"{TEMPLATE}/label/")
            }
            assert labels == group.inputs["labels"], f"{name}/{pool}"


def test_the_autoscaler_role_may_resize_only_groups_tagged_for_this_cluster(prod: Plan) -> None:
    policy = json.loads(
        child(prod, "train", "aws:iam/rolePolicy:RolePolicy", "train-autoscaler-policy").inputs[
            "policy"
        ]
    )
    (scale,) = [s for s in policy["Statement"] if "autoscaling:SetDesiredCapacity" in s["Action"]]
    tag = "k8s.io/cluster-autoscaler/prod-train"
    assert scale["Condition"] == {"StringEquals": {f"aws:ResourceTag/{tag}": "owned"}}
    # ... which is the tag every node group's Auto Scaling group gets.
    for pool in ("system", "a100", "a100spot"):
        assert asg_tags(prod, "train", pool)[tag].inputs["tag"]["value"] == "owned"
    (describe,) = [s for s in policy["Statement"] if s["Action"] == "eks:DescribeNodegroup"]
    eks = child(prod, "train", EKS, "train-eks")
    assert describe["Resource"] == (eks.outputs["arn"].replace(":cluster/", ":nodegroup/") + "/*")
