"""The typed environment definition: one per stack, under the config key
`hybrid-ai-platform:environment` in `stacks/Pulumi.<env>.yaml`.

These models are the single source of truth for the definition's shape: the JSON Schema in
`stacks/` is generated from them (`make schema`), and every component reads its settings
from them. They check the shape of each value; rules that relate several values (CIDR
overlaps, catalog look-ups, unique names) live in
`components/hybrid_ai_platform/validation.py`, so that all of them can be reported at once.

Keys are camelCase in YAML (the Pulumi and Kubernetes convention) and snake_case in Python.
Pure: no Pulumi import.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
)
from pydantic.alias_generators import to_camel

Cloud = Literal["aws", "azure", "gcp", "openstack"]
PublicCloud = Literal["aws", "azure", "gcp"]
Tier = Literal["dev", "staging", "prod"]
GpuSharing = Literal["none", "time-slicing", "mps", "mig"]
TaintEffect = Literal["NoSchedule", "PreferNoSchedule", "NoExecute"]
# NAT gateways: "per-zone" survives the loss of a zone; "single" costs a third (three zones).
NatStrategy = Literal["single", "per-zone"]
# Days every platform log is kept: values both CloudWatch Logs (a fixed list) and a Log
# Analytics workspace (30 to 730 days) accept, so one setting holds on every cloud.
LogRetentionDays = Literal[30, 60, 90, 120, 150, 180, 365, 400, 545]

# The workloads in `workloads/` that endpoints and pipelines can run.
Workload = Literal["fraud-detection"]

# A DNS label short enough that `<environment>-<name>-<suffix>` stays inside every cloud's
# name limits (GKE cluster names: 40 characters).
DnsName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$"),
    Field(description="Lowercase letters, digits and '-', starting with a letter, at most 20."),
]

# AKS is the strictest about node-pool names (12 lowercase letters or digits); holding every
# cloud to it keeps one definition valid on all four.
PoolName = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9]{0,11}$"),
    Field(description="Lowercase letters and digits, starting with a letter, at most 12 (AKS)."),
]

# One tag set goes on every cloud, so keys and values must also be valid GCP labels.
TagKey = Annotated[str, StringConstraints(pattern=r"^[a-z]([a-z0-9_-]{0,61}[a-z0-9])?$")]
TagValue = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{0,63}$")]

_LABEL_KEY = re.compile(
    r"^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$"
)
_LABEL_VALUE = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$")


def _kubernetes_label_key(key: str) -> str:
    if not _LABEL_KEY.match(key):
        raise ValueError("is not a valid Kubernetes label key (optional DNS prefix + '/' + name)")
    return key


def _kubernetes_label_value(value: str) -> str:
    if not _LABEL_VALUE.match(value):
        raise ValueError("is not a valid Kubernetes label value (at most 63 of [A-Za-z0-9_.-])")
    return value


def _ipv4_network(value: str) -> str:
    try:
        network = ipaddress.IPv4Network(value, strict=True)
    except ValueError as error:
        raise ValueError(f"is not an IPv4 CIDR with its host bits zero ({error})") from None
    return str(network)


def _ipv4_address(value: str) -> str:
    try:
        return str(ipaddress.IPv4Address(value))
    except ValueError:
        raise ValueError("is not an IPv4 address") from None


LabelKey = Annotated[str, AfterValidator(_kubernetes_label_key)]
LabelValue = Annotated[str, AfterValidator(_kubernetes_label_value)]
Cidr = Annotated[
    str,
    AfterValidator(_ipv4_network),
    Field(description="IPv4 CIDR, e.g. 10.20.0.0/16", examples=["10.20.0.0/16"]),
]
IPv4 = Annotated[str, AfterValidator(_ipv4_address)]

# Caps on every list and mapping, so a definition cannot make a preview (or the program)
# run for minutes: 60,000 teams ran past 300 s. Each is at or above what a cloud accepts,
# so the clouds' own, lower limits are checked per cloud in validation.
MAX_CLUSTERS = 20
MAX_ZONES = 6
# AKS accepts 200 authorised IP ranges, the most of the three clouds (EKS 40, GKE 50 on a
# public endpoint: see components/hybrid_ai_platform/validation_network.py).
MAX_AUTHORIZED_CIDRS = 200
# EKS's quota of managed node groups per cluster; AKS and GKE accept more, one definition
# serves all three.
MAX_NODE_POOLS = 30
MAX_TEAMS = 250
MAX_LABELS = 64
MAX_TAINTS = 16
# Neutron's default `max_dns_nameservers`.
MAX_DNS_NAMESERVERS = 5
MAX_GPU_FLAVORS = 50
MAX_PROJECTS = 250
MAX_ENDPOINTS = 50
MAX_PIPELINES = 50
# AWS allows 50 tags per resource; the platform adds its own
# (components/hybrid_ai_platform/tags.py) and Name.
MAX_TAGS = 40


class Model(BaseModel):
    """Frozen, strict about unknown keys, camelCase in YAML."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
        str_strip_whitespace=False,
    )


