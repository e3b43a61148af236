"""Which resource types carry tags (labels), and in which property, per cloud.

A rule that requires tags must also catch a resource that has none at all, so it cannot
rely on the tag property being present: these tables name the types that accept one. Any
other resource that does set the property is checked too. tests/policies checks each
entry against the provider SDK, so a renamed type or property fails a test, not a deploy.
"""

from __future__ import annotations

from collections.abc import Mapping

# AWS: the `tags` map. Listed: what this platform and its pipelines create, plus the
# common stateful services.
AWS_TAGGABLE: frozenset[str] = frozenset({
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:dynamodb/table:Table",
    "aws:ebs/volume:Volume",
    "aws:ec2/eip:Eip",
    "aws:ec2/flowLog:FlowLog",
    "aws:ec2/instance:Instance",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:ecr/repository:Repository",
    "aws:efs/fileSystem:FileSystem",
    "aws:eks/addon:Addon",
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:glue/catalogDatabase:CatalogDatabase",
    "aws:glue/crawler:Crawler",
    "aws:glue/job:Job",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/policy:Policy",
    "aws:iam/role:Role",
    "aws:kms/key:Key",
    "aws:lambda/function:Function",
    "aws:rds/cluster:Cluster",
    "aws:rds/instance:Instance",
    "aws:s3/bucket:Bucket",
    "aws:secretsmanager/secret:Secret",
    "aws:sqs/queue:Queue",
})  # fmt: skip

# Azure: ARM `tags`. Child resources without their own tags (subnets, security rules,
# role assignments, blob containers) are not listed.
AZURE_TAGGABLE: frozenset[str] = frozenset({
    "azure-native:compute:Disk",
    "azure-native:compute:VirtualMachine",
    "azure-native:containerservice:AgentPool",
    "azure-native:containerservice:ManagedCluster",
    "azure-native:datafactory:Factory",
    "azure-native:keyvault:Vault",
    "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:network:NatGateway",
    "azure-native:network:NetworkSecurityGroup",
    "azure-native:network:PublicIPAddress",
    "azure-native:network:RouteTable",
    "azure-native:network:VirtualNetwork",
    "azure-native:operationalinsights:Workspace",
    "azure-native:resources:ResourceGroup",
    "azure-native:storage:StorageAccount",
    "azure-native:web:AppServicePlan",
    "azure-native:web:WebApp",
})  # fmt: skip

# GCP: labels, under a property name that differs by type (GKE clusters: resourceLabels).
GCP_LABELS_PROPERTY: Mapping[str, str] = {
    "gcp:cloudfunctionsv2/function:Function": "labels",
    "gcp:compute/address:Address": "labels",
    "gcp:compute/disk:Disk": "labels",
    "gcp:compute/instance:Instance": "labels",
    "gcp:container/cluster:Cluster": "resourceLabels",
    "gcp:kms/cryptoKey:CryptoKey": "labels",
    "gcp:storage/bucket:Bucket": "labels",
}

# OpenStack: Neutron, Nova and Keystone keep a list of strings; the platform writes each
# tag as `key=value` (components.network.plan.openstack_tags).
OPENSTACK_TAGGABLE: frozenset[str] = frozenset({
    "openstack:compute/instance:Instance",
    "openstack:identity/project:Project",
    "openstack:networking/network:Network",
    "openstack:networking/port:Port",
    "openstack:networking/router:Router",
    "openstack:networking/secGroup:SecGroup",
    "openstack:networking/subnet:Subnet",
})  # fmt: skip

# Kubernetes: every API object has metadata.labels; these types are not API objects.
KUBERNETES_NOT_OBJECTS = ("kubernetes:helm.sh/", "kubernetes:yaml/", "kubernetes:kustomize/")


def is_kubernetes_object(resource_type: str) -> bool:
    return resource_type.startswith("kubernetes:") and not resource_type.startswith(
        KUBERNETES_NOT_OBJECTS
    )
