"""Stateful resources, what clusters stand on, and Kubernetes clusters are `protect`ed in
production.

A replacement or an accidental `pulumi destroy` of a bucket, a storage account, a data
catalog, a volume or a KMS key loses data (or makes it unreadable, for a key); one of a
network, a subnet, an Azure resource group, an OIDC provider or an identity takes down
everything that runs in it or as it. `protect` makes the engine refuse both until someone
removes the flag on purpose.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.rule import of_types, resource_rule
from hybrid_policies.settings import PRODUCTION, TIER_PROPERTY, tier

# What holds data.
DATA_TYPES = (
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:dynamodb/table:Table",
    "aws:ebs/volume:Volume",
    "aws:ecr/repository:Repository",
    "aws:efs/fileSystem:FileSystem",
    "aws:glue/catalogDatabase:CatalogDatabase",
    "aws:glue/catalogTable:CatalogTable",
    "aws:kms/key:Key",
    "aws:rds/cluster:Cluster",
    "aws:rds/instance:Instance",
    "aws:s3/bucket:Bucket",
    "aws:secretsmanager/secret:Secret",
    "azure-native:compute:Disk",
    "azure-native:keyvault:Vault",
    "azure-native:operationalinsights:Workspace",
    "azure-native:storage:BlobContainer",
    "azure-native:storage:StorageAccount",
    "gcp:bigquery/dataset:Dataset",
    "gcp:compute/disk:Disk",
    "gcp:kms/cryptoKey:CryptoKey",
    "gcp:kms/keyRing:KeyRing",
    "gcp:logging/projectBucketConfig:ProjectBucketConfig",
    "gcp:storage/bucket:Bucket",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "openstack:blockstorage/volume:Volume",
    "openstack:objectstorage/container:Container",
)
# What cannot be replaced without an outage: networks and subnets (every node and
# interface in them goes), Azure resource groups (deleting one deletes what it holds), the
# EKS OIDC provider (every IRSA role trusts it by ARN) and identities (roles, managed
# identities, service accounts: grants and trust policies name them; a recreated one is a
# new principal).
FOUNDATION_TYPES = (
    "aws:ec2/subnet:Subnet",
    "aws:ec2/vpc:Vpc",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    "aws:iam/role:Role",
    "azure-native:managedidentity:UserAssignedIdentity",
    "azure-native:network:Subnet",
    "azure-native:network:VirtualNetwork",
    "azure-native:resources:ResourceGroup",
    "gcp:compute/network:Network",
    "gcp:compute/subnetwork:Subnetwork",
    "gcp:serviceaccount/account:Account",
    "openstack:networking/network:Network",
    "openstack:networking/subnet:Subnet",
)
STATEFUL_TYPES = DATA_TYPES + FOUNDATION_TYPES


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    current = tier(args.get_config())
    if current is None:
        args.not_applicable("the tier is unknown: no environment definition and no `tier` config")
    if current == PRODUCTION and not args.opts.protect:
        loss = (
            "holds data"
            if args.resource_type in DATA_TYPES
            else "cannot be replaced without an outage"
        )
        report(
            f"{args.resource_type} '{args.name}' {loss} in production but is not protected", None
        )


stateful_protected = resource_rule(
    name="common-lifecycle-stateful-protected-in-production",
    description=(
        "Stateful resources (buckets, storage accounts, catalogs, volumes, keys) and what "
        "clusters stand on (networks, subnets, resource groups, OIDC providers, identities) "
        "are protected in production."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Create the resource with ResourceOptions(protect=True) when the environment's tier is "
        "prod."
    ),
    applies_to=of_types(*STATEFUL_TYPES),
    validate=_validate,
    config={"tier": TIER_PROPERTY},
    tags=("data-protection",),
)

# A cluster holds no data of its own here, but replacing or deleting one takes down every
# workload and identity bound to it: production's tier protects them too.
CLUSTER_TYPES = (
    "aws:eks/cluster:Cluster",
    "azure-native:containerservice:ManagedCluster",
    "gcp:container/cluster:Cluster",
)


def _cluster(args: ResourceValidationArgs, report: ReportViolation) -> None:
    current = tier(args.get_config())
    if current is None:
        args.not_applicable("the tier is unknown: no environment definition and no `tier` config")
    if current == PRODUCTION and not args.opts.protect:
        report(f"cluster '{args.name}' runs production but is not protected", None)


cluster_protected = resource_rule(
    name="common-lifecycle-cluster-protected-in-production",
    description="Kubernetes clusters (EKS, AKS, GKE) are protected in production.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Create the cluster with ResourceOptions(protect=True) when the tier protects "
        "(components/hybrid_ai_platform/tiers.py)."
    ),
    applies_to=of_types(*CLUSTER_TYPES),
    validate=_cluster,
    config={"tier": TIER_PROPERTY},
    tags=("data-protection", "kubernetes"),
)

POLICIES = (stateful_protected, cluster_protected)
