"""The stack-output contract: what every stack of this project exports for other teams.

Other teams build on a platform stack through a `StackReference` (see
`hybrid_ai_platform.consumer`). These models are the one description of what they can read; the
program exports exactly `PlatformOutputs` (`hybrid_ai_platform.contract_export`), its JSON Schema is
committed as `stacks/outputs.schema.json` (`make schema`), and a test validates every
stack's exports against both.

Versioning (`contractVersion`, semver):

- MINOR (1.0.0 -> 1.1.0): additive. A new field or a new section. Every field added in a
  minor version has a default, so a consumer built against 1.1 still reads a 1.0 stack,
  and consumers ignore fields they do not know (the models ignore extra keys), so a
  consumer built against 1.0 reads a 1.1 stack.
- MAJOR (1.x -> 2.0.0): anything that can break a consumer that reads the current fields:
  removing or renaming a field or a section, changing a field's type or meaning, making a
  field optional that was required, or adding a value to an enumeration (cloud, tier,
  sharing, taint effect), because typed consumers reject values they do not know.
- PATCH: documentation and descriptions only; the exported values' shape is unchanged.

Consumers refuse a stack whose major version they do not support (`SUPPORTED_MAJOR`).

Keys are camelCase (the Pulumi and Kubernetes convention), attributes snake_case. Secrets
(kubeconfigs) are `SecretStr` here and Pulumi secrets in the stack. Every nullable field
defaults to null: Pulumi's SDKs drop object properties whose value is null, so a consumer
may see them absent. Pure: no Pulumi import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StringConstraints
from pydantic.alias_generators import to_camel

from hybrid_ai_platform.gpu import toleration

CONTRACT_VERSION: Final = "1.4.1"
SUPPORTED_MAJOR: Final = int(CONTRACT_VERSION.split(".")[0])
OUTPUTS_SCHEMA: Final = "outputs.schema.json"
# The key of the private cloud's network in `networks`: camelCase, so it can never be a
# cluster name (cluster names are lowercase DNS labels).
PRIVATE_CLOUD_NETWORK: Final = "privateCloud"

SemVer = Annotated[str, StringConstraints(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")]

# The contract's own value sets, written out here instead of imported from the definition
# (components/hybrid_ai_platform/spec.py): a change to the definition must not change what
# consumers read unless this module, and with it the version, changes too (a committed hash
# per version holds the schema still: tests/contract/test_schema_versions.py). A value added
# here is a MAJOR change. The definition may allow fewer values, never more (a test compares the
# sets: the pydantic models' constructors are not type-checked, so mypy would not see it).
Cloud = Literal["aws", "azure", "gcp", "openstack"]
Tier = Literal["dev", "staging", "prod"]
GpuSharing = Literal["none", "time-slicing", "mps", "mig"]
TaintEffect = Literal["NoSchedule", "PreferNoSchedule", "NoExecute"]
DeployPath = Literal["runner-in-network", "restricted-public-endpoint", "gke-dns-endpoint"]


class ContractModel(BaseModel):
    """Frozen, camelCase keys; unknown keys ignored so newer minor versions still parse."""

    model_config = ConfigDict(
        frozen=True, extra="ignore", alias_generator=to_camel, populate_by_name=True
    )


class EnvironmentOutputs(ContractModel):
    """Who owns the environment and what it may cost."""

    name: str = Field(description="The environment (and stack) name, e.g. prod.")
    tier: Tier
    owner: str = Field(description="E-mail of the owning team.")
    cost_center: str
    monthly_budget_usd: float


class TaintOutputs(ContractModel):
    """A Kubernetes taint every node of a pool carries."""

    key: str
    value: str
    effect: TaintEffect

    def toleration(self) -> dict[str, str]:
        """The Kubernetes toleration (wire form) that lets a pod onto nodes with this taint."""
        return toleration(self.key, self.value, self.effect)


class NodePoolOutputs(ContractModel):
    """A group of identical nodes, with everything a workload needs to be scheduled on it."""

    name: str
    machine_type: str = Field(description="Instance type / VM size / machine type / flavor.")
    accelerator: str | None = Field(
        default=None, description="Catalog accelerator name; null for CPU pools."
    )
    gpus_per_node: int = Field(ge=0, description="0 for CPU pools.")
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    spot: bool
    labels: dict[str, str] = Field(description="Every label the pool's nodes carry.")
    taints: tuple[TaintOutputs, ...] = Field(
        description="Every taint the pool's nodes carry, including ones the cloud adds."
    )
    sharing: GpuSharing
    sharing_replicas: int | None = Field(
        default=None, description="Pods per GPU for time-slicing or mps."
    )
    mig_profile: str | None = Field(default=None, description="MIG profile when sharing is mig.")

    @property
    def is_gpu(self) -> bool:
        return self.gpus_per_node > 0

    def node_selector(self) -> dict[str, str]:
        """A pod `nodeSelector` that places pods on this pool's nodes only."""
        return dict(sorted(self.labels.items()))

    def tolerations(self) -> list[dict[str, str]]:
        """Pod tolerations for every taint of the pool (wire form, sorted)."""
        return [taint.toleration() for taint in self.taints]


