"""The insecure changes the pack used to let through, made to the real prod stack: each
now fails the pack with a mandatory violation (`hap policy` exit 3) naming its rule, and
nothing else in prod fails.

Each change edits the previewed plan the way the edit to a component or a stack would
(drop the flow logs, shorten a retention, open an endpoint, ...), so the suite previews prod
once instead of once per change."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from hap.plan import Plan, PlannedResource
from hap.policy import LoadedPack, load_policy_config, policy_config_file, run_pack
from hap.policy.command import EXIT_POLICY_VIOLATION

Change = Callable[[PlannedResource], PlannedResource | None]
SPLIT_INTERNET = ["0.0.0.0/1", "128.0.0.0/1"]


def _inputs(**changes: Any) -> Change:
    """Set top-level inputs (and the outputs that echo them)."""

    def change(resource: PlannedResource) -> PlannedResource:
        return dataclasses.replace(
            resource,
            inputs={**resource.inputs, **changes},
            outputs={**resource.outputs, **changes},
        )

    return change


def _nested(key: str, **changes: Any) -> Change:
    def change(resource: PlannedResource) -> PlannedResource:
        merged = {**dict(resource.inputs.get(key) or {}), **changes}
        return _inputs(**{key: merged})(resource)

    return change


def _removed(resource: PlannedResource) -> None:
    return None


def _unprotected(resource: PlannedResource) -> PlannedResource:
    return dataclasses.replace(resource, protect=False)


def _changed(plan: Plan, type_: str, change: Change) -> Plan:
    resources = []
    for resource in plan.resources:
        changed = change(resource) if resource.type == type_ else resource
        if changed is not None:
            resources.append(changed)
    assert len(resources) != len(plan.resources) or resources != list(plan.resources)
    return dataclasses.replace(plan, resources=tuple(resources))


INSECURE_CHANGES: Mapping[str, tuple[str, Change, str]] = {
    "vpc-flow-logs-removed": (
        "aws:ec2/flowLog:FlowLog",
        _removed,
        "aws-ec2-vpc-flow-logs-enabled",
    ),
    "production-log-retention-one-day": (
        "aws:cloudwatch/logGroup:LogGroup",
        _inputs(retentionInDays=1),
        "aws-cloudwatch-log-retention-one-year",
    ),
    "production-log-groups-without-kms": (
        "aws:cloudwatch/logGroup:LogGroup",
        _inputs(kmsKeyId=None),
        "aws-cloudwatch-log-group-kms-encrypted",
    ),
    "eks-node-groups-with-ssh-from-anywhere": (
        "aws:eks/nodeGroup:NodeGroup",
        _inputs(remoteAccess={"ec2SshKey": "ops"}),
        "aws-eks-node-group-no-open-ssh",
    ),
    "eks-endpoint-public-to-two-halves-of-the-internet": (
        "aws:eks/cluster:Cluster",
        _nested("vpcConfig", endpointPublicAccess=True, publicAccessCidrs=SPLIT_INTERNET),
        "aws-eks-endpoint-not-public",
    ),
    "gke-endpoint-public-to-the-internet": (
        "gcp:container/cluster:Cluster",
        lambda cluster: _inputs(
            masterAuthorizedNetworksConfig={"cidrBlocks": [{"cidrBlock": "0.0.0.0/0"}]}
        )(_nested("privateClusterConfig", enablePrivateEndpoint=False)(cluster)),
        "gcp-gke-endpoint-restricted",
    ),
    "gke-without-intranode-visibility": (
        "gcp:container/cluster:Cluster",
        _inputs(enableIntranodeVisibility=False),
        "gcp-gke-intranode-visibility",
    ),
    "production-eks-cluster-unprotected": (
        "aws:eks/cluster:Cluster",
        _unprotected,
        "common-lifecycle-cluster-protected-in-production",
    ),
    "production-aks-cluster-unprotected": (
        "azure-native:containerservice:ManagedCluster",
        _unprotected,
        "common-lifecycle-cluster-protected-in-production",
    ),
}


@pytest.mark.parametrize("change", sorted(INSECURE_CHANGES))
def test_insecure_change_to_prod_fails_the_pack_naming_its_rule(
    change: str, plan_of: Callable[[str], Plan], project_dir: Path, pack: LoadedPack
) -> None:
    type_, edit, rule = INSECURE_CHANGES[change]
    config = load_policy_config(policy_config_file(project_dir, "prod"))
    report = run_pack(_changed(plan_of("prod"), type_, edit), config, pack=pack)
    # What `hap policy` turns into its exit status.
    assert (0 if report.passed else EXIT_POLICY_VIOLATION) == 3
    assert {violation.policy for violation in report.mandatory} == {rule}
