"""The tags the cluster autoscaler reads off an EKS node group, pure: read back the way the
autoscaler reads them (kubernetes/autoscaler `cloudprovider/aws/aws_manager.go`, release
1.31: `extractLabelsFromAsg`, `extractTaintsFromAsg`, `extractAllocatableResourcesFromAsg`),
an empty pool must look like one of its nodes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hybrid_ai_platform.clusters.autoscaling import (
    advertised_gpus,
    autoscaler_tags,
    discovery_tags,
    node_template_tags,
)
from hybrid_ai_platform.clusters.plan import PoolPlan, plan_pools
from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.spec import Cluster, NodePool, Taint
from hybrid_ai_shared.catalog import load_catalog

CATALOG = load_catalog()
REPOSITORY = Path(__file__).resolve().parents[2]
DEFINITIONS = [
    REPOSITORY / f"stacks/Pulumi.{stack}.yaml" for stack in ("dev", "staging", "prod")
] + [REPOSITORY / "tests/fixtures/gpu_stack/sharing.definition.yaml"]
TEMPLATE = "k8s.io/cluster-autoscaler/node-template/"
# The autoscaler accepts a taint tag only if its value ends in one of the three effects.
TAINT_VALUE = re.compile(r"(.*):(?:NoSchedule|NoExecute|PreferNoSchedule)")


def read_node_template(
    tags: dict[str, str],
) -> tuple[dict[str, str], set[tuple[str, str, str]], dict[str, str]]:
    """Labels, taints (key, value, effect) and resources, as the autoscaler reads them."""
    labels = {k.removeprefix(f"{TEMPLATE}label/"): v for k, v in tags.items() if "/label/" in k}
    taints = set()
    for key, value in tags.items():
        if key.startswith(f"{TEMPLATE}taint/") and TAINT_VALUE.match(value):
            taint_value, effect = value.split(":", 1)
            taints.add((key.removeprefix(f"{TEMPLATE}taint/"), taint_value, effect))
    resources = {
        k.removeprefix(f"{TEMPLATE}resources/"): v for k, v in tags.items() if "/resources/" in k
    }
    return labels, taints, resources


def eks_pool(pool: NodePool) -> PoolPlan:
    cluster = Cluster.model_validate(
        {
            "name": "train",
            "cloud": "aws",
            "region": "us-east-1",
            "kubernetes_version": "1.31",
            "network_cidr": "10.40.0.0/16",
            "node_pools": (NodePool(name="system", machine_type="m6i.xlarge", min=1, max=3), pool),
        }
    )
    return plan_pools(cluster, CATALOG)[1]


def definition_pools() -> list[PoolPlan]:
    return [
        pool
        for path in DEFINITIONS
        for cluster in load_stack_file(path).clusters
        if cluster.cloud == "aws"
        for pool in plan_pools(cluster, CATALOG)
    ]


POOLS = definition_pools()


def test_the_definitions_have_eks_gpu_and_cpu_pools() -> None:
    assert {pool.is_gpu for pool in POOLS} == {True, False}


@pytest.mark.parametrize("pool", POOLS, ids=[p.name for p in POOLS])
def test_an_empty_pool_reads_like_one_of_its_nodes(pool: PoolPlan) -> None:
    labels, taints, resources = read_node_template(node_template_tags(pool))
    assert labels == dict(pool.labels)
    assert taints == {(t.key, t.value, t.effect) for t in pool.taints}
    if pool.is_gpu:
        # The GPU pod's selector, toleration and request all match the empty pool.
        assert labels["hybrid.ai/accelerator"] == pool.accelerator
        assert ("nvidia.com/gpu", "present", "NoSchedule") in taints
        assert resources == {"nvidia.com/gpu": str(advertised_gpus(pool))}
    else:
        assert resources == {}


def test_an_a100_pool_is_tagged_for_scale_from_zero() -> None:
    pool = eks_pool(NodePool(name="a100", accelerator="nvidia-a100-80gb", min=0, max=4))
    assert autoscaler_tags("prod-train", pool) == {
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/node-template/label/hybrid.ai/accelerator": "nvidia-a100-80gb",
        "k8s.io/cluster-autoscaler/node-template/label/hybrid.ai/pool": "a100",
        "k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator": (
            "nvidia-a100-80gb"
        ),
        "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "8",
        "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
        "k8s.io/cluster-autoscaler/prod-train": "owned",
    }


@pytest.mark.parametrize(
    ("sharing", "fields", "advertised"),
    [
        ("none", {}, 1),
        ("time-slicing", {"sharing_replicas": 4}, 4),
        ("mps", {"sharing_replicas": 3}, 3),
        # MIG: the physical count, a lower bound of the slices.
        ("mig", {"mig_profile": "1g.10gb"}, 1),
    ],
)
def test_shared_gpus_are_counted_as_the_device_plugin_advertises_them(
    sharing: str, fields: dict[str, object], advertised: int
) -> None:
    accelerator = "nvidia-a100-80gb" if sharing == "mig" else "nvidia-l4"
    gpus = 8 if sharing == "mig" else 1
    pool = eks_pool(
        NodePool.model_validate(
            {
                "name": "shared",
                "accelerator": accelerator,
                "gpus_per_node": gpus,
                "min": 0,
                "max": 2,
                "sharing": sharing,
                **fields,
            }
        )
    )
    assert advertised_gpus(pool) == advertised * gpus
    tags = node_template_tags(pool)
    assert tags[f"{TEMPLATE}resources/nvidia.com/gpu"] == str(advertised * gpus)


def test_a_taint_without_value_is_still_read_as_a_taint() -> None:
    pool = eks_pool(
        NodePool(
            name="batch",
            accelerator="nvidia-l4",
            min=0,
            max=2,
            taints=(Taint(key="dedicated", effect="NoExecute"),),
        )
    )
    _, taints, _ = read_node_template(node_template_tags(pool))
    assert ("dedicated", "", "NoExecute") in taints


def test_one_taint_key_with_two_effects_is_refused() -> None:
    pool = eks_pool(
        NodePool(
            name="batch",
            accelerator="nvidia-l4",
            min=0,
            max=2,
            taints=(
                Taint(key="dedicated", value="x", effect="NoSchedule"),
                Taint(key="dedicated", value="x", effect="NoExecute"),
            ),
        )
    )
    with pytest.raises(ValueError, match="knows one effect per taint key"):
        node_template_tags(pool)


def test_more_tags_than_an_auto_scaling_group_holds_are_refused() -> None:
    labels = {f"team.example.com/l{index}": "x" for index in range(50)}
    pool = eks_pool(NodePool(name="batch", accelerator="nvidia-l4", min=0, max=2, labels=labels))
    with pytest.raises(ValueError, match="Auto Scaling group"):
        autoscaler_tags("prod-train", pool)


def test_discovery_tags_name_the_cluster() -> None:
    assert discovery_tags("prod-train") == {
        "k8s.io/cluster-autoscaler/enabled": "true",
        "k8s.io/cluster-autoscaler/prod-train": "owned",
    }
