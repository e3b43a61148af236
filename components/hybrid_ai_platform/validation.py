"""Rules that relate several values of a definition, checked after its shape is valid.

Each rule yields `Problem`s instead of raising, so that a user sees every mistake at once.
Pure: no Pulumi import.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from hybrid_ai_platform.kubernetes.plan import RESERVED_NAMESPACES
from hybrid_ai_platform.network.plan import MAX_AWS_ZONES
from hybrid_ai_platform.problems import Path, Problem, format_path
from hybrid_ai_platform.spec import Cluster, Environment, NodePool, PrivateCloud
from hybrid_ai_platform.validation_deploy import check_deploy_access, check_deploy_runner
from hybrid_ai_platform.validation_endpoints import check_endpoint
from hybrid_ai_platform.validation_network import check_authorized_cidrs, check_private_network
from hybrid_ai_platform.validation_pipelines import check_pipelines
from hybrid_ai_platform.validation_pools import (
    check_machine_type,
    check_platform_keys,
    gpu_capacity,
)
from hybrid_ai_platform.validation_private_cloud import (
    check_magnum_clusters,
    check_private_cloud_rules,
)
from hybrid_ai_platform.validation_versions import check_versions
from hybrid_ai_shared.catalog import Catalog, UnknownAccelerator, load_catalog

ROOT: Path = ("environment",)

REGION_PATTERNS = {
    "aws": (
        re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$"),
        "an AWS region such as us-east-1",
    ),
    "azure": (re.compile(r"^[a-z]+[0-9]?[a-z0-9]*$"), "an Azure location such as eastus"),
    "gcp": (re.compile(r"^[a-z]+-[a-z]+\d$"), "a GCP region such as us-central1"),
    "openstack": (re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"), "an OpenStack region name"),
}

# Networks narrower than /20 cannot hold three zones of node subnets plus the pod and
# service ranges the cluster plans carve out of them.
NETWORK_PREFIX_RANGE = (16, 20)
SHARING_WITH_REPLICAS = ("time-slicing", "mps")
# The private cloud's components are named after it (`private-cloud-network`), so no
# cluster may take the name.
PRIVATE_CLOUD_NAME = "private-cloud"
RESERVED_CLUSTER_NAMES = frozenset({PRIVATE_CLOUD_NAME})

_NOT_BUILT = "is part of the definition's shape but not built yet by this version"


# What the definition's shape allows but no component builds yet: refused with the path of
# each use, never silently ignored or half-built. Each entry: what it is, where a
# definition uses it, what to do instead. A component family that lands deletes its entries.
# Every section is built now; the table stays for the next one.
UNBUILT: tuple[tuple[str, Callable[[Environment], list[Path]], str], ...] = ()


def check_environment(
    env: Environment, catalog: Catalog | None = None, today: datetime.date | None = None
) -> list[Problem]:
    """Every cross-field problem of `env`, sorted by path. `today` decides which Kubernetes
    versions are still supported (default: the current UTC date)."""
    catalog = catalog or load_catalog()
    problems: list[Problem] = []
    problems += check_versions(env, today or utc_today())
    problems += _unique(ROOT + ("clusters",), [c.name for c in env.clusters])
    problems += _unique(ROOT + ("endpoints",), [e.name for e in env.endpoints])
    problems += _unique(ROOT + ("pipelines",), [p.name for p in env.pipelines])
    for index, cluster in enumerate(env.clusters):
        problems += check_cluster(index, cluster, env.private_cloud, catalog)
    if env.private_cloud:
        problems += _check_private_cloud(ROOT + ("privateCloud",), env.private_cloud, catalog)
    for index, endpoint in enumerate(env.endpoints):
        path = ROOT + ("endpoints", index)
        problems += _check_region(path, endpoint.cloud, endpoint.region)
        problems += check_endpoint(path, endpoint)
    for index, pipeline in enumerate(env.pipelines):
        problems += _check_region(ROOT + ("pipelines", index), pipeline.cloud, pipeline.region)
    problems += check_magnum_clusters(env)
    problems += check_pipelines(env)
    problems += _check_overlaps(env)
    problems += _check_accounts(env)
    problems += _check_tier_overrides(env)
    problems += check_deploy_runner(env)
    problems += check_unbuilt(env)
    return sorted(set(problems), key=lambda p: (format_path(p.path), p.message))


def check_unbuilt(env: Environment) -> Iterator[Problem]:
    """A problem at each use of a section no component builds yet (`UNBUILT`)."""
    for section, uses, instead in UNBUILT:
        for path in uses(env):
            yield Problem(path, f"{section} {_NOT_BUILT}; {instead}")


def utc_today() -> datetime.date:
    """The day support windows are measured against: UTC, like the vendors' calendars."""
    return datetime.datetime.now(datetime.UTC).date()


