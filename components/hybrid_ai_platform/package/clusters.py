"""`EksGpuCluster`, `AksGpuCluster`, `GkeGpuCluster`, `MagnumGpuCluster` of the package
`hybrid`: a GPU cluster, its network and its in-cluster GPU stack (NVIDIA operator, team
namespaces and quotas; on EKS the cluster autoscaler; on OpenStack the private cloud the
Magnum cluster lives in), exactly as `hybrid_ai_platform.platform` builds one cluster of a
stack, under one component a program in any language can declare.

The arguments are validated as a one-cluster environment definition, like a stack file
(`hybrid_ai_platform.package.translate`); every problem is reported at once, on the property that
caused it (`cluster.nodePools[0].max`), before anything is registered, the component
included.

No `from __future__ import annotations`: the analyzer reads `args: ...` as an object.
"""

import pulumi

from hybrid_ai_platform.clusters import eks
from hybrid_ai_platform.clusters.skeleton import GpuCluster
from hybrid_ai_platform.package.args import (
    AksGpuClusterArgs,
    EksGpuClusterArgs,
    GkeGpuClusterArgs,
    MagnumGpuClusterArgs,
)
from hybrid_ai_platform.package.component import publish, register
from hybrid_ai_platform.platform import (
    build_cluster_network,
    build_gpu_cluster,
    build_gpu_stack,
    build_kubernetes_access,
    build_private_cloud_on_network,
)
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Environment
from hybrid_ai_platform.tags import environment_tags
from hybrid_ai_platform.validation import PRIVATE_CLOUD_NAME


class EksGpuCluster(pulumi.ComponentResource):
    """An EKS cluster with one managed node group per pool (GPU pools on the NVIDIA AMI),
    its VPC (private subnets per zone, NAT per the tier), the NVIDIA GPU operator, team
    namespaces with GPU quotas and the cluster autoscaler."""

    cluster_name: pulumi.Output[str]
    """The EKS cluster's name."""
    endpoint: pulumi.Output[str]
    """The Kubernetes API server's URL."""
    kubeconfig: pulumi.Output[str]
    """A secret kubeconfig; authenticates with `aws eks get-token`."""
    oidc_provider_arn: pulumi.Output[str]
    """The IAM OIDC provider, for IAM roles of the cluster's service accounts."""

    def __init__(
        self, name: str, args: EksGpuClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(self, "EksGpuCluster", "aws", name, args, EksGpuClusterArgs, opts)
        built = build(self, env)
        assert isinstance(built, eks.EksGpuCluster)
        _publish(self, built, oidc_provider_arn=built.oidc_provider_arn)


class AksGpuCluster(pulumi.ComponentResource):
    """An AKS cluster with one agent pool per pool (Entra ID only, workload identity, Log
    Analytics), its virtual network with a NAT gateway, the NVIDIA GPU operator and team
    namespaces with GPU quotas."""

    cluster_name: pulumi.Output[str]
    """The AKS cluster's name."""
    endpoint: pulumi.Output[str]
    """The Kubernetes API server's URL."""
    kubeconfig: pulumi.Output[str]
    """A secret kubeconfig; authenticates with Entra ID through kubelogin."""

    def __init__(
        self, name: str, args: AksGpuClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(self, "AksGpuCluster", "azure", name, args, AksGpuClusterArgs, opts)
        _publish(self, build(self, env))


class GkeGpuCluster(pulumi.ComponentResource):
    """A regional GKE cluster with one node pool per pool (private nodes, Workload Identity,
    Dataplane V2), its VPC network with Cloud NAT, Google's driver installer, the NVIDIA GPU
    operator and team namespaces with GPU quotas."""

    cluster_name: pulumi.Output[str]
    """The GKE cluster's name."""
    endpoint: pulumi.Output[str]
    """The Kubernetes API server's URL."""
    kubeconfig: pulumi.Output[str]
    """A secret kubeconfig; authenticates with gke-gcloud-auth-plugin."""

    def __init__(
        self, name: str, args: GkeGpuClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(self, "GkeGpuCluster", "gcp", name, args, GkeGpuClusterArgs, opts)
        _publish(self, build(self, env))


class MagnumGpuCluster(pulumi.ComponentResource):
    """A Magnum cluster in a team project of the OpenStack private cloud it builds too (its
    network, projects with quotas, GPU flavors, security groups, key pair), one node group
    per pool, its own Neutron network shared with the project, the NVIDIA GPU operator and
    team namespaces with GPU quotas."""

    cluster_name: pulumi.Output[str]
    """The Magnum cluster's name."""
    endpoint: pulumi.Output[str]
    """The Kubernetes API server's URL."""
    kubeconfig: pulumi.Output[str]
    """A secret kubeconfig with Magnum's client certificate."""

    def __init__(
        self, name: str, args: MagnumGpuClusterArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(
            self, "MagnumGpuCluster", "openstack", name, args, MagnumGpuClusterArgs, opts
        )
        _publish(self, build(self, env))


def _publish(
    component: pulumi.ComponentResource, built: GpuCluster, **extra: pulumi.Output[str]
) -> None:
    """The outputs every cluster of the package declares, and a cloud's `extra` ones."""
    publish(
        component,
        {
            "cluster_name": built.cluster_name,
            "endpoint": built.endpoint,
            "kubeconfig": built.kubeconfig,
            **extra,
        },
    )


COMPONENTS: tuple[type[pulumi.ComponentResource], ...] = (
    EksGpuCluster,
    AksGpuCluster,
    GkeGpuCluster,
    MagnumGpuCluster,
)


def build(component: pulumi.ComponentResource, env: Environment) -> GpuCluster:
    """The network, cluster, Kubernetes access and GPU stack of the one-cluster `env`, as
    children of `component`, named as the platform names them (`<cluster>-network`,
    `<cluster>`, `<cluster>-k8s`, `<cluster>-gpu`), each cloud's provider its own
    (`<cluster>-aws-us-east-1`); on openstack first the private cloud, named after the
    cluster (`<cluster>-private-cloud`, `<cluster>-private-cloud-network`) so that two
    components in one program do not collide."""
    cluster = env.clusters[0]
    providers = Providers(env.accounts, parent=component, prefix=f"{cluster.name}-")
    tags = environment_tags(env)
    child = pulumi.ResourceOptions(parent=component)
    private_cloud = None
    if env.private_cloud is not None:
        name = f"{cluster.name}-{PRIVATE_CLOUD_NAME}"
        _, private_cloud = build_private_cloud_on_network(env, providers, tags, name, child)
    network = build_cluster_network(env, cluster, providers, tags, child)
    built = build_gpu_cluster(env, cluster, network, private_cloud, providers, tags, child)
    kubernetes = build_kubernetes_access(env, cluster, built, child)
    build_gpu_stack(env, cluster, built, kubernetes, child)
    return built