class Taint(Model):
    """A Kubernetes taint added to every node of a pool."""

    key: LabelKey
    value: LabelValue = ""
    effect: TaintEffect = "NoSchedule"


class NodePool(Model):
    """A group of identical nodes. GPU pools name an accelerator from the catalog
    (`hybrid_ai_shared/catalog/accelerators.yaml`); CPU pools name a machine type."""

    name: PoolName
    accelerator: str | None = Field(
        default=None, description="Catalog name, e.g. nvidia-a100-80gb. Makes this a GPU pool."
    )
    machine_type: str | None = Field(
        default=None, description="Explicit machine type / VM size / flavor for a CPU pool."
    )
    gpus_per_node: StrictInt | None = Field(
        default=None, ge=1, le=16, description="GPUs per node; default: the smallest offered."
    )
    min: StrictInt = Field(
        ge=0, le=1000, description="Fewest nodes (0 lets GPU pools scale to zero)."
    )
    max: StrictInt = Field(ge=1, le=1000, description="Most nodes the autoscaler may add.")
    spot: StrictBool = Field(default=False, description="Spot / preemptible capacity.")
    disk_size_gb: StrictInt = Field(default=100, ge=20, le=16384)
    sharing: GpuSharing = Field(
        default="none", description="How pods share a GPU: time-slicing, mps or mig."
    )
    sharing_replicas: StrictInt | None = Field(
        default=None, ge=2, le=48, description="Pods per GPU for time-slicing or mps."
    )
    mig_profile: str | None = Field(
        default=None, description="MIG profile for sharing: mig, e.g. 1g.10gb."
    )
    labels: dict[LabelKey, LabelValue] = Field(default_factory=dict, max_length=MAX_LABELS)
    taints: tuple[Taint, ...] = Field(default=(), max_length=MAX_TAINTS)

    @property
    def is_gpu(self) -> bool:
        return self.accelerator is not None


class Team(Model):
    """A team gets a namespace on the cluster with a GPU quota."""

    name: DnsName
    gpu_quota: StrictInt = Field(
        ge=0, le=4096, description="Most GPUs the team's pods may request."
    )


# How the deploy job reaches a cluster's API server to create what runs inside it (the
# Kubernetes provider, the GPU Operator, team namespaces):
# `components/hybrid_ai_platform/validation_deploy.py` says which path suits which endpoint
# and cloud, `components/hybrid_ai_platform/clusters/plan.py` what each one builds, and the
# README ("Deploying to private clusters") why.
DeployPath = Literal["runner-in-network", "restricted-public-endpoint", "gke-dns-endpoint"]

# A GitHub Actions runner label (`runs-on`): a self-hosted runner's, a runner scale set's
# name, or a GitHub-hosted image label.
RunnerLabel = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
MAX_RUNNER_LABELS = 10


class DeployAccess(Model):
    """The path from the deploy job to this cluster's API server."""

    path: DeployPath = Field(
        description=(
            "runner-in-network: the deploy runner sits in a network routed to the cluster's "
            "(its runnerCidrs are let in to the private endpoint); restricted-public-endpoint: "
            "the public endpoint admits the runner's egress runnerCidrs; gke-dns-endpoint "
            "(gcp only): GKE's DNS-based endpoint, reached from anywhere and authorised by IAM."
        )
    )
    runner_cidrs: tuple[Cidr, ...] = Field(
        default=(),
        max_length=MAX_AUTHORIZED_CIDRS,
        description=(
            "Where the runner's requests come from as the API server sees them: its private "
            "subnet (runner-in-network) or its public egress addresses "
            "(restricted-public-endpoint)."
        ),
    )


