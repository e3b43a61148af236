"""Over any set of pools: the operator tolerates every taint of every GPU pool, nothing
more, the same way whatever the pools' order; sharing pools each get a loadable entry."""

from __future__ import annotations

from random import Random
from types import MappingProxyType

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hybrid_ai_platform.clusters.plan import DEVICE_PLUGIN_CONFIG_LABEL, GPU_TAINT, PoolPlan
from hybrid_ai_platform.kubernetes import plan
from hybrid_ai_platform.spec import Taint
from tests.kubernetes.tolerations import tolerated, tolerates

taints = st.builds(
    Taint,
    key=st.sampled_from(
        [
            "nvidia.com/gpu",
            "kubernetes.azure.com/scalesetpriority",
            "cloud.google.com/gke-spot",
            "hybrid.ai/dedicated",
            "dedicated",
        ]
    ),
    value=st.sampled_from(["", "present", "spot", "true", "inference"]),
    effect=st.sampled_from(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
)


@st.composite
def pools(draw: st.DrawFn, name: str) -> PoolPlan:
    gpu = draw(st.booleans())
    sharing = draw(st.sampled_from(["none", "time-slicing", "mps", "mig"])) if gpu else "none"
    shared = sharing in ("time-slicing", "mps")
    own = draw(st.lists(taints, max_size=4))
    # Kubernetes keeps one taint per (key, effect), and GPU pools always carry GPU_TAINT.
    by_slot = {(t.key, t.effect): t for t in [*own, *([GPU_TAINT] if gpu else [])]}
    labels = {"hybrid.ai/pool": name}
    if shared:
        labels[DEVICE_PLUGIN_CONFIG_LABEL] = name
    return PoolPlan(
        name=name,
        machine_type="m",
        accelerator="nvidia-t4" if gpu else None,
        gpus_per_node=draw(st.integers(1, 8)) if gpu else 0,
        min=0,
        max=1,
        desired=0,
        spot=draw(st.booleans()),
        disk_size_gb=100,
        sharing=sharing,
        sharing_replicas=draw(st.integers(2, 48)) if shared else None,
        mig_profile="1g.10gb" if sharing == "mig" else None,
        labels=MappingProxyType(dict(sorted(labels.items()))),
        taints=tuple(sorted(by_slot.values(), key=lambda t: (t.key, t.effect, t.value))),
        gcp_accelerator_type=None,
        hourly_usd=None,
    )


pool_sets = st.lists(
    st.sampled_from([f"pool{i}" for i in range(8)]), min_size=1, max_size=6, unique=True
).flatmap(lambda names: st.tuples(*(pools(name) for name in names)))


@settings(max_examples=200, deadline=None)
@given(pool_sets, st.randoms(use_true_random=False))
def test_tolerations_cover_every_gpu_taint_and_only_those(
    planned: tuple[PoolPlan, ...], random: Random
) -> None:
    tolerations = plan.gpu_tolerations(planned)
    gpu_taints = [t for p in planned if p.is_gpu for t in p.taints]
    for taint in gpu_taints:
        assert tolerated(tolerations, taint), taint
    # Nothing beyond what a GPU pool needs: each toleration answers one of their taints.
    for toleration in tolerations:
        assert any(tolerates(toleration, taint) for taint in gpu_taints), toleration
    # Sorted, unique and independent of the pools' order: stable Helm values.
    keys = [tuple(sorted(t.items())) for t in tolerations]
    assert keys == sorted(set(keys))
    shuffled = list(planned)
    random.shuffle(shuffled)
    assert plan.gpu_tolerations(shuffled) == tolerations


@settings(max_examples=100, deadline=None)
@given(pool_sets)
def test_each_sharing_pool_gets_a_loadable_entry(planned: tuple[PoolPlan, ...]) -> None:
    data = plan.device_plugin_config(planned)
    shared = [p for p in planned if p.is_gpu and p.sharing in ("time-slicing", "mps")]
    assert set(data) == {plan.UNSHARED_CONFIG_KEY, *(p.name for p in shared)}
    for pool in shared:
        document = yaml.safe_load(data[pool.name])
        strategy = {"time-slicing": "timeSlicing", "mps": "mps"}[pool.sharing]
        assert document["version"] == "v1"
        assert document["sharing"][strategy]["resources"] == [
            {"name": "nvidia.com/gpu", "replicas": pool.sharing_replicas}
        ]
