"""A consuming team's view: `PlatformStack` over the real prod stack's exports, under the
mock runtime, with the test helper the team would use."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.runtime import rpc

from hap.plan import reveal
from hybrid_ai_platform.consumer import PlatformStack, PlatformStackError
from hybrid_ai_platform.contract import PRIVATE_CLOUD_NETWORK, AwsNetworkOutputs
from tests.contract.conftest import is_secret, resolve

STACK = "acme/hybrid-ai-platform/prod"


@pytest.fixture
def prod_outputs(plan_of) -> dict[str, Any]:
    """What `pulumi stack output --json --show-secrets` would print for prod."""
    return reveal(plan_of("prod").outputs)


@pytest.fixture
def platform(mock_platform_stack, prod_outputs) -> PlatformStack:
    mock_platform_stack(prod_outputs, stacks=[STACK])
    return PlatformStack(STACK)


def test_cluster_values_are_typed_and_only_the_kubeconfig_is_secret(
    platform: PlatformStack, prod_outputs
) -> None:
    serve = platform.cluster("serve")
    exported = prod_outputs["clusters"]["serve"]
    assert resolve(serve.kubeconfig) == exported["kubeconfig"]
    assert is_secret(serve.kubeconfig)
    pools = resolve(serve.node_pools)
    assert [pool.name for pool in pools] == [pool["name"] for pool in exported["nodePools"]]
    assert not is_secret(serve.node_pools)
    assert resolve(serve.endpoint) == exported["endpoint"]
    assert not is_secret(serve.endpoint)
    t4 = resolve(serve.node_pool("t4"))
    assert (t4.accelerator, t4.sharing, t4.sharing_replicas) == ("nvidia-t4", "time-slicing", 4)
    assert resolve(platform.environment).tier == "prod"
    assert resolve(platform.cluster_names) == ["batch", "onprem", "serve", "train"]


def test_networks_are_typed_by_cloud(platform: PlatformStack, prod_outputs) -> None:
    train = resolve(platform.network("train"))
    assert isinstance(train, AwsNetworkOutputs)
    assert train.ids.vpc_id == prod_outputs["networks"]["train"]["ids"]["vpcId"]
    assert resolve(platform.network(PRIVATE_CLOUD_NETWORK)).cloud == "openstack"


def test_an_unknown_cluster_fails_naming_the_known_ones(platform: PlatformStack) -> None:
    known = "known clusters: batch, onprem, serve, train"
    with pytest.raises(PlatformStackError, match=rf"no cluster 'trian'; {known}"):
        resolve(platform.cluster("trian").kubeconfig)
    with pytest.raises(PlatformStackError, match=r"no node pool 'v100'; known node pools: .*t4"):
        resolve(platform.cluster("serve").node_pool("v100"))


def test_another_contract_major_is_refused(mock_platform_stack, prod_outputs) -> None:
    mock_platform_stack({**prod_outputs, "contractVersion": "2.0.0"})
    platform = PlatformStack(STACK)
    refused = r"acme/hybrid-ai-platform/prod: .*contract 2\.0\.0"
    with pytest.raises(PlatformStackError, match=refused):
        resolve(platform.cluster("serve").node_pools)


def test_kubernetes_provider_authenticates_with_the_clusters_kubeconfig(
    mock_platform_stack, prod_outputs
) -> None:
    mocks = mock_platform_stack(prod_outputs, stacks=[STACK])
    provider = PlatformStack(STACK).kubernetes_provider("train")
    resolve(provider.urn)
    [registration] = mocks.registered("pulumi:providers:kubernetes")
    assert registration.name == "platform-train"
    kubeconfig = registration.inputs["kubeconfig"]
    assert rpc.is_rpc_secret(kubeconfig), "the provider's kubeconfig input is not secret"
    assert rpc.unwrap_rpc_secret(kubeconfig) == prod_outputs["clusters"]["train"]["kubeconfig"]


def test_a_reference_to_a_stack_that_was_not_mocked_fails(
    mock_platform_stack, prod_outputs
) -> None:
    mock_platform_stack(prod_outputs, stacks=[STACK])
    with pytest.raises(Exception, match="no mocked platform stack 'acme/hybrid-ai-platform/dev'"):
        resolve(PlatformStack("acme/hybrid-ai-platform/dev").contract_version)