class DeployRunner(Model):
    """The GitHub Actions runner `deploy-stack.yml` deploys this environment on: one job
    deploys the whole stack, so one runner must reach every cluster's path."""

    labels: tuple[RunnerLabel, ...] = Field(
        min_length=1,
        max_length=MAX_RUNNER_LABELS,
        description=(
            "The job's runs-on labels: a runner scale set's name, e.g. [hap-prod], or a "
            "self-hosted runner's labels, e.g. [self-hosted, linux, hap-prod]. GitHub-hosted "
            "labels (ubuntu-latest) only for a stack whose clusters are all reached through "
            "gke-dns-endpoint."
        ),
    )


class Cluster(Model):
    """A GPU Kubernetes cluster, cloud-neutral: EKS, AKS, GKE or Magnum by `cloud`."""

    name: DnsName
    cloud: Cloud
    region: str = Field(description="Cloud region, e.g. us-east-1, eastus, us-central1, RegionOne.")
    zones: tuple[str, ...] | None = Field(
        default=None,
        max_length=MAX_ZONES,
        description="Zones to spread over; default: three per cloud's convention.",
    )
    kubernetes_version: Annotated[str, StringConstraints(pattern=r"^1\.(2[89]|3[0-9])$")] = Field(
        description="Minor version, e.g. '1.31'."
    )
    network_cidr: Cidr = Field(description="Private range for this cluster's network, /16 to /20.")
    private_endpoint: StrictBool = Field(
        default=True, description="API server reachable only from inside the network."
    )
    authorized_cidrs: tuple[Cidr, ...] = Field(
        default=(),
        max_length=MAX_AUTHORIZED_CIDRS,
        description="Ranges allowed to reach a public API endpoint.",
    )
    deploy_access: DeployAccess | None = Field(
        default=None,
        description=(
            "Required: how the deploy job reaches the API server to create the in-cluster "
            "stack (validation refuses a cluster without one)."
        ),
    )
    node_pools: tuple[NodePool, ...] = Field(min_length=1, max_length=MAX_NODE_POOLS)
    teams: tuple[Team, ...] = Field(default=(), max_length=MAX_TEAMS)
    project: DnsName | None = Field(
        default=None,
        description=(
            "openstack only: the privateCloud.projects entry the Magnum cluster is created "
            "in, whose quota must hold it."
        ),
    )


# How a Nova flavor asks for GPUs: whole boards through PCI passthrough (a `[pci] alias`
# in nova.conf), or mediated vGPUs (placement's `VGPU` resource class).
GpuMode = Literal["pci-passthrough", "vgpu"]
# A placement trait naming a vGPU type, e.g. CUSTOM_NVIDIA_A100_4C (Nova "Attaching virtual
# GPU devices to guests": custom traits select one vGPU type among several).
PlacementTrait = Annotated[str, StringConstraints(pattern=r"^CUSTOM_[A-Z0-9_]{1,248}$")]
SshPublicKey = Annotated[
    str,
    StringConstraints(
        pattern=r"^(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/=]+( \S+)?$"
    ),
    Field(description="An OpenSSH public key line, e.g. 'ssh-ed25519 AAAA... ops@example'."),
]


class GpuFlavor(Model):
    """A private Nova flavor with GPUs, usable only by the projects that list it."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.-]{0,62}$")]
    accelerator: str
    gpus: StrictInt = Field(ge=1, le=16)
    vcpus: StrictInt = Field(ge=1, le=512)
    ram_gb: StrictInt = Field(ge=1, le=4096)
    disk_gb: StrictInt = Field(ge=10, le=16384)
    gpu_mode: GpuMode = Field(
        default="pci-passthrough",
        description=(
            "pci-passthrough: extra spec pci_passthrough:alias=<catalog alias>:<gpus>; "
            "vgpu: extra spec resources:VGPU=<gpus> (and the vgpuTrait, if given)."
        ),
    )
    vgpu_trait: PlacementTrait | None = Field(
        default=None, description="vgpu only: the placement trait of the vGPU type to use."
    )
    projects: tuple[DnsName, ...] = Field(
        default=(),
        max_length=MAX_PROJECTS,
        description="privateCloud.projects that may use the flavor; empty: every project.",
    )


class ProjectQuota(Model):
    """An OpenStack project for a team, with its compute, network and block-storage quotas.
    Unset network and storage quotas keep Neutron's and Cinder's upstream defaults."""

    name: DnsName
    instances: StrictInt = Field(ge=0, le=10000)
    cores: StrictInt = Field(ge=0, le=100000)
    ram_gb: StrictInt = Field(ge=0, le=1000000)
    # Neutron's default quotas (neutron.conf [quotas]): network 100, port 500, floating IP 50,
    # security group 10; Cinder's (cinder.conf): volumes 10, gigabytes 1000.
    networks: StrictInt = Field(default=100, ge=0, le=10000)
    ports: StrictInt = Field(default=500, ge=0, le=100000)
    floating_ips: StrictInt = Field(default=50, ge=0, le=10000)
    security_groups: StrictInt = Field(default=10, ge=0, le=10000)
    volumes: StrictInt = Field(default=10, ge=0, le=100000)
    volume_gb: StrictInt = Field(default=1000, ge=0, le=10000000)
    group: str | None = Field(
        default=None,
        description="Keystone group (existing, e.g. from LDAP/SSO) that gets the member role.",
    )


class Bastion(Model):
    """The one SSH entry point to the private cloud's instances."""

    image: str = Field(description="Glance image name, e.g. ubuntu-24.04.")
    flavor: str = Field(description="Nova flavor name, e.g. m1.small.")
    ssh_public_key: SshPublicKey
    allowed_cidrs: tuple[Cidr, ...] = Field(
        min_length=1,
        max_length=MAX_AUTHORIZED_CIDRS,
        description="Ranges (office, VPN) that may SSH to the bastion.",
    )