class DeployAccessOutputs(ContractModel):
    """How a deploy job reaches the cluster's API server (added in 1.4.0): a consuming
    team's pipeline that deploys into the cluster takes the same path."""

    path: DeployPath = Field(
        description=(
            "runner-in-network: from a runner in a network routed to the cluster's, inside "
            "runnerCidrs; restricted-public-endpoint: through the public endpoint, from "
            "runnerCidrs; gke-dns-endpoint: through GKE's DNS-based endpoint (the "
            "kubeconfig's server), authorised by IAM from anywhere."
        )
    )
    runner_cidrs: tuple[str, ...] = Field(
        default=(), description="The ranges the API server admits deploy runners from."
    )


class ClusterOutputs(ContractModel):
    """A Kubernetes cluster, keyed in `clusters` by its name in the definition."""

    cloud: Cloud
    region: str
    name: str = Field(description="The cluster's name in its cloud (e.g. for `aws eks`).")
    endpoint: str = Field(description="The Kubernetes API server URL.")
    kubeconfig: SecretStr = Field(description="Kubeconfig for the cluster; a Pulumi secret.")
    oidc_issuer: str = Field(description="Issuer URL of the cluster's service-account tokens.")
    node_pools: tuple[NodePoolOutputs, ...]
    deploy_access: DeployAccessOutputs | None = Field(
        default=None, description="How a deploy job reaches the API server (1.4.0)."
    )

    def node_pool(self, name: str) -> NodePoolOutputs:
        """The pool called `name`; `UnknownNameError` listing the pools otherwise."""
        for pool in self.node_pools:
            if pool.name == name:
                return pool
        raise UnknownNameError("node pool", name, [pool.name for pool in self.node_pools])


class AwsNetworkIds(ContractModel):
    vpc_id: str
    private_subnet_ids: dict[str, str] = Field(description="Subnet id by availability zone.")
    public_subnet_ids: dict[str, str] = Field(description="Subnet id by availability zone.")


class AzureNetworkIds(ContractModel):
    resource_group_name: str
    vnet_id: str
    nodes_subnet_id: str
    endpoints_subnet_id: str


class GcpNetworkIds(ContractModel):
    network_id: str
    network_self_link: str
    network_name: str
    subnetwork_id: str
    subnetwork_self_link: str
    subnetwork_name: str
    pods_range_name: str
    services_range_name: str


class OpenStackNetworkIds(ContractModel):
    network_id: str
    subnet_id: str
    router_id: str


class AwsNetworkOutputs(ContractModel):
    cloud: Literal["aws"]
    region: str
    cidr: str
    ids: AwsNetworkIds


class AzureNetworkOutputs(ContractModel):
    cloud: Literal["azure"]
    region: str
    cidr: str
    ids: AzureNetworkIds


class GcpNetworkOutputs(ContractModel):
    cloud: Literal["gcp"]
    region: str
    cidr: str
    ids: GcpNetworkIds


class OpenStackNetworkOutputs(ContractModel):
    cloud: Literal["openstack"]
    region: str
    cidr: str
    ids: OpenStackNetworkIds


# A network's `ids` depend on its cloud; `cloud` says which shape they have.
NetworkOutputs = Annotated[
    AwsNetworkOutputs | AzureNetworkOutputs | GcpNetworkOutputs | OpenStackNetworkOutputs,
    Field(discriminator="cloud"),
]


