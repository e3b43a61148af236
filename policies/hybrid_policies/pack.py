"""The pack's rules in one list, and its name."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, Policy

from hybrid_policies.aws import ec2, eks, glue, iam, iam_scope, logs, s3, serverless
from hybrid_policies.aws import storage as aws_storage
from hybrid_policies.azure import (
    aks,
    authorization,
    datafactory,
    functions,
    keyvault,
    network,
    storage_access,
)
from hybrid_policies.azure import storage as azure_storage
from hybrid_policies.common import inputs, lifecycle, regions, secrets, tags
from hybrid_policies.common.cost import MonthlyCostEstimator, within_budget
from hybrid_policies.gcp import compute, gke, kms
from hybrid_policies.gcp import functions as gcp_functions
from hybrid_policies.gcp import iam as gcp_iam
from hybrid_policies.kubernetes import gpu
from hybrid_policies.openstack import blockstorage, networking
from hybrid_policies.openstack import compute as openstack_compute
from hybrid_policies.pricing import project_estimator

NAME = "hybrid-ai-platform"
# Rules set their own level; this is the SDK's fallback for one that does not.
ENFORCEMENT_LEVEL = EnforcementLevel.ADVISORY

_MODULES = (
    tags, regions, lifecycle, secrets, inputs,
    eks, ec2, iam, iam_scope, aws_storage, logs, serverless, s3, glue,
    aks, network, authorization, azure_storage, functions, storage_access, keyvault, datafactory,
    gke, compute, gcp_iam, kms, gcp_functions,
    gpu,
    networking, blockstorage, openstack_compute,
)  # fmt: skip


def policies(estimate: MonthlyCostEstimator | None = None) -> list[Policy]:
    """Every rule of the pack; the budget rule prices with `estimate` (default: the
    project's cost estimate, `hap.cost`)."""
    rules: list[Policy] = [policy for module in _MODULES for policy in module.POLICIES]
    rules.append(within_budget(estimate if estimate is not None else project_estimator()))
    return rules
