"""The three endpoint components as `hap preview prod` shows them (one endpoint per public
cloud), and the public endpoints of `tests/fixtures/endpoints` (stack `public`): every
setting the definition and the tier ask for, on the resource that carries it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hap.plan import Plan, PlannedResource, reveal
from hybrid_ai_platform.contract import PlatformOutputs, UnknownNameError
from hybrid_ai_platform.endpoints.code import bundle_files
from tests.conftest import cached_plan

FIXTURE = Path(__file__).parents[1] / "fixtures" / "endpoints"


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


@pytest.fixture(scope="module")
def public() -> Plan:
    return cached_plan("public", FIXTURE)


def _one(plan: Plan, type_: str, name: str) -> PlannedResource:
    (found,) = [r for r in plan.of_type(type_) if r.name == name]
    return found


def _children(plan: Plan, component: str) -> dict[str, PlannedResource]:
    (parent,) = [r for r in plan.resources if r.is_component and r.name == component]
    return {child.name: child for child in plan.children(parent.urn)}


def test_prod_has_one_endpoint_per_public_cloud(prod: Plan) -> None:
    components = {r.type: r.name for r in prod.resources if r.name.endswith("-endpoint")}
    assert components == {
        "hybrid:aws:LambdaEndpoint": "fraud-aws-endpoint",
        "hybrid:azure:FunctionEndpoint": "fraud-azure-endpoint",
        "hybrid:gcp:CloudFunctionEndpoint": "fraud-gcp-endpoint",
    }


def test_lambda_runs_arm64_python312_with_its_limits_tracing_and_encrypted_environment(
    prod: Plan,
) -> None:
    function = _one(prod, "aws:lambda/function:Function", "fraud-aws-endpoint-function")
    inputs = function.inputs
    assert inputs["architectures"] == ["arm64"] and inputs["runtime"] == "python3.12"
    assert (inputs["memorySize"], inputs["timeout"]) == (1024, 10)
    assert inputs["reservedConcurrentExecutions"] == 50  # maxInstances
    assert inputs["tracingConfig"] == {"mode": "Active"}
    assert inputs["publish"] is True
    key = _one(prod, "aws:kms/key:Key", "fraud-aws-endpoint-key")
    assert inputs["kmsKeyArn"] == key.outputs["arn"]
    assert inputs["environment"]["variables"]["HAP_ENDPOINT"] == "fraud-aws"
    assert inputs["loggingConfig"] == {
        "logFormat": "JSON",
        "logGroup": "/aws/lambda/prod-fraud-aws",
    }
    assert inputs["handler"].endswith("aws_lambda.handler")
    assert "fn::assetArchive" in json.dumps(inputs["code"])


def test_lambda_logs_are_kept_a_year_encrypted_and_protected_in_prod(prod: Plan) -> None:
    logs = _one(prod, "aws:cloudwatch/logGroup:LogGroup", "fraud-aws-endpoint-logs")
    key = _one(prod, "aws:kms/key:Key", "fraud-aws-endpoint-key")
    assert logs.inputs["name"] == "/aws/lambda/prod-fraud-aws"
    assert logs.inputs["retentionInDays"] == 365
    assert logs.inputs["kmsKeyId"] == key.outputs["arn"]
    assert logs.protect and key.protect
    assert key.inputs["enableKeyRotation"] is True


def test_callers_use_the_live_alias_with_provisioned_concurrency_and_sigv4(prod: Plan) -> None:
    children = _children(prod, "fraud-aws-endpoint")
    alias = children["fraud-aws-endpoint-alias"]
    assert (alias.inputs["name"], alias.inputs["functionVersion"]) == ("live", "1")
    warm = children["fraud-aws-endpoint-warm"]
    assert warm.inputs["provisionedConcurrentExecutions"] == 2  # minInstances
    assert warm.inputs["qualifier"] == "live"
    url = children["fraud-aws-endpoint-url"]
    assert (url.inputs["authorizationType"], url.inputs["qualifier"]) == ("AWS_IAM", "live")
    assert not any(r.type == "aws:lambda/permission:Permission" for r in children.values())


def test_the_execution_role_is_scoped_to_its_own_log_group_and_key(prod: Plan) -> None:
    policy = _one(prod, "aws:iam/rolePolicy:RolePolicy", "fraud-aws-endpoint-role-policy")
    statements = json.loads(policy.inputs["policy"])["Statement"]
    logs = _one(prod, "aws:cloudwatch/logGroup:LogGroup", "fraud-aws-endpoint-logs")
    resources = {s["Sid"]: s["Resource"] for s in statements}
    assert resources["WriteOwnLogs"] == logs.outputs["arn"] + ":*"
    assert resources["DecryptEnvironment"].startswith("arn:aws:kms:us-east-1:")


def test_azure_function_app_on_flex_consumption_with_identity_and_transport_security(
    prod: Plan,
) -> None:
    children = _children(prod, "fraud-azure-endpoint")
    plan = children["fraud-azure-endpoint-plan"]
    assert plan.inputs["sku"] == {"name": "FC1", "tier": "FlexConsumption"}
    app = children["fraud-azure-endpoint-app"].inputs
    assert app["kind"] == "functionapp,linux"
    assert app["identity"] == {"type": "SystemAssigned"}
    assert app["httpsOnly"] is True
    site = reveal(app["siteConfig"])
    assert (site["minTlsVersion"], site["scmMinTlsVersion"]) == ("1.2", "1.2")
    assert site["ftpsState"] == "Disabled"
    settings = {s["name"]: s["value"] for s in site["appSettings"]}
    assert settings["AzureWebJobsStorage__accountName"] == "prodfraudazurefn"
    assert settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] == "Authorization=AAD"
    assert settings["AzureFunctionsJobHost__functionTimeout"] == "00:00:10"
    assert settings["FRAUD_HTTP_AUTH_LEVEL"] == "function"
    assert not any("AccountKey" in str(value) for value in settings.values())
    config = app["functionAppConfig"]
    assert config["runtime"] == {"name": "python", "version": "3.12"}
    assert config["deployment"]["storage"]["authentication"] == {"type": "SystemAssignedIdentity"}
    scale = config["scaleAndConcurrency"]
    assert (scale["instanceMemoryMB"], scale["maximumInstanceCount"]) == (2048, 40)
    assert scale["alwaysReady"] == [{"name": "http", "instanceCount": 1}]
    assert children["fraud-azure-endpoint-ftp-off"].inputs["allow"] is False
    assert children["fraud-azure-endpoint-scm-basic-auth-off"].inputs["allow"] is False


def test_azure_deployment_storage_refuses_shared_keys_and_the_app_reaches_it_by_identity(
    prod: Plan,
) -> None:
    children = _children(prod, "fraud-azure-endpoint")
    storage = children["fraud-azure-endpoint-storage"]
    assert storage.inputs["allowSharedKeyAccess"] is False
    assert storage.inputs["minimumTlsVersion"] == "TLS1_2"
    assert storage.inputs["allowBlobPublicAccess"] is False
    assert storage.protect and children["fraud-azure-endpoint-package"].protect
    app = children["fraud-azure-endpoint-app"]
    principal = app.outputs["identity"]["principalId"]
    grants = {
        r.inputs["roleDefinitionId"].rsplit("/", 1)[1]: r.inputs
        for r in children.values()
        if r.type == "azure-native:authorization:RoleAssignment"
    }
    assert grants["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"]["scope"] == storage.id
    assert grants["3913510d-42f4-4e42-8a64-420c390055eb"]["scope"] == (
        children["fraud-azure-endpoint-insights"].id
    )
    assert {g["principalId"] for g in grants.values()} == {principal}
    insights = children["fraud-azure-endpoint-insights"].inputs
    assert insights["disableLocalAuth"] is True
    assert children["fraud-azure-endpoint-logs"].inputs["retentionInDays"] == 365


def test_cloud_function_gen2_with_its_own_accounts_bucket_and_instances(prod: Plan) -> None:
    children = _children(prod, "fraud-gcp-endpoint")
    function = children["fraud-gcp-endpoint-function"].inputs
    build, service = function["buildConfig"], function["serviceConfig"]
    assert (build["runtime"], build["entryPoint"]) == ("python312", "predict")
    assert build["serviceAccount"].endswith(
        "/prod-fraud-gcp-build@hap-prod-ml.iam.gserviceaccount.com"
    )
    assert (service["minInstanceCount"], service["maxInstanceCount"]) == (1, 20)
    assert (service["availableMemory"], service["availableCpu"]) == ("1024Mi", "1")
    assert service["timeoutSeconds"] == 10 and service["ingressSettings"] == "ALLOW_ALL"
    assert service["serviceAccountEmail"] == "prod-fraud-gcp-fn@hap-prod-ml.iam.gserviceaccount.com"
    bucket = children["fraud-gcp-endpoint-source"]
    assert bucket.inputs["uniformBucketLevelAccess"] is True
    assert bucket.inputs["publicAccessPrevention"] == "enforced"
    assert bucket.protect and bucket.inputs["forceDestroy"] is False
    archive = children["fraud-gcp-endpoint-archive"].inputs
    assert build["source"]["storageSource"] == {
        "bucket": bucket.inputs["name"],
        "object": archive["name"],
    }
    # The runtime account holds no role: only the build account is granted anything.
    grants = [r for r in children.values() if "IAMMember" in r.type or "IamMember" in r.type]
    assert all("prod-fraud-gcp-fn@" not in str(g.inputs.get("member")) for g in grants)


def test_a_private_cloud_function_is_invoked_only_by_its_caller_account(prod: Plan) -> None:
    children = _children(prod, "fraud-gcp-endpoint")
    invoker = children["fraud-gcp-endpoint-invoker"].inputs
    assert invoker["role"] == "roles/run.invoker"
    assert (
        invoker["member"]
        == "serviceAccount:prod-fraud-gcp-caller@hap-prod-ml.iam.gserviceaccount.com"
    )
    assert invoker["name"] == "projects/hap-prod-ml/locations/us-central1/services/prod-fraud-gcp"


def test_the_contract_gives_each_endpoints_url_and_how_to_authenticate(prod: Plan) -> None:
    endpoints: dict[str, Any] = prod.outputs["endpoints"]
    assert {name: e["authMode"] for name, e in endpoints.items()} == {
        "fraud-aws": "aws-iam",
        "fraud-azure": "function-key",
        "fraud-gcp": "gcp-iam",
    }
    assert endpoints["fraud-aws"]["url"].endswith(".lambda-url.us-east-1.on.aws/")
    assert endpoints["fraud-azure"]["url"] == "https://prod-fraud-azure-fn.azurewebsites.net/"
    assert endpoints["fraud-gcp"]["url"] == (
        "https://us-central1-hap-prod-ml.cloudfunctions.net/prod-fraud-gcp"
    )
    assert (
        endpoints["fraud-gcp"]["invoker"]
        == "prod-fraud-gcp-caller@hap-prod-ml.iam.gserviceaccount.com"
    )
    assert {e["workload"] for e in endpoints.values()} == {"fraud-detection"}


def test_public_true_opens_the_url_and_the_invoker_to_everyone(public: Plan) -> None:
    url = _one(public, "aws:lambda/functionUrl:FunctionUrl", "open-aws-endpoint-url")
    assert url.inputs["authorizationType"] == "NONE"
    permissions = {
        r.inputs["action"]: r.inputs for r in public.of_type("aws:lambda/permission:Permission")
    }
    assert permissions["lambda:InvokeFunctionUrl"]["functionUrlAuthType"] == "NONE"
    assert permissions["lambda:InvokeFunction"]["invokedViaFunctionUrl"] is True
    assert {p["principal"] for p in permissions.values()} == {"*"}
    invoker = _one(
        public, "gcp:cloudrunv2/serviceIamMember:ServiceIamMember", "open-gcp-endpoint-invoker"
    )
    assert invoker.inputs["member"] == "allUsers"
    assert not public.of_type(
        "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"
    )
    assert {e["authMode"] for e in public.outputs["endpoints"].values()} == {"none"}


def test_dev_tier_endpoints_are_not_protected_and_keep_logs_30_days(public: Plan) -> None:
    logs = _one(public, "aws:cloudwatch/logGroup:LogGroup", "open-aws-endpoint-logs")
    assert logs.inputs["retentionInDays"] == 30 and not logs.protect
    bucket = _one(public, "gcp:storage/bucket:Bucket", "open-gcp-endpoint-source")
    assert not bucket.protect and bucket.inputs["forceDestroy"] is True
    function = _one(public, "gcp:cloudfunctionsv2/function:Function", "open-gcp-endpoint-function")
    assert function.inputs["serviceConfig"]["availableCpu"] == "2"  # 6 GiB needs 2 vCPU


def test_a_consumer_reads_an_endpoint_by_name_from_the_contract(prod: Plan) -> None:
    outputs = PlatformOutputs.model_validate(reveal(dict(prod.outputs)))
    assert outputs.endpoint("fraud-gcp").auth_mode == "gcp-iam"
    with pytest.raises(
        UnknownNameError, match="known endpoints: fraud-aws, fraud-azure, fraud-gcp"
    ):
        outputs.endpoint("fraud")


def test_every_endpoint_pins_the_model_it_was_previewed_with(prod: Plan) -> None:
    files = bundle_files("fraud-detection", "aws")
    (sidecar,) = [path for path in files if path.endswith(".json.sha256")]
    expected = files[sidecar].read_text().split()[0]
    lambda_env = _one(prod, "aws:lambda/function:Function", "fraud-aws-endpoint-function")
    assert lambda_env.inputs["environment"]["variables"]["FRAUD_MODEL_SHA256"] == expected
    app = _one(prod, "azure-native:web:WebApp", "fraud-azure-endpoint-app").inputs
    settings = {s["name"]: s["value"] for s in reveal(app["siteConfig"])["appSettings"]}
    assert settings["FRAUD_MODEL_SHA256"] == expected
    function = _one(prod, "gcp:cloudfunctionsv2/function:Function", "fraud-gcp-endpoint-function")
    assert (
        function.inputs["serviceConfig"]["environmentVariables"]["FRAUD_MODEL_SHA256"] == expected
    )
