"""The Glue and Data Factory pipelines as prod's and staging's previews show them: every
setting of the issue, the cross-cloud copy, protection by tier, and the outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from hap.plan import Plan, PlannedResource, Secret, contains_secret, reveal

PREP = "urn:pulumi:prod::hybrid-ai-platform::hybrid:aws:GluePipeline::fraud-prep"
COPY = "urn:pulumi:prod::hybrid-ai-platform::hybrid:azure:DataFactoryPipeline::fraud-copy"
BUCKET_ROLES = ("curated", "raw", "scripts", "temp")


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


def named(plan: Plan, name: str) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.name == name]
    return found


def under(plan: Plan, component: str, type_: str) -> list[PlannedResource]:
    return [r for r in plan.resources if r.parent and r.parent.endswith(f"::{component}")
            and r.type == type_]  # fmt: skip


def attached_to(plan: Plan, bucket: PlannedResource, type_: str) -> PlannedResource:
    (found,) = [
        r for r in plan.of_type(type_) if bucket.urn in r.property_dependencies.get("bucket", ())
    ]
    return found


def test_glue_job_runs_the_workloads_script_on_glue_5_with_the_definitions_size(
    prod: Plan,
) -> None:
    job = named(prod, "fraud-prep-job").inputs
    assert job["glueVersion"] == "5.0"
    assert (job["workerType"], job["numberOfWorkers"], job["timeout"]) == ("G.1X", 10, 120)
    assert job["command"]["name"] == "glueetl"
    assert job["command"]["scriptLocation"] == (
        "s3://prod-fraud-prep-scripts-410987654321/scripts/fraud-detection/glue_job.py"
    )
    arguments = job["defaultArguments"]
    assert arguments["--job-bookmark-option"] == "job-bookmark-enable"
    assert arguments["--enable-continuous-cloudwatch-log"] == "true"
    assert arguments["--input_format"] == "csv"
    assert arguments["--curated_path"] == "s3://prod-fraud-prep-curated-410987654321/transactions/"
    assert job["securityConfiguration"] == "prod-fraud-prep"
    uploads = {
        r.inputs["key"] for r in under(prod, "fraud-prep", "aws:s3/bucketObjectv2:BucketObjectv2")
    }
    assert "scripts/fraud-detection/glue_job.py" in uploads


def test_workflow_schedules_the_job_and_crawls_after_it_succeeds(prod: Plan) -> None:
    triggers = {
        r.inputs["type"]: r.inputs for r in under(prod, "fraud-prep", "aws:glue/trigger:Trigger")
    }
    assert triggers["SCHEDULED"]["schedule"] == "cron(0 2 * * ? *)"
    assert triggers["SCHEDULED"]["actions"] == [{"jobName": "prod-fraud-prep"}]
    assert triggers["CONDITIONAL"]["predicate"]["conditions"] == [
        {"jobName": "prod-fraud-prep", "logicalOperator": "EQUALS", "state": "SUCCEEDED"}
    ]
    assert triggers["CONDITIONAL"]["actions"] == [{"crawlerName": "prod-fraud-prep-curated"}]
    assert {t["workflowName"] for t in triggers.values()} == {"prod-fraud-prep"}
    crawler = named(prod, "fraud-prep-crawler").inputs
    assert crawler["s3Targets"] == [
        {"path": "s3://prod-fraud-prep-curated-410987654321/transactions/"}
    ]
    assert crawler["databaseName"] == "prod_fraud_prep"


def test_every_bucket_is_kms_encrypted_versioned_private_tls_only_with_lifecycle(
    prod: Plan,
) -> None:
    buckets = under(prod, "fraud-prep", "aws:s3/bucket:Bucket")
    assert sorted(b.name.removeprefix("fraud-prep-") for b in buckets) == list(BUCKET_ROLES)
    for bucket in buckets:
        sse = attached_to(
            prod,
            bucket,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        )
        assert (
            sse.inputs["rules"][0]["applyServerSideEncryptionByDefault"]["sseAlgorithm"]
            == "aws:kms"
        )
        versioning = attached_to(prod, bucket, "aws:s3/bucketVersioning:BucketVersioning")
        assert versioning.inputs["versioningConfiguration"] == {"status": "Enabled"}
        block = attached_to(prod, bucket, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
        assert all(
            block.inputs[k] is True
            for k in (
                "blockPublicAcls",
                "blockPublicPolicy",
                "ignorePublicAcls",
                "restrictPublicBuckets",
            )
        )
        policy = json.loads(
            attached_to(prod, bucket, "aws:s3/bucketPolicy:BucketPolicy").inputs["policy"]
        )
        assert policy["Statement"][0]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        lifecycle = attached_to(
            prod, bucket, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
        )
        rules = {rule["id"]: rule for rule in lifecycle.inputs["rules"]}
        assert rules["noncurrent-and-incomplete"]["abortIncompleteMultipartUpload"] == {
            "daysAfterInitiation": 7
        }
        assert ("expire-temporary" in rules) == bucket.name.endswith("-temp")
        assert bucket.protect and bucket.retain_on_delete


def test_security_configuration_and_catalog_encrypt_with_kms(prod: Plan) -> None:
    encryption = named(prod, "fraud-prep-security").inputs["encryptionConfiguration"]
    assert encryption["s3Encryption"]["s3EncryptionMode"] == "SSE-KMS"
    assert encryption["cloudwatchEncryption"]["cloudwatchEncryptionMode"] == "SSE-KMS"
    assert encryption["jobBookmarksEncryption"]["jobBookmarksEncryptionMode"] == "CSE-KMS"
    catalog = named(prod, "glue-catalog-us-east-1-settings").inputs["dataCatalogEncryptionSettings"]
    assert catalog["encryptionAtRest"]["catalogEncryptionMode"] == "SSE-KMS"
    assert named(prod, "fraud-prep-database").protect


def _statements(resource: PlannedResource) -> list[dict[str, Any]]:
    return json.loads(reveal(resource.inputs["policy"]))["Statement"]


def test_glue_role_has_no_wildcard_action_and_only_metrics_on_any_resource(prod: Plan) -> None:
    statements = _statements(named(prod, "fraud-prep-role-policy"))
    actions = [
        a
        for s in statements
        for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])
    ]
    assert not any(a.endswith("*") for a in actions)
    unscoped = [s["Sid"] for s in statements if s["Resource"] == "*"]
    assert unscoped == ["GlueMetrics"]
    write = next(s for s in statements if s["Sid"] == "WriteCuratedAndTemp")
    assert write["Resource"] == [
        "arn:aws:s3:::prod-fraud-prep-curated-410987654321/*",
        "arn:aws:s3:::prod-fraud-prep-temp-410987654321/*",
    ]


def test_adls_account_is_hierarchical_https_tls12_private_keyless_with_soft_delete(
    prod: Plan,
) -> None:
    lake = named(prod, "fraud-copy-lake")
    assert lake.inputs["isHnsEnabled"] is True
    assert lake.inputs["enableHttpsTrafficOnly"] is True
    assert lake.inputs["minimumTlsVersion"] == "TLS1_2"
    assert lake.inputs["allowBlobPublicAccess"] is False
    assert lake.inputs["allowSharedKeyAccess"] is False
    assert lake.protect
    recovery = named(prod, "fraud-copy-lake-recovery").inputs
    assert recovery["deleteRetentionPolicy"] == {"days": 30, "enabled": True}
    assert recovery["containerDeleteRetentionPolicy"] == {"days": 30, "enabled": True}
    # Versioning is not available with a hierarchical namespace: soft delete instead.
    assert recovery["isVersioningEnabled"] is False
    containers = {
        r.inputs["containerName"]
        for r in under(prod, "fraud-copy", "azure-native:storage:BlobContainer")
    }
    assert containers == {"raw", "curated"}


def test_factory_identity_writes_the_lake_and_reads_only_its_secret(prod: Plan) -> None:
    factory = named(prod, "fraud-copy-factory")
    assert factory.inputs["identity"] == {"type": "SystemAssigned"}
    principal = factory.outputs["identity"]["principalId"]
    writer = named(prod, "fraud-copy-lake-writer").inputs
    assert writer["roleDefinitionId"].endswith("/ba92f5b4-2d11-453d-a403-e96b0029c9fe")
    assert writer["scope"] == named(prod, "fraud-copy-lake").id
    reader = named(prod, "fraud-copy-secret-reader").inputs
    assert reader["roleDefinitionId"].endswith("/4633458b-17de-408a-b874-0445c86b69e6")
    assert reader["scope"] == named(prod, "fraud-copy-s3-secret").id
    assert writer["principalId"] == reader["principalId"] == principal
    vault = named(prod, "fraud-copy-vault").inputs["properties"]
    assert vault["enableRbacAuthorization"] is True and vault["enablePurgeProtection"] is True


def test_cross_cloud_copy_reads_aws_curated_data_through_a_read_only_user(prod: Plan) -> None:
    statements = _statements(named(prod, "fraud-copy-s3-reader-policy"))
    assert {s["Sid"]: s["Action"] for s in statements} == {
        "ListCurated": ["s3:GetBucketLocation", "s3:ListBucket"],
        "ReadCurated": "s3:GetObject",
        "DecryptCurated": "kms:Decrypt",
    }
    assert {s["Resource"] for s in statements if s["Sid"] != "DecryptCurated"} == {
        "arn:aws:s3:::prod-fraud-prep-curated-410987654321",
        "arn:aws:s3:::prod-fraud-prep-curated-410987654321/*",
    }
    link = named(prod, "fraud-copy-link-s3").inputs["properties"]
    assert link["type"] == "AmazonS3"
    assert link["accessKeyId"] == named(prod, "fraud-copy-s3-reader-key").id
    assert link["secretAccessKey"]["type"] == "AzureKeyVaultSecret"
    assert link["secretAccessKey"]["secretName"] == "fraud-prep-s3-reader-secret"
    lake_link = named(prod, "fraud-copy-link-lake").inputs["properties"]
    assert lake_link == {
        "type": "AzureBlobFS",
        "url": "https://prodfraudcopylake.dfs.core.windows.net/",
    }


def test_the_s3_secret_is_a_pulumi_secret_and_in_no_output(prod: Plan) -> None:
    secret = named(prod, "fraud-copy-s3-secret")
    value = secret.inputs["properties"]["value"]
    assert isinstance(value, Secret)
    plaintext = reveal(named(prod, "fraud-copy-s3-reader-key").outputs["secret"])
    assert reveal(value) == plaintext and len(plaintext) == 40
    assert plaintext not in json.dumps(reveal(prod.outputs), default=str)
    assert not contains_secret(prod.outputs["pipelines"])
    assert plaintext not in prod.to_json_text()


def test_copy_activity_and_schedule_trigger_from_the_definition(prod: Plan) -> None:
    (copy,) = named(prod, "fraud-copy-pipeline").inputs["activities"]
    assert copy["type"] == "Copy"
    assert copy["dataIntegrationUnits"] == 4
    assert copy["policy"]["timeout"] == "0.02:00:00"
    assert copy["source"]["storeSettings"]["type"] == "AmazonS3ReadSettings"
    assert copy["sink"]["storeSettings"]["type"] == "AzureBlobFSWriteSettings"
    trigger = named(prod, "fraud-copy-schedule").inputs["properties"]
    assert trigger["recurrence"]["frequency"] == "Day"
    assert trigger["recurrence"]["schedule"] == {"hours": [5], "minutes": [0]}
    workspace = named(prod, "fraud-copy-logs").id
    for what in ("factory", "vault"):
        diagnostics = named(prod, f"fraud-copy-{what}-diagnostics").inputs
        assert diagnostics["workspaceId"] == workspace
        assert diagnostics["logs"] == [{"categoryGroup": "allLogs", "enabled": True}]


def test_staging_keeps_the_same_pipelines_unprotected(plan_of: Callable[[str], Plan]) -> None:
    staging = plan_of("staging")
    assert not named(staging, "fraud-prep-raw").protect
    assert not named(staging, "fraud-copy-lake").protect
    assert named(staging, "fraud-prep-job").inputs["numberOfWorkers"] == 2


def test_outputs_name_buckets_database_job_factory_and_schedules(prod: Plan) -> None:
    pipelines = prod.outputs["pipelines"]
    prep, copy = pipelines["fraud-prep"], pipelines["fraud-copy"]
    assert prep["buckets"]["curated"] == "prod-fraud-prep-curated-410987654321"
    assert (prep["catalogDatabase"], prep["jobName"]) == ("prod_fraud_prep", "prod-fraud-prep")
    assert (prep["schedule"], prep["cloudSchedule"]) == ("0 2 * * *", "cron(0 2 * * ? *)")
    assert prep["runsPerMonth"] == 30.42
    assert (copy["factoryName"], copy["copyFrom"]) == ("prod-fraud-copy-adf", "fraud-prep")
    assert copy["containers"] == {"curated": "curated", "raw": "raw"}
    assert copy["triggerName"] == "fraud-copy-schedule"
