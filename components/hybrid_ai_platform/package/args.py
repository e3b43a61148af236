"""The package's argument types, as the component provider's analyzer reads them.

Every field mirrors a field of `hybrid_ai_platform.spec` under the same name (the analyzer's
camelCase is the definition's YAML key), so a problem found by validation points at the
property the caller set; `tests/package` checks the two stay equal. Values are plain, not
`pulumi.Input`: they decide which resources exist, so they must be known at preview.

No `from __future__ import annotations` here: the analyzer reads the annotations as
objects, and string annotations would not resolve.
"""

import enum
import re
import typing
from typing import NotRequired, TypedDict

from hybrid_ai_platform import spec


def _enum_of(literal: object, name: str, doc: str) -> type[enum.Enum]:
    """A Python enum (what the analyzer turns into a schema enum) with the values of one of
    the definition's `Literal` types, so the allowed values are written once, in `spec`.
    Member names are PascalCase (`time-slicing` -> `TimeSlicing`, `G.1X` -> `G1X`) for the
    generated SDKs."""
    values = typing.get_args(literal)
    members = {
        "".join(part[:1].upper() + part[1:] for part in re.split("[^A-Za-z0-9]+", value)): value
        for value in values
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
GpuMode = _enum_of(spec.GpuMode, "GpuMode", "How a Nova flavor asks for GPUs.")
Workload = _enum_of(spec.Workload, "Workload", "A workload of the platform.")
PipelineCloud = _enum_of(
    spec.PipelineCloud, "PipelineCloud", "Where a pipeline runs: aws (Glue), azure (Data Factory)."
)
GlueWorkerType = _enum_of(spec.GlueWorkerType, "GlueWorkerType", "A Glue worker type.")
InputFormat = _enum_of(spec.InputFormat, "InputFormat", "The format of raw objects.")


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


class OpenStackAccount(TypedDict):
    """Where a Magnum cluster and its private cloud are created."""

    cloud: str
    """The entry of the operator's clouds.yaml the provider authenticates with."""


class GpuFlavor(TypedDict):
    """A private Nova flavor with GPUs, usable only by the projects that list it."""

    name: str
    """Lowercase letters, digits, '.' and '-', at most 63."""
    accelerator: str
    """Catalog name, e.g. nvidia-a100-80gb."""
    gpus: int
    """GPUs per server, 1 to 16."""
    vcpus: int
    """1 to 512."""
    ram_gb: int
    """1 to 4096."""
    disk_gb: int
    """10 to 16384."""
    gpu_mode: NotRequired[GpuMode]  # type: ignore[valid-type]
    """pci-passthrough (a PCI alias) or vgpu (placement's VGPU). Default: pci-passthrough."""
    vgpu_trait: NotRequired[str]
    """vgpu only: the placement trait of the vGPU type, e.g. CUSTOM_NVIDIA_A100_4C."""
    projects: NotRequired[list[str]]
    """privateCloud.projects that may use the flavor; default: every project."""


class ProjectQuota(TypedDict):
    """An OpenStack project for a team with its quotas; unset network and storage quotas
    keep Neutron's and Cinder's defaults."""

    name: str
    """Lowercase letters, digits and '-', starting with a letter, at most 20."""
    instances: int
    """0 to 10000."""
    cores: int
    """0 to 100000."""
    ram_gb: int
    """0 to 1000000."""
    networks: NotRequired[int]
    """Default: 100."""
    ports: NotRequired[int]
    """Default: 500."""
    floating_ips: NotRequired[int]
    """Default: 50."""
    security_groups: NotRequired[int]
    """Default: 10."""
    volumes: NotRequired[int]
    """Default: 10."""
    volume_gb: NotRequired[int]
    """Default: 1000."""
    group: NotRequired[str]
    """An existing Keystone group that gets the member role."""


class Bastion(TypedDict):
    """The one SSH entry point to the private cloud's instances."""

    image: str
    """Glance image name, e.g. ubuntu-24.04."""
    flavor: str
    """Nova flavor name, e.g. m1.small."""
    ssh_public_key: str
    """An OpenSSH public key line, e.g. 'ssh-ed25519 AAAA... ops@example'."""
    allowed_cidrs: list[str]
    """Ranges (office, VPN) that may SSH to the bastion."""


class Magnum(TypedDict):
    """How Magnum builds the cluster."""

    image: str
    """Glance image of the nodes, e.g. fedora-coreos-40."""
    master_flavor: str
    """Nova flavor of the control-plane nodes."""


class PrivateCloud(TypedDict):
    """The OpenStack private cloud a Magnum cluster is built on: a stack file's
    `privateCloud` without `internalRates` (chargeback rates for the platform's cost
    report, which nothing the package builds reads)."""

    region: NotRequired[str]
    """Default: RegionOne."""
    network_cidr: str
    """Private IPv4 range of the private cloud's network, /16 to /20."""
    external_network: str
    """Name of the provider network for the gateway."""
    dns_nameservers: NotRequired[list[str]]
    """IPv4 addresses, at most 5."""
    gpu_flavors: NotRequired[list[GpuFlavor]]
    """Private GPU flavors."""
    projects: NotRequired[list[ProjectQuota]]
    """Team projects with quotas; the cluster is created in one of them."""
    authorized_cidrs: NotRequired[list[str]]
    """Ranges allowed to reach Kubernetes APIs (port 6443)."""
    bastion: NotRequired[Bastion]
    """An SSH bastion."""
    encrypted_volume_type: NotRequired[str]
    """The Cinder volume type with LUKS encryption every boot volume uses. Default: LUKS."""
    magnum: Magnum
    """The cluster's image and control-plane flavor (optional in a stack's privateCloud,
    which may hold no Magnum cluster; this one always does)."""


class MagnumCluster(Cluster):
    """A cluster on the private cloud: the cloud-neutral cluster and its project."""

    project: NotRequired[str]
    """Required by validation: the privateCloud.projects entry the cluster is created in,
    whose quota must hold it at full scale."""


class Endpoint(TypedDict):
    """A serverless endpoint serving a workload's predictions: a stack file's `endpoints[]`
    entry without `name` (the resource's name) and `cloud` (the component's)."""

    region: str
    """Cloud region, e.g. us-east-1, eastus, us-central1."""
    workload: Workload  # type: ignore[valid-type]
    """The workload whose model it serves."""
    memory_mb: NotRequired[int]
    """128 to 10240 (Azure: 512, 2048 or 4096). Default: 1024."""
    timeout_seconds: NotRequired[int]
    """1 to 900 (Azure: at most 230). Default: 30."""
    min_instances: NotRequired[int]
    """Instances kept warm, 0 to 100. Default: 0."""
    max_instances: NotRequired[int]
    """1 to 1000. Default: 10."""
    public: NotRequired[bool]
    """Reachable without cloud credentials. Default: false."""


class Pipeline(TypedDict):
    """A scheduled data pipeline: on aws a Glue Spark job preparing the raw data into
    curated Parquet; on azure a Data Factory pipeline copying an aws pipeline's curated
    data into ADLS Gen2 (`copyFrom`)."""

    name: str
    """Lowercase letters, digits and '-', starting with a letter, at most 20."""
    cloud: PipelineCloud  # type: ignore[valid-type]
    """aws (Glue) or azure (Data Factory)."""
    region: str
    """Cloud region, e.g. us-east-1, westeurope."""
    workload: Workload  # type: ignore[valid-type]
    """The workload whose data it prepares."""
    schedule: str
    """Cron, five fields, UTC, e.g. '0 3 * * *'; runs may not overlap."""
    workers: NotRequired[int]
    """aws: Glue workers; azure: data integration units; 2 to 100. Default: 2."""
    max_runtime_minutes: NotRequired[int]
    """A run is stopped after this long, at most 7 days. Default: 60."""
    worker_type: NotRequired[GlueWorkerType]  # type: ignore[valid-type]
    """aws only. Default: G.1X."""
    input_format: NotRequired[InputFormat]  # type: ignore[valid-type]
    """aws only: format of the raw objects. Default: csv."""
    copy_from: NotRequired[str]
    """azure only, required there: the aws pipeline whose curated data it copies."""


class PipelineAccounts(TypedDict):
    """Where the pipelines are created: each cloud a pipeline runs on needs its account."""

    aws: NotRequired[AwsAccount]
    """For Glue pipelines and the reader a Data Factory pipeline copies with."""
    azure: NotRequired[AzureAccount]
    """For Data Factory pipelines."""


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


class MagnumGpuClusterArgs(TypedDict):
    """A Magnum GPU cluster, the OpenStack private cloud it is built on, its network and
    its in-cluster GPU stack."""

    environment: Environment
    """The environment the cluster belongs to."""
    account: OpenStackAccount
    """The OpenStack cloud."""
    private_cloud: PrivateCloud
    """The private cloud: network, projects, flavors, Magnum settings."""
    cluster: MagnumCluster
    """The cluster."""


class LambdaEndpointArgs(TypedDict):
    """An AWS Lambda endpoint serving a workload's model."""

    environment: Environment
    """The environment the endpoint belongs to."""
    account: AwsAccount
    """The AWS account."""
    endpoint: Endpoint
    """The endpoint."""


class AzureFunctionEndpointArgs(TypedDict):
    """An Azure Functions (Flex Consumption) endpoint serving a workload's model."""

    environment: Environment
    """The environment the endpoint belongs to."""
    account: AzureAccount
    """The Azure subscription."""
    endpoint: Endpoint
    """The endpoint."""


class CloudFunctionEndpointArgs(TypedDict):
    """A Google Cloud Functions (2nd gen) endpoint serving a workload's model."""

    environment: Environment
    """The environment the endpoint belongs to."""
    account: GcpAccount
    """The Google Cloud project."""
    endpoint: Endpoint
    """The endpoint."""


class DataPipelinesArgs(TypedDict):
    """An environment's data pipelines: Glue pipelines and the Data Factory pipelines that
    copy their curated data, which must be in the same component (`copyFrom`)."""

    environment: Environment
    """The environment the pipelines belong to."""
    accounts: PipelineAccounts
    """The AWS account and Azure subscription the pipelines use."""
    pipelines: list[Pipeline]
    """At most 50; names unique."""
