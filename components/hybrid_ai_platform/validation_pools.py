"""Node-pool rules that need the catalog: CPU machine types per cloud, and how many GPUs a
pool schedules once MIG splits them. Pure: no Pulumi import."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import cast

from hybrid_ai_platform.clusters.plan import (
    AKS_SPOT_LABEL,
    kubernetes_taint,
    pool_labels,
    pool_taints,
)
from hybrid_ai_platform.problems import Path, Problem
from hybrid_ai_platform.spec import Cloud, Cluster, NodePool, PublicCloud
from hybrid_ai_shared.catalog import Catalog

_MIG_PROFILE = re.compile(r"^([1-7])g\.([0-9]+)gb$")
# A MIG-capable GPU has 7 compute slices and 8 memory slices (NVIDIA MIG User Guide,
# "Supported MIG Profiles"): a profile fits as many times as both allow.
MIG_COMPUTE_SLICES = 7
MIG_MEMORY_SLICES = 8


def check_machine_type(
    path: Path, pool: NodePool, cloud: str, catalog: Catalog
) -> Iterator[Problem]:
    """A CPU pool's machine type is a catalogued CPU machine of the cluster's cloud (the
    catalog prices it, so the cost estimate and the budget rule see it)."""
    if pool.machine_type is None or cloud == "openstack":
        return
    cpu_types = [m.machine_type for m in catalog.machines(cloud) if m.gpus == 0]
    machine = catalog.machine(cloud, pool.machine_type)
    if machine is not None and machine.gpus == 0:
        return
    if machine is not None:
        reason = (
            f"is a GPU machine ({machine.gpus} x {machine.accelerator}); name it as accelerator"
        )
    else:
        elsewhere = [
            other for other in ("aws", "azure", "gcp")
            if other != cloud and catalog.machine(other, pool.machine_type) is not None
        ]  # fmt: skip
        reason = (
            f"is a {' and '.join(elsewhere)} machine type, not {cloud}'s"
            if elsewhere
            else f"is not a catalogued {cloud} CPU machine type"
        )
    yield Problem(
        path + ("machineType",),
        f"found '{pool.machine_type}', which {reason}; catalogued on {cloud}: "
        f"{', '.join(cpu_types)} (add others to hybrid_ai_shared/catalog/accelerators.yaml "
        "cpuMachines with their price and source)",
    )


def mig_instances_per_gpu(profile: str, profiles: tuple[str, ...]) -> int:
    """How many instances of `profile` one GPU holds: `3g.40gb` on an A100 80GB (whose
    `7g.80gb` is the whole GPU) fits twice, `1g.20gb` four times, `1g.10gb` seven times."""
    match = _MIG_PROFILE.match(profile)
    whole = [
        int(m.group(2)) for p in profiles if (m := _MIG_PROFILE.match(p)) and m.group(1) == "7"
    ]
    if match is None or not whole:
        return 1
    compute, memory = int(match.group(1)), int(match.group(2))
    memory_slices = math.ceil(memory * MIG_MEMORY_SLICES / max(whole))
    return max(1, min(MIG_COMPUTE_SLICES // compute, MIG_MEMORY_SLICES // memory_slices))


def gpu_capacity(cluster: Cluster, catalog: Catalog) -> int:
    """Schedulable `nvidia.com/gpu` at full scale: time-slicing and MPS advertise each GPU
    `sharingReplicas` times; MIG (strategy single) advertises each slice as one GPU."""
    total = 0
    for pool in cluster.node_pools:
        if not pool.is_gpu:
            continue
        per_gpu = pool.sharing_replicas or 1
        if pool.sharing == "mig" and pool.mig_profile and pool.accelerator:
            profiles = _mig_profiles(catalog, pool.accelerator)
            if pool.mig_profile in profiles:
                per_gpu = mig_instances_per_gpu(pool.mig_profile, profiles)
        total += pool.max * (pool.gpus_per_node or 1) * per_gpu
    return total


def _mig_profiles(catalog: Catalog, accelerator: str) -> tuple[str, ...]:
    try:
        return catalog.accelerator(accelerator).mig_profiles
    except KeyError:
        return ()


def check_platform_keys(path: Path, pool: NodePool, cloud: Cloud) -> Iterator[Problem]:
    """Labels and taints the platform (or the cloud) puts on a pool's nodes win over the
    definition's (`hybrid_ai_platform.clusters.plan`): a definition label on one of their keys, or
    a taint on one of their (key, effect) slots, would be accepted and then replaced."""
    if pool.accelerator is not None and pool.machine_type is not None:
        return  # reported as a pool that is both; the platform's keys depend on which
    bare = pool.model_copy(update={"labels": {}, "taints": ()})
    # Magnum pools get the same platform labels and taints as a public cloud's, without
    # any cloud's own (`hybrid_ai_platform.clusters.magnum_plan`).
    planned_on = cast(PublicCloud, cloud)
    platform = dict(pool_labels(planned_on, bare))
    if cloud == "azure" and pool.spot:
        key, value = AKS_SPOT_LABEL
        platform[key] = value
    for key in pool.labels:
        if key in platform:
            yield Problem(
                path + ("labels", key),
                f"the platform sets this label on the pool itself ({key}={platform[key]}), "
                "so the definition's value would be replaced: use another key",
            )
    slots = {(t.key, t.effect): t for t in pool_taints(planned_on, bare)}
    for index, taint in enumerate(pool.taints):
        ours = slots.get((taint.key, taint.effect))
        if ours is not None:
            yield Problem(
                path + ("taints", index),
                f"the platform puts {kubernetes_taint(ours)} on the pool's nodes itself, and "
                f"Kubernetes keeps one taint per key and effect: remove this one or use "
                "another key",
            )
