"""`MagnumGpuCluster`: a Kubernetes cluster on the private cloud through Magnum.

A private cluster template (the cluster's image, flavors, network drivers and labels), the
cluster with its default worker node group (the system pool), and one node group per other
pool, on the GPU flavors of the private cloud. The cluster lives in the team project the
definition names (a provider scoped to it), on its own Neutron network shared with that
project. Magnum's kubeconfig authenticates with the cluster's client certificate, so it
is a Pulumi secret end to end.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from hybrid_ai_platform.clusters import magnum_plan
from hybrid_ai_platform.clusters.plan import ApiAccess, PoolPlan
from hybrid_ai_platform.clusters.skeleton import GpuCluster, Published
from hybrid_ai_platform.tiers import TierSettings
from hybrid_ai_shared.catalog.kubernetes_versions import magnum_kube_tag

TYPE = "hybrid:openstack:MagnumGpuCluster"


@dataclass(frozen=True)
class MagnumGpuClusterArgs:
    """Plain values: they shape the resource graph."""

    # Physical cluster name (`<environment>-<cluster>`).
    name: str
    region: str
    kubernetes_version: str
    image: str
    master_flavor: str
    master_count: int
    external_network: str
    dns_nameservers: tuple[str, ...]
    network_id: pulumi.Input[str]
    subnet_id: pulumi.Input[str]
    keypair: pulumi.Input[str] | None
    boot_volume_type: str
    pools: tuple[PoolPlan, ...]
    access: ApiAccess
    # What the API load balancer admits: the authorised ranges and the cluster's network.
    api_allowed_cidrs: tuple[str, ...]
    tags: Mapping[str, str]
    settings: TierSettings
    wait_for: tuple[pulumi.Resource, ...] = ()


class MagnumGpuCluster(GpuCluster):
    """A Magnum cluster from its own template, with one node group per further pool. Its
    kubeconfig carries Magnum's client certificate."""

    CLOUD = "openstack"

    def __init__(
        self,
        name: str,
        args: MagnumGpuClusterArgs,
        provider: openstack.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._args = args
        super().__init__(TYPE, name, args.region, args.pools, provider, opts)

    def _build(self) -> Published:
        name, args = self._name, self._args
        default = magnum_plan.default_pool(args.pools)
        template_labels = magnum_plan.template_labels(
            magnum_kube_tag(args.kubernetes_version),
            args.api_allowed_cidrs,
            args.access.public,
            args.boot_volume_type,
            default.disk_size_gb,
        )
        high_availability = args.master_count > 1
        template = openstack.containerinfra.ClusterTemplate(
            f"{name}-template",
            name=f"{args.name}-k8s-{args.kubernetes_version}",
            region=args.region,
            coe=magnum_plan.COE,
            image=args.image,
            master_flavor=args.master_flavor,
            flavor=default.machine_type,
            external_network_id=args.external_network,
            dns_nameserver=args.dns_nameservers[0] if args.dns_nameservers else None,
            network_driver=magnum_plan.NETWORK_DRIVER,
            volume_driver=magnum_plan.VOLUME_DRIVER,
            docker_storage_driver=magnum_plan.DOCKER_STORAGE_DRIVER,
            server_type=magnum_plan.SERVER_TYPE,
            # Nodes get no floating IPs: they egress through the network's router.
            floating_ip_enabled=False,
            # An API load balancer in front of several control-plane nodes.
            master_lb_enabled=high_availability,
            tls_disabled=False,
            # Visible to its own project only.
            public=False,
            labels=template_labels,
            opts=self._opts(),
        )
        cluster = openstack.containerinfra.Cluster(
            f"{name}-cluster",
            name=args.name,
            region=args.region,
            cluster_template_id=template.id,
            master_count=args.master_count,
            master_flavor=args.master_flavor,
            flavor=default.machine_type,
            node_count=default.desired,
            keypair=args.keypair,
            fixed_network=args.network_id,
            fixed_subnet=args.subnet_id,
            floating_ip_enabled=False,
            master_lb_enabled=high_availability,
            labels=magnum_plan.cluster_labels(template_labels, default),
            merge_labels=True,
            create_timeout=magnum_plan.CREATE_TIMEOUT_MINUTES,
            opts=self._opts(protect=args.settings.protect, depends_on=args.wait_for),
        )
        for pool in args.pools:
            if pool is default:
                continue
            openstack.containerinfra.NodeGroup(
                f"{name}-{pool.name}",
                name=pool.name,
                region=args.region,
                cluster_id=cluster.id,
                flavor_id=pool.machine_type,
                node_count=pool.desired,
                min_node_count=pool.min,
                max_node_count=pool.max,
                role=pool.name,
                docker_volume_size=pool.disk_size_gb,
                labels=magnum_plan.node_group_labels(pool),
                merge_labels=True,
                opts=self._opts(
                    # The autoscaler changes the node count; a refresh must not undo it.
                    ignore_changes=("nodeCount",),
                ),
            )
        return Published(
            cluster_name=cluster.name,
            endpoint=cluster.api_address,
            kubeconfig=cluster.kubeconfig.apply(lambda config: config["raw_config"]),
            # The API server's service-account issuer: kubeadm's default, which the Cluster
            # API drivers keep and Magnum's Heat driver sets alike. It is not published
            # outside the cluster (no public OIDC discovery), unlike the managed clouds'.
            oidc_issuer=pulumi.Output.from_input(magnum_plan.SERVICE_ACCOUNT_ISSUER),
        )
