"""Pipelines, planned: from a validated `spec.Pipeline` to every name and setting the Glue and
Data Factory components need, as plain values. Pure: no Pulumi import.

Physical names are deterministic and global where the cloud makes them global: S3 bucket
names carry the AWS account id (bucket names are unique across all of AWS), Data Factory,
Key Vault and storage-account names carry the environment and pipeline names.
"""

from __future__ import annotations

from dataclasses import dataclass

from hybrid_ai_platform.naming import compact_name, physical_name
from hybrid_ai_platform.spec import Environment, GlueWorkerType, InputFormat, Pipeline
from hybrid_ai_shared.schedule import Cron, parse_cron

# Glue 5.0: Spark 3.5.4, Python 3.11 (https://docs.aws.amazon.com/glue/latest/dg/release-notes.html,
# read 2026-12-01; Glue 5.0 is the current line and has no announced end of support).
GLUE_VERSION = "5.0"
DEFAULT_WORKER_TYPE: GlueWorkerType = "G.1X"
DEFAULT_INPUT_FORMAT: InputFormat = "csv"
# Glue stops a job run after at most 7 days, and so does Data Factory an activity
# (Glue JobRun.Timeout: "less than 7 days or 10080 minutes"; ADF ActivityPolicy.timeout:
# default and most 7 days).
MAX_RUNTIME_MINUTES = {"aws": 10080, "azure": 10080}
# Glue schedules: "the minimum precision for a schedule is 5 minutes"; Data Factory's
# recurrence goes down to a minute, which is cron's own resolution.
MIN_SCHEDULE_MINUTES = {"aws": 5, "azure": 1}
SERVICE_NAMES = {"aws": "AWS Glue", "azure": "Azure Data Factory"}
# The buckets of a Glue pipeline, by role.
GLUE_BUCKETS = ("raw", "curated", "scripts", "temp")
# The ADLS Gen2 file systems (containers) of a Data Factory pipeline.
ADLS_CONTAINERS = ("raw", "curated")
# Where the Spark job writes inside the curated bucket, and the copy reads from.
CURATED_PREFIX = "transactions/"
# Days deleted blobs and containers can be restored; the same for noncurrent S3 versions.
RECOVERY_DAYS = 30
# Temporary Spark files outlive no job run by more than this.
TEMP_EXPIRY_DAYS = 7
# Incomplete multipart uploads are aborted after this many days (they bill until then).
ABORT_MULTIPART_DAYS = 7


@dataclass(frozen=True)
class GluePlan:
    name: str  # logical base name: the pipeline's name in the definition
    region: str
    workload: str
    cron: Cron
    schedule_expression: str  # Glue's cron(...)
    worker_type: GlueWorkerType
    workers: int
    timeout_minutes: int
    input_format: InputFormat
    buckets: dict[str, str]  # role -> physical bucket name
    database: str
    job: str
    crawler: str
    workflow: str
    security_configuration: str
    role: str


@dataclass(frozen=True)
class DataFactoryPlan:
    name: str
    location: str
    workload: str
    cron: Cron
    recurrence: dict[str, object]
    data_integration_units: int
    timeout: str  # ADF d.hh:mm:ss
    copy_from: str  # the aws pipeline's name
    resource_group: str
    storage_account: str
    key_vault: str
    factory: str
    pipeline: str
    trigger: str
    # Name of the Key Vault secret holding the AWS reader's secret access key.
    s3_secret_name: str


def glue_plan(env: Environment, pipeline: Pipeline, account_id: str) -> GluePlan:
    assert pipeline.cloud == "aws"
    cron = parse_cron(pipeline.schedule)
    base = physical_name(env.name, pipeline.name)
    return GluePlan(
        name=pipeline.name,
        region=pipeline.region,
        workload=pipeline.workload,
        cron=cron,
        schedule_expression=cron.glue_expression(),
        worker_type=pipeline.worker_type or DEFAULT_WORKER_TYPE,
        workers=pipeline.workers,
        timeout_minutes=pipeline.max_runtime_minutes,
        input_format=pipeline.input_format or DEFAULT_INPUT_FORMAT,
        buckets={
            role: physical_name(env.name, pipeline.name, role, account_id) for role in GLUE_BUCKETS
        },
        # Athena and Spark SQL read underscores in database names without quoting.
        database=physical_name(env.name, pipeline.name, separator="_"),
        job=base,
        crawler=f"{base}-curated",
        workflow=base,
        security_configuration=base,
        role=physical_name(env.name, pipeline.name, "glue", max_length=64),
    )


def data_factory_plan(env: Environment, pipeline: Pipeline) -> DataFactoryPlan:
    assert pipeline.cloud == "azure" and pipeline.copy_from is not None
    cron = parse_cron(pipeline.schedule)
    return DataFactoryPlan(
        name=pipeline.name,
        location=pipeline.region,
        workload=pipeline.workload,
        cron=cron,
        recurrence=cron.data_factory_recurrence(),
        data_integration_units=pipeline.workers,
        timeout=adf_timespan(pipeline.max_runtime_minutes),
        copy_from=pipeline.copy_from,
        resource_group=physical_name(env.name, pipeline.name, "data", max_length=90),
        # Storage accounts and vaults: 3-24 characters, globally unique.
        storage_account=compact_name(env.name, pipeline.name, "lake"),
        key_vault=physical_name(env.name, pipeline.name, "kv", max_length=24),
        factory=physical_name(env.name, pipeline.name, "adf"),
        pipeline=f"copy-{pipeline.copy_from}-curated",
        trigger=f"{pipeline.name}-schedule",
        s3_secret_name=f"{pipeline.copy_from}-s3-reader-secret",
    )


def adf_timespan(minutes: int) -> str:
    """`90` -> `0.01:30:00`, the `d.hh:mm:ss` form of an activity timeout."""
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    return f"{days}.{hours:02d}:{mins:02d}:00"
