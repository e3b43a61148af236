"""Assemble an environment: from the validated definition to components, one direction.

This is the only place that knows which component serves which part of the definition;
`__main__.py` only loads, builds and exports. A cloud's modules are imported in the branch
that builds for that cloud, not with this module: a stack on some clouds never loads the
other clouds' components or SDKs (`tests/components/test_cloud_imports.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pulumi
import pulumi_kubernetes as k8s

from hybrid_ai_platform.clusters.build import build_cluster
from hybrid_ai_platform.clusters.plan import cluster_physical_name
from hybrid_ai_platform.clusters.skeleton import GpuCluster
from hybrid_ai_platform.endpoints.build import build_endpoint
from hybrid_ai_platform.endpoints.plan import EndpointPlan, endpoint_plans
from hybrid_ai_platform.kubernetes.autoscaler_plan import installs_autoscaler
from hybrid_ai_platform.kubernetes.gpu_stack import GpuStack, GpuStackArgs
from hybrid_ai_platform.network.plan import zones_for
from hybrid_ai_platform.pipelines.build import build_pipelines
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Cluster, Environment, StackEnvironment
from hybrid_ai_platform.tags import component_tags, environment_tags, kubernetes_labels
from hybrid_ai_platform.tiers import settings_for
from hybrid_ai_platform.validation import PRIVATE_CLOUD_NAME

if TYPE_CHECKING:
    from hybrid_ai_platform.clusters.build import ClusterNetwork
    from hybrid_ai_platform.endpoints.build import EndpointComponent
    from hybrid_ai_platform.network.openstack import OpenStackNetwork
    from hybrid_ai_platform.pipelines.build import PipelineComponent
    from hybrid_ai_platform.private_cloud.openstack import OpenStackPrivateCloud


@dataclass
class Platform:
    """Everything built for one environment, by the definition's names."""

    env: StackEnvironment
    networks: dict[str, ClusterNetwork] = field(default_factory=dict)
    private_cloud_network: OpenStackNetwork | None = None
    # Projects, GPU flavors and compute baseline on the private cloud's network.
    private_cloud: OpenStackPrivateCloud | None = None
    # GPU clusters by cluster name (EKS, AKS, GKE, Magnum), and the Kubernetes provider
    # that deploys into each.
    clusters: dict[str, GpuCluster] = field(default_factory=dict)
    kubernetes_providers: dict[str, k8s.Provider] = field(default_factory=dict)
    # The in-cluster GPU stack (operator, priority classes, team namespaces) per cluster.
    gpu_stacks: dict[str, GpuStack] = field(default_factory=dict)
    # Serverless endpoints by endpoint name, with the plan each was built from.
    endpoints: dict[str, tuple[EndpointPlan, EndpointComponent]] = field(default_factory=dict)
    # Glue and Data Factory pipelines by pipeline name.
    pipelines: dict[str, PipelineComponent] = field(default_factory=dict)


def build_platform(env: StackEnvironment) -> Platform:
    """The components of a validated definition (`hybrid_ai_platform.definition.load_definition`
    refuses everything they do not build)."""
    providers = Providers(env.accounts)
    tags = environment_tags(env)
    platform = Platform(env)
    if env.private_cloud:
        platform.private_cloud_network, platform.private_cloud = build_private_cloud_on_network(
            env, providers, tags
        )
    # After the private cloud: Magnum clusters live in its projects and use its key pair.
    for cluster in env.clusters:
        platform.networks[cluster.name] = build_cluster_network(env, cluster, providers, tags)
    _build_clusters(platform, providers, tags)
    _build_gpu_stacks(platform)
    for plan in endpoint_plans(env):
        platform.endpoints[plan.name] = (plan, build_endpoint(plan, env.accounts, providers))
    platform.pipelines = build_pipelines(env, providers, tags)
    return platform


