"""Fakes of the serverless function resources (Lambda, Azure Functions, Cloud Functions):
the URLs, versions and keys the clouds compute, in the shapes they return them."""

from __future__ import annotations

from typing import Any

from hap.fakes import aws, gcp, ids
from hap.fakes.azure import TENANT, resource_group_id
from hap.fakes.registry import FakeEnv, Inputs, resource_fake, text


@resource_fake("aws:lambda/alias:Alias")
def _lambda_alias(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = aws.region_of(inputs, env)
    alias = text(inputs, "name") or name
    function = text(inputs, "functionName") or "function"
    alias_arn = aws.arn("lambda", region, f"function:{function}:{alias}")
    return {"id": alias_arn, "arn": alias_arn, "invokeArn": alias_arn}


@resource_fake("aws:lambda/functionUrl:FunctionUrl")
def _lambda_function_url(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = aws.region_of(inputs, env)
    function = text(inputs, "functionName") or "function"
    # Function URL ids are 32 lower-case letters and digits.
    url_id = ids.short_hash(env.type, name, 32)
    qualifier = text(inputs, "qualifier")
    return {
        "id": f"{function},{qualifier}" if qualifier else function,
        "functionArn": aws.arn("lambda", region, f"function:{function}"),
        "functionUrl": f"https://{url_id}.lambda-url.{region}.on.aws/",
        "urlId": url_id,
    }


@resource_fake("azure-native:applicationinsights:Component")
def _app_insights(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    component = text(inputs, "resourceName") or ids.autoname(env.type, name)
    group = text(inputs, "resourceGroupName") or "resource-group"
    location = text(inputs, "location") or "eastus"
    key = ids.uuid_for(env.type, name, "instrumentation-key")
    return {
        "id": f"{resource_group_id(group)}/providers/Microsoft.Insights/components/{component}",
        "name": component,
        "appId": ids.uuid_for(env.type, name, "app-id"),
        "instrumentationKey": key,
        "connectionString": (
            f"InstrumentationKey={key};IngestionEndpoint=https://{location}-1.in."
            f"applicationinsights.azure.com/;ApplicationId={ids.uuid_for(env.type, name, 'app-id')}"
        ),
        "tenantId": TENANT,
    }


@resource_fake("gcp:cloudfunctionsv2/function:Function")
def _cloud_function(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    project = gcp.project_of(inputs, env)
    location = text(inputs, "location") or gcp.region_of(inputs, env)
    function = text(inputs, "name") or ids.autoname(env.type, name)
    path = f"projects/{project}/locations/{location}/functions/{function}"
    run_host = f"{function}-{ids.short_hash(env.type, name, 10)}-uc.a.run.app"
    return {
        "id": path,
        "name": function,
        "url": f"https://{location}-{project}.cloudfunctions.net/{function}",
        "state": "ACTIVE",
        "environment": "GEN_2",
        "serviceConfig": {
            "service": f"projects/{project}/locations/{location}/services/{function}",
            "uri": f"https://{run_host}",
        },
    }


@resource_fake("gcp:storage/bucketObject:BucketObject")
def _bucket_object(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    bucket = text(inputs, "bucket") or "bucket"
    object_name = text(inputs, "name") or ids.autoname(env.type, name)
    return {
        "id": f"{bucket}-{object_name}",
        "name": object_name,
        "outputName": object_name,
        "generation": int(ids.digits(env.type, name, 16)),
        "mediaLink": f"https://storage.googleapis.com/download/storage/v1/b/{bucket}/o/{object_name}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{bucket}/o/{object_name}",
    }
