"""`GluePipeline`: a workload's Spark preprocessing on AWS Glue, on a schedule.

Raw CSV/JSON lands in the raw bucket; the Glue 5.0 job (the workload's script, uploaded to
the scripts bucket) writes partitioned Parquet to the curated bucket with job bookmarks, so
each run reads only new objects; when the job succeeds, a crawler updates the Data Catalog
tables over the curated data. A workflow holds both triggers, so one run's job and crawler
are seen together. Everything at rest is encrypted with the pipeline's KMS key (buckets,
logs, bookmarks through the security configuration); the catalog with the region's key
(`GlueCatalogEncryption`). The job's role can read raw and scripts, write curated and temp,
update this database's tables, write its own logs, and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

from hybrid_ai_platform.options import child_options
from hybrid_ai_platform.pipelines.aws_storage import BucketSpec, key_policy, secure_bucket
from hybrid_ai_platform.pipelines.component import PipelineComponent
from hybrid_ai_platform.pipelines.plan import CURATED_PREFIX, TEMP_EXPIRY_DAYS, GluePlan
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:aws:GluePipeline"
CATALOG_TYPE = "hybrid:aws:GlueCatalogEncryption"
SCRIPTS_PREFIX = "scripts/"


@dataclass(frozen=True)
class GluePipelineArgs:
    plan: GluePlan
    account_id: str
    tags: Mapping[str, str]
    # Protection, log retention and key deletion window of the environment's tier.
    settings: TierSettings
    # The workload's Glue entry script and the modules it imports (`--extra-py-files`).
    script: Path
    extra_py_files: Sequence[Path]
    # The region's Data Catalog key: the job and crawler read and write encrypted metadata.
    catalog_key_arn: pulumi.Input[str]


class GluePipeline(PipelineComponent):
    """Buckets, catalog database, security configuration, job, crawler, workflow, role."""

    buckets: dict[str, pulumi.Output[str]]
    database_name: pulumi.Output[str]
    job_name: pulumi.Output[str]
    crawler_name: pulumi.Output[str]
    workflow_name: pulumi.Output[str]
    curated_bucket_arn: pulumi.Output[str]
    key_arn: pulumi.Output[str]
    schedule: str

    def __init__(
        self,
        name: str,
        args: GluePipelineArgs,
        provider: aws.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        self._name = name
        self._args = args
        self._cloud_provider = provider
        self._settings = args.settings
        plan = args.plan

        key = aws.kms.Key(
            f"{name}-key",
            description=f"{plan.workflow}: buckets, logs and bookmarks of the Glue pipeline",
            enable_key_rotation=True,
            deletion_window_in_days=args.settings.key_deletion_window_days,
            policy=key_policy(args.account_id, plan.region),
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        aws.kms.Alias(
            f"{name}-key-alias",
            name=f"alias/{plan.workflow}",
            target_key_id=key.id,
            opts=self._child(),
        )
        buckets = {
            role: secure_bucket(
                BucketSpec(
                    logical=f"{name}-{role}",
                    physical=physical,
                    tags={**args.tags, "Name": physical},
                    expire_days=TEMP_EXPIRY_DAYS if role == "temp" else None,
                ),
                key,
                self._child,
                self._stateful,
            )
            for role, physical in plan.buckets.items()
        }
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/aws-glue/jobs/{plan.job}",
            retention_in_days=args.settings.log_retention_days,
            kms_key_id=key.arn,
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        security = aws.glue.SecurityConfiguration(
            f"{name}-security",
            name=plan.security_configuration,
            encryption_configuration={
                "s3_encryption": {"s3_encryption_mode": "SSE-KMS", "kms_key_arn": key.arn},
                "cloudwatch_encryption": {
                    "cloudwatch_encryption_mode": "SSE-KMS",
                    "kms_key_arn": key.arn,
                },
                "job_bookmarks_encryption": {
                    "job_bookmarks_encryption_mode": "CSE-KMS",
                    "kms_key_arn": key.arn,
                },
            },
            opts=self._child(),
        )
        database = aws.glue.CatalogDatabase(
            f"{name}-database",
            name=plan.database,
            description=f"Curated {plan.workload} data of {plan.workflow}",
            location_uri=f"s3://{plan.buckets['curated']}/{CURATED_PREFIX}",
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        role = self._role(key, log_group)
        script_key, extra_keys, uploads = self._upload_scripts(buckets["scripts"], key)
        job = aws.glue.Job(
            f"{name}-job",
            name=plan.job,
            role_arn=role.arn,
            glue_version="5.0",
            command={
                "name": "glueetl",
                "python_version": "3",
                "script_location": f"s3://{plan.buckets['scripts']}/{script_key}",
            },
            worker_type=plan.worker_type,
            number_of_workers=plan.workers,
            timeout=plan.timeout_minutes,
            # One run at a time: bookmarks assume runs do not overlap (validation makes the
            # schedule leave room for a whole run).
            execution_property={"max_concurrent_runs": 1},
            security_configuration=security.name,
            default_arguments=self._job_arguments(extra_keys),
            tags=dict(args.tags),
            opts=self._child(*uploads),
        )
        crawler = aws.glue.Crawler(
            f"{name}-crawler",
            name=plan.crawler,
            role=role.arn,
            database_name=database.name,
            security_configuration=security.name,
            s3_targets=[{"path": f"s3://{plan.buckets['curated']}/{CURATED_PREFIX}"}],
            # New partitions only: the job writes whole new partitions, never rewrites.
            recrawl_policy={"recrawl_behavior": "CRAWL_NEW_FOLDERS_ONLY"},
            schema_change_policy={"update_behavior": "LOG", "delete_behavior": "LOG"},
            tags=dict(args.tags),
            opts=self._child(),
        )
        workflow = aws.glue.Workflow(
            f"{name}-workflow",
            name=plan.workflow,
            description=f"{plan.workload}: prepare raw data, then catalog it",
            max_concurrent_runs=1,
            tags=dict(args.tags),
            opts=self._child(),
        )
        aws.glue.Trigger(
            f"{name}-schedule",
            name=f"{plan.workflow}-schedule",
            type="SCHEDULED",
            schedule=plan.schedule_expression,
            workflow_name=workflow.name,
            actions=[{"job_name": job.name}],
            start_on_creation=True,
            tags=dict(args.tags),
            opts=self._child(),
        )
        aws.glue.Trigger(
            f"{name}-crawl-after-job",
            name=f"{plan.workflow}-crawl",
            type="CONDITIONAL",
            workflow_name=workflow.name,
            predicate={
                "conditions": [
                    {"job_name": job.name, "state": "SUCCEEDED", "logical_operator": "EQUALS"}
                ]
            },
            actions=[{"crawler_name": crawler.name}],
            start_on_creation=True,
            tags=dict(args.tags),
            opts=self._child(),
        )

        self.buckets = {role: bucket.bucket for role, bucket in buckets.items()}
        self.database_name = database.name
        self.job_name = job.name
        self.crawler_name = crawler.name
        self.workflow_name = workflow.name
        self.curated_bucket_arn = buckets["curated"].arn
        self.key_arn = key.arn
        self.schedule = plan.schedule_expression
        self.register_outputs(
            {
                "buckets": self.buckets,
                "database_name": self.database_name,
                "job_name": self.job_name,
                "crawler_name": self.crawler_name,
                "workflow_name": self.workflow_name,
                "curated_bucket_arn": self.curated_bucket_arn,
                "key_arn": self.key_arn,
                "schedule": self.schedule,
            }
        )

    def _job_arguments(self, extra_keys: Sequence[str]) -> dict[str, str]:
        plan = self._args.plan
        scripts = plan.buckets["scripts"]
        arguments = {
            "--job-bookmark-option": "job-bookmark-enable",
            "--enable-continuous-cloudwatch-log": "true",
            "--continuous-log-logGroup": f"/aws-glue/jobs/{plan.job}",
            "--enable-metrics": "true",
            "--enable-glue-datacatalog": "true",
            "--TempDir": f"s3://{plan.buckets['temp']}/",
            # Read by the workload's script.
            "--raw_path": f"s3://{plan.buckets['raw']}/",
            "--curated_path": f"s3://{plan.buckets['curated']}/{CURATED_PREFIX}",
            "--input_format": plan.input_format,
        }
        if extra_keys:
            arguments["--extra-py-files"] = ",".join(f"s3://{scripts}/{k}" for k in extra_keys)
        return arguments

    def _upload_scripts(
        self, bucket: aws.s3.Bucket, key: aws.kms.Key
    ) -> tuple[str, list[str], list[pulumi.Resource]]:
        """The script and its modules as objects; keys named after the files, so a new
        version of a file updates its object in place."""
        args = self._args
        workload = args.plan.workload
        script_key = f"{SCRIPTS_PREFIX}{workload}/{args.script.name}"
        extra_keys = [f"{SCRIPTS_PREFIX}{workload}/lib/{p.name}" for p in args.extra_py_files]
        uploads: list[pulumi.Resource] = []
        for object_key, path in [
            (script_key, args.script),
            *zip(extra_keys, args.extra_py_files, strict=True),
        ]:
            uploads.append(
                aws.s3.BucketObjectv2(
                    f"{self._name}-{object_key.removeprefix(SCRIPTS_PREFIX).replace('/', '-')}",
                    bucket=bucket.id,
                    key=object_key,
                    source=pulumi.FileAsset(str(path)),
                    server_side_encryption="aws:kms",
                    kms_key_id=key.arn,
                    content_type="text/x-python" if path.suffix == ".py" else "application/zip",
                    tags=dict(args.tags),
                    opts=self._child(),
                )
            )
        return script_key, extra_keys, uploads

    def _role(self, key: aws.kms.Key, log_group: aws.cloudwatch.LogGroup) -> aws.iam.Role:
        args = self._args
        plan = args.plan
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "glue.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    # Confused deputy: only Glue acting for this account may assume it.
                    "Condition": {"StringEquals": {"aws:SourceAccount": args.account_id}},
                }
            ],
        }
        role = aws.iam.Role(
            f"{self._name}-role",
            name=plan.role,
            assume_role_policy=json.dumps(trust, sort_keys=True),
            tags=dict(args.tags),
            # An identity: replacing it breaks the job and the crawler mid-schedule.
            opts=self._opts(protect=args.settings.protect),
        )
        aws.iam.RolePolicy(
            f"{self._name}-role-policy",
            name="glue-pipeline",
            role=role.id,
            policy=pulumi.Output.all(key.arn, args.catalog_key_arn).apply(
                lambda arns: glue_role_policy(plan, args.account_id, arns[0], arns[1])
            ),
            opts=self._child(),
        )
        return role


def glue_role_policy(plan: GluePlan, account_id: str, key_arn: str, catalog_key_arn: str) -> str:
    """Least privilege for the job and the crawler of one pipeline."""
    bucket = {role: f"arn:aws:s3:::{name}" for role, name in plan.buckets.items()}
    catalog = f"arn:aws:glue:{plan.region}:{account_id}"
    statements = [
        {
            "Sid": "ListPipelineBuckets",
            "Effect": "Allow",
            "Action": ["s3:GetBucketLocation", "s3:ListBucket"],
            "Resource": sorted(bucket.values()),
        },
        {
            "Sid": "ReadRawAndScripts",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": [f"{bucket['raw']}/*", f"{bucket['scripts']}/*"],
        },
        {
            "Sid": "WriteCuratedAndTemp",
            "Effect": "Allow",
            "Action": ["s3:DeleteObject", "s3:GetObject", "s3:PutObject"],
            "Resource": [f"{bucket['curated']}/*", f"{bucket['temp']}/*"],
        },
        {
            "Sid": "UseTheKeys",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
            "Resource": sorted({key_arn, catalog_key_arn}),
        },
        {
            "Sid": "CatalogOfThisDatabase",
            "Effect": "Allow",
            "Action": [
                "glue:BatchCreatePartition",
                "glue:BatchGetPartition",
                "glue:CreatePartition",
                "glue:CreateTable",
                "glue:GetDatabase",
                "glue:GetPartition",
                "glue:GetPartitions",
                "glue:GetTable",
                "glue:GetTables",
                "glue:UpdatePartition",
                "glue:UpdateTable",
            ],
            "Resource": [
                f"{catalog}:catalog",
                f"{catalog}:database/{plan.database}",
                f"{catalog}:table/{plan.database}/*",
            ],
        },
        {
            "Sid": "OwnLogs",
            "Effect": "Allow",
            "Action": [
                "logs:AssociateKmsKey",
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
            ],
            # The job's continuous log group and the groups Glue names after the security
            # configuration (`/aws-glue/jobs/<configuration>-role/...`, crawlers alike).
            "Resource": f"arn:aws:logs:{plan.region}:{account_id}:log-group:/aws-glue/*",
        },
        {
            "Sid": "GlueMetrics",
            "Effect": "Allow",
            "Action": "cloudwatch:PutMetricData",
            # PutMetricData has no resource type; the namespace condition scopes it.
            "Resource": "*",
            "Condition": {"StringEquals": {"cloudwatch:namespace": "Glue"}},
        },
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, sort_keys=True)


class GlueCatalogEncryption(pulumi.ComponentResource):
    """The Data Catalog of one account and region encrypted with its own key. A catalog has
    exactly one encryption setting, so every pipeline of a region shares this component."""

    key_arn: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        *,
        account_id: str,
        region: str,
        tags: Mapping[str, str],
        settings: TierSettings,
        provider: aws.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(CATALOG_TYPE, name, None, opts)
        key = aws.kms.Key(
            f"{name}-key",
            description=f"Glue Data Catalog of {account_id} in {region}",
            enable_key_rotation=True,
            deletion_window_in_days=settings.key_deletion_window_days,
            policy=key_policy(account_id, region),
            tags=dict(tags),
            opts=child_options(
                self,
                provider,
                protect=settings.protect,
                retain_on_delete=settings.retain_on_delete,
            ),
        )
        aws.glue.DataCatalogEncryptionSettings(
            f"{name}-settings",
            catalog_id=account_id,
            data_catalog_encryption_settings={
                "encryption_at_rest": {
                    "catalog_encryption_mode": "SSE-KMS",
                    "sse_aws_kms_key_id": key.arn,
                },
                "connection_password_encryption": {
                    "return_connection_password_encrypted": True,
                    "aws_kms_key_id": key.arn,
                },
            },
            opts=child_options(self, provider),
        )
        self.key_arn = key.arn
        self.register_outputs({"key_arn": self.key_arn})
