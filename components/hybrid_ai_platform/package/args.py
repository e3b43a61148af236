"""The package's argument types, as the component provider's analyzer reads them.

Every field mirrors a field of `hybrid_ai_platform.spec` under the same name (the analyzer's
camelCase is the definition's YAML key), so a problem found by validation points at the
property the caller set; `tests/package` checks the two stay equal. Values are plain, not
`pulumi.Input`: they decide which resources exist, so they must be known at preview.

No `from __future__ import annotations` here: the analyzer reads the annotations as
objects, and string annotations would not resolve.
"""

import enum
import typing
from typing import NotRequired, TypedDict

from hybrid_ai_platform import spec


def _enum_of(literal: object, name: str, doc: str) -> type[enum.Enum]:
    """A Python enum (what the analyzer turns into a schema enum) with the values of one of
    the definition's `Literal` types, so the allowed values are written once, in `spec`.
    Member names are PascalCase (`time-slicing` -> `TimeSlicing`) for the generated SDKs."""
    values = typing.get_args(literal)
    members = {
        "".join(part[:1].upper() + part[1:] for part in value.split("-")): value for value in values
    }
    made = enum.Enum(name, members)  # type: ignore[misc]
    made.__doc__ = doc
    return made


Tier = _enum_of(spec.Tier, "Tier", "What the environment is: its tier's settings apply.")
GpuSharing = _enum_of(spec.GpuSharing, "GpuSharing", "How pods share a GPU.")
TaintEffect = _enum_of(spec.TaintEffect, "TaintEffect", "What a taint does to pods.")
DeployPath = _enum_of(
    spec.DeployPath, "DeployPath", "How the deploy reaches the cluster's API server."
)


class Taint(TypedDict):
    """A Kubernetes taint added to every node of a pool."""

    key: str
    """A Kubernetes label key, e.g. dedicated."""
    value: NotRequired[str]
    """Default: empty."""
    effect: NotRequired[TaintEffect]  # type: ignore[valid-type]
    """Default: NoSchedule."""


class NodePool(TypedDict):
    """A group of identical nodes. GPU pools name an accelerator from the platform's catalog;
    CPU pools name a machine type."""

    name: str
    """Lowercase letters and digits, starting with a letter, at most 12 (AKS)."""
    accelerator: NotRequired[str]
    """Catalog name, e.g. nvidia-a100-80gb. Makes this a GPU pool."""
    machine_type: NotRequired[str]
    """Explicit machine type / VM size for a CPU pool."""
    gpus_per_node: NotRequired[int]
    """GPUs per node, 1 to 16; default: the smallest the cloud offers."""
    min: int
    """Fewest nodes, 0 to 1000 (0 lets GPU pools scale to zero)."""
    max: int
    """Most nodes the autoscaler may add, 1 to 1000."""
    spot: NotRequired[bool]
    """Spot / preemptible capacity. Default: false."""
    disk_size_gb: NotRequired[int]
    """Boot disk per node, 20 to 16384 GB. Default: 100."""
    sharing: NotRequired[GpuSharing]  # type: ignore[valid-type]
    """How pods share a GPU. Default: none."""
    sharing_replicas: NotRequired[int]
    """Pods per GPU for time-slicing or mps, 2 to 48."""
    mig_profile: NotRequired[str]
    """MIG profile for sharing: mig, e.g. 1g.10gb."""
    labels: NotRequired[dict[str, str]]
    """Kubernetes labels on every node of the pool."""
    taints: NotRequired[list[Taint]]
    """Taints on every node of the pool, besides the platform's GPU taint."""


class Team(TypedDict):
    """A team gets a namespace on the cluster with a GPU quota."""

    name: str
    """Lowercase letters, digits and '-', starting with a letter, at most 20."""
    gpu_quota: int
    """Most GPUs the team's pods may request, 0 to 4096."""


