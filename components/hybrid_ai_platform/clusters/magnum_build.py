"""From a definition's openstack `Cluster` to a `MagnumGpuCluster` on its own network,
inside the team project the definition names. Called by `hybrid_ai_platform.platform`."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_openstack as openstack

from hybrid_ai_platform.clusters.magnum import MagnumGpuCluster, MagnumGpuClusterArgs
from hybrid_ai_platform.clusters.magnum_plan import magnum_pools
from hybrid_ai_platform.clusters.plan import api_access, cluster_physical_name
from hybrid_ai_platform.network.openstack import OpenStackNetwork
from hybrid_ai_platform.private_cloud.openstack import OpenStackPrivateCloud
from hybrid_ai_platform.private_cloud.plan import master_count
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Cluster, Environment
from hybrid_ai_platform.tags import component_tags
from hybrid_ai_platform.tiers import settings_for

# Neutron RBAC: the network stays the platform's, the project may put ports on it.
SHARE_ACTION = "access_as_shared"


def build_magnum_cluster(
    env: Environment,
    cluster: Cluster,
    network: OpenStackNetwork,
    private_cloud: OpenStackPrivateCloud,
    providers: Providers,
    tags: Mapping[str, str],
    opts: pulumi.ResourceOptions | None = None,
) -> MagnumGpuCluster:
    """`<cluster>` in its project, on `network` shared with that project; `opts` for the
    component itself (a parent that wraps it)."""
    private = env.private_cloud
    magnum = private.magnum if private else None
    assert private is not None and magnum is not None, "validation requires privateCloud.magnum"
    assert cluster.project is not None, "validation requires project on openstack clusters"
    settings = settings_for(env)
    admin = providers.openstack(cluster.region)
    share = openstack.networking.RbacPolicyV2(
        f"{cluster.name}-network-share",
        action=SHARE_ACTION,
        object_type="network",
        object_id=network.network_id,
        target_tenant=private_cloud.project_ids[cluster.project],
        region=cluster.region,
        opts=pulumi.ResourceOptions(provider=admin, parent=network),
    )
    provider = providers.openstack_project(
        cluster.region,
        cluster.project,
        private_cloud.project_names[cluster.project],
        depends_on=(private_cloud.deployer_memberships[cluster.project],),
    )
    return MagnumGpuCluster(
        cluster.name,
        MagnumGpuClusterArgs(
            name=cluster_physical_name(env.name, cluster),
            region=cluster.region,
            kubernetes_version=cluster.kubernetes_version,
            image=magnum.image,
            master_flavor=magnum.master_flavor,
            master_count=master_count(settings.high_availability),
            external_network=private.external_network,
            dns_nameservers=private.dns_nameservers,
            network_id=network.network_id,
            subnet_id=network.subnet_id,
            keypair=private_cloud.keypair_name,
            boot_volume_type=private.encrypted_volume_type,
            pools=magnum_pools(cluster, private),
            access=api_access(cluster),
            # The cluster's own ranges, else the private cloud's; the deploy runner's, on
            # either path (the load balancer's list guards the private address and the
            # floating IP alike); and the nodes' network.
            api_allowed_cidrs=tuple(
                sorted(
                    {
                        *(cluster.authorized_cidrs or private.authorized_cidrs),
                        *(cluster.deploy_access.runner_cidrs if cluster.deploy_access else ()),
                        cluster.network_cidr,
                    }
                )
            ),
            tags=component_tags(tags, f"{cluster.name}-cluster"),
            settings=settings,
            wait_for=(network, share),
        ),
        provider=provider,
        opts=opts,
    )
