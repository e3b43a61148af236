"""What production protects beyond data: what clusters stand on (networks, the subnets they
live in, Azure resource groups), the EKS OIDC provider and every identity. Replacing any
of them is an outage, so `protect` (TierSettings, `components/hybrid_ai_platform/tiers.py`)
stops `pulumi up` and `pulumi destroy` from doing it by accident; dev and staging stay
disposable."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hap.plan import Plan
from hybrid_policies.common.lifecycle import FOUNDATION_TYPES

# What a user looks for first, by logical name, in prod: one network per cloud, the
# subnets the clusters' nodes run in, the resource groups, the OIDC provider and the
# workload identities of each cloud.
PROD_FOUNDATIONS = {
    ("aws:ec2/vpc:Vpc", "train-network-vpc"),
    ("aws:ec2/subnet:Subnet", "train-network-private-us-east-1a"),
    ("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "train-oidc"),
    ("aws:iam/role:Role", "train-autoscaler-role"),
    ("aws:iam/role:Role", "train-ebs-csi-role"),
    ("azure-native:resources:ResourceGroup", "serve-network-rg"),
    ("azure-native:network:VirtualNetwork", "serve-network-vnet"),
    ("azure-native:network:Subnet", "serve-network-nodes"),
    ("azure-native:managedidentity:UserAssignedIdentity", "serve-identity"),
    ("gcp:compute/network:Network", "batch-network-network"),
    ("gcp:compute/subnetwork:Subnetwork", "batch-network-subnetwork"),
    ("gcp:serviceaccount/account:Account", "batch-nodes"),
    ("openstack:networking/network:Network", "private-cloud-network-network"),
    ("openstack:networking/subnet:Subnet", "private-cloud-network-subnet"),
}


def _foundations(plan: Plan) -> dict[tuple[str, str], bool]:
    return {
        (resource.type, resource.name): resource.protect
        for resource in plan.resources
        if resource.type in FOUNDATION_TYPES
    }


def test_prod_protects_networks_subnets_groups_oidc_and_identities(
    plan_of: Callable[[str], Plan],
) -> None:
    foundations = _foundations(plan_of("prod"))
    assert foundations.keys() >= PROD_FOUNDATIONS
    unprotected = sorted(name for name, protect in foundations.items() if not protect)
    assert unprotected == []


@pytest.mark.parametrize("stack", ["dev", "staging"])
def test_dev_and_staging_leave_them_replaceable(plan_of: Callable[[str], Plan], stack: str) -> None:
    foundations = _foundations(plan_of(stack))
    assert foundations
    assert not any(foundations.values())