def build_private_cloud_on_network(
    env: Environment,
    providers: Providers,
    tags: dict[str, str],
    name: str = PRIVATE_CLOUD_NAME,
    opts: pulumi.ResourceOptions | None = None,
) -> tuple[OpenStackNetwork, OpenStackPrivateCloud]:
    """`<name>-network` and `<name>`, the private cloud's network and its projects, flavors
    and compute baseline; `opts` for both components (a parent that wraps them)."""
    from hybrid_ai_platform.network.openstack import OpenStackNetwork, OpenStackNetworkArgs
    from hybrid_ai_platform.private_cloud.build import build_private_cloud

    private = env.private_cloud
    assert private is not None, "called only for a definition with privateCloud"
    network = OpenStackNetwork(
        f"{name}-network",
        OpenStackNetworkArgs(
            name=f"{env.name}-{name}",
            cidr=private.network_cidr,
            region=private.region,
            tags=component_tags(tags, name),
            external_network=private.external_network,
            dns_nameservers=private.dns_nameservers,
            protect=settings_for(env).protect,
        ),
        provider=providers.openstack(private.region),
        opts=opts,
    )
    private_cloud = build_private_cloud(
        env, network, providers.openstack(private.region), tags, name, opts
    )
    return network, private_cloud


def build_cluster_network(
    env: Environment,
    cluster: Cluster,
    providers: Providers,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions | None = None,
) -> ClusterNetwork:
    """`<cluster>-network`, the network `cluster` is built on; `opts` for the network
    component itself (a parent that wraps it)."""
    name = f"{cluster.name}-network"
    physical = f"{env.name}-{cluster.name}"
    network_tags = component_tags(tags, name)
    if cluster.cloud == "aws":
        from hybrid_ai_platform.network.aws import AwsNetwork, AwsNetworkArgs

        return AwsNetwork(
            name,
            AwsNetworkArgs(
                name=physical,
                cidr=cluster.network_cidr,
                region=cluster.region,
                account_id=env.accounts.aws.account_id if env.accounts.aws else "",
                zones=zones_for(cluster.cloud, cluster.region, cluster.zones),
                tags=network_tags,
                settings=settings_for(env),
            ),
            provider=providers.aws(cluster.region),
            opts=opts,
        )
    if cluster.cloud == "azure":
        from hybrid_ai_platform.network.azure import AzureNetwork, AzureNetworkArgs

        return AzureNetwork(
            name,
            AzureNetworkArgs(
                name=physical,
                cidr=cluster.network_cidr,
                location=cluster.region,
                tags=network_tags,
                protect=settings_for(env).protect,
            ),
            provider=providers.azure(cluster.region),
            opts=opts,
        )
    if cluster.cloud == "openstack":
        from hybrid_ai_platform.network.openstack import OpenStackNetwork, OpenStackNetworkArgs

        private = env.private_cloud
        assert private is not None, "validation requires privateCloud for openstack clusters"
        return OpenStackNetwork(
            name,
            OpenStackNetworkArgs(
                name=physical,
                cidr=cluster.network_cidr,
                region=cluster.region,
                external_network=private.external_network,
                dns_nameservers=private.dns_nameservers,
                tags=network_tags,
                protect=settings_for(env).protect,
            ),
            provider=providers.openstack(cluster.region),
            opts=opts,
        )
    from hybrid_ai_platform.network.gcp import GcpNetwork, GcpNetworkArgs

    return GcpNetwork(
        name,
        GcpNetworkArgs(
            name=physical,
            cidr=cluster.network_cidr,
            region=cluster.region,
            protect=settings_for(env).protect,
        ),
        provider=providers.gcp(cluster.region),
        opts=opts,
    )


def _build_clusters(platform: Platform, providers: Providers, tags: dict[str, str]) -> None:
    """A GPU cluster on each cluster's network, a Kubernetes provider for it, and on EKS
    the cluster autoscaler."""
    env = platform.env
    for cluster in env.clusters:
        component = build_gpu_cluster(
            env, cluster, platform.networks[cluster.name], platform.private_cloud, providers, tags
        )
        platform.clusters[cluster.name] = component
        platform.kubernetes_providers[cluster.name] = build_kubernetes_access(
            env, cluster, component
        )


