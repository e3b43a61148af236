"""Rules of the `pipelines` entries: schedules each cloud can run without overlapping runs,
runtimes within the service's limit, fields that only one cloud reads, and the cross-cloud
copy naming an AWS pipeline of the same environment. Pure: no Pulumi import.
"""

from __future__ import annotations

from collections.abc import Iterator

from hybrid_ai_platform.pipelines.plan import (
    MAX_RUNTIME_MINUTES,
    MIN_SCHEDULE_MINUTES,
    SERVICE_NAMES,
)
from hybrid_ai_platform.problems import Path, Problem
from hybrid_ai_platform.spec import Environment, Pipeline
from hybrid_ai_shared.schedule import ScheduleError, parse_cron

ROOT: Path = ("environment",)


def check_pipelines(env: Environment) -> Iterator[Problem]:
    aws_pipelines = {p.name: p for p in env.pipelines if p.cloud == "aws"}
    for index, pipeline in enumerate(env.pipelines):
        path = ROOT + ("pipelines", index)
        yield from _check_schedule(path, pipeline)
        yield from _check_runtime(path, pipeline)
        yield from _check_cloud_fields(path, pipeline)
        if pipeline.cloud == "azure":
            yield from _check_copy_from(path, pipeline, aws_pipelines)


def _check_schedule(path: Path, pipeline: Pipeline) -> Iterator[Problem]:
    where = path + ("schedule",)
    service = SERVICE_NAMES[pipeline.cloud]
    try:
        cron = parse_cron(pipeline.schedule)
        if pipeline.cloud == "aws":
            cron.glue_expression()
        else:
            cron.data_factory_recurrence()
        gap = cron.min_interval_minutes
    except ScheduleError as error:
        yield Problem(where, f"found {pipeline.schedule!r}: {error}")
        return
    minimum = MIN_SCHEDULE_MINUTES[pipeline.cloud]
    if gap < minimum:
        yield Problem(
            where,
            f"found {pipeline.schedule!r}, which runs every {gap} min; {service} schedules "
            f"run at most every {minimum} minutes",
        )
    elif gap < pipeline.max_runtime_minutes:
        yield Problem(
            where,
            f"found {pipeline.schedule!r}, which starts runs {gap} min apart; a run may take "
            f"up to maxRuntimeMinutes ({pipeline.max_runtime_minutes}), so runs would overlap "
            f"(the next one fails or queues): schedule runs at least "
            f"{pipeline.max_runtime_minutes} min apart or lower maxRuntimeMinutes",
        )


def _check_runtime(path: Path, pipeline: Pipeline) -> Iterator[Problem]:
    limit = MAX_RUNTIME_MINUTES[pipeline.cloud]
    if pipeline.max_runtime_minutes > limit:
        yield Problem(
            path + ("maxRuntimeMinutes",),
            f"found {pipeline.max_runtime_minutes}; {SERVICE_NAMES[pipeline.cloud]} stops a "
            f"run after at most {limit} minutes (7 days)",
        )


def _check_cloud_fields(path: Path, pipeline: Pipeline) -> Iterator[Problem]:
    if pipeline.cloud == "aws":
        if pipeline.copy_from is not None:
            yield Problem(
                path + ("copyFrom",),
                "only an azure pipeline copies from another pipeline; an aws pipeline "
                "prepares its own raw data",
            )
        return
    for field, value in (
        ("workerType", pipeline.worker_type),
        ("inputFormat", pipeline.input_format),
    ):
        if value is not None:
            yield Problem(
                path + (field,),
                f"found {value!r}; only aws (Glue) pipelines read {field} "
                "(an azure pipeline copies the curated Parquet of its copyFrom pipeline)",
            )


def _check_copy_from(
    path: Path, pipeline: Pipeline, aws_pipelines: dict[str, Pipeline]
) -> Iterator[Problem]:
    where = path + ("copyFrom",)
    known = ", ".join(sorted(aws_pipelines)) or "none"
    if pipeline.copy_from is None:
        yield Problem(
            where,
            "required: a Data Factory pipeline copies the curated data of an aws pipeline "
            f"of this environment (aws pipelines: {known})",
        )
        return
    source = aws_pipelines.get(pipeline.copy_from)
    if source is None:
        yield Problem(
            where,
            f"found {pipeline.copy_from!r}, which is not an aws pipeline of this environment "
            f"(aws pipelines: {known})",
        )
    elif source.workload != pipeline.workload:
        yield Problem(
            where,
            f"found {pipeline.copy_from!r}, which prepares {source.workload!r} data; this "
            f"pipeline is for {pipeline.workload!r}",
        )
