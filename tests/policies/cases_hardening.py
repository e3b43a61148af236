"""Cases of the rules added after an attack on the pack: flow logs, production log groups
(KMS, a year), EKS node-group SSH, unconstrained IAM writes, endpoint exposure counted on
address space, GKE's control plane, AKS network policy, production clusters protected."""

from __future__ import annotations

import json

from tests.policies.cases import Case, aws, azure, gcp, one

EKS = "aws:eks/cluster:Cluster"
NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
GKE = "gcp:container/cluster:Cluster"
AKS = "azure-native:containerservice:ManagedCluster"
KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/logs"
SPLIT_INTERNET = ["0.0.0.0/1", "128.0.0.0/1"]
SIXTEEN_SLASH_4 = [f"{i * 16}.0.0.0/4" for i in range(16)]
GKE_HARDENED = {
    "masterAuthorizedNetworksConfig": {"cidrBlocks": []},
    "privateClusterConfig": {"enablePrivateEndpoint": True},
    "masterAuth": {"clientCertificateConfig": {"issueClientCertificate": False}},
    "enableIntranodeVisibility": True,
    "binaryAuthorization": {"evaluationMode": "PROJECT_SINGLETON_POLICY_ENFORCE"},
    "authenticatorGroupsConfig": {"securityGroup": "gke-security-groups@example.com"},
}


def _gke_public(*cidrs: str) -> dict[str, object]:
    return {
        **GKE_HARDENED,
        "privateClusterConfig": {"enablePrivateEndpoint": False},
        "masterAuthorizedNetworksConfig": {"cidrBlocks": [{"cidrBlock": c} for c in cidrs]},
    }


def _policy(*statements: dict[str, object]) -> dict[str, str]:
    return {"policy": json.dumps({"Version": "2012-10-17", "Statement": list(statements)})}


_vpc = aws(VPC, {"cidrBlock": "10.0.0.0/16"}, name="vpc", outputs={"id": "vpc-1"})