def build_gpu_cluster(
    env: Environment,
    cluster: Cluster,
    network: ClusterNetwork,
    private_cloud: OpenStackPrivateCloud | None,
    providers: Providers,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions | None = None,
) -> GpuCluster:
    """`<cluster>` on `network`: on openstack a Magnum cluster in a project of the built
    `private_cloud`, else the public cloud's; `opts` for the component (a parent)."""
    if cluster.cloud == "openstack":
        from hybrid_ai_platform.clusters.magnum_build import build_magnum_cluster
        from hybrid_ai_platform.network.openstack import OpenStackNetwork

        assert isinstance(network, OpenStackNetwork), "an openstack cluster's network"
        assert private_cloud is not None, "validation requires privateCloud"
        return build_magnum_cluster(env, cluster, network, private_cloud, providers, tags, opts)
    return build_cluster(env, cluster, network, providers, tags, opts=opts)


def build_kubernetes_access(
    env: Environment,
    cluster: Cluster,
    component: GpuCluster,
    opts: pulumi.ResourceOptions | None = None,
) -> k8s.Provider:
    """`<cluster>-k8s`, the Kubernetes provider that deploys into the built `component`, and
    on EKS the cluster autoscaler through it; `opts` for both (a parent that wraps them)."""
    provider = k8s.Provider(
        f"{cluster.name}-k8s",
        kubeconfig=component.kubeconfig,
        # Field ownership per manager, as `kubectl apply --server-side`: the GPU
        # operator and the platform can share objects without overwriting each other.
        enable_server_side_apply=True,
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(
                # Everything deployed through the provider waits for every child of the
                # cluster component (node groups and pools, add-ons, access grants):
                # the Helm releases need nodes to run on. A dependency on a component is
                # one on its children, so the provider cannot be one of them (the SDK
                # refuses the cycle): it lives beside the component.
                depends_on=[component],
            ),
        ),
    )
    if installs_autoscaler(cluster.cloud):
        from hybrid_ai_platform.clusters.eks import EksGpuCluster
        from hybrid_ai_platform.kubernetes.cluster_autoscaler import (
            ClusterAutoscaler,
            ClusterAutoscalerArgs,
        )

        # EKS node groups scale only with the cluster autoscaler running inside.
        assert isinstance(component, EksGpuCluster)
        ClusterAutoscaler(
            f"{cluster.name}-autoscaler",
            ClusterAutoscalerArgs(
                cluster_name=cluster_physical_name(env.name, cluster),
                region=cluster.region,
                kubernetes_version=cluster.kubernetes_version,
                role_arn=component.autoscaler_role_arn,
            ),
            provider=provider,
            opts=opts,
        )
    return provider


def _build_gpu_stacks(platform: Platform) -> None:
    """`<cluster>-gpu` on every built cluster, through that cluster's Kubernetes provider."""
    for cluster in platform.env.clusters:
        if cluster.name not in platform.clusters:
            continue
        platform.gpu_stacks[cluster.name] = build_gpu_stack(
            platform.env,
            cluster,
            platform.clusters[cluster.name],
            platform.kubernetes_providers[cluster.name],
        )


def build_gpu_stack(
    env: Environment,
    cluster: Cluster,
    component: GpuCluster,
    provider: k8s.Provider,
    opts: pulumi.ResourceOptions | None = None,
) -> GpuStack:
    """`<cluster>-gpu`, the in-cluster GPU stack on the built `component`, through `provider`."""
    return GpuStack(
        f"{cluster.name}-gpu",
        GpuStackArgs(
            cloud=cluster.cloud,
            cluster_name=cluster.name,
            pools=component.pools,
            teams=cluster.teams,
            kubernetes_version=cluster.kubernetes_version,
            settings=settings_for(env),
            labels=kubernetes_labels(component_tags(environment_tags(env), f"{cluster.name}-gpu")),
        ),
        provider=provider,
        opts=opts,
    )


def export_outputs(platform: Platform) -> None:
    """Export the stack-output contract (`hybrid_ai_platform.contract`): one export per
    top-level key."""
    from hybrid_ai_platform.contract_export import contract_exports

    for key, value in contract_exports(platform).items():
        pulumi.export(key, value)