class Magnum(Model):
    """How Magnum builds the private cloud's Kubernetes clusters (`clusters[].cloud: openstack`)."""

    image: str = Field(description="Glance image of the nodes, e.g. fedora-coreos-40.")
    master_flavor: str = Field(description="Nova flavor of the control-plane nodes.")


class InternalRates(Model):
    """What the private cloud's owner charges back per hour of capacity: a private cloud has
    no list price, so `hap cost` prices its instances and node groups with these."""

    gpu_hour_usd: StrictFloat | StrictInt = Field(gt=0, le=1000, description="USD per GPU-hour.")
    vcpu_hour_usd: StrictFloat | StrictInt = Field(gt=0, le=100, description="USD per vCPU-hour.")
    source: Annotated[str, StringConstraints(min_length=3, max_length=200)] = Field(
        description="Where the rates come from, shown beside every figure, e.g. a chargeback sheet."
    )
    as_of: datetime.date = Field(description="The day the rates were set, e.g. 2026-10-01.")


class PrivateCloud(Model):
    """The OpenStack private cloud baseline: network, router, GPU flavors, team projects,
    security groups, bastion, server group, object storage, Magnum settings."""

    region: str = "RegionOne"
    network_cidr: Cidr
    external_network: str = Field(description="Name of the provider network for the gateway.")
    dns_nameservers: tuple[IPv4, ...] = Field(default=(), max_length=MAX_DNS_NAMESERVERS)
    gpu_flavors: tuple[GpuFlavor, ...] = Field(default=(), max_length=MAX_GPU_FLAVORS)
    projects: tuple[ProjectQuota, ...] = Field(default=(), max_length=MAX_PROJECTS)
    authorized_cidrs: tuple[Cidr, ...] = Field(
        default=(),
        max_length=MAX_AUTHORIZED_CIDRS,
        description="Ranges allowed to reach Kubernetes APIs (port 6443).",
    )
    bastion: Bastion | None = None
    encrypted_volume_type: str = Field(
        default="LUKS",
        description=(
            "The operator's Cinder volume type with a LUKS encryption spec; every boot "
            "volume uses it."
        ),
    )
    magnum: Magnum | None = None
    internal_rates: InternalRates | None = Field(
        default=None,
        description="Chargeback rates for `hap cost`; without them OpenStack capacity is unpriced.",
    )


class Endpoint(Model):
    """A serverless endpoint serving a workload's predictions."""

    name: DnsName
    cloud: PublicCloud
    region: str
    workload: Workload
    memory_mb: StrictInt = Field(default=1024, ge=128, le=10240)
    timeout_seconds: StrictInt = Field(default=30, ge=1, le=900)
    min_instances: StrictInt = Field(default=0, ge=0, le=100, description="Kept warm.")
    max_instances: StrictInt = Field(default=10, ge=1, le=1000)
    public: StrictBool = Field(default=False, description="Reachable without cloud credentials.")


# Where a pipeline runs: Glue on aws, Data Factory on azure.
PipelineCloud = Literal["aws", "azure"]
GlueWorkerType = Literal["G.1X", "G.2X", "G.4X", "G.8X"]
InputFormat = Literal["csv", "json"]


