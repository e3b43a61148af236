"""Serverless endpoints and data pipelines: what they cost before any request arrives.

Functions bill by use, except the instances kept warm (`minInstanceCount`, provisioned
concurrency, always-ready instances): those are a fixed monthly baseline. Pipelines bill
per run, and a schedule says how many runs a month there will be. Pure; no pulumi import.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from hybrid_ai_shared.cost.model import PricedResource
from hybrid_ai_shared.cost.pricing import Charge, Missing, Outcome, PricingContext, Rule, Usage
from hybrid_ai_shared.cost.report import exact
from hybrid_ai_shared.cost.values import (
    NotKnown,
    count,
    dependency,
    items,
    optional_text,
    text,
    value_at,
)
from hybrid_ai_shared.schedule import (
    HOURS_PER_MONTH,
    ScheduleError,
    recurrence_runs_per_month,
    runs_per_month,
)

SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
# Lambda's default memory when `memorySize` is not set (MB).
LAMBDA_DEFAULT_MEMORY_MB = 128
# Glue 2.0 and later bill per second with a one-minute minimum per run.
GLUE_MINIMUM_BILLED_MINUTES = 1
# Data Factory bills copy (data movement) duration by the minute, rounded up.
ADF_MINIMUM_BILLED_MINUTES = 1
_TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})$")
# DPUs per Glue worker type (AWS Glue job properties: "Worker type").
GLUE_WORKER_DPUS = {"G.025X": 0.25, "G.1X": 1, "G.2X": 2, "G.4X": 4, "G.8X": 8, "Z.2X": 2}
# Kubernetes-style quantities used by Cloud Functions `availableMemory` ("256M", "1Gi").
_QUANTITY = re.compile(r"^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?$")
_QUANTITY_BYTES = {
    None: 1,
    "k": 1e3,
    "K": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
}
WARM_NOTE = "an upper bound: idle warm instances bill at or below the active rate"


# -- functions ------------------------------------------------------------------------------


def lambda_provisioned_concurrency(
    resource: PricedResource, ctx: PricingContext
) -> Sequence[Outcome]:
    inputs = resource.inputs
    instances = count(inputs, "provisionedConcurrentExecutions")
    function = dependency(ctx.plan, resource, "functionName")
    memory_mb = count(function.inputs, "memorySize", LAMBDA_DEFAULT_MEMORY_MB) if function else None
    if memory_mb is None:
        raise NotKnown("cannot find the function, so not its memory size")
    arm = function is not None and "arm64" in items(function.inputs, "architectures")
    price = ctx.service(
        "aws.lambda.arm-provisioned-concurrency-gb-second"
        if arm
        else "aws.lambda.provisioned-concurrency-gb-second"
    )
    gb_seconds = instances * memory_mb / 1024 * SECONDS_PER_MONTH
    basis = f"{instances} instances x {memory_mb} MB x {SECONDS_PER_MONTH:,} s x {price.rate}"
    amount = gb_seconds * price.usd
    return [Charge("provisioned concurrency", amount, amount, basis, (price,))]


def cloud_function(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """Cloud Functions (2nd gen) bill like Cloud Run: vCPU-seconds and GiB-seconds."""
    inputs = resource.inputs
    cpu_price = ctx.service("gcp.cloud-run.vcpu-second")
    memory_price = ctx.service("gcp.cloud-run.gib-second")
    prices = (cpu_price, memory_price)
    warm = count(inputs, "serviceConfig.minInstanceCount", 0)
    if warm == 0:
        rates = f"{cpu_price.rate}, {memory_price.rate}"
        return [Usage(f"billed by use ({rates}); no instance kept warm", prices)]
    memory_gib = _gib(text(inputs, "serviceConfig.availableMemory", "256M"))
    cpus_text = optional_text(inputs, "serviceConfig.availableCpu")
    if cpus_text is None:
        raise NotKnown("serviceConfig.availableCpu is not set (the default CPU is not modelled)")
    cpus = float(cpus_text)
    per_second = cpus * cpu_price.usd + memory_gib * memory_price.usd
    amount = warm * per_second * SECONDS_PER_MONTH
    basis = (
        f"{warm} warm instances x ({cpus:g} vCPU x ${exact(cpu_price.usd)} + {memory_gib:g} GiB x "
        f"${exact(memory_price.usd)}) per second x {SECONDS_PER_MONTH:,} s; {WARM_NOTE}"
    )
    return [
        Charge(
            "warm instances", amount, amount, basis + ctx.region_caveat(resource, prices), prices
        )
    ]


def azure_web_app(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """Function apps on Flex Consumption bill by use plus their always-ready instances;
    other web apps bill through their App Service plan."""
    kind = optional_text(resource.inputs, "kind") or ""
    if "functionapp" not in kind:
        return []
    always_ready = items(resource.inputs, "functionAppConfig.scaleAndConcurrency.alwaysReady")
    warm = sum(
        count(entry, "instanceCount", 0) for entry in always_ready if isinstance(entry, Mapping)
    )
    if warm:
        price = ctx.service("azure.functions.flex.always-ready-gb-second")
        memory_mb = count(resource.inputs, "functionAppConfig.scaleAndConcurrency.instanceMemoryMB")
        amount = warm * memory_mb / 1024 * SECONDS_PER_MONTH * price.usd
        basis = (
            f"{warm} always-ready instances x {memory_mb} MB x {SECONDS_PER_MONTH:,} s x "
            f"{price.rate}"
        )
        return [Charge("always-ready instances", amount, amount, basis, (price,))]
    price = ctx.service("azure.functions.flex.gb-second")
    return [Usage(f"billed by use ({price.rate}); no instance kept warm", (price,))]


def azure_app_service_plan(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    sku = optional_text(resource.inputs, "sku.name") or ""
    # FC1 (Flex Consumption) and Y1 (Consumption) plans have no charge of their own.
    if sku in ("FC1", "Y1"):
        return []
    return [Missing(f"App Service plan sku {sku or '(not set)'} is not priced", "plan")]


# -- pipelines ------------------------------------------------------------------------------


def glue_job(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    price = ctx.service("aws.glue.dpu-hour")
    runs = _glue_scheduled_runs(resource, ctx)
    if runs is None:
        return [Usage(f"billed per run ({price.rate}); no schedule", (price,))]
    dpus = _glue_dpus(resource.inputs)
    timeout = count(resource.inputs, "timeout", 0)
    if timeout == 0:
        raise NotKnown("timeout is not set, so a run has no upper bound")
    per_minute = dpus * price.usd / 60
    basis = (
        f"{runs:.1f} scheduled runs x {dpus:g} DPU x {GLUE_MINIMUM_BILLED_MINUTES}-{timeout} min "
        f"(one-minute minimum to the job's timeout) x {price.rate}"
    )
    return [
        Charge(
            "scheduled runs",
            runs * GLUE_MINIMUM_BILLED_MINUTES * per_minute,
            runs * timeout * per_minute,
            basis + ctx.region_caveat(resource, (price,)),
            (price,),
        )
    ]


def _glue_dpus(inputs: Mapping[str, object]) -> float:
    worker_type = optional_text(inputs, "workerType")
    if worker_type is not None:
        if worker_type not in GLUE_WORKER_DPUS:
            raise NotKnown(f"worker type {worker_type!r} has no known DPU count")
        return GLUE_WORKER_DPUS[worker_type] * count(inputs, "numberOfWorkers")
    capacity = value_at(inputs, "maxCapacity")
    if isinstance(capacity, int | float) and not isinstance(capacity, bool) and capacity > 0:
        return float(capacity)
    raise NotKnown("neither workerType/numberOfWorkers nor maxCapacity is set")


def _glue_scheduled_runs(job: PricedResource, ctx: PricingContext) -> float | None:
    """Runs a month from every SCHEDULED trigger that starts this job, None if none does."""
    job_name = optional_text(job.inputs, "name")
    total: float | None = None
    for trigger in ctx.plan.of_type("aws:glue/trigger:Trigger"):
        if optional_text(trigger.inputs, "type") != "SCHEDULED":
            continue
        starts_job = job.urn in trigger.property_dependencies.get("actions", ()) or any(
            isinstance(action, Mapping) and job_name and action.get("jobName") == job_name
            for action in items(trigger.inputs, "actions")
        )
        if not starts_job:
            continue
        total = (total or 0.0) + _runs(text(trigger.inputs, "schedule"))
    return total


def data_factory_trigger(resource: PricedResource, ctx: PricingContext) -> Sequence[Outcome]:
    """Orchestration: each scheduled run bills its trigger run and every activity run."""
    properties = value_at(resource.inputs, "properties")
    if not isinstance(properties, Mapping) or properties.get("type") != "ScheduleTrigger":
        return []
    recurrence = properties.get("recurrence")
    if not isinstance(recurrence, Mapping):
        raise NotKnown("properties.recurrence is not set")
    try:
        runs = recurrence_runs_per_month(recurrence)
    except ScheduleError as error:
        raise NotKnown(str(error)) from None
    activities = 0
    copies: list[tuple[int, float]] = []
    for reference in items(properties, "pipelines"):
        name = (
            optional_text(reference, "pipelineReference.referenceName")
            if isinstance(reference, Mapping)
            else None
        )
        pipeline = _data_factory_pipeline(ctx, name)
        if pipeline is None:
            raise NotKnown(f"pipeline {name!r} is not in the plan")
        activities += len(items(pipeline.inputs, "activities"))
        copies += _copy_activities(pipeline)
    price = ctx.service("azure.data-factory.orchestration-1000-runs")
    movement = ctx.service("azure.data-factory.diu-hour")
    amount = runs * (1 + activities) * price.usd / 1000
    orchestration = Charge(
        "scheduled orchestration",
        amount,
        amount,
        f"{runs:.1f} runs x (1 trigger + {activities} activity runs) x {price.rate}",
        (price,),
    )
    if not copies:
        return [orchestration]
    dius = sum(units for units, _ in copies)
    longest = max(hours for _, hours in copies)
    low = runs * dius * ADF_MINIMUM_BILLED_MINUTES / 60 * movement.usd
    high = runs * sum(units * hours for units, hours in copies) * movement.usd
    basis = (
        f"{runs:.1f} runs x {dius} DIU x {ADF_MINIMUM_BILLED_MINUTES} min-{longest * 60:g} min "
        f"(billed by the minute, up to the copy's timeout) x {movement.rate}"
    )
    return [orchestration, Charge("scheduled data movement", low, high, basis, (movement,))]


def _copy_activities(pipeline: PricedResource) -> list[tuple[int, float]]:
    """(data integration units, timeout in hours) of each Copy activity of a pipeline."""
    found = []
    for activity in items(pipeline.inputs, "activities"):
        if not isinstance(activity, Mapping) or activity.get("type") != "Copy":
            continue
        units = count(activity, "dataIntegrationUnits", 0)
        timeout = optional_text(activity, "policy.timeout")
        if units == 0 or timeout is None:
            raise NotKnown("a Copy activity without dataIntegrationUnits and policy.timeout")
        found.append((units, _timespan_hours(timeout)))
    return found


def _timespan_hours(timespan: str) -> float:
    """`0.02:00:00` (d.hh:mm:ss) -> 2.0."""
    match = _TIMESPAN.match(timespan)
    if match is None:
        raise NotKnown(f"timeout {timespan!r} is not d.hh:mm:ss")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return days * 24 + hours + minutes / 60 + seconds / 3600


def _data_factory_pipeline(ctx: PricingContext, name: str | None) -> PricedResource | None:
    for pipeline in ctx.plan.of_type("azure-native:datafactory:Pipeline"):
        if name is not None and optional_text(pipeline.inputs, "pipelineName") == name:
            return pipeline
    return None


def _runs(schedule: str) -> float:
    try:
        return runs_per_month(schedule)
    except ScheduleError as error:
        raise NotKnown(str(error)) from None


def _gib(quantity: str) -> float:
    match = _QUANTITY.match(quantity.strip())
    if match is None:
        raise NotKnown(f"memory {quantity!r} is not a size like 256M or 1Gi")
    return float(match.group(1)) * _QUANTITY_BYTES[match.group(2)] / 2**30


RULES: dict[str, Rule] = {
    "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": (
        lambda_provisioned_concurrency
    ),
    "gcp:cloudfunctionsv2/function:Function": cloud_function,
    "azure-native:web:WebApp": azure_web_app,
    "azure-native:web:AppServicePlan": azure_app_service_plan,
    "aws:glue/job:Job": glue_job,
    "azure-native:datafactory:Trigger": data_factory_trigger,
}