def _unique(path: Path, names: Sequence[str]) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in first_seen:
            earlier = format_path(path + (first_seen[name],))
            yield Problem(path + (index, "name"), f"'{name}' is already used by {earlier}")
        else:
            first_seen[name] = index


def _check_region(path: Path, cloud: str, region: str) -> Iterator[Problem]:
    pattern, allowed = REGION_PATTERNS[cloud]
    if not pattern.match(region):
        yield Problem(path + ("region",), f"found '{region}'; must be {allowed}")


def _check_network(path: Path, cidr: str) -> Iterator[Problem]:
    network = ipaddress.IPv4Network(cidr)
    yield from check_private_network(path, cidr)
    low, high = NETWORK_PREFIX_RANGE
    if not low <= network.prefixlen <= high:
        yield Problem(path, f"found /{network.prefixlen}; must be between /{low} and /{high}")


def check_cluster(
    index: int, cluster: Cluster, private_cloud: PrivateCloud | None, catalog: Catalog
) -> Iterator[Problem]:
    """The rules of one cluster entry; also run on the valid entries of a definition whose
    other parts have shape errors, so a user sees those problems in the same run."""
    path = ROOT + ("clusters", index)
    if cluster.name in RESERVED_CLUSTER_NAMES:
        yield Problem(
            path + ("name",),
            f"found '{cluster.name}'; reserved for the private cloud's own resources",
        )
    yield from _check_region(path, cluster.cloud, cluster.region)
    yield from _check_network(path + ("networkCidr",), cluster.network_cidr)
    yield from _check_zones(path, cluster)
    whole_internet = False
    for index, cidr in enumerate(cluster.authorized_cidrs):
        if ipaddress.IPv4Network(cidr).prefixlen == 0:
            whole_internet = True
            yield Problem(
                path + ("authorizedCidrs", index),
                f"found {cidr}; list the office or VPN ranges that need the API, "
                "or use privateEndpoint",
            )
    if not whole_internet:
        yield from check_authorized_cidrs(
            path + ("authorizedCidrs",), cluster.cloud, cluster.authorized_cidrs
        )
    if cluster.private_endpoint and cluster.authorized_cidrs and cluster.cloud in ("aws", "azure"):
        # EKS's publicAccessCidrs and AKS's authorizedIPRanges apply to a public endpoint
        # only; with a private one the ranges would be accepted and then ignored.
        yield Problem(
            path + ("authorizedCidrs",),
            f"found with privateEndpoint: true; {cluster.cloud} admits authorized ranges only "
            "to a public API endpoint: set privateEndpoint: false or remove authorizedCidrs",
        )
    access = cluster.deploy_access
    admits_runner = access is not None and access.path == "restricted-public-endpoint"
    if not cluster.private_endpoint and not cluster.authorized_cidrs and not admits_runner:
        yield Problem(
            path + ("authorizedCidrs",),
            "a public API endpoint (privateEndpoint: false) must be limited to authorizedCidrs",
        )
    yield from check_deploy_access(path, cluster)
    yield from _unique(path + ("nodePools",), [p.name for p in cluster.node_pools])
    yield from _unique(path + ("teams",), [t.name for t in cluster.teams])
    if not any(not p.is_gpu and not p.spot and p.min >= 1 for p in cluster.node_pools):
        yield Problem(
            path + ("nodePools",),
            "needs an on-demand CPU pool (no accelerator, spot: false) with min >= 1 for "
            "system workloads (CoreDNS, the GPU operator, the autoscaler; AKS's system pool)",
        )
    for index, pool in enumerate(cluster.node_pools):
        yield from _check_pool(path + ("nodePools", index), pool, cluster, private_cloud, catalog)
    capacity = gpu_capacity(cluster, catalog)
    for index, team in enumerate(cluster.teams):
        if team.name in RESERVED_NAMESPACES:
            yield Problem(
                path + ("teams", index, "name"),
                f"found '{team.name}'; a team's namespace cannot be one of "
                f"{', '.join(sorted(RESERVED_NAMESPACES))}",
            )
        if team.gpu_quota > capacity:
            yield Problem(
                path + ("teams", index, "gpuQuota"),
                f"found {team.gpu_quota}; the cluster schedules at most {capacity} GPUs "
                "(sum over GPU pools of max x gpusPerNode x sharingReplicas or MIG slices)",
            )


