"""Stateful resources and Kubernetes clusters are `protect`ed in production.

A replacement or an accidental `pulumi destroy` of a bucket, a storage account, a data
catalog, a volume or a KMS key loses data (or makes it unreadable, for a key). `protect`
makes the engine refuse both until someone removes the flag on purpose.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.rule import of_types, resource_rule
from hybrid_policies.settings import PRODUCTION, TIER_PROPERTY, tier

STATEFUL_TYPES = (
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
    "gcp:storage/bucket:Bucket",
    "kubernetes:core/v1:PersistentVolumeClaim",
    "openstack:blockstorage/volume:Volume",
    "openstack:objectstorage/container:Container",
)


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    current = tier(args.get_config())
    if current is None:
        args.not_applicable("the tier is unknown: no environment definition and no `tier` config")
    if current == PRODUCTION and not args.opts.protect:
        report(
            f"{args.resource_type} '{args.name}' holds data in production but is not protected",
            None,
        )


stateful_protected = resource_rule(
    name="common-lifecycle-stateful-protected-in-production",
    description=(
        "Stateful resources (buckets, storage accounts, catalogs, volumes, keys) are protected "
        "in production."
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
        "(components/tiers.py)."
    ),
    applies_to=of_types(*CLUSTER_TYPES),
    validate=_cluster,
    config={"tier": TIER_PROPERTY},
    tags=("data-protection", "kubernetes"),
)

POLICIES = (stateful_protected, cluster_protected)
