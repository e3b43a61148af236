"""A pipeline's entry in the stack outputs (`hybrid_ai_platform.contract.PipelineOutputs`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

from hybrid_ai_platform.contract import PipelineOutputs, plain_values
from hybrid_ai_platform.spec import Pipeline
from hybrid_ai_shared.schedule import parse_cron

if TYPE_CHECKING:
    from hybrid_ai_platform.pipelines.data_factory import DataFactoryPipeline
    from hybrid_ai_platform.pipelines.glue import GluePipeline


def pipeline_outputs(
    pipeline: Pipeline, component: GluePipeline | DataFactoryPipeline
) -> pulumi.Output[Any]:
    cron = parse_cron(pipeline.schedule)
    base = {
        "cloud": pipeline.cloud,
        "region": pipeline.region,
        "workload": pipeline.workload,
        "schedule": pipeline.schedule,
        "runs_per_month": round(cron.runs_per_month, 2),
    }
    # Each cloud's component module is imported in its branch: the stack built it already,
    # and a stack without pipelines on a cloud never loads it.
    if pipeline.cloud == "aws":
        from hybrid_ai_platform.pipelines.glue import GluePipeline

        assert isinstance(component, GluePipeline), "an aws pipeline's component"
        return pulumi.Output.all(
            buckets=pulumi.Output.all(**component.buckets),
            catalog_database=component.database_name,
            job_name=component.job_name,
            crawler_name=component.crawler_name,
            workflow_name=component.workflow_name,
        ).apply(
            lambda values: _exported(
                PipelineOutputs(**base, cloud_schedule=component.schedule, **values)
            )
        )
    from hybrid_ai_platform.pipelines.data_factory import DataFactoryPipeline

    assert isinstance(component, DataFactoryPipeline), "an azure pipeline's component"
    return pulumi.Output.all(
        resource_group_name=component.resource_group_name,
        storage_account_name=component.storage_account_name,
        containers=pulumi.Output.all(**component.containers),
        key_vault_name=component.key_vault_name,
        factory_name=component.factory_name,
        pipeline_name=component.pipeline_name,
        trigger_name=component.trigger_name,
    ).apply(
        lambda values: _exported(
            PipelineOutputs(
                **base,
                cloud_schedule=str(cron.data_factory_recurrence()["frequency"]),
                copy_from=pipeline.copy_from,
                **values,
            )
        )
    )


def _exported(model: PipelineOutputs) -> dict[str, Any]:
    return plain_values(model)
