"""`EksGpuCluster`, `AksGpuCluster`, `GkeGpuCluster` of the package `hybrid`: a GPU cluster,
its network and its in-cluster GPU stack (NVIDIA operator, team namespaces and quotas; on
EKS the cluster autoscaler), exactly as `hybrid_ai_platform.platform` builds one cluster of a
stack, under one component a program in any language can declare.

The arguments are validated as a one-cluster environment definition, like a stack file
(`hybrid_ai_platform.package.translate`); every problem is reported at once, on the property that
caused it (`cluster.nodePools[0].max`), before anything is registered, the component
included.

No `from __future__ import annotations`: the analyzer reads `args: ...` as an object.
"""

from collections.abc import Mapping
from typing import Any

import pulumi

from hybrid_ai_platform.clusters import eks
from hybrid_ai_platform.clusters.build import build_cluster
from hybrid_ai_platform.clusters.skeleton import GpuCluster
from hybrid_ai_platform.network.openstack import OpenStackNetwork
from hybrid_ai_platform.package.args import AksGpuClusterArgs, EksGpuClusterArgs, GkeGpuClusterArgs
from hybrid_ai_platform.package.translate import validated_environment
from hybrid_ai_platform.platform import (
    build_cluster_network,
    build_gpu_stack,
    build_kubernetes_access,
)
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Environment, PublicCloud
from hybrid_ai_platform.tags import environment_tags

PACKAGE = "hybrid"


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
        built = _construct(self, "EksGpuCluster", "aws", name, args, EksGpuClusterArgs, opts)
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
        built = _construct(self, "AksGpuCluster", "azure", name, args, AksGpuClusterArgs, opts)
        _publish(self, built)


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
        built = _construct(self, "GkeGpuCluster", "gcp", name, args, GkeGpuClusterArgs, opts)
        _publish(self, built)


def _construct(
    component: pulumi.ComponentResource,
    kind: str,
    cloud: PublicCloud,
    name: str,
    args: Mapping[str, Any],
    args_type: type,
    opts: pulumi.ResourceOptions | None,
) -> GpuCluster:
    """Validate `args` as a one-cluster definition, then register `component` as
    `hybrid:index:<kind>` and build the cluster under it: nothing is registered for a
    definition with problems."""
    token = f"{PACKAGE}:index:{kind}"
    env = validated_environment(f"{token} '{name}'", name, cloud, args, args_type)
    pulumi.ComponentResource.__init__(component, token, name, None, opts)
    return build(component, env)


def _publish(
    component: pulumi.ComponentResource, built: GpuCluster, **extra: pulumi.Output[str]
) -> None:
    """The outputs every cluster of the package declares, and a cloud's `extra` ones: set as
    the attributes the schema names and registered."""
    outputs = {
        "cluster_name": built.cluster_name,
        "endpoint": built.endpoint,
        "kubeconfig": built.kubeconfig,
        **extra,
    }
    for key, value in outputs.items():
        setattr(component, key, value)
    component.register_outputs(outputs)


COMPONENTS: tuple[type[pulumi.ComponentResource], ...] = (
    EksGpuCluster,
    AksGpuCluster,
    GkeGpuCluster,
)


def build(component: pulumi.ComponentResource, env: Environment) -> GpuCluster:
    """The network, cluster, Kubernetes access and GPU stack of the one-cluster `env`, as
    children of `component`, named as the platform names them (`<cluster>-network`,
    `<cluster>`, `<cluster>-k8s`, `<cluster>-gpu`), each cloud's provider its own
    (`<cluster>-aws-us-east-1`)."""
    cluster = env.clusters[0]
    providers = Providers(env.accounts, parent=component, prefix=f"{cluster.name}-")
    tags = environment_tags(env)
    child = pulumi.ResourceOptions(parent=component)
    network = build_cluster_network(env, cluster, providers, tags, child)
    # Magnum clusters need the private cloud's projects and key pair: not in this package.
    assert not isinstance(network, OpenStackNetwork), "the package builds public clouds only"
    built = build_cluster(env, cluster, network, providers, tags, opts=child)
    kubernetes = build_kubernetes_access(env, cluster, built, child)
    build_gpu_stack(env, cluster, built, kubernetes, child)
    return built