def _check_zones(path: Path, cluster: Cluster) -> Iterator[Problem]:
    if cluster.zones is None:
        return
    zones_path = path + ("zones",)
    if cluster.cloud == "openstack":
        yield Problem(
            zones_path,
            "found on openstack; Magnum places nodes through Nova's scheduler and this "
            "platform does not pin them to availability zones: remove zones",
        )
        return
    if len(set(cluster.zones)) != len(cluster.zones):
        yield Problem(zones_path, "lists a zone twice")
    if cluster.cloud in ("aws", "gcp", "azure") and len(cluster.zones) < 2:
        yield Problem(zones_path, f"found {len(cluster.zones)}; at least 2 zones for a cluster")
    if cluster.cloud == "aws" and len(cluster.zones) > MAX_AWS_ZONES:
        yield Problem(
            zones_path,
            f"found {len(cluster.zones)}; at most {MAX_AWS_ZONES} (the subnet plan carves "
            "three private and three public subnets)",
        )
    for index, zone in enumerate(cluster.zones):
        if cluster.cloud == "aws" and not re.fullmatch(re.escape(cluster.region) + "[a-z]", zone):
            yield Problem(zones_path + (index,), f"found '{zone}'; must be {cluster.region}a-z")
        if cluster.cloud == "gcp" and not re.fullmatch(re.escape(cluster.region) + "-[a-z]", zone):
            yield Problem(zones_path + (index,), f"found '{zone}'; must be {cluster.region}-a..z")
        if cluster.cloud == "azure" and zone not in ("1", "2", "3"):
            yield Problem(zones_path + (index,), f"found '{zone}'; must be '1', '2' or '3'")


def _check_pool(
    path: Path,
    pool: NodePool,
    cluster: Cluster,
    private_cloud: PrivateCloud | None,
    catalog: Catalog,
) -> Iterator[Problem]:
    if pool.min > pool.max:
        yield Problem(path + ("min",), f"found {pool.min}; must be at most max ({pool.max})")
    # Kubernetes keeps one taint per (key, effect); a second would silently win.
    seen_taints: dict[tuple[str, str], int] = {}
    for index, taint in enumerate(pool.taints):
        earlier = seen_taints.setdefault((taint.key, taint.effect), index)
        if earlier != index:
            yield Problem(
                path + ("taints", index),
                f"repeats key '{taint.key}' with effect {taint.effect} of taints[{earlier}]",
            )
    yield from check_platform_keys(path, pool, cluster.cloud)
    if (pool.accelerator is None) == (pool.machine_type is None):
        yield Problem(
            path,
            "give exactly one of accelerator (a GPU pool) or machineType (a CPU pool)",
        )
        return
    if pool.accelerator is None:
        yield from check_machine_type(path, pool, cluster.cloud, catalog)
        for key, value in (
            ("gpusPerNode", pool.gpus_per_node),
            ("sharingReplicas", pool.sharing_replicas),
            ("migProfile", pool.mig_profile),
        ):
            if value is not None:
                yield Problem(path + (key,), "only a GPU pool (with an accelerator) can set it")
        if pool.sharing != "none":
            yield Problem(
                path + ("sharing",),
                f"found '{pool.sharing}'; only a GPU pool (with an accelerator) can share GPUs",
            )
        return
    yield from _check_accelerator(path, pool, cluster, private_cloud, catalog)
    yield from _check_sharing(path, pool, catalog)


