"""The AKS and GKE components of the package, through the plugin as the example's EKS one:
each builds its cloud's network, cluster, Kubernetes provider and GPU stack under itself,
on a provider of its own."""

from __future__ import annotations

from typing import Any

import pytest

from hap.plan import Plan
from tests.package.engine import Plugin

ENVIRONMENT = {
    "name": "ml-prod",
    "tier": "prod",
    "owner": "ml-platform@example.com",
    "costCenter": "cc-ml-1042",
    "deployRunner": {"labels": ["self-hosted", "ml-deploy"]},
}
POOLS = [{"name": "system", "min": 1, "max": 3}]
RESOURCES: dict[str, tuple[str, dict[str, Any]]] = {
    "serve": (
        "hybrid:index:AksGpuCluster",
        {
            "environment": ENVIRONMENT,
            "account": {
                "subscriptionId": "9a3e6c1d-4f2b-4e7a-8d15-2c6b0e9f1a47",
                "tenantId": "0b7d3e5a-8c21-4f6d-a9e4-5c2b1d0f7e38",
            },
            "cluster": {
                "region": "eastus",
                "kubernetesVersion": "1.35",
                "networkCidr": "10.31.0.0/16",
                "deployAccess": {"path": "runner-in-network", "runnerCidrs": ["10.40.0.0/24"]},
                "nodePools": [
                    {**POOLS[0], "machineType": "Standard_D8s_v5"},
                    {"name": "t4", "accelerator": "nvidia-t4", "min": 0, "max": 4},
                ],
            },
        },
    ),
    "lab": (
        "hybrid:index:GkeGpuCluster",
        {
            "environment": ENVIRONMENT,
            "account": {"project": "hap-prod-ml"},
            "cluster": {
                "region": "us-central1",
                "kubernetesVersion": "1.35",
                "networkCidr": "10.32.0.0/16",
                "deployAccess": {"path": "gke-dns-endpoint"},
                "nodePools": [
                    {**POOLS[0], "machineType": "e2-standard-4"},
                    {"name": "l4", "accelerator": "nvidia-l4", "min": 0, "max": 2},
                ],
                "teams": [{"name": "research", "gpuQuota": 2}],
            },
        },
    ),
}
EXPECTED = {
    "serve": ("azure-native", "hybrid:azure:AksGpuCluster", "hybrid:azure:Network"),
    "lab": ("gcp", "hybrid:gcp:GkeGpuCluster", "hybrid:gcp:Network"),
}


@pytest.fixture(scope="module")
def plan(plugin: Plugin) -> Plan:
    config = {"pulumi:disable-default-providers": '["*"]'}
    with plugin.deployment("yaml-gpu-clusters", "prod", config) as engine:
        for name, (type_, properties) in RESOURCES.items():
            engine.construct(name, type_, properties)
        return engine.plan()


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_each_cloud_builds_its_cluster_under_the_component(plan: Plan, name: str) -> None:
    type_ = RESOURCES[name][0]
    (top,) = [r for r in plan.resources if r.type == type_]
    cloud, cluster_type, network_type = EXPECTED[name]
    children = {(r.type, r.name) for r in plan.children(top.urn)}
    assert {
        (cluster_type, name),
        (network_type, f"{name}-network"),
        ("pulumi:providers:kubernetes", f"{name}-k8s"),
        ("hybrid:kubernetes:GpuStack", f"{name}-gpu"),
    } <= children
    (provider,) = [r for r in plan.children(top.urn) if r.type == f"pulumi:providers:{cloud}"]
    cloud_resources = [r for r in descendants(plan, top.urn) if r.type.startswith(f"{cloud}:")]
    assert len(cloud_resources) > 10
    assert {r.provider for r in cloud_resources} == {provider.urn}


def descendants(plan: Plan, urn: str) -> list[Any]:
    return [d for c in plan.children(urn) for d in (c, *descendants(plan, c.urn))]