class EndpointOutputs(ContractModel):
    """A serverless AI endpoint: where to send a request and how to authenticate it.

    `url`, `authMode` and `invoker` arrived in 1.1.0 (they default to null so a 1.0 stack
    still reads)."""

    cloud: Cloud
    region: str
    workload: str
    url: str | None = Field(default=None, description="HTTPS URL that takes the requests.")
    auth_mode: str | None = Field(
        default=None,
        description=(
            "How a caller authenticates: 'aws-iam' (SigV4-signed request, lambda:"
            "InvokeFunctionUrl), 'function-key' (Azure function key), 'gcp-iam' (Google "
            "identity token of a principal with roles/run.invoker), or 'none' (public)."
        ),
    )
    invoker: str | None = Field(
        default=None,
        description=(
            "The principal a caller impersonates to call a private endpoint when the cloud "
            "needs one granted (the Cloud Functions caller service account's e-mail)."
        ),
    )


class PipelineOutputs(ContractModel):
    """A scheduled data pipeline: a Glue job on aws, a Data Factory copy on azure.

    Since 1.2.0 every field below `schedule` (each has a default: a 1.0 stack exported the
    four above only). Names are the clouds' own, for `aws glue start-workflow-run`,
    `az datafactory pipeline create-run`, Athena and Spark readers.
    """

    cloud: Cloud
    region: str
    workload: str
    schedule: str = Field(description="The definition's cron line, UTC.")
    cloud_schedule: str | None = Field(
        default=None,
        description="The schedule as the cloud runs it: Glue's cron(...) or the Data "
        "Factory recurrence frequency (Day, Week, Month).",
    )
    runs_per_month: float | None = Field(
        default=None, description="Average scheduled runs in a 730-hour month."
    )
    buckets: dict[str, str] = Field(
        default_factory=dict,
        description="aws: S3 bucket name by role (raw, curated, scripts, temp).",
    )
    catalog_database: str | None = Field(
        default=None, description="aws: the Glue Data Catalog database of the curated data."
    )
    job_name: str | None = Field(default=None, description="aws: the Glue job.")
    crawler_name: str | None = Field(default=None, description="aws: the curated-data crawler.")
    workflow_name: str | None = Field(default=None, description="aws: the Glue workflow.")
    resource_group_name: str | None = Field(default=None, description="azure only.")
    storage_account_name: str | None = Field(
        default=None, description="azure: the ADLS Gen2 account (hierarchical namespace)."
    )
    containers: dict[str, str] = Field(
        default_factory=dict, description="azure: ADLS file system by role (raw, curated)."
    )
    key_vault_name: str | None = Field(default=None, description="azure only.")
    factory_name: str | None = Field(default=None, description="azure: the Data Factory.")
    pipeline_name: str | None = Field(default=None, description="azure: the copy pipeline.")
    trigger_name: str | None = Field(
        default=None,
        description="azure: the schedule trigger (created stopped by ARM; the deploy "
        "workflow starts it).",
    )
    copy_from: str | None = Field(
        default=None, description="azure: the aws pipeline whose curated data is copied."
    )


class PrivateCloudOutputs(ContractModel):
    """The OpenStack private cloud's baseline (added in 1.3.0): what a team needs to launch
    instances there or to find its project."""

    region: str
    project_ids: dict[str, str] = Field(description="Keystone project id by team name.")
    gpu_flavor_ids: dict[str, str] = Field(
        description="Nova flavor id by flavor name; private, shared with the listed projects."
    )
    security_group_ids: dict[str, str] = Field(
        description="Neutron security group id: 'cluster' (and 'bastion' with a bastion)."
    )
    bastion_address: str | None = Field(
        default=None, description="Floating IP of the SSH bastion, if there is one."
    )
    gpu_worker_server_group_id: str = Field(
        description="Anti-affinity server group: pass as scheduler hint `group` for GPU workers."
    )
    datasets_container: str = Field(description="Versioned Swift container for data and models.")
    encrypted_volume_type: str = Field(description="The Cinder volume type to boot from.")