def _check_accelerator(
    path: Path,
    pool: NodePool,
    cluster: Cluster,
    private_cloud: PrivateCloud | None,
    catalog: Catalog,
) -> Iterator[Problem]:
    assert pool.accelerator is not None
    name = pool.accelerator
    try:
        catalog.accelerator(name)
    except UnknownAccelerator as error:
        yield Problem(
            path + ("accelerator",),
            f"found '{name}', which is not in the catalog; {_did_you_mean(error.suggestions)}"
            f"known: {', '.join(catalog.names())}",
        )
        return
    if cluster.cloud == "openstack":
        if private_cloud is None:
            return  # one problem at the cluster's cloud (validation_private_cloud)
        flavors = private_cloud.gpu_flavors
        matching = [f for f in flavors if f.accelerator == name]
        wanted = pool.gpus_per_node or 1
        if not any(f.gpus == wanted for f in matching):
            offered = ", ".join(f"{f.name} ({f.accelerator} x{f.gpus})" for f in flavors)
            yield Problem(
                path + ("accelerator",),
                f"no privateCloud.gpuFlavors entry has {wanted} x {name}; "
                f"defined: {offered or 'none'}",
            )
        return
    offerings = catalog.offerings(cluster.cloud, name)
    if not offerings:
        others = catalog.clouds_offering(name)
        suggestions = catalog.suggestions(cluster.cloud, name)
        yield Problem(
            path + ("accelerator",),
            f"'{name}' is not offered on {cluster.cloud} (only on {', '.join(others)}); "
            f"closest on {cluster.cloud}: {', '.join(suggestions)}",
        )
        return
    if (
        pool.gpus_per_node is not None
        and catalog.offering(cluster.cloud, name, pool.gpus_per_node) is None
    ):
        counts = ", ".join(str(o.gpus) for o in offerings)
        yield Problem(
            path + ("gpusPerNode",),
            f"found {pool.gpus_per_node}; {cluster.cloud} offers {name} with {counts} per node",
        )


def _check_sharing(path: Path, pool: NodePool, catalog: Catalog) -> Iterator[Problem]:
    if pool.sharing in SHARING_WITH_REPLICAS and pool.sharing_replicas is None:
        yield Problem(
            path + ("sharingReplicas",),
            f"required with sharing: {pool.sharing} (pods per GPU, 2 to 48)",
        )
    if pool.sharing not in SHARING_WITH_REPLICAS and pool.sharing_replicas is not None:
        yield Problem(
            path + ("sharingReplicas",), "only with sharing: time-slicing or sharing: mps"
        )
    if pool.sharing != "mig":
        if pool.mig_profile is not None:
            yield Problem(path + ("migProfile",), "only with sharing: mig")
        return
    assert pool.accelerator is not None
    try:
        profiles = catalog.accelerator(pool.accelerator).mig_profiles
    except UnknownAccelerator:
        return
    if not profiles:
        yield Problem(
            path + ("sharing",),
            f"{pool.accelerator} does not support MIG; use time-slicing or mps",
        )
    elif pool.mig_profile not in profiles:
        yield Problem(
            path + ("migProfile",),
            f"found {pool.mig_profile!r}; {pool.accelerator} allows {', '.join(profiles)}",
        )


