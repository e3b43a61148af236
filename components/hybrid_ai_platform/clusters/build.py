"""From a definition's `Cluster` and the network built for it to the cloud's cluster
component: the one place that maps the cloud-neutral definition onto each component's
arguments. `hybrid_ai_platform.platform` calls `build_cluster` once per aws/azure/gcp cluster;
Magnum clusters are built by `hybrid_ai_platform.clusters.magnum_build`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

import pulumi

from hybrid_ai_platform.clusters.plan import (
    aks_ranges,
    api_access,
    cluster_physical_name,
    gke_master_cidr,
    plan_pools,
    routed_ranges,
)
from hybrid_ai_platform.clusters.skeleton import GpuCluster
from hybrid_ai_platform.network.plan import zones_for
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Cluster, Environment
from hybrid_ai_platform.tags import component_tags
from hybrid_ai_platform.tiers import settings_for
from hybrid_ai_shared.catalog import Catalog

if TYPE_CHECKING:
    from hybrid_ai_platform.network.aws import AwsNetwork
    from hybrid_ai_platform.network.azure import AzureNetwork
    from hybrid_ai_platform.network.gcp import GcpNetwork
    from hybrid_ai_platform.network.openstack import OpenStackNetwork

    # A cluster's network (`hybrid_ai_platform.platform.build_cluster_network`): Magnum
    # clusters get their own Neutron network too, and are built by `magnum_build`.
    ClusterNetwork = AwsNetwork | AzureNetwork | GcpNetwork | OpenStackNetwork

N = TypeVar("N")


def build_cluster(
    env: Environment,
    cluster: Cluster,
    network: ClusterNetwork,
    providers: Providers,
    tags: Mapping[str, str],
    catalog: Catalog | None = None,
    opts: pulumi.ResourceOptions | None = None,
) -> GpuCluster:
    """The cluster component for `cluster`, named after it (`<cluster>`), on `network`.

    The component's logical name is the definition's cluster name: stable, unique in the
    environment, never a list position. `opts` for the component itself (a parent that
    wraps it). Each cloud's modules are imported in its own branch: a stack on one cloud
    never loads the others' components or SDKs.
    """
    pools = plan_pools(cluster, catalog)
    name = cluster.name
    physical = cluster_physical_name(env.name, cluster)
    cluster_tags = component_tags(tags, f"{cluster.name}-cluster")
    zones = zones_for(cluster.cloud, cluster.region, cluster.zones)
    access = api_access(cluster)
    settings = settings_for(env)
    if cluster.cloud == "aws":
        from hybrid_ai_platform.clusters.eks import EksGpuCluster, EksGpuClusterArgs
        from hybrid_ai_platform.network.aws import AwsNetwork

        network = _network_of(cluster, network, AwsNetwork)
        return EksGpuCluster(
            name,
            EksGpuClusterArgs(
                name=physical,
                region=cluster.region,
                kubernetes_version=cluster.kubernetes_version,
                subnet_ids=[
                    network.private_subnet_ids[z] for z in sorted(network.private_subnet_ids)
                ],
                pools=pools,
                access=access,
                tags=cluster_tags,
                settings=settings,
                account_id=env.accounts.aws.account_id if env.accounts.aws else "",
                wait_for=(network,),
            ),
            provider=providers.aws(cluster.region),
            opts=opts,
        )
    if cluster.cloud == "azure":
        from hybrid_ai_platform.clusters.aks import AksGpuCluster, AksGpuClusterArgs
        from hybrid_ai_platform.network.azure import AzureNetwork

        network = _network_of(cluster, network, AzureNetwork)
        azure = env.accounts.azure
        assert azure is not None, "validation requires accounts.azure"
        return AksGpuCluster(
            name,
            AksGpuClusterArgs(
                name=physical,
                location=cluster.region,
                resource_group_name=network.resource_group_name,
                vnet_id=network.vnet_id,
                nodes_subnet_id=network.nodes_subnet_id,
                zones=zones,
                kubernetes_version=cluster.kubernetes_version,
                pools=pools,
                access=access,
                ranges=aks_ranges(routed_ranges(env)),
                subscription_id=azure.subscription_id,
                tenant_id=azure.tenant_id,
                tags=cluster_tags,
                settings=settings,
                wait_for=(network,),
            ),
            provider=providers.azure(cluster.region),
            opts=opts,
        )
    if cluster.cloud == "gcp":
        from hybrid_ai_platform.clusters.gke import GkeGpuCluster, GkeGpuClusterArgs
        from hybrid_ai_platform.network.gcp import GcpNetwork

        network = _network_of(cluster, network, GcpNetwork)
        gcp = env.accounts.gcp
        assert gcp is not None, "validation requires accounts.gcp"
        return GkeGpuCluster(
            name,
            GkeGpuClusterArgs(
                name=physical,
                project=gcp.project,
                region=cluster.region,
                zones=zones,
                kubernetes_version=cluster.kubernetes_version,
                network_id=network.network_id,
                subnetwork_id=network.subnetwork_id,
                pods_range_name=network.pods_range_name,
                services_range_name=network.services_range_name,
                master_cidr=gke_master_cidr(cluster.network_cidr),
                pools=pools,
                access=access,
                labels=cluster_tags,
                settings=settings,
                wait_for=(network,),
            ),
            provider=providers.gcp(cluster.region),
            opts=opts,
        )
    raise _no_component(cluster, network)


def _network_of(cluster: Cluster, network: object, kind: type[N]) -> N:
    """`network` as the network kind `cluster`'s cloud builds on."""
    if not isinstance(network, kind):
        raise _no_component(cluster, network)
    return network


def _no_component(cluster: Cluster, network: object) -> ValueError:
    return ValueError(
        f"cluster {cluster.name!r}: no cluster component for {cluster.cloud} "
        f"on a {type(network).__name__}"
    )