class PlatformOutputs(ContractModel):
    """Every stack output, one per top-level key."""

    contract_version: SemVer = Field(
        description="Semver of this contract: additive changes bump the minor, anything a "
        "consumer could trip over (removal, rename, type change) the major."
    )
    environment: EnvironmentOutputs
    networks: dict[str, NetworkOutputs] = Field(
        description="By cluster name; the private cloud's under 'privateCloud'."
    )
    clusters: dict[str, ClusterOutputs] = Field(description="By cluster name in the definition.")
    endpoints: dict[str, EndpointOutputs] = Field(description="By endpoint name.")
    pipelines: dict[str, PipelineOutputs] = Field(description="By pipeline name.")
    private_cloud: PrivateCloudOutputs | None = Field(
        default=None, description="The OpenStack baseline, when the definition has one (1.3.0)."
    )

    def pipeline(self, name: str) -> PipelineOutputs:
        if name not in self.pipelines:
            raise UnknownNameError("pipeline", name, self.pipelines)
        return self.pipelines[name]

    def cluster(self, name: str) -> ClusterOutputs:
        if name not in self.clusters:
            raise UnknownNameError("cluster", name, self.clusters)
        return self.clusters[name]

    def endpoint(self, name: str) -> EndpointOutputs:
        if name not in self.endpoints:
            raise UnknownNameError("endpoint", name, self.endpoints)
        return self.endpoints[name]

    def network(self, name: str) -> NetworkOutputs:
        if name not in self.networks:
            raise UnknownNameError("network", name, self.networks)
        return self.networks[name]


class UnknownNameError(KeyError):
    """A name the stack does not export; the message lists the ones it does."""

    def __init__(self, kind: str, name: str, known: Any) -> None:
        names = ", ".join(sorted(known)) or "none"
        self.message = f"no {kind} {name!r}; known {kind}s: {names}"
        super().__init__(self.message)

    def __str__(self) -> str:
        # KeyError's own __str__ quotes the message as a repr.
        return self.message


class UnsupportedContractError(ValueError):
    """The stack exports a contract major version this code does not read."""


def major_version(version: str) -> int:
    return int(version.split(".", 1)[0])


def check_supported(version: Any, reader: str = "this code") -> None:
    """Refuse a contract of another major version with an explanation of what to do."""
    if not isinstance(version, str) or not version.split(".", 1)[0].isdigit():
        raise UnsupportedContractError(
            f"the platform stack exports no usable contractVersion (found {version!r}); "
            f"it is not a hybrid-ai-platform stack or predates the contract"
        )
    if major_version(version) != SUPPORTED_MAJOR:
        raise UnsupportedContractError(
            f"the platform stack exports contract {version}, {reader} reads major version "
            f"{SUPPORTED_MAJOR} (contract {CONTRACT_VERSION}); upgrade the hybrid-ai-platform "
            f"package to a release that supports contract {major_version(version)}.x"
        )


def plain_values(outputs: ContractModel, secret: Callable[[str], Any] = str) -> dict[str, Any]:
    """The model as stack outputs: camelCase keys, lists, and each `SecretStr` passed through
    `secret` (the program wraps them in `pulumi.Output.secret`; tests reveal them)."""
    dumped = outputs.model_dump(by_alias=True)
    if isinstance(outputs, PlatformOutputs):
        # A `None` section (privateCloud without one) is not exported at all.
        dumped = {key: value for key, value in dumped.items() if value is not None}
    return _plain(dumped, secret)


def _plain(value: Any, secret: Callable[[str], Any]) -> Any:
    if isinstance(value, SecretStr):
        return secret(value.get_secret_value())
    if isinstance(value, Mapping):
        return {key: _plain(item, secret) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item, secret) for item in value]
    return value


def secret_output_names(outputs: PlatformOutputs) -> list[str]:
    """Top-level outputs that hold a secret: what the engine reports to a StackReference."""
    return ["clusters"] if outputs.clusters else []


def outputs_schema() -> dict[str, Any]:
    """The committed JSON Schema of the stack outputs (`stacks/outputs.schema.json`)."""
    schema = PlatformOutputs.model_json_schema(by_alias=True, mode="validation")
    major = SUPPORTED_MAJOR
    schema["properties"]["contractVersion"]["pattern"] = rf"^{major}\.(0|[1-9]\d*)\.(0|[1-9]\d*)$"
    return {
        **schema,
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hybrid-ai-platform stack outputs",
        "description": (
            f"Contract {CONTRACT_VERSION}: the outputs every stack exports (read them with "
            "hybrid_ai_platform.consumer.PlatformStack). Additive changes bump the minor version, "
            "removals, renames and type changes the major. Kubeconfigs are Pulumi secrets."
        ),
    }
