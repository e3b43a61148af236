"""`DataPipelines` of the package `hybrid`: an environment's data pipelines (Glue jobs that
prepare a workload's raw data into curated Parquet, and Data Factory pipelines that copy
that curated data into ADLS Gen2), exactly as `hybrid_ai_platform.platform` builds the
`pipelines` of a stack, under one component a program in any language can declare.

One component holds them all, not one per pipeline: a Data Factory pipeline copies the
curated data of a Glue pipeline of the same environment (`copyFrom`, validated with it),
and the Glue pipelines of an account and region share its one Data Catalog encryption
setting, which two components would each claim.

The arguments are validated as an environment definition with these pipelines, like a
stack file (`hybrid_ai_platform.package.translate`): every problem at once, each on its
property (`pipelines[1].copyFrom`), before anything is registered.

No `from __future__ import annotations`: the analyzer reads `args: ...` as an object.
"""

from typing import TYPE_CHECKING

import pulumi

from hybrid_ai_platform.package.args import DataPipelinesArgs
from hybrid_ai_platform.package.component import publish, register
from hybrid_ai_platform.pipelines.build import build_pipelines
from hybrid_ai_platform.pipelines.data_factory import DataFactoryPipeline
from hybrid_ai_platform.pipelines.glue import GluePipeline
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Environment
from hybrid_ai_platform.tags import environment_tags

if TYPE_CHECKING:
    from hybrid_ai_platform.pipelines.build import PipelineComponent


class DataPipelines(pulumi.ComponentResource):
    """Per aws pipeline: KMS key, raw, curated, scripts and temp buckets, Glue database,
    security configuration, job, crawler, workflow and schedule, and the region's Data
    Catalog encryption. Per azure pipeline: resource group, ADLS Gen2 lake, Key Vault, Data
    Factory with a scheduled copy, and the read-only AWS user it reads the curated data
    with."""

    raw_buckets: pulumi.Output[dict[str, str]]
    """By aws pipeline: the S3 bucket its raw data lands in."""
    curated_buckets: pulumi.Output[dict[str, str]]
    """By aws pipeline: the S3 bucket of its curated Parquet."""
    lake_accounts: pulumi.Output[dict[str, str]]
    """By azure pipeline: the ADLS Gen2 storage account it copies into."""

    def __init__(
        self, name: str, args: DataPipelinesArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(self, "DataPipelines", None, name, args, DataPipelinesArgs, opts)
        built = build(self, name, env)
        glue = {key: p for key, p in built.items() if isinstance(p, GluePipeline)}
        lakes = {key: p for key, p in built.items() if isinstance(p, DataFactoryPipeline)}
        publish(
            self,
            {
                "raw_buckets": _by_name({k: p.buckets["raw"] for k, p in glue.items()}),
                "curated_buckets": _by_name({k: p.buckets["curated"] for k, p in glue.items()}),
                "lake_accounts": _by_name({k: p.storage_account_name for k, p in lakes.items()}),
            },
        )


def _by_name(outputs: dict[str, pulumi.Output[str]]) -> pulumi.Output[dict[str, str]]:
    return pulumi.Output.all(**outputs) if outputs else pulumi.Output.from_input({})


COMPONENTS: tuple[type[pulumi.ComponentResource], ...] = (DataPipelines,)


def build(
    component: pulumi.ComponentResource, name: str, env: Environment
) -> dict[str, "PipelineComponent"]:
    """The pipelines of `env` as children of `component`, each named `<name>-<pipeline>`
    (and `<name>-glue-catalog-<region>`, `<name>-<pipeline>-s3-reader`), so two
    components in one program do not collide, on providers of their own
    (`<name>-aws-us-east-1`)."""
    providers = Providers(env.accounts, parent=component, prefix=f"{name}-")
    child = pulumi.ResourceOptions(parent=component)
    return build_pipelines(env, providers, environment_tags(env), child, prefix=f"{name}-")
