"""What an endpoint entry of the definition becomes, before any cloud resource: names,
sizes, who may call it, how long its logs stay, what is protected. Pure: no Pulumi import.

Every cloud component reads one `EndpointPlan`, so the three agree on what `public`,
`minInstances` or the tier mean, and tests check those rules without a preview.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

from hybrid_ai_platform.endpoints.runtimes import Runtime, runtime_for
from hybrid_ai_platform.naming import compact_name, physical_name
from hybrid_ai_platform.spec import Endpoint, Environment, PublicCloud
from hybrid_ai_platform.tags import component_tags, environment_tags
from hybrid_ai_platform.tiers import settings_for

# How a caller authenticates, the same words on every cloud (the contract's `authMode`):
# a SigV4-signed request (Lambda Function URL `AWS_IAM`), a function key (Azure), a Google
# identity token with `roles/run.invoker` (Cloud Functions), or nothing (`public: true`).
AuthMode = Literal["aws-iam", "function-key", "gcp-iam", "none"]
PRIVATE_AUTH: Final[dict[PublicCloud, AuthMode]] = {
    "aws": "aws-iam",
    "azure": "function-key",
    "gcp": "gcp-iam",
}

# Azure Functions Flex Consumption instance sizes (MB): "Instance memory" in
# https://learn.microsoft.com/azure/azure-functions/flex-consumption-plan (2026-12-01).
FLEX_INSTANCE_MEMORY_MB: Final = (512, 2048, 4096)
# Azure's front end ends an HTTP request after 230 s whatever the function timeout
# ("Function app timeout duration", learn.microsoft.com/azure/azure-functions/functions-scale).
AZURE_HTTP_TIMEOUT_SECONDS: Final = 230
# The Flex Consumption trigger group that keeps HTTP-triggered instances ready
# (`alwaysReady` name `http`, learn.microsoft.com/azure/azure-functions/flex-consumption-how-to).
AZURE_HTTP_GROUP: Final = "http"
# Cloud Run (Cloud Functions 2nd gen) memory and CPU: above 4 GiB needs 2 vCPU, above 8 GiB
# 4 vCPU, above 16 GiB 8 vCPU ("Memory limits", cloud.google.com/run/docs/configuring/
# services/memory-limits). One vCPU below that: a scoring request is CPU-bound and a
# fraction of a vCPU also caps concurrency at 1.
GCP_CPU_BY_MEMORY_MIB: Final = ((4096, 1), (8192, 2), (16384, 4), (32768, 8))
# The alias callers and provisioned concurrency point at, so a new version is promoted by
# moving the alias, never by changing the URL.
LAMBDA_ALIAS: Final = "live"
# Lambda function names: 64 characters; IAM role names: 64; GCP service account ids: 30.
LAMBDA_NAME_LIMIT: Final = 64
GCP_ACCOUNT_ID_LIMIT: Final = 30
# Azure function app names are global DNS labels (60); storage accounts 24 letters/digits.
AZURE_SITE_NAME_LIMIT: Final = 60


@dataclass(frozen=True)
class EndpointPlan:
    """One endpoint, settled: every component of every cloud reads only this."""

    # The definition's name: logical names and the contract's key.
    name: str
    cloud: PublicCloud
    region: str
    workload: str
    # Physical base name, `<environment>-<name>`.
    physical_name: str
    memory_mb: int
    timeout_seconds: int
    # Instances kept warm (provisioned concurrency, always-ready, min instances).
    min_instances: int
    # The most instances (concurrent executions on Lambda) the endpoint may use.
    max_instances: int
    public: bool
    auth_mode: AuthMode
    runtime: Runtime
    log_retention_days: int
    # From the tier: keys and logs refuse deletion; storage is kept when Pulumi deletes it.
    protect: bool
    retain_on_delete: bool
    key_deletion_window_days: int
    tags: Mapping[str, str]
    # Settings the handler reads at cold start (no secrets: the model ships in the bundle).
    variables: Mapping[str, str]

    def name_for(self, suffix: str, max_length: int = 63) -> str:
        return physical_name(self.physical_name, suffix, max_length=max_length)

    @property
    def lambda_name(self) -> str:
        return physical_name(self.physical_name, max_length=LAMBDA_NAME_LIMIT)

    @property
    def log_group_name(self) -> str:
        # The group Lambda writes to by default, so nothing else can create it first.
        return f"/aws/lambda/{self.lambda_name}"

    @property
    def storage_account_name(self) -> str:
        return compact_name(self.physical_name, "fn")

    @property
    def gcp_account_id(self) -> str:
        return physical_name(self.physical_name, "fn", max_length=GCP_ACCOUNT_ID_LIMIT)

    @property
    def gcp_caller_account_id(self) -> str:
        return physical_name(self.physical_name, "caller", max_length=GCP_ACCOUNT_ID_LIMIT)

    @property
    def gcp_memory(self) -> str:
        return f"{self.memory_mb}Mi"

    @property
    def gcp_cpu(self) -> str:
        return str(gcp_cpu_for(self.memory_mb))

    @property
    def azure_function_timeout(self) -> str:
        """`functionTimeout` as the host reads it (hh:mm:ss)."""
        minutes, seconds = divmod(self.timeout_seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def gcp_cpu_for(memory_mb: int) -> int:
    for limit, cpus in GCP_CPU_BY_MEMORY_MIB:
        if memory_mb <= limit:
            return cpus
    raise ValueError(f"{memory_mb} MiB is above Cloud Run's 32 GiB")


def endpoint_plan(env: Environment, endpoint: Endpoint) -> EndpointPlan:
    tier = settings_for(env)
    return EndpointPlan(
        name=endpoint.name,
        cloud=endpoint.cloud,
        region=endpoint.region,
        workload=endpoint.workload,
        physical_name=physical_name(env.name, endpoint.name),
        memory_mb=endpoint.memory_mb,
        timeout_seconds=endpoint.timeout_seconds,
        min_instances=endpoint.min_instances,
        max_instances=endpoint.max_instances,
        public=endpoint.public,
        auth_mode="none" if endpoint.public else PRIVATE_AUTH[endpoint.cloud],
        runtime=runtime_for(endpoint.cloud),
        log_retention_days=tier.log_retention_days,
        protect=tier.protect,
        retain_on_delete=tier.retain_on_delete,
        key_deletion_window_days=tier.key_deletion_window_days,
        tags=component_tags(environment_tags(env), f"endpoint-{endpoint.name}"),
        variables={
            "HAP_ENDPOINT": endpoint.name,
            "HAP_ENVIRONMENT": env.name,
            "HAP_WORKLOAD": endpoint.workload,
        },
    )


def endpoint_plans(env: Environment) -> list[EndpointPlan]:
    """Every endpoint of the definition, sorted by name (stable whatever the list order)."""
    return sorted((endpoint_plan(env, e) for e in env.endpoints), key=lambda p: p.name)
