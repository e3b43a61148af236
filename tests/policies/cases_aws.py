"""Cases of the AWS rules: EKS, EC2 and EBS, IAM, S3 and KMS."""

from __future__ import annotations

import json

from tests.policies.cases import Case, aws, one, stack

EKS = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
GPU = {"amiType": "AL2023_x86_64_NVIDIA", "instanceTypes": ["p4d.24xlarge"]}
GPU_TAINT = [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}]
SCALE_TO_ZERO = {"scalingConfig": {"minSize": 0, "maxSize": 4, "desiredSize": 0}}
ALWAYS_ON = {"scalingConfig": {"minSize": 1, "maxSize": 4, "desiredSize": 1}}
ADMIN = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def _policy(document: dict[str, object]) -> str:
    return json.dumps(document)


CASES = [
    Case(
        "aws-eks-endpoint-not-public",
        "private",
        one(aws(EKS, {"vpcConfig": {"endpointPublicAccess": False}})),
    ),
    Case(
        "aws-eks-endpoint-not-public",
        "public-to-listed-cidrs",
        one(
            aws(
                EKS,
                {
                    "vpcConfig": {
                        "endpointPublicAccess": True,
                        "publicAccessCidrs": ["203.0.113.0/24"],
                    }
                },
            )
        ),
    ),
    Case(
        "aws-eks-endpoint-not-public",
        "default-is-public",
        one(aws(EKS, {"vpcConfig": {"subnetIds": ["subnet-1"]}})),
        expect="public and open to 0.0.0.0/0",
    ),
    Case(
        "aws-eks-endpoint-not-public",
        "open-to-the-world",
        one(aws(EKS, {"vpcConfig": {"publicAccessCidrs": ["10.0.0.0/8", "0.0.0.0/0"]}})),
        expect="publicAccessCidrs: ['10.0.0.0/8', '0.0.0.0/0']",
    ),
    Case(
        "aws-eks-secrets-encrypted",
        "kms-envelope",
        one(
            aws(
                EKS,
                {
                    "encryptionConfig": {
                        "provider": {"keyArn": "arn:aws:kms:us-east-1:1:key/k"},
                        "resources": ["secrets"],
                    }
                },
            )
        ),
    ),
    Case(
        "aws-eks-secrets-encrypted",
        "no-encryption-config",
        one(aws(EKS)),
        expect="not envelope-encrypted",
    ),
    # Envelope encryption needs both halves: "secrets" in resources and a KMS key. Either
    # one alone must not pass.
    Case(
        "aws-eks-secrets-encrypted",
        "secrets-listed-without-a-key",
        one(aws(EKS, {"encryptionConfig": {"provider": {}, "resources": ["secrets"]}})),
        expect="not envelope-encrypted",
    ),
    Case(
        "aws-eks-secrets-encrypted",
        "key-without-secrets",
        one(
            aws(
                EKS,
                {
                    "encryptionConfig": {
                        "provider": {"keyArn": "arn:aws:kms:us-east-1:1:key/k"},
                        "resources": [],
                    }
                },
            )
        ),
        expect="not envelope-encrypted",
    ),
    Case(
        "aws-eks-control-plane-logging",
        "required-types",
        one(aws(EKS, {"enabledClusterLogTypes": ["api", "audit", "authenticator", "scheduler"]})),
    ),
    Case(
        "aws-eks-control-plane-logging",
        "audit-missing",
        one(aws(EKS, {"enabledClusterLogTypes": ["api"]})),
        expect="log types not enabled: audit, authenticator",
    ),
    Case(
        "aws-eks-control-plane-logging",
        "configured-types",
        one(aws(EKS, {"enabledClusterLogTypes": ["api", "audit", "authenticator"]})),
        expect="not enabled: scheduler",
        config={"requiredLogTypes": ["api", "audit", "authenticator", "scheduler"]},
    ),
    Case(
        "aws-eks-gpu-node-group-tainted",
        "tainted",
        one(aws(NODE_GROUP, {**GPU, "taints": GPU_TAINT})),
    ),
    Case(
        "aws-eks-gpu-node-group-tainted",
        "cpu-pool-needs-none",
        one(aws(NODE_GROUP, {"amiType": "AL2023_x86_64_STANDARD", "instanceTypes": ["m6i.large"]})),
    ),
    Case(
        "aws-eks-gpu-node-group-tainted",
        "prefer-no-schedule-is-not-enough",
        one(
            aws(
                NODE_GROUP,
                {**GPU, "taints": [{"key": "nvidia.com/gpu", "effect": "PREFER_NO_SCHEDULE"}]},
            )
        ),
        expect="has no blocking nvidia.com/gpu taint",
    ),
    Case(
        "aws-eks-gpu-node-group-tainted",
        "gpu-instance-family-without-taint",
        one(aws(NODE_GROUP, {"instanceTypes": ["g6e.2xlarge"]})),
        expect="GPU node group of 'nodegroup' has no blocking nvidia.com/gpu taint",
    ),
    Case(
        "aws-eks-gpu-node-group-scale-to-zero",
        "dev-scales-to-zero",
        one(aws(NODE_GROUP, {**GPU, **SCALE_TO_ZERO})),
    ),
    Case(
        "aws-eks-gpu-node-group-scale-to-zero",
        "prod-may-keep-nodes",
        one(aws(NODE_GROUP, {**GPU, **ALWAYS_ON}), tier="prod"),
    ),
    Case(
        "aws-eks-gpu-node-group-scale-to-zero",
        "staging-keeps-a-node",
        one(aws(NODE_GROUP, {**GPU, **ALWAYS_ON}), tier="staging"),
        expect="has a minimum of 1 node(s) in a staging environment",
    ),
    Case(
        "aws-ec2-no-admin-ports-open-to-internet",
        "https-open-ssh-internal",
        one(
            aws(
                "aws:ec2/securityGroup:SecurityGroup",
                {
                    "ingress": [
                        {
                            "protocol": "tcp",
                            "fromPort": 443,
                            "toPort": 443,
                            "cidrBlocks": ["0.0.0.0/0"],
                        },
                        {
                            "protocol": "tcp",
                            "fromPort": 22,
                            "toPort": 22,
                            "cidrBlocks": ["10.0.0.0/8"],
                        },
                    ]
                },
            ),
            aws(
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": "10.1.0.0/16"},
            ),
        ),
    ),
    Case(
        "aws-ec2-no-admin-ports-open-to-internet",
        "all-traffic",
        one(
            aws(
                "aws:ec2/securityGroupRule:SecurityGroupRule",
                {
                    "type": "ingress",
                    "protocol": "-1",
                    "fromPort": 0,
                    "toPort": 0,
                    "cidrBlocks": ["0.0.0.0/0"],
                },
            )
        ),
        expect="opens port(s) 22, 2379, 2380, 3389, 6443, 10250 to the internet",
    ),
    Case(
        "aws-ec2-no-admin-ports-open-to-internet",
        "kubelet-range-ipv6",
        one(
            aws(
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
                {"ipProtocol": "tcp", "fromPort": 10000, "toPort": 11000, "cidrIpv6": "::/0"},
            )
        ),
        expect="opens port(s) 10250",
    ),
    Case(
        "aws-ebs-volume-encrypted",
        "encrypted",
        one(
            aws("aws:ebs/volume:Volume", {"encrypted": True}),
            aws(
                "aws:ec2/launchTemplate:LaunchTemplate",
                {"blockDeviceMappings": [{"ebs": {"encrypted": "true"}}]},
            ),
        ),
    ),
    Case(
        "aws-ebs-volume-encrypted",
        "plain-volume",
        one(aws("aws:ebs/volume:Volume", {"size": 10})),
        expect="EBS volume 'volume' is not encrypted",
    ),
    Case(
        "aws-ebs-volume-encrypted",
        "instance-data-disk",
        one(
            aws(
                "aws:ec2/instance:Instance",
                {"rootBlockDevice": {"encrypted": True}, "ebsBlockDevices": [{"encrypted": False}]},
            )
        ),
        expect="ebsBlockDevices[0] is not encrypted",
    ),
    Case(
        "aws-iam-no-wildcard-admin-policy",
        "scoped",
        one(
            aws(
                "aws:iam/rolePolicy:RolePolicy",
                {
                    "policy": _policy(
                        {
                            "Statement": [
                                {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"},
                                {"Effect": "Deny", "Action": "*", "Resource": "*"},
                            ]
                        }
                    )
                },
            )
        ),
    ),
    Case(
        "aws-iam-no-wildcard-admin-policy",
        "administrator",
        one(aws("aws:iam/policy:Policy", {"policy": _policy(ADMIN)})),
        expect='Statement[0] allows every action on every resource ("*" on "*")',
    ),
    Case(
        "aws-s3-bucket-kms-encrypted",
        "separate-configuration",
        stack(
            [
                bucket := aws("aws:s3/bucket:Bucket", name="data"),
                aws(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    {
                        "bucket": "data-1234",
                        "rules": [
                            {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "aws:kms"}}
                        ],
                    },
                    name="data-sse",
                    property_dependencies={"bucket": [bucket]},
                ),
            ]
        ),
    ),
    Case(
        "aws-s3-bucket-kms-encrypted",
        "aes256-only",
        stack(
            [
                aws("aws:s3/bucket:Bucket", {"bucket": "logs-1"}, name="logs"),
                aws(
                    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                    {
                        "bucket": "logs-1",
                        "rules": [
                            {"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}
                        ],
                    },
                    name="logs-sse",
                ),
            ]
        ),
        expect="bucket 'logs' has no default encryption with KMS",
    ),
    Case(
        "aws-kms-key-rotation-enabled",
        "rotating",
        one(aws("aws:kms/key:Key", {"enableKeyRotation": True})),
    ),
    Case(
        "aws-kms-key-rotation-enabled",
        "asymmetric-cannot-rotate",
        one(aws("aws:kms/key:Key", {"customerMasterKeySpec": "RSA_2048"})),
    ),
    Case(
        "aws-kms-key-rotation-enabled",
        "not-rotating",
        one(aws("aws:kms/key:Key")),
        expect="KMS key 'key' does not rotate",
    ),
]
