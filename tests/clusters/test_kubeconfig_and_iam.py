"""Kubeconfigs and IAM documents, pure: what `kubectl` and IAM will read."""

from __future__ import annotations

import base64
import json

import pytest
import yaml

from hybrid_ai_platform.clusters import aws_iam
from hybrid_ai_platform.clusters.aks import AZURE_CLI_CLIENT_ID, deployer_principal_type
from hybrid_ai_platform.clusters.kubeconfig import (
    eks_kubeconfig,
    gke_kubeconfig,
    with_azure_cli_login,
)

CA = base64.b64encode(b"-----BEGIN CERTIFICATE-----\n").decode()


def only_user(document: str) -> dict:
    config = yaml.safe_load(document)
    (user,) = config["users"]
    return user["user"]


def test_eks_kubeconfig_gets_tokens_from_the_aws_cli() -> None:
    text = eks_kubeconfig(
        "prod-train", "us-east-1", "https://ABC.gr7.us-east-1.eks.amazonaws.com", CA
    )
    config = yaml.safe_load(text)
    assert config["current-context"] == "prod-train"
    (entry,) = config["clusters"]
    assert entry["cluster"] == {
        "server": "https://ABC.gr7.us-east-1.eks.amazonaws.com",
        "certificate-authority-data": CA,
    }
    exec_ = only_user(text)["exec"]
    assert exec_["command"] == "aws"
    assert exec_["args"][:2] == ["eks", "get-token"]
    assert exec_["args"][exec_["args"].index("--cluster-name") + 1] == "prod-train"
    assert exec_["args"][exec_["args"].index("--region") + 1] == "us-east-1"
    assert exec_["apiVersion"] == "client.authentication.k8s.io/v1beta1"
    # No stored credential anywhere in the document.
    assert "token" not in only_user(text) and "client-key-data" not in text


def test_gke_kubeconfig_uses_the_gke_auth_plugin() -> None:
    text = gke_kubeconfig("gke_p_us-central1_prod-batch", "10.32.127.242", CA)
    config = yaml.safe_load(text)
    assert config["clusters"][0]["cluster"]["server"] == "https://10.32.127.242"
    exec_ = only_user(text)["exec"]
    assert exec_["command"] == "gke-gcloud-auth-plugin"
    assert exec_["provideClusterInfo"] is True


def aks_user_kubeconfig(login: str) -> str:
    """The shape AKS returns from listClusterUserCredential with format=exec."""
    return yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "c", "cluster": {"server": "https://c:443"}}],
            "contexts": [{"name": "c", "context": {"cluster": "c", "user": "u"}}],
            "current-context": "c",
            "users": [
                {
                    "name": "u",
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "kubelogin",
                            "args": [
                                "get-token",
                                "--environment",
                                "AzurePublicCloud",
                                "--server-id",
                                "6dae42f8-4368-4678-94ff-3960e28e3630",
                                "--login",
                                login,
                            ],
                        }
                    },
                }
            ],
        }
    )


def test_aks_kubeconfig_logs_in_through_the_azure_cli_not_a_device_code() -> None:
    converted = only_user(with_azure_cli_login(aks_user_kubeconfig("devicecode")))["exec"]
    assert converted["args"][converted["args"].index("--login") + 1] == "azurecli"
    assert "devicecode" not in converted["args"]
    assert "--server-id" in converted["args"]


def test_aks_kubeconfig_without_kubelogin_is_left_alone() -> None:
    token_user = yaml.safe_dump({"users": [{"name": "u", "user": {"token": "t"}}]})
    assert yaml.safe_load(with_azure_cli_login(token_user)) == yaml.safe_load(token_user)


def test_the_deployers_principal_type_follows_how_it_logged_in() -> None:
    assert deployer_principal_type(AZURE_CLI_CLIENT_ID) == "User"
    assert deployer_principal_type("2b5f1c1e-0000-4000-8000-000000000001") == "ServicePrincipal"


def test_irsa_trust_is_one_service_account_of_one_cluster() -> None:
    issuer = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC"
    provider = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"
    document = json.loads(
        aws_iam.irsa_trust_policy(provider, issuer, ("kube-system", "ebs-csi-controller-sa"))
    )
    (statement,) = document["Statement"]
    assert statement["Principal"] == {"Federated": provider}
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Condition"] == {
        "StringEquals": {
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
            "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": (
                "system:serviceaccount:kube-system:ebs-csi-controller-sa"
            ),
        }
    }


CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/prod-train"


def test_the_autoscaler_only_resizes_this_clusters_groups() -> None:
    document = json.loads(aws_iam.cluster_autoscaler_policy("prod-train", CLUSTER_ARN))
    (scale,) = [s for s in document["Statement"] if "autoscaling:SetDesiredCapacity" in s["Action"]]
    assert scale["Condition"] == {
        "StringEquals": {"aws:ResourceTag/k8s.io/cluster-autoscaler/prod-train": "owned"}
    }
    assert sorted(scale["Action"]) == [
        "autoscaling:SetDesiredCapacity",
        "autoscaling:TerminateInstanceInAutoScalingGroup",
    ]
    for statement in document["Statement"]:
        if statement is not scale:
            actions = statement["Action"]
            actions = [actions] if isinstance(actions, str) else actions
            assert all(a.split(":")[1].startswith(("Describe", "Get")) for a in actions)


def test_the_autoscaler_describes_only_this_clusters_node_groups() -> None:
    document = json.loads(aws_iam.cluster_autoscaler_policy("prod-train", CLUSTER_ARN))
    (describe,) = [s for s in document["Statement"] if s["Action"] == "eks:DescribeNodegroup"]
    # Node group ARNs: arn:aws:eks:<region>:<account>:nodegroup/<cluster>/<name>/<id>.
    assert describe["Resource"] == "arn:aws:eks:us-east-1:123456789012:nodegroup/prod-train/*"


def test_the_autoscaler_gets_the_documented_actions_and_no_more() -> None:
    """The README's "Full Cluster Autoscaler Features Policy" (release 1.31), action for
    action: auto-discovery, launch templates, instance requirements, managed node groups."""
    document = json.loads(aws_iam.cluster_autoscaler_policy("prod-train", CLUSTER_ARN))
    actions = set()
    for statement in document["Statement"]:
        listed = statement["Action"]
        actions |= {listed} if isinstance(listed, str) else set(listed)
        assert statement["Effect"] == "Allow"
    assert actions == {
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeAutoScalingInstances",
        "autoscaling:DescribeLaunchConfigurations",
        "autoscaling:DescribeScalingActivities",
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeLaunchTemplateVersions",
        "ec2:GetInstanceTypesFromInstanceRequirements",
        "eks:DescribeNodegroup",
        "autoscaling:SetDesiredCapacity",
        "autoscaling:TerminateInstanceInAutoScalingGroup",
    }


def test_an_autoscaler_policy_for_another_clusters_arn_is_refused() -> None:
    with pytest.raises(ValueError, match="is not the ARN of EKS cluster 'prod-train'"):
        aws_iam.cluster_autoscaler_policy("prod-train", CLUSTER_ARN.replace("prod-", "dev-"))


def test_policy_documents_are_stable_text() -> None:
    assert aws_iam.kms_use_policy("arn:k") == aws_iam.kms_use_policy("arn:k")
    assert json.loads(aws_iam.kms_use_policy("arn:k"))["Statement"][0]["Resource"] == "arn:k"
