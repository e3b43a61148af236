"""Build every pipeline of a definition: Glue pipelines first (with the Data Catalog
encryption of each region they use), then the Data Factory pipelines that copy their curated
data, each through its own read-only AWS reader. Each cloud's component modules are imported
where its pipelines are built: a stack without pipelines on a cloud never loads them."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

import pulumi

from hybrid_ai_platform.pipelines.plan import data_factory_plan, glue_plan
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Environment, Workload
from hybrid_ai_platform.tags import component_tags
from hybrid_ai_platform.tiers import settings_for

if TYPE_CHECKING:
    from hybrid_ai_platform.pipelines.data_factory import DataFactoryPipeline
    from hybrid_ai_platform.pipelines.glue import GlueCatalogEncryption, GluePipeline

    PipelineComponent = GluePipeline | DataFactoryPipeline


def glue_job_files(workload: Workload) -> tuple[Path, list[Path]]:
    """The workload's Glue script and the modules it imports."""
    assert workload == "fraud-detection", "spec.Workload has one value"
    # Imported on first use: a definition without pipelines never needs the workload.
    bundle = importlib.import_module("workloads.fraud_detection.bundle")
    files = bundle.glue_job_files()
    return files.script, list(files.extra_py_files)


def build_pipelines(
    env: Environment,
    providers: Providers,
    tags: dict[str, str],
    opts: pulumi.ResourceOptions | None = None,
    prefix: str = "",
) -> dict[str, PipelineComponent]:
    """Every pipeline of `env` by its name. `opts` for each component (a parent that wraps
    them); `prefix` starts their logical names, for a parent that two of in one program
    must not collide (physical names and tags keep the definition's names)."""
    settings = settings_for(env)
    built: dict[str, PipelineComponent] = {}
    glue: dict[str, GluePipeline] = {}
    catalogs: dict[str, GlueCatalogEncryption] = {}
    for pipeline in sorted(env.pipelines, key=lambda p: p.name):
        if pipeline.cloud != "aws":
            continue
        from hybrid_ai_platform.pipelines.glue import (
            GlueCatalogEncryption,
            GluePipeline,
            GluePipelineArgs,
        )

        assert env.accounts.aws is not None, "validation requires accounts.aws"
        account_id = env.accounts.aws.account_id
        provider = providers.aws(pipeline.region)
        if pipeline.region not in catalogs:
            catalogs[pipeline.region] = GlueCatalogEncryption(
                f"{prefix}glue-catalog-{pipeline.region}",
                account_id=account_id,
                region=pipeline.region,
                tags=component_tags(tags, f"glue-catalog-{pipeline.region}"),
                settings=settings,
                provider=provider,
                opts=opts,
            )
        script, extra = glue_job_files(pipeline.workload)
        glue[pipeline.name] = GluePipeline(
            f"{prefix}{pipeline.name}",
            GluePipelineArgs(
                plan=glue_plan(env, pipeline, account_id),
                account_id=account_id,
                tags=component_tags(tags, pipeline.name),
                settings=settings,
                script=script,
                extra_py_files=extra,
                catalog_key_arn=catalogs[pipeline.region].key_arn,
            ),
            provider=provider,
            opts=opts,
        )
        built[pipeline.name] = glue[pipeline.name]
    for pipeline in sorted(env.pipelines, key=lambda p: p.name):
        if pipeline.cloud != "azure":
            continue
        from hybrid_ai_platform.pipelines.cross_cloud import CuratedDataReader
        from hybrid_ai_platform.pipelines.data_factory import (
            DataFactoryPipeline,
            DataFactoryPipelineArgs,
            S3Source,
        )

        assert env.accounts.azure is not None, "validation requires accounts.azure"
        assert pipeline.copy_from is not None, "validation requires copyFrom"
        source = next(p for p in env.pipelines if p.name == pipeline.copy_from)
        producer = glue[source.name]
        reader = CuratedDataReader(
            f"{prefix}{pipeline.name}-s3-reader",
            user_name=f"{env.name}-{pipeline.name}-s3-reader",
            curated_bucket_arn=producer.curated_bucket_arn,
            key_arn=producer.key_arn,
            tags=component_tags(tags, f"{pipeline.name}-s3-reader"),
            provider=providers.aws(source.region),
            opts=opts,
        )
        assert env.accounts.aws is not None
        plan = data_factory_plan(env, pipeline)
        built[pipeline.name] = DataFactoryPipeline(
            f"{prefix}{pipeline.name}",
            DataFactoryPipelineArgs(
                plan=plan,
                subscription_id=env.accounts.azure.subscription_id,
                tenant_id=env.accounts.azure.tenant_id,
                tags=component_tags(tags, pipeline.name),
                settings=settings,
                source=S3Source(
                    bucket=glue_plan(env, source, env.accounts.aws.account_id).buckets["curated"],
                    region=source.region,
                    access_key_id=reader.access_key_id,
                    secret_access_key=reader.secret_access_key,
                ),
            ),
            provider=providers.azure(pipeline.region),
            opts=opts,
        )
    return dict(sorted(built.items()))
