"""IAM policy documents and managed-policy ARNs for an EKS cluster. Pure: no Pulumi import.

Documents are JSON text with sorted keys, so the same inputs always give the same string
(no diff between two previews).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from hybrid_ai_platform.clusters.autoscaling import CLUSTER_OWNED_VALUE, cluster_owner_tag

# AWS managed policies (IAM "AWS managed policies" reference), by the role that needs them.
CLUSTER_POLICIES = ("AmazonEKSClusterPolicy",)
NODE_POLICIES = (
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
)
EBS_CSI_POLICY = "service-role/AmazonEBSCSIDriverPolicy"
# EKS access policy for the deploying identity (EKS "Associate access policies").
CLUSTER_ADMIN_ACCESS_POLICY = "AmazonEKSClusterAdminPolicy"

# The service account the EBS CSI add-on's controller runs as (EKS user guide, "Amazon EBS
# CSI driver"), and the one the cluster autoscaler's Helm chart is installed with here.
EBS_CSI_SERVICE_ACCOUNT = ("kube-system", "ebs-csi-controller-sa")
AUTOSCALER_SERVICE_ACCOUNT = ("kube-system", "cluster-autoscaler")
STS_AUDIENCE = "sts.amazonaws.com"

_VERSION = "2012-10-17"


def managed_policy_arn(partition: str, name: str) -> str:
    return f"arn:{partition}:iam::aws:policy/{name}"


def access_policy_arn(partition: str, name: str) -> str:
    return f"arn:{partition}:eks::aws:cluster-access-policy/{name}"


def service_trust_policy(service: str, actions: Sequence[str] = ("sts:AssumeRole",)) -> str:
    """Trust for an AWS service principal, e.g. `eks.amazonaws.com`."""
    return _document(
        [{"Effect": "Allow", "Principal": {"Service": service}, "Action": list(actions)}]
    )


def irsa_trust_policy(provider_arn: str, issuer_url: str, service_account: tuple[str, str]) -> str:
    """IAM roles for service accounts: only this one service account of this one cluster
    (its OIDC issuer) may assume the role, and only with the STS audience."""
    issuer = issuer_url.removeprefix("https://")
    namespace, name = service_account
    return _document(
        [
            {
                "Effect": "Allow",
                "Principal": {"Federated": provider_arn},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{issuer}:aud": STS_AUDIENCE,
                        f"{issuer}:sub": f"system:serviceaccount:{namespace}:{name}",
                    }
                },
            }
        ]
    )


def kms_use_policy(key_arn: str) -> str:
    """What the EKS cluster role needs on its secrets key (envelope encryption)."""
    return _document(
        [
            {
                "Effect": "Allow",
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
                "Resource": key_arn,
            }
        ]
    )


def cluster_autoscaler_policy(cluster_name: str, cluster_arn: str) -> str:
    """The cluster autoscaler's policy: the "Full Cluster Autoscaler Features Policy" of
    kubernetes/autoscaler `cluster-autoscaler/cloudprovider/aws/README.md` (release 1.31),
    with the restriction that README asks for. The read actions take no resource-level
    restriction in IAM and stay on `*`; `eks:DescribeNodegroup` is limited to this
    cluster's node groups; the two actions that change capacity apply only to Auto Scaling
    groups tagged as this cluster's (`k8s.io/cluster-autoscaler/<cluster>: owned`, which
    EKS and `EksGpuCluster` put on every node group's group). No `autoscaling:DescribeTags`:
    the README dropped it and no autoscaler release from 1.28 on calls it."""
    account_and_region, _, name = cluster_arn.rpartition(":cluster/")
    if not account_and_region or name != cluster_name:
        raise ValueError(f"{cluster_arn!r} is not the ARN of EKS cluster {cluster_name!r}")
    return _document(
        [
            {
                "Sid": "Discover",
                "Effect": "Allow",
                "Action": [
                    "autoscaling:DescribeAutoScalingGroups",
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeLaunchConfigurations",
                    "autoscaling:DescribeScalingActivities",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplateVersions",
                    "ec2:GetInstanceTypesFromInstanceRequirements",
                ],
                "Resource": "*",
            },
            {
                # Labels, taints and tags of an empty managed node group (scale from zero).
                "Sid": "DescribeOwnNodegroups",
                "Effect": "Allow",
                "Action": "eks:DescribeNodegroup",
                "Resource": f"{account_and_region}:nodegroup/{cluster_name}/*",
            },
            {
                "Sid": "ScaleOwnGroups",
                "Effect": "Allow",
                "Action": [
                    "autoscaling:SetDesiredCapacity",
                    "autoscaling:TerminateInstanceInAutoScalingGroup",
                ],
                "Resource": "*",
                "Condition": {
                    "StringEquals": {
                        f"aws:ResourceTag/{cluster_owner_tag(cluster_name)}": CLUSTER_OWNED_VALUE
                    }
                },
            },
        ]
    )


def _document(statements: list[dict[str, object]]) -> str:
    return json.dumps({"Version": _VERSION, "Statement": statements}, sort_keys=True)
