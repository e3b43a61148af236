"""What an endpoint entry becomes before any resource: who may call it, how long its logs
stay, what is protected, which Python it runs. Pure: no preview."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.endpoints.lambda_iam import (
    XRAY_WRITE_ACTIONS,
    endpoint_key_policy,
    lambda_execution_policy,
    lambda_trust_policy,
)
from hybrid_ai_platform.endpoints.plan import endpoint_plan, gcp_cpu_for
from hybrid_ai_platform.endpoints.runtimes import RUNTIMES
from hybrid_ai_platform.spec import Endpoint

PROD = load_stack_file(Path(__file__).parents[2] / "stacks" / "Pulumi.prod.yaml")
DEV = load_stack_file(Path(__file__).parents[2] / "stacks" / "Pulumi.dev.yaml")


def _endpoint(cloud: str, **settings: object) -> Endpoint:
    region = {"aws": "us-east-1", "azure": "eastus", "gcp": "us-central1"}[cloud]
    return Endpoint.model_validate(
        {"name": "score", "cloud": cloud, "region": region, "workload": "fraud-detection",
         **settings}
    )  # fmt: skip


@pytest.mark.parametrize(
    ("cloud", "mode"), [("aws", "aws-iam"), ("azure", "function-key"), ("gcp", "gcp-iam")]
)
def test_a_private_endpoint_authenticates_with_its_clouds_identity(cloud: str, mode: str) -> None:
    assert endpoint_plan(PROD, _endpoint(cloud)).auth_mode == mode


def test_only_public_true_makes_an_endpoint_unauthenticated() -> None:
    assert endpoint_plan(PROD, _endpoint("aws", public=True)).auth_mode == "none"
    assert endpoint_plan(PROD, _endpoint("gcp", public=True)).auth_mode == "none"


def test_the_tier_sets_log_retention_and_protection() -> None:
    prod, dev = endpoint_plan(PROD, _endpoint("aws")), endpoint_plan(DEV, _endpoint("aws"))
    assert (prod.log_retention_days, prod.protect, prod.retain_on_delete) == (365, True, True)
    assert (dev.log_retention_days, dev.protect, dev.retain_on_delete) == (30, False, False)
    assert prod.key_deletion_window_days == 30 and dev.key_deletion_window_days == 7


def test_every_cloud_runs_python_312_supported_past_2028_by_its_vendor() -> None:
    assert {cloud: runtime.identifier for cloud, runtime in RUNTIMES.items()} == {
        "aws": "python3.12",
        "azure": "python",
        "gcp": "python312",
    }
    assert {runtime.python for runtime in RUNTIMES.values()} == {"3.12"}
    # Two years of vendor support from today (2026-12-01) at least.
    assert all(runtime.supported_until >= "2028-10" for runtime in RUNTIMES.values())
    assert all(runtime.source.startswith("https://") for runtime in RUNTIMES.values())


def test_physical_names_fit_every_clouds_limits() -> None:
    long_env = PROD.model_copy(update={"name": "a" * 20})
    plan = endpoint_plan(long_env, _endpoint("gcp", name="b" * 20))
    assert len(plan.lambda_name) <= 64
    assert 6 <= len(plan.gcp_account_id) <= 30 and 6 <= len(plan.gcp_caller_account_id) <= 30
    assert len(plan.storage_account_name) <= 24 and plan.storage_account_name.isalnum()


@pytest.mark.parametrize(
    ("memory_mb", "cpus"), [(128, 1), (4096, 1), (4097, 2), (8192, 2), (10240, 4)]
)
def test_cloud_functions_get_the_cpus_cloud_run_requires_for_their_memory(
    memory_mb: int, cpus: int
) -> None:
    assert gcp_cpu_for(memory_mb) == cpus


def test_azure_function_timeout_is_written_as_the_host_reads_it() -> None:
    plan = endpoint_plan(PROD, _endpoint("azure", timeoutSeconds=230, memoryMb=2048))
    assert plan.azure_function_timeout == "00:03:50"


def test_the_execution_role_may_only_write_its_logs_trace_and_decrypt_its_key() -> None:
    log_group = "arn:aws:logs:us-east-1:410987654321:log-group:/aws/lambda/prod-score"
    key = "arn:aws:kms:us-east-1:410987654321:key/1234"
    statements = json.loads(lambda_execution_policy(log_group, key))["Statement"]
    resources = {s["Sid"]: s["Resource"] for s in statements}
    assert resources == {
        "WriteOwnLogs": f"{log_group}:*",
        "SendTraces": "*",  # X-Ray's write actions take no resource
        "DecryptEnvironment": key,
    }
    traces = next(s for s in statements if s["Sid"] == "SendTraces")
    assert tuple(traces["Action"]) == XRAY_WRITE_ACTIONS
    assert not any(
        "*" in action for s in statements for action in [s["Action"]] if isinstance(action, str)
    )


def test_only_lambda_for_this_accounts_function_may_assume_the_role() -> None:
    (statement,) = json.loads(
        lambda_trust_policy("410987654321", "aws", "us-east-1", "prod-score")
    )["Statement"]
    assert statement["Principal"] == {"Service": "lambda.amazonaws.com"}
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": "410987654321"}
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"].endswith(":function:prod-score")


def test_cloudwatch_logs_may_use_the_key_for_this_log_group_only() -> None:
    policy = json.loads(
        endpoint_key_policy("410987654321", "aws", "us-east-1", "/aws/lambda/prod-score")
    )
    logs = next(s for s in policy["Statement"] if s["Sid"] == "CloudWatchLogsForThisGroup")
    assert logs["Principal"] == {"Service": "logs.us-east-1.amazonaws.com"}
    assert logs["Condition"]["ArnEquals"] == {
        "kms:EncryptionContext:aws:logs:arn": (
            "arn:aws:logs:us-east-1:410987654321:log-group:/aws/lambda/prod-score"
        )
    }