class DeployRunner(TypedDict):
    """Where `pulumi up` runs: the platform's deploy workflow picks its runner by these
    labels, and validation refuses a GitHub-hosted one for a path that needs the deploy at
    a known address."""

    labels: list[str]
    """Runner labels, e.g. [self-hosted, linux, ml-deploy]."""


class Environment(TypedDict):
    """The environment a cluster belongs to: physical names, tags and the tier's settings
    (protection, log retention, NAT, HA) come from it."""

    name: str
    """Physical names start with it. Lowercase letters, digits and '-', starting with a
    letter, at most 20."""
    tier: Tier  # type: ignore[valid-type]
    """dev, staging or prod: protection, deletion protection, log retention, NAT, HA."""
    owner: str
    """E-mail of the owning team (tag `owner`)."""
    cost_center: str
    """Tag `cost-center`: lowercase letters, digits, '_' and '-', at most 63."""
    tags: NotRequired[dict[str, str]]
    """More tags for every resource; keys and values must be valid GCP labels."""
    deploy_runner: NotRequired[DeployRunner]
    """Where the deploy runs. Default: ubuntu-latest (GitHub-hosted)."""


class DeployAccess(TypedDict):
    """The path from the deploy (where `pulumi up` runs) to the cluster's API server, over
    which the in-cluster GPU stack is created."""

    path: DeployPath  # type: ignore[valid-type]
    """runner-in-network, restricted-public-endpoint, or gke-dns-endpoint (gcp only)."""
    runner_cidrs: NotRequired[list[str]]
    """Where the deploy's requests come from as the API server sees them."""


class Cluster(TypedDict):
    """The cloud-neutral cluster definition: a stack file's `clusters[]` entry without
    `name` (the resource's name) and `cloud` (the component's)."""

    region: str
    """Cloud region, e.g. us-east-1, eastus, us-central1."""
    zones: NotRequired[list[str]]
    """Zones to spread over; default: three per the cloud's convention."""
    kubernetes_version: str
    """Minor version, e.g. '1.33'; refused once out of the cloud's standard support."""
    network_cidr: str
    """Private IPv4 range for the cluster's network, /16 to /20."""
    private_endpoint: NotRequired[bool]
    """API server reachable only from inside the network. Default: true."""
    authorized_cidrs: NotRequired[list[str]]
    """Ranges allowed to reach a public API endpoint."""
    deploy_access: NotRequired[DeployAccess]
    """Required by validation: how the deploy reaches the API server."""
    node_pools: list[NodePool]
    """At least one pool; at most 30."""
    teams: NotRequired[list[Team]]
    """Team namespaces with GPU quotas."""


class AwsAccount(TypedDict):
    """Where an EKS cluster may be created."""

    account_id: str
    """The only AWS account the cluster's provider may touch (12 digits)."""


class AzureAccount(TypedDict):
    """Where an AKS cluster is created."""

    subscription_id: str
    """The Azure subscription (a lowercase GUID)."""
    tenant_id: str
    """The subscription's Entra ID tenant (a lowercase GUID)."""


class GcpAccount(TypedDict):
    """Where a GKE cluster is created."""

    project: str
    """The Google Cloud project id."""


class EksGpuClusterArgs(TypedDict):
    """An EKS GPU cluster, its VPC and its in-cluster GPU stack."""

    environment: Environment
    """The environment the cluster belongs to."""
    account: AwsAccount
    """The AWS account."""
    cluster: Cluster
    """The cluster."""


class AksGpuClusterArgs(TypedDict):
    """An AKS GPU cluster, its virtual network and its in-cluster GPU stack."""

    environment: Environment
    """The environment the cluster belongs to."""
    account: AzureAccount
    """The Azure subscription."""
    cluster: Cluster
    """The cluster."""


class GkeGpuClusterArgs(TypedDict):
    """A GKE GPU cluster, its VPC network and its in-cluster GPU stack."""

    environment: Environment
    """The environment the cluster belongs to."""
    account: GcpAccount
    """The Google Cloud project."""
    cluster: Cluster
    """The cluster."""