CASES = [
    # --- VPC flow logs ------------------------------------------------------------------
    Case(
        "aws-ec2-vpc-flow-logs-enabled",
        "flow-log-depends-on-the-vpc",
        one(_vpc, aws(FLOW_LOG, {"trafficType": "ALL"}, property_dependencies={"vpcId": [_vpc]})),
    ),
    Case(
        "aws-ec2-vpc-flow-logs-enabled",
        "flow-log-names-the-vpc-id",
        one(_vpc, aws(FLOW_LOG, {"vpcId": "vpc-1", "trafficType": "ALL"})),
    ),
    Case(
        "aws-ec2-vpc-flow-logs-enabled",
        "flow-log-removed",
        one(_vpc),
        expect="VPC 'vpc' has no flow log",
    ),
    Case(
        "aws-ec2-vpc-flow-logs-enabled",
        "flow-log-of-another-vpc",
        one(_vpc, aws(FLOW_LOG, {"vpcId": "vpc-other"})),
        expect="VPC 'vpc' has no flow log",
    ),
    # --- production log groups ------------------------------------------------------------
    Case(
        "aws-cloudwatch-log-group-kms-encrypted",
        "kms-in-prod",
        one(aws(LOG_GROUP, {"kmsKeyId": KEY_ARN, "retentionInDays": 365}), tier="prod"),
    ),
    Case(
        "aws-cloudwatch-log-group-kms-encrypted",
        "service-key-in-dev",
        one(aws(LOG_GROUP, {"retentionInDays": 30})),
    ),
    Case(
        "aws-cloudwatch-log-group-kms-encrypted",
        "no-key-in-prod",
        one(aws(LOG_GROUP, {"retentionInDays": 365}, name="flow-logs"), tier="prod"),
        expect="log group 'flow-logs' is not encrypted with a KMS key",
    ),
    Case(
        "aws-cloudwatch-log-retention-one-year",
        "a-year-in-prod",
        one(aws(LOG_GROUP, {"retentionInDays": 365}), tier="prod"),
    ),
    Case(
        "aws-cloudwatch-log-retention-one-year",
        "a-month-in-dev",
        one(aws(LOG_GROUP, {"retentionInDays": 30})),
    ),
    Case(
        "aws-cloudwatch-log-retention-one-year",
        "one-day-in-prod",
        one(aws(LOG_GROUP, {"retentionInDays": 1}, name="flow-logs"), tier="prod"),
        expect="log group 'flow-logs' keeps events 1 days; at least 365 in production",
    ),
    # --- EKS -------------------------------------------------------------------------------
    Case(
        "aws-eks-endpoint-not-public",
        "split-into-two-halves",
        one(aws(EKS, {"vpcConfig": {"publicAccessCidrs": SPLIT_INTERNET}})),
        expect="public and open to 0.0.0.0/0",
    ),
    Case(
        "aws-eks-endpoint-not-public",
        "sixteen-slash-4",
        one(aws(EKS, {"vpcConfig": {"publicAccessCidrs": SIXTEEN_SLASH_4}})),
        expect="public and open to 0.0.0.0/0",
    ),
    Case(
        "aws-eks-endpoint-not-public",
        "a-slash-8",
        one(aws(EKS, {"vpcConfig": {"publicAccessCidrs": ["100.0.0.0/8"]}})),
        expect="its authorised ranges cover 16,777,216 addresses",
    ),
    Case(
        "aws-eks-node-group-no-open-ssh",
        "no-remote-access",
        one(aws(NODE_GROUP, {"scalingConfig": {"minSize": 1}})),
    ),
    Case(
        "aws-eks-node-group-no-open-ssh",
        "ssh-from-a-security-group",
        one(
            aws(
                NODE_GROUP,
                {"remoteAccess": {"ec2SshKey": "ops", "sourceSecurityGroupIds": ["sg-bastion"]}},
            )
        ),
    ),
    Case(
        "aws-eks-node-group-no-open-ssh",
        "ssh-from-anywhere",
        one(aws(NODE_GROUP, {"remoteAccess": {"ec2SshKey": "ops"}}, name="gpu")),
        expect="node group 'gpu' allows SSH with key 'ops' from anywhere",
    ),
    # --- IAM -------------------------------------------------------------------------------
    Case(
        "aws-iam-no-unconstrained-write",
        "writes-on-named-resources-and-conditioned-wildcard",
        one(
            aws(
                ROLE_POLICY,
                _policy(
                    {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "arn:x"},
                    {"Effect": "Allow", "Action": "ec2:DescribeImages", "Resource": "*"},
                    # X-Ray's writes accept no narrower Resource than "*".
                    {"Effect": "Allow", "Action": "xray:PutTraceSegments", "Resource": "*"},
                    {
                        "Effect": "Allow",
                        "Action": "autoscaling:SetDesiredCapacity",
                        "Resource": "*",
                        "Condition": {"StringEquals": {"aws:ResourceTag/owner": "me"}},
                    },
                ),
            )
        ),
    ),
    Case(
        "aws-iam-no-unconstrained-write",
        "write-on-every-resource",
        one(
            aws(
                ROLE_POLICY,
                _policy(
                    {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "*"}
                ),
            )
        ),
        expect='Statement[0] allows s3:PutObject on every resource ("*") without a Condition',
    ),
    # --- GKE -------------------------------------------------------------------------------
    Case("gcp-gke-endpoint-restricted", "private-endpoint", one(gcp(GKE, GKE_HARDENED))),
    Case(
        "gcp-gke-endpoint-restricted",
        "public-to-an-office",
        one(gcp(GKE, _gke_public("203.0.113.0/24"))),
    ),
    Case(
        "gcp-gke-endpoint-restricted",
        "no-authorized-networks",
        one(gcp(GKE, {"privateClusterConfig": {"enablePrivateNodes": True}})),
        expect="master authorized networks are off",
    ),
    Case(
        "gcp-gke-endpoint-restricted",
        "public-to-the-world",
        one(gcp(GKE, _gke_public("0.0.0.0/0"))),
        expect="its authorised ranges cover 4,294,967,296 addresses",
    ),
    Case(
        "gcp-gke-endpoint-restricted",
        "public-with-no-ranges",
        one(gcp(GKE, _gke_public())),
        expect="public with no authorised networks",
    ),
    Case("gcp-gke-client-certificate-disabled", "off", one(gcp(GKE, GKE_HARDENED))),
    Case(
        "gcp-gke-client-certificate-disabled",
        "issued",
        one(
            gcp(GKE, {"masterAuth": {"clientCertificateConfig": {"issueClientCertificate": True}}})
        ),
        expect="issues client certificates",
    ),
    Case("gcp-gke-intranode-visibility", "on", one(gcp(GKE, GKE_HARDENED))),
    Case(
        "gcp-gke-intranode-visibility",
        "off",
        one(gcp(GKE, {"enableIntranodeVisibility": False})),
        expect="enableIntranodeVisibility is not true",
    ),
    Case("gcp-gke-google-groups-rbac", "security-group", one(gcp(GKE, GKE_HARDENED))),
    Case(
        "gcp-gke-google-groups-rbac",
        "no-security-group",
        one(gcp(GKE, {})),
        expect="authenticatorGroupsConfig.securityGroup",
    ),
    Case("gcp-gke-binary-authorization", "enforced", one(gcp(GKE, GKE_HARDENED))),
    Case(
        "gcp-gke-binary-authorization",
        "not-set",
        one(gcp(GKE, {})),
        expect="does not enforce the project policy (evaluationMode: None)",
    ),
    # --- AKS -------------------------------------------------------------------------------
    Case(
        "azure-aks-network-policy",
        "cilium",
        one(azure(AKS, {"networkProfile": {"networkPolicy": "cilium"}})),
    ),
    Case(
        "azure-aks-network-policy",
        "none",
        one(azure(AKS, {"networkProfile": {"networkPlugin": "azure"}})),
        expect="no network policy engine",
    ),
    Case(
        "azure-aks-api-server-restricted",
        "split-into-sixteen",
        one(azure(AKS, {"apiServerAccessProfile": {"authorizedIPRanges": SIXTEEN_SLASH_4}})),
        expect="its authorised ranges cover 4,294,967,296 addresses",
    ),
    # --- production clusters protected -----------------------------------------------------
    Case(
        "common-lifecycle-cluster-protected-in-production",
        "protected-in-prod",
        one(aws(EKS, protect=True), gcp(GKE, protect=True), tier="prod"),
    ),
    Case(
        "common-lifecycle-cluster-protected-in-production",
        "unprotected-in-dev",
        one(aws(EKS)),
    ),
    Case(
        "common-lifecycle-cluster-protected-in-production",
        "unprotected-in-prod",
        one(azure(AKS, name="serve-aks"), tier="prod"),
        expect="cluster 'serve-aks' runs production but is not protected",
    ),
]
