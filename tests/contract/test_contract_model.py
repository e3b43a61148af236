"""The contract's compatibility rules, as a consumer pinned to 1.x experiences them."""

from __future__ import annotations

import pytest

from hybrid_ai_platform.contract import (
    CONTRACT_VERSION,
    ClusterOutputs,
    NodePoolOutputs,
    PlatformOutputs,
    UnknownNameError,
    UnsupportedContractError,
    check_supported,
    plain_values,
    secret_output_names,
)

POOL = {
    "name": "t4",
    "machineType": "Standard_NC4as_T4_v3",
    "accelerator": "nvidia-t4",
    "gpusPerNode": 1,
    "min": 2,
    "max": 10,
    "spot": False,
    "labels": {"hybrid.ai/pool": "t4"},
    "taints": [{"key": "nvidia.com/gpu", "value": "present", "effect": "NoSchedule"}],
    "sharing": "time-slicing",
    "sharingReplicas": 4,
    "migProfile": None,
}
CLUSTER = {
    "cloud": "azure",
    "region": "eastus",
    "name": "prod-serve",
    "endpoint": "https://prod-serve.example.azmk8s.io:443",
    "kubeconfig": "apiVersion: v1\nkind: Config\n",
    "oidcIssuer": "https://eastus.oic.prod-aks.azure.com/tenant/issuer/",
    "nodePools": [POOL],
    "deployAccess": {"path": "runner-in-network", "runnerCidrs": ["10.40.0.0/24"]},
}
OUTPUTS = {
    "contractVersion": CONTRACT_VERSION,
    "environment": {
        "name": "prod",
        "tier": "prod",
        "owner": "ml-platform@example.com",
        "costCenter": "cc-ml-1042",
        "monthlyBudgetUsd": 450000,
    },
    "networks": {},
    "clusters": {"serve": CLUSTER},
    "endpoints": {},
    "pipelines": {},
}


def test_a_consumer_reads_a_newer_minor_version_that_added_fields() -> None:
    newer = {
        **OUTPUTS,
        "contractVersion": "1.7.0",
        "registries": {"main": {"url": "https://example.com"}},
        "clusters": {"serve": {**CLUSTER, "dashboardUrl": "https://grafana.example.com"}},
    }
    check_supported(newer["contractVersion"])
    model = PlatformOutputs.model_validate(newer)
    assert model.cluster("serve").node_pool("t4").sharing_replicas == 4


def test_nulls_dropped_in_transit_read_as_null() -> None:
    # Pulumi's SDKs drop object properties whose value is null.
    pool = {key: value for key, value in POOL.items() if value is not None}
    assert NodePoolOutputs.model_validate(pool).mig_profile is None


def test_another_major_version_is_refused_with_what_to_do() -> None:
    with pytest.raises(UnsupportedContractError, match=r"exports contract 2\.0\.0.*upgrade"):
        check_supported("2.0.0")
    with pytest.raises(UnsupportedContractError, match="no usable contractVersion"):
        check_supported(None)


def test_unknown_names_list_the_known_ones() -> None:
    model = PlatformOutputs.model_validate(OUTPUTS)
    with pytest.raises(UnknownNameError, match=r"no cluster 'train'; known clusters: serve"):
        model.cluster("train")
    with pytest.raises(UnknownNameError, match=r"no node pool 'a100'; known node pools: t4"):
        model.cluster("serve").node_pool("a100")


def test_the_kubeconfig_never_shows_in_reprs_and_round_trips_in_the_clear() -> None:
    cluster = ClusterOutputs.model_validate(CLUSTER)
    assert "apiVersion" not in repr(cluster)
    model = PlatformOutputs.model_validate(OUTPUTS)
    assert plain_values(model) == {**OUTPUTS, "networks": {}}
    assert secret_output_names(model) == ["clusters"]
    wrapped = plain_values(model, secret=lambda text: ("secret", text))
    assert wrapped["clusters"]["serve"]["kubeconfig"] == ("secret", CLUSTER["kubeconfig"])
