"""Every type token the estimate knows: priced by a rule, or known to cost nothing.

A custom resource whose type is in neither table is listed as unpriced ("not modelled"),
never counted as zero: a new billable type must show up in the report until someone adds
its rule. Pure; no pulumi import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from hybrid_ai_shared.cost import kubernetes, openstack, services, workloads
from hybrid_ai_shared.cost.pricing import Rule

RULES: Mapping[str, Rule] = {
    **kubernetes.RULES,
    **services.RULES,
    **workloads.RULES,
    **openstack.RULES,
}

# Types with no charge of their own, and why (shown nowhere but read by people adding rules).
FREE_TYPES: Mapping[str, str] = {
    **openstack.FREE_TYPES,
    "aws:ec2/vpc:Vpc": "no charge",
    "aws:autoscaling/tag:Tag": "no charge",
    "aws:ec2/subnet:Subnet": "no charge",
    "aws:ec2/routeTable:RouteTable": "no charge",
    "aws:ec2/route:Route": "no charge",
    "aws:ec2/routeTableAssociation:RouteTableAssociation": "no charge",
    "aws:ec2/internetGateway:InternetGateway": "no charge (data transfer bills by use)",
    "aws:ec2/securityGroup:SecurityGroup": "no charge",
    "aws:ec2/securityGroupRule:SecurityGroupRule": "no charge",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "no charge",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "no charge",
    "aws:ec2/networkAcl:NetworkAcl": "no charge",
    "aws:ec2/networkAclRule:NetworkAclRule": "no charge",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "no charge",
    "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": "no charge",
    "aws:ec2/defaultRouteTable:DefaultRouteTable": "no charge",
    "aws:ec2/launchTemplate:LaunchTemplate": "no charge (its instances are priced where used)",
    "aws:ec2/flowLog:FlowLog": "delivery bills as log ingestion on the log group",
    "aws:eks/addon:Addon": "no charge",
    "aws:eks/accessEntry:AccessEntry": "no charge",
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": "no charge",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "no charge",
    "aws:kms/alias:Alias": "no charge",
    "azure-native:resources:ResourceGroup": "no charge",
    "azure-native:network:VirtualNetwork": "no charge",
    "azure-native:network:Subnet": "no charge",
    "azure-native:network:NetworkSecurityGroup": "no charge",
    "azure-native:network:SecurityRule": "no charge",
    "azure-native:network:RouteTable": "no charge",
    "azure-native:network:Route": "no charge",
    "azure-native:privatedns:VirtualNetworkLink": "no charge",
    "azure-native:monitor:DiagnosticSetting": "delivery bills as ingestion at its destination",
    "azure-native:datafactory:Factory": "runs are priced on their triggers",
    "azure-native:datafactory:Pipeline": "runs are priced on their triggers",
    "azure-native:datafactory:LinkedService": "no charge",
    "azure-native:datafactory:Dataset": "no charge",
    "gcp:compute/network:Network": "no charge",
    "gcp:compute/subnetwork:Subnetwork": "no charge (flow logs bill by volume)",
    "gcp:compute/router:Router": "no charge",
    "gcp:compute/firewall:Firewall": "no charge",
    "gcp:kms/keyRing:KeyRing": "no charge",
    "gcp:logging/projectSink:ProjectSink": (
        "the Log Router has no charge; storage bills on the log bucket"
    ),
    "aws:glue/trigger:Trigger": "its runs are priced on the job",
    "aws:glue/catalogDatabase:CatalogDatabase": "no charge for the first million catalog objects",
    "aws:lambda/permission:Permission": "no charge",
    "aws:lambda/alias:Alias": "no charge",
    "aws:lambda/functionUrl:FunctionUrl": "no charge (requests bill on the function)",
    "azure-native:web:WebAppFtpAllowed": "no charge",
    "azure-native:web:WebAppScmAllowed": "no charge",
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": "no charge",
    "gcp:storage/bucketObject:BucketObject": "storage is billed on the bucket",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "no charge",
    "aws:s3/bucketVersioning:BucketVersioning": "no charge",
    "aws:s3/bucketVersioningV2:BucketVersioningV2": "no charge",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (
        "no charge"
    ),
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": (
        "no charge"
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "no charge",
    "aws:s3/bucketPolicy:BucketPolicy": "no charge",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "no charge",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "no charge",
    "azure-native:storage:BlobContainer": "storage is billed on the account",
    "azure-native:storage:BlobServiceProperties": "no charge (soft-deleted data bills as storage)",
    "azure-native:keyvault:Secret": "operations are billed on the vault",
    "aws:glue/workflow:Workflow": "no charge (its job and crawler are priced)",
    "aws:glue/securityConfiguration:SecurityConfiguration": "no charge",
    "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": "no charge",
    "aws:s3/bucketObjectv2:BucketObjectv2": "storage is billed on the bucket",
    "aws:iam/user:User": "no charge",
    "aws:iam/userPolicy:UserPolicy": "no charge",
    "aws:iam/accessKey:AccessKey": "no charge",
}

# Whole families with no charge of their own.
FREE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("pulumi:", "Pulumi's own resources"),
    # Objects inside a cluster: their cost is the nodes. Services of type LoadBalancer are
    # the exception and have a rule (RULES is consulted first).
    ("kubernetes:", "runs on the cluster's nodes"),
    ("aws:iam/", "no charge"),
    ("azure-native:authorization:", "no charge"),
    ("azure-native:managedidentity:", "no charge"),
    ("gcp:serviceaccount/", "no charge"),
    ("gcp:projects/", "no charge"),
)


# Google's per-resource IAM grants (`gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember`, ...).
_GCP_IAM = re.compile(r"^gcp:[\w-]+/\w+IAM(Member|Binding|Policy):\w+$")


def free_reason(type_: str) -> str | None:
    """Why a type costs nothing, or None when it is not known to be free."""
    if type_ in FREE_TYPES:
        return FREE_TYPES[type_]
    for prefix, reason in FREE_PREFIXES:
        if type_.startswith(prefix):
            return reason
    if _GCP_IAM.match(type_):
        return "no charge"
    return None
