"""Properties of pool planning over generated definitions (hypothesis)."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from hybrid_ai_platform.clusters.plan import (
    AKS_SPOT_TAINT,
    GPU_TAINT,
    POOL_LABEL,
    aks_taints,
    gke_initial_nodes_per_zone,
    gke_master_cidr,
    plan_pools,
)
from hybrid_ai_platform.network.plan import gcp_layout
from hybrid_ai_platform.spec import Cluster, NodePool, Taint
from hybrid_ai_shared.catalog import load_catalog

CATALOG = load_catalog()
REGIONS = {"aws": "us-east-1", "azure": "eastus", "gcp": "us-central1"}
TAINT_KEYS = ("nvidia.com/gpu", "dedicated", "workload", "kubernetes.azure.com/scalesetpriority")
EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")

taints = st.lists(
    st.builds(
        Taint,
        key=st.sampled_from(TAINT_KEYS),
        value=st.sampled_from(("", "true", "spot", "ml")),
        effect=st.sampled_from(EFFECTS),
    ),
    max_size=4,
)
labels = st.dictionaries(
    st.sampled_from(("team", "hybrid.ai/pool", "tier", "nvidia.com/device-plugin.config")),
    st.sampled_from(("a", "b", "research")),
    max_size=3,
)


@st.composite
def pools(draw: st.DrawFn, cloud: str, name: str) -> NodePool:
    maximum = draw(st.integers(1, 20))
    common = {
        "name": name,
        "min": draw(st.integers(0, maximum)),
        "max": maximum,
        "spot": draw(st.booleans()),
        "labels": draw(labels),
        "taints": tuple(draw(taints)),
    }
    if draw(st.booleans()):
        return NodePool.model_validate({**common, "machine_type": "cpu-machine"})
    accelerator = draw(st.sampled_from(CATALOG.available_on(cloud)))
    offering = draw(st.sampled_from(CATALOG.offerings(cloud, accelerator)))
    return NodePool.model_validate(
        {**common, "accelerator": accelerator, "gpus_per_node": offering.gpus}
    )


@st.composite
def clusters(draw: st.DrawFn) -> Cluster:
    cloud = draw(st.sampled_from(sorted(REGIONS)))
    names = draw(st.lists(st.sampled_from(("a", "b", "c", "d")), min_size=1, unique=True))
    generated = [draw(pools(cloud, name)) for name in names]
    system = NodePool(name="system", machine_type="cpu", min=1, max=2)
    return Cluster(
        name="gen",
        cloud=cloud,
        region=REGIONS[cloud],
        kubernetes_version="1.31",
        network_cidr="10.40.0.0/16",
        node_pools=(system, *generated),
    )


@settings(max_examples=60, deadline=None)
@given(clusters())
def test_every_planned_pool_is_consistent(cluster: Cluster) -> None:
    planned = plan_pools(cluster, CATALOG)
    assert [p.name for p in planned] == [p.name for p in cluster.node_pools]
    for pool, source in zip(planned, cluster.node_pools, strict=True):
        # Sizes: within the definition's bounds; CPU pools start with a node.
        assert pool.min <= pool.desired <= pool.max
        assert pool.desired >= (0 if pool.is_gpu else 1)
        # Taints: sorted, one per (key, effect) as Kubernetes requires.
        slots = [(t.key, t.effect) for t in pool.taints]
        assert len(slots) == len(set(slots))
        assert list(pool.taints) == sorted(pool.taints, key=lambda t: (t.key, t.effect, t.value))
        # GPU nodes always repel pods that did not ask for a GPU; CPU nodes never do.
        assert (GPU_TAINT in pool.taints) == pool.is_gpu
        # Per slot the last definition taint counts; platform taints then take theirs.
        last = {(t.key, t.effect): t for t in source.taints}
        # AKS Spot pools list the taint AKS adds; nothing else invents it.
        aks_spot = cluster.cloud == "azure" and source.spot
        assert (AKS_SPOT_TAINT in pool.taints) == (aks_spot or AKS_SPOT_TAINT in last.values())
        # Each definition taint survives unless a platform taint holds its slot.
        ours = {(t.key, t.effect) for t in (GPU_TAINT, AKS_SPOT_TAINT) if t in pool.taints}
        for slot, taint in last.items():
            assert taint in pool.taints or slot in ours
        assert len(aks_taints(pool)) == len(pool.taints)
        # A regional GKE pool never starts above its maximum, over any number of zones.
        for zones in (1, 2, 3):
            assert gke_initial_nodes_per_zone(pool, zones) * zones <= pool.max
        # Labels: sorted, the pool label is the pool's own.
        assert list(pool.labels) == sorted(pool.labels)
        assert pool.labels[POOL_LABEL] == pool.name
        if pool.is_gpu:
            assert source.accelerator is not None
            offering = CATALOG.offering(cluster.cloud, source.accelerator, pool.gpus_per_node)
            assert offering is not None and offering.machine_type == pool.machine_type


@st.composite
def networks(draw: st.DrawFn) -> str:
    """A network the definition allows: inside 10.0.0.0/8, /16 to /20."""
    prefix = draw(st.integers(16, 20))
    index = draw(st.integers(0, (1 << (prefix - 8)) - 1))
    return str(ipaddress.IPv4Network((0x0A000000 + (index << (32 - prefix)), prefix)))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_gke_master_range_never_overlaps_the_subnet_ranges(network: str) -> None:
    master = ipaddress.IPv4Network(gke_master_cidr(network))
    assert master.prefixlen == 28
    assert master.subnet_of(ipaddress.IPv4Network(network))
    for used in gcp_layout(network).ranges().values():
        assert not master.overlaps(ipaddress.IPv4Network(used))
