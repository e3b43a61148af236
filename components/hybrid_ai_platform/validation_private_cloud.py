"""Rules of the private cloud and of Magnum clusters, checked after the shape is valid.

Called from `hybrid_ai_platform.validation`; every problem carries its path (the definition's
file and line are added there). Pure: no Pulumi import.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from hybrid_ai_platform.private_cloud.plan import gpu_flavor_for, master_count
from hybrid_ai_platform.problems import Path, Problem
from hybrid_ai_platform.spec import Cluster, Environment, PrivateCloud
from hybrid_ai_platform.tiers import settings_for
from hybrid_ai_shared.catalog import Catalog

ROOT: Path = ("environment",)


def check_private_cloud_rules(
    path: Path, private: PrivateCloud, catalog: Catalog
) -> Iterator[Problem]:
    """Flavors the accelerator can fill, flavor access for defined projects, no open ranges."""
    project_names = {p.name for p in private.projects}
    for index, flavor in enumerate(private.gpu_flavors):
        at = path + ("gpuFlavors", index)
        if flavor.accelerator not in catalog.names():
            continue  # reported by `hybrid_ai_platform.validation` with suggestions
        if flavor.gpu_mode == "pci-passthrough" and flavor.accelerator not in catalog.available_on(
            "openstack"
        ):
            yield Problem(
                at + ("accelerator",),
                f"found '{flavor.accelerator}': the catalog has no PCI alias for it, so a "
                "flavor cannot request it by passthrough; use gpuMode: vgpu or one of "
                f"{', '.join(catalog.available_on('openstack'))}",
            )
        largest = max_gpus_per_server(catalog, flavor.accelerator)
        if flavor.gpus > largest:
            yield Problem(
                at + ("gpus",),
                f"found {flavor.gpus}; no server carries more than {largest} x "
                f"{flavor.accelerator} (the largest machine in the catalog)",
            )
        if flavor.vgpu_trait is not None and flavor.gpu_mode != "vgpu":
            yield Problem(at + ("vgpuTrait",), "only with gpuMode: vgpu")
        for position, project in enumerate(flavor.projects):
            if project not in project_names:
                yield Problem(
                    at + ("projects", position),
                    f"found '{project}'; must be one of privateCloud.projects: "
                    f"{', '.join(sorted(project_names)) or 'none defined'}",
                )
    open_ranges = [("authorizedCidrs", private.authorized_cidrs)]
    if private.bastion is not None:
        open_ranges.append(("bastion", private.bastion.allowed_cidrs))
    for key, cidrs in open_ranges:
        for position, cidr in enumerate(cidrs):
            if ipaddress.IPv4Network(cidr).prefixlen == 0:
                where = (key, "allowedCidrs") if key == "bastion" else (key,)
                yield Problem(
                    path + where + (position,),
                    f"found {cidr}; list the office or VPN ranges instead of the whole internet",
                )


def max_gpus_per_server(catalog: Catalog, accelerator: str) -> int:
    """The most boards of `accelerator` any machine in the catalog carries (8 for A100/H100)."""
    counts = [
        offering.gpus
        for cloud in ("aws", "azure", "gcp")
        for offering in catalog.offerings(cloud, accelerator)
    ]
    return max(counts, default=1)


def check_magnum_clusters(env: Environment) -> Iterator[Problem]:
    """Clusters on openstack need the private cloud, its Magnum settings and a project
    whose quota holds the cluster at full scale; `project` is for openstack only, and
    Magnum settings only with a cluster on openstack."""
    private = env.private_cloud
    masters = master_count(settings_for(env).high_availability)
    on_openstack = any(cluster.cloud == "openstack" for cluster in env.clusters)
    if private is not None and private.magnum is not None and not on_openstack:
        # Magnum's settings shape openstack clusters' templates and nothing else.
        yield Problem(
            ROOT + ("privateCloud", "magnum"),
            "set, but no cluster is on openstack, so nothing would use it: remove it or "
            "add a cluster with cloud: openstack",
        )
    for index, cluster in enumerate(env.clusters):
        path = ROOT + ("clusters", index)
        if cluster.cloud != "openstack":
            if cluster.project is not None:
                yield Problem(path + ("project",), "only for clusters on openstack (Magnum)")
            continue
        if private is None:
            yield Problem(
                path + ("cloud",),
                "found 'openstack' without privateCloud: a Magnum cluster is built on the "
                "private cloud's network, flavors and projects; add privateCloud",
            )
            continue
        if cluster.region != private.region:
            yield Problem(
                path + ("region",),
                f"found '{cluster.region}'; a Magnum cluster is built in the private cloud's "
                f"region '{private.region}', where its flavors and projects are",
            )
        for position, pool in enumerate(cluster.node_pools):
            if pool.spot:
                yield Problem(
                    path + ("nodePools", position, "spot"),
                    "found true on openstack; Magnum has no Spot or preemptible capacity, "
                    "so every node would run on demand: remove spot",
                )
        if private.magnum is None:
            yield Problem(
                path + ("cloud",),
                "found 'openstack'; set privateCloud.magnum (image, masterFlavor) for Magnum",
            )
        yield from _check_cluster_project(path, cluster, private, masters)


def _check_cluster_project(
    path: Path, cluster: Cluster, private: PrivateCloud, masters: int
) -> Iterator[Problem]:
    names = sorted(p.name for p in private.projects)
    if cluster.project is None:
        yield Problem(
            path + ("project",),
            f"required on openstack: the privateCloud.projects entry to create the cluster in "
            f"({', '.join(names) or 'none defined'})",
        )
        return
    project = next((p for p in private.projects if p.name == cluster.project), None)
    if project is None:
        yield Problem(
            path + ("project",),
            f"found '{cluster.project}'; must be one of privateCloud.projects: "
            f"{', '.join(names) or 'none defined'}",
        )
        return
    instances, cores, ram_gb = masters, 0, 0
    for pool in cluster.node_pools:
        instances += pool.max
        flavor = gpu_flavor_for(private, pool.accelerator, pool.gpus_per_node or 1)
        if flavor is not None:
            cores += pool.max * flavor.vcpus
            ram_gb += pool.max * flavor.ram_gb
            if flavor.projects and cluster.project not in flavor.projects:
                yield Problem(
                    path + ("project",),
                    f"found '{cluster.project}'; GPU flavor {flavor.name} is private to "
                    f"{', '.join(flavor.projects)}",
                )
    quota_path = ROOT + ("privateCloud", "projects", private.projects.index(project))
    for key, needed, quota in (
        ("instances", instances, project.instances),
        ("cores", cores, project.cores),
        ("ramGb", ram_gb, project.ram_gb),
    ):
        if needed > quota:
            yield Problem(
                quota_path + (key,),
                f"found {quota}; cluster '{cluster.name}' needs {needed} at full scale "
                f"({masters} control-plane node(s) + every pool at max; GPU flavors' "
                "vcpus and ramGb)",
            )