class Pipeline(Model):
    """A scheduled data pipeline for a workload: on aws a Glue Spark job that prepares the
    raw data into curated Parquet; on azure a Data Factory pipeline that copies an AWS
    pipeline's curated data into ADLS Gen2 (`copyFrom`)."""

    name: DnsName
    cloud: PipelineCloud
    region: str
    workload: Workload
    schedule: Annotated[str, StringConstraints(pattern=r"^(\S+\s+){4}\S+$")] = Field(
        description="Cron, five fields, UTC, e.g. '0 3 * * *'. Runs may not overlap: the "
        "shortest gap between two runs must be at least maxRuntimeMinutes."
    )
    workers: StrictInt = Field(
        default=2,
        ge=2,
        le=100,
        description="aws: Glue workers of workerType; azure: data integration units of the copy.",
    )
    max_runtime_minutes: StrictInt = Field(
        default=60,
        ge=1,
        description="A run is stopped after this long (Glue job timeout / copy activity "
        "timeout); at most the service's limit (7 days on both).",
    )
    worker_type: GlueWorkerType | None = Field(
        default=None, description="aws only: Glue worker type (default G.1X, 1 DPU each)."
    )
    input_format: InputFormat | None = Field(
        default=None, description="aws only: format of the raw objects (default csv)."
    )
    copy_from: DnsName | None = Field(
        default=None,
        description="azure only, required there: the aws pipeline of this environment whose "
        "curated data the Data Factory pipeline copies into ADLS.",
    )


class AwsAccount(Model):
    account_id: Annotated[str, StringConstraints(pattern=r"^\d{12}$")] = Field(
        description="The only account this stack may deploy to (provider allowedAccountIds)."
    )


class AzureAccount(Model):
    subscription_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]
    tenant_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f-]{36}$")]


class GcpAccount(Model):
    project: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]


class OpenStackAccount(Model):
    cloud: str = Field(description="Entry name in the operator's clouds.yaml.")


class Accounts(Model):
    """Where each cloud deploys. Credentials are never here: they come from the CI's OIDC
    federation or the operator's own login."""

    aws: AwsAccount | None = None
    azure: AzureAccount | None = None
    gcp: GcpAccount | None = None
    openstack: OpenStackAccount | None = None


class TierOverrides(Model):
    """The few tier settings (`components/hybrid_ai_platform/tiers.py`) an environment may set
    apart from its tier: e.g. a staging that rehearses production's NAT and audit trail.
    Protection is not overridable: what `protect` guards follows the tier alone."""

    nat: NatStrategy | None = Field(default=None, description="single | per-zone NAT gateways.")
    log_retention_days: LogRetentionDays | None = Field(
        default=None, description="Days every platform log is kept."
    )
    high_availability: StrictBool | None = Field(
        default=None, description="Paid control-plane availability (AKS Standard tier, SLA)."
    )
    full_audit_logs: StrictBool | None = Field(
        default=None, description="Every API request in the audit log, not only writes."
    )


class Environment(Model):
    """One environment: who owns it and what it contains, which is all a component reads.
    A stack's definition is a `StackEnvironment`, which adds what it may cost; a component
    of the multi-language package (`hybrid_ai_platform.package`) stands for an environment
    without a budget, since nothing it builds reads one."""

    name: DnsName
    tier: Tier
    tier_overrides: TierOverrides = Field(
        default_factory=TierOverrides,
        description="Tier settings this environment sets apart from its tier's.",
    )
    owner: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] = Field(
        description="E-mail of the owning team."
    )
    cost_center: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,63}$")]
    tags: dict[TagKey, TagValue] = Field(default_factory=dict, max_length=MAX_TAGS)
    accounts: Accounts = Accounts()
    deploy_runner: DeployRunner = Field(
        default_factory=lambda: DeployRunner(labels=("ubuntu-latest",)),
        description="The runner deploy-stack.yml runs this stack's deploy on.",
    )
    clusters: tuple[Cluster, ...] = Field(default=(), max_length=MAX_CLUSTERS)
    private_cloud: PrivateCloud | None = None
    endpoints: tuple[Endpoint, ...] = Field(default=(), max_length=MAX_ENDPOINTS)
    pipelines: tuple[Pipeline, ...] = Field(default=(), max_length=MAX_PIPELINES)


class StackEnvironment(Environment):
    """One stack's environment definition, under the config key
    `hybrid-ai-platform:environment`: the environment and what it may cost (the policy
    pack's budget rule and the stack's outputs read it)."""

    monthly_budget_usd: StrictFloat = Field(gt=0, le=10_000_000)
