"""Cases of the cross-cutting rules: tags, regions, protection, secrets, inputs, budget."""

from __future__ import annotations

from hap.policy.harness import provider, resource
from tests.policies.cases import (
    AWS,
    AWS_DEFAULT_TAGS,
    AWS_TOKYO,
    AZURE,
    GCP_EU,
    TAGS,
    UNKNOWN,
    Case,
    Secret,
    aws,
    azure,
    gcp,
    k8s,
    one,
    openstack,
    stack,
)

BUCKET = "aws:s3/bucket:Bucket"
LAMBDA = "aws:lambda/function:Function"
NAMESPACE = "kubernetes:core/v1:Namespace"
EKS = "aws:eks/cluster:Cluster"
GPU_NODE_GROUP_INPUTS = {
    "amiType": "AL2023_x86_64_NVIDIA",
    "instanceTypes": ["g5.xlarge"],
    "scalingConfig": {"minSize": 0, "maxSize": 2, "desiredSize": 0},
    "taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}],
}

CASES = [
    # --- required tags --------------------------------------------------------------------
    Case("aws-all-required-tags", "all-tags", one(aws(BUCKET))),
    Case(
        "aws-all-required-tags",
        "provider-default-tags",
        one(resource(BUCKET, {"tags": {"Name": "b"}}, provider=AWS_DEFAULT_TAGS)),
    ),
    Case(
        "aws-all-required-tags",
        "untaggable-type-ignored",
        one(resource("aws:ec2/route:Route", {"routeTableId": "rtb-1"}, provider=AWS)),
    ),
    Case(
        "aws-all-required-tags",
        "missing",
        one(resource(BUCKET, {"tags": {"owner": "team", "project": ""}}, provider=AWS)),
        expect="missing required tags: cost-center, environment, managed-by, project",
    ),
    Case(
        "aws-all-required-tags",
        "no-tags-at-all",
        one(resource("aws:eks/cluster:Cluster", {"roleArn": "arn"}, provider=AWS)),
        expect="missing required tags: cost-center",
    ),
    Case("azure-all-required-tags", "all-tags", one(azure("azure-native:resources:ResourceGroup"))),
    Case(
        "azure-all-required-tags",
        "agent-pool-without-tags",
        one(
            resource(
                "azure-native:containerservice:AgentPool",
                {"vmSize": "Standard_D4s_v5"},
                provider=AZURE,
            )
        ),
        expect="AgentPool 'agentpool' is missing required tags",
    ),
    Case(
        "gcp-all-required-labels",
        "cluster-resource-labels",
        one(gcp("gcp:container/cluster:Cluster", {"resourceLabels": TAGS})),
    ),
    Case(
        "gcp-all-required-labels",
        "provider-default-labels",
        one(
            resource(
                "gcp:storage/bucket:Bucket",
                {"location": "US"},
                provider=provider(
                    "gcp",
                    {
                        "defaultLabels": '{"cost-center": "c", '
                        '"environment": "e", "managed-by": "m", "owner": "o", "project": "p"}'
                    },
                    name="gcp-labels",
                ),
            )
        ),
    ),
    Case(
        "gcp-all-required-labels",
        "cluster-without-labels",
        one(gcp("gcp:container/cluster:Cluster", {"resourceLabels": {"owner": "team"}})),
        expect="missing required labels: cost-center, environment, managed-by, project",
    ),
    Case(
        "openstack-all-required-tags",
        "key-value-tags",
        one(
            openstack(
                "openstack:networking/network:Network",
                {"tags": [f"{k}={v}" for k, v in TAGS.items()]},
            )
        ),
    ),
    Case(
        "openstack-all-required-tags",
        "bare-tags",
        one(openstack("openstack:networking/network:Network", {"tags": list(TAGS)})),
        expect="missing required tags (as key=value): cost-center, environment",
    ),
    Case(
        "kubernetes-all-required-labels",
        "labelled-namespace",
        one(k8s(NAMESPACE, {"metadata": {"name": "a", "labels": TAGS}})),
    ),
    Case(
        "kubernetes-all-required-labels",
        "helm-release-is-not-an-object",
        one(k8s("kubernetes:helm.sh/v3:Release", {"chart": "x"})),
    ),
    Case(
        "kubernetes-all-required-labels",
        "unlabelled-config-map",
        one(
            k8s("kubernetes:core/v1:ConfigMap", {"metadata": {"labels": {"app": "x"}}, "data": {}})
        ),
        expect="ConfigMap 'configmap' is missing required labels: cost-center",
    ),
    # --- regions ----------------------------------------------------------------------------
    Case("aws-all-allowed-regions", "provider-region", one(aws(BUCKET))),
    Case(
        "aws-all-allowed-regions",
        "iam-is-global",
        one(aws("aws:iam/role:Role", {"assumeRolePolicy": "{}"}, provider=AWS_TOKYO)),
    ),
    Case(
        "aws-all-allowed-regions",
        "provider-elsewhere",
        one(aws(BUCKET, provider=AWS_TOKYO)),
        expect="is in 'ap-northeast-1'; allowed: us-east-1",
    ),
    Case(
        "aws-all-allowed-regions",
        "resource-region-overrides-provider",
        one(aws(BUCKET, {"region": "eu-west-1"})),
        expect="is in 'eu-west-1'",
    ),
    Case(
        "aws-all-allowed-regions",
        "configured-allow-list",
        one(aws(BUCKET)),
        expect="allowed: eu-central-1",
        config={"allowedRegions": ["eu-central-1"]},
    ),
    Case(
        "azure-all-allowed-locations",
        "display-name",
        one(azure("azure-native:resources:ResourceGroup", {"location": "East US"})),
    ),
    Case(
        "azure-all-allowed-locations",
        "elsewhere",
        one(azure("azure-native:resources:ResourceGroup", {"location": "westeurope"})),
        expect="is in 'westeurope'",
    ),
    Case(
        "gcp-all-allowed-regions",
        "zone-of-allowed-region",
        one(gcp("gcp:compute/disk:Disk", {"location": None, "zone": "us-central1-a"})),
    ),
    Case(
        "gcp-all-allowed-regions",
        "global-firewall-ignores-provider",
        one(resource("gcp:compute/firewall:Firewall", {"network": "n"}, provider=GCP_EU)),
    ),
    Case(
        "gcp-all-allowed-regions",
        "subnetwork-from-provider",
        one(
            resource(
                "gcp:compute/subnetwork:Subnetwork", {"ipCidrRange": "10.0.0.0/20"}, provider=GCP_EU
            )
        ),
        expect="is in 'europe-west4'",
    ),
    Case(
        "gcp-all-allowed-regions",
        "zone-elsewhere",
        one(gcp("gcp:container/nodePool:NodePool", {"location": "asia-east1-b"})),
        expect="is in 'asia-east1'",
    ),
    Case(
        "openstack-all-allowed-regions",
        "provider-region",
        one(openstack("openstack:networking/network:Network")),
    ),
    Case(
        "openstack-all-allowed-regions",
        "own-region",
        one(openstack("openstack:networking/network:Network", {"region": "RegionTwo"})),
        expect="is in 'RegionTwo'; allowed: RegionOne",
    ),
    # --- protection in production ----------------------------------------------------------
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "protected-bucket-in-prod",
        one(aws(BUCKET, protect=True), tier="prod"),
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "unprotected-in-dev",
        one(aws(BUCKET), tier="dev"),
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "unprotected-storage-account-in-prod",
        one(azure("azure-native:storage:StorageAccount"), tier="prod"),
        expect="StorageAccount 'storageaccount' holds data in production but is not protected",
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "tier-from-pack-config",
        one(openstack("openstack:blockstorage/volume:Volume"), tier="dev"),
        expect="holds data in production",
        config={"tier": "prod"},
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "protected-foundations-in-prod",
        one(
            aws("aws:ec2/vpc:Vpc", protect=True),
            aws("aws:iam/openIdConnectProvider:OpenIdConnectProvider", protect=True),
            azure("azure-native:resources:ResourceGroup", protect=True),
            gcp("gcp:serviceaccount/account:Account", protect=True),
            tier="prod",
        ),
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "unprotected-subnet-in-dev",
        one(azure("azure-native:network:Subnet")),
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "unprotected-resource-group-in-prod",
        one(azure("azure-native:resources:ResourceGroup", name="serve-rg"), tier="prod"),
        expect=(
            "ResourceGroup 'serve-rg' cannot be replaced without an outage in production "
            "but is not protected"
        ),
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "unprotected-oidc-provider-in-prod",
        one(aws("aws:iam/openIdConnectProvider:OpenIdConnectProvider"), tier="prod"),
        expect="cannot be replaced without an outage",
    ),
    Case(
        "common-lifecycle-stateful-protected-in-production",
        "unprotected-identity-in-prod",
        one(gcp("gcp:serviceaccount/account:Account", name="batch-nodes"), tier="prod"),
        expect="Account 'batch-nodes' cannot be replaced without an outage",
    ),
    # --- credentials ------------------------------------------------------------------------
    Case(
        "common-secrets-no-plaintext-credentials",
        "schema-secret-property",
        one(
            aws(
                "aws:rds/instance:Instance",
                {"password": Secret("hunter22")},
                additional_secret_outputs=["password"],
            )
        ),
    ),
    Case(
        "common-secrets-no-plaintext-credentials",
        "references-and-computed-values",
        one(
            aws(
                LAMBDA,
                {
                    "environment": {
                        "variables": {
                            "DB_PASSWORD_ARN": "arn:aws:secretsmanager:us-east-1:1:secret:db",
                            "API_TOKEN": "arn:aws:ssm:us-east-1:1:parameter/token",
                            "SESSION_SECRET": UNKNOWN,
                            "TOKEN_TTL": "3600",
                        }
                    }
                },
            ),
            k8s(
                "kubernetes:apps/v1:Deployment",
                {
                    "spec": {
                        "template": {
                            "spec": {
                                "containers": [
                                    {
                                        "env": [
                                            {
                                                "name": "DB_PASSWORD",
                                                "valueFrom": {
                                                    "secretKeyRef": {
                                                        "name": "db",
                                                        "key": "password",
                                                    }
                                                },
                                            },
                                        ]
                                    }
                                ]
                            }
                        }
                    }
                },
            ),
        ),
    ),
    Case(
        "common-secrets-no-plaintext-credentials",
        "lambda-environment",
        one(aws(LAMBDA, {"environment": {"variables": {"DB_PASSWORD": Secret("hunter22")}}})),
        expect="environment.variables.DB_PASSWORD holds a credential (DB_PASSWORD) as a plain",
    ),
    Case(
        "common-secrets-no-plaintext-credentials",
        "container-env-pair",
        one(
            k8s(
                "kubernetes:apps/v1:Deployment",
                {
                    "spec": {
                        "template": {
                            "spec": {
                                "containers": [{"env": [{"name": "API_KEY", "value": "abc123"}]}]
                            }
                        }
                    }
                },
            )
        ),
        expect="containers[0].env[0].value holds a credential (API_KEY)",
    ),
    Case(
        "common-secrets-no-plaintext-credentials",
        "helm-values",
        one(
            k8s(
                "kubernetes:helm.sh/v3:Release",
                {"chart": "grafana", "values": {"adminPassword": "admin"}},
            )
        ),
        expect="values.adminPassword holds a credential",
    ),
    # --- untranslated keys -----------------------------------------------------------------
    Case(
        "common-inputs-no-untranslated-snake-case-keys",
        "camel-case-and-free-form-maps",
        one(
            aws(EKS, {"vpcConfig": {"endpointPublicAccess": False}, "tags": {"team_name": "x"}}),
            k8s("kubernetes:helm.sh/v3:Release", {"values": {"node_selector": {"a_b": "c"}}}),
            k8s("kubernetes:core/v1:ConfigMap", {"data": {"config_file": "x"}}),
            openstack("openstack:compute/instance:Instance", {"metadata": {"ssh_user": "ubuntu"}}),
            # A custom resource's schema is its own.
            k8s("kubernetes:example.com/v1:Backup", {"spec": {"retention_days": 7}}),
        ),
    ),
    Case(
        "common-inputs-no-untranslated-snake-case-keys",
        "misspelt-nested-key",
        one(
            aws(EKS, {"vpcConfig": {"endpointPublicAccess": False, "endpoint_private_acess": True}})
        ),
        expect="vpcConfig.endpoint_private_acess: 'endpoint_private_acess' was not translated",
    ),
    Case(
        "common-inputs-no-untranslated-snake-case-keys",
        "in-a-list",
        one(aws("aws:ec2/securityGroup:SecurityGroup", {"ingress": [{"from_port": 22}]})),
        expect="ingress[0].from_port",
    ),
]

# The budget rule prices with the project's estimator; both stacks cost the same.
_PRICED = [
    aws(EKS, {"vpcConfig": {"endpointPublicAccess": False}, "version": "1.31"}, name="eks"),
    aws("aws:eks/nodeGroup:NodeGroup", GPU_NODE_GROUP_INPUTS, name="gpu"),
]
CASES += [
    Case(
        "common-cost-within-budget",
        "under-budget",
        stack(
            _PRICED,
            config={
                "hybrid-ai-platform:environment": {"tier": "dev", "monthlyBudgetUsd": 1_000_000}
            },
        ),
    ),
    Case(
        "common-cost-within-budget",
        "over-budget",
        stack(
            _PRICED,
            config={"hybrid-ai-platform:environment": {"tier": "dev", "monthlyBudgetUsd": 10}},
        ),
        expect="exceeds the budget of $10.00/month",
    ),
    Case(
        "common-cost-within-budget",
        "pack-config-budget-overrides-definition",
        stack(
            _PRICED,
            config={
                "hybrid-ai-platform:environment": {"tier": "dev", "monthlyBudgetUsd": 1_000_000}
            },
        ),
        expect="exceeds the budget of $5.00/month",
        config={"monthlyBudgetUsd": 5},
    ),
]