def _check_private_cloud(
    path: Path, private_cloud: PrivateCloud, catalog: Catalog
) -> Iterator[Problem]:
    yield from _check_region(path, "openstack", private_cloud.region)
    yield from _check_network(path + ("networkCidr",), private_cloud.network_cidr)
    yield from _unique(path + ("gpuFlavors",), [f.name for f in private_cloud.gpu_flavors])
    yield from _unique(path + ("projects",), [p.name for p in private_cloud.projects])
    for index, flavor in enumerate(private_cloud.gpu_flavors):
        if flavor.accelerator not in catalog.names():
            suggestions = catalog.suggestions("openstack", flavor.accelerator)
            yield Problem(
                path + ("gpuFlavors", index, "accelerator"),
                f"found '{flavor.accelerator}', which is not in the catalog; "
                f"{_did_you_mean(suggestions)}known: {', '.join(catalog.names())}",
            )
    yield from check_private_cloud_rules(path, private_cloud, catalog)


def _check_overlaps(env: Environment) -> Iterator[Problem]:
    networks: list[tuple[Path, ipaddress.IPv4Network]] = [
        (ROOT + ("clusters", i, "networkCidr"), ipaddress.IPv4Network(c.network_cidr))
        for i, c in enumerate(env.clusters)
    ]
    if env.private_cloud:
        networks.append(
            (
                ROOT + ("privateCloud", "networkCidr"),
                ipaddress.IPv4Network(env.private_cloud.network_cidr),
            )
        )
    # Clusters on different clouds are joined by VPN/interconnect in real estates, so the
    # ranges must not overlap anywhere in one environment.
    for later in range(len(networks)):
        for earlier in range(later):
            (path, net), (other_path, other) = networks[later], networks[earlier]
            if net.overlaps(other):
                yield Problem(path, f"{net} overlaps {other} of {format_path(other_path)}")


def _check_accounts(env: Environment) -> Iterator[Problem]:
    used: dict[str, Path] = {}
    entries: Iterable[tuple[str, Path]] = [
        *((c.cloud, ROOT + ("clusters", i)) for i, c in enumerate(env.clusters)),
        *((e.cloud, ROOT + ("endpoints", i)) for i, e in enumerate(env.endpoints)),
        *((p.cloud, ROOT + ("pipelines", i)) for i, p in enumerate(env.pipelines)),
    ]
    for cloud, path in entries:
        used.setdefault(cloud, path)
    if env.private_cloud:
        used.setdefault("openstack", ROOT + ("privateCloud",))
    # An account nothing deploys to would be accepted and never reach a provider.
    for cloud in ("aws", "azure", "gcp", "openstack"):
        if getattr(env.accounts, cloud) is not None and cloud not in used:
            yield Problem(
                ROOT + ("accounts", cloud),
                f"set, but nothing in this definition deploys to {cloud} (no cluster, "
                "endpoint or pipeline on it, nor privateCloud for openstack): remove it",
            )
    for cloud, first_use in sorted(used.items()):
        if getattr(env.accounts, cloud) is None:
            yield Problem(
                ROOT + ("accounts", cloud),
                f"required: {format_path(first_use)} deploys to {cloud}",
            )


def _check_tier_overrides(env: Environment) -> Iterator[Problem]:
    """Overrides of settings that only some components read, refused where the definition
    has none of them: they would be accepted and then change nothing."""
    overrides, path = env.tier_overrides, ROOT + ("tierOverrides",)
    clouds = {cluster.cloud for cluster in env.clusters}
    # AKS's paid control plane, Magnum's three masters, Data Factory's zone-redundant lake.
    reads_availability = bool(clouds & {"azure", "openstack"}) or any(
        pipeline.cloud == "azure" for pipeline in env.pipelines
    )
    if overrides.high_availability is not None and not reads_availability:
        yield Problem(
            path + ("highAvailability",),
            "set, but nothing in this definition reads it (a cluster on azure or openstack, "
            "or a pipeline on azure): remove it",
        )
    if overrides.full_audit_logs is not None and "azure" not in clouds:
        yield Problem(
            path + ("fullAuditLogs",),
            "set, but no cluster is on azure (it chooses AKS's audit log category, "
            "kube-audit or kube-audit-admin): remove it",
        )


def _did_you_mean(suggestions: Sequence[str]) -> str:
    return f"did you mean {' or '.join(repr(s) for s in suggestions)}? " if suggestions else ""
