"""`LambdaEndpoint`, `AzureFunctionEndpoint`, `CloudFunctionEndpoint` of the package
`hybrid`: a serverless endpoint serving a workload's model (its function, identity, key,
logs and URL), exactly as `hybrid_ai_platform.platform` builds one endpoint of a stack,
under one component a program in any language can declare.

The arguments are validated as a one-endpoint environment definition, like a stack file
(`hybrid_ai_platform.package.translate`): every problem at once, each on its property
(`endpoint.memoryMb`), before anything is registered.

No `from __future__ import annotations`: the analyzer reads `args: ...` as an object.
"""

from typing import TYPE_CHECKING

import pulumi

from hybrid_ai_platform.endpoints import azure_functions, cloud_functions, lambda_
from hybrid_ai_platform.endpoints.build import build_endpoint
from hybrid_ai_platform.endpoints.plan import endpoint_plans
from hybrid_ai_platform.package.args import (
    AzureFunctionEndpointArgs,
    CloudFunctionEndpointArgs,
    LambdaEndpointArgs,
)
from hybrid_ai_platform.package.component import publish, register
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Environment

if TYPE_CHECKING:
    from hybrid_ai_platform.endpoints.build import EndpointComponent


class LambdaEndpoint(pulumi.ComponentResource):
    """A Lambda function behind a Function URL on the alias `live` (signed requests unless
    public), its role, KMS key and log group."""

    url: pulumi.Output[str]
    """The Function URL."""
    auth_mode: pulumi.Output[str]
    """How a caller authenticates: aws-iam (SigV4-signed requests) or none (public)."""
    function_name: pulumi.Output[str]
    """The Lambda function's name."""

    def __init__(
        self, name: str, args: LambdaEndpointArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(self, "LambdaEndpoint", "aws", name, args, LambdaEndpointArgs, opts)
        built = build(self, env)
        assert isinstance(built, lambda_.LambdaEndpoint)
        _publish(self, built, function_name=built.function_name)


class AzureFunctionEndpoint(pulumi.ComponentResource):
    """A Flex Consumption function app (function keys unless public), its resource group,
    storage, identity and Log Analytics workspace."""

    url: pulumi.Output[str]
    """The function app's URL."""
    auth_mode: pulumi.Output[str]
    """How a caller authenticates: function-key or none (public)."""
    app_name: pulumi.Output[str]
    """The function app's name."""

    def __init__(
        self, name: str, args: AzureFunctionEndpointArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(
            self, "AzureFunctionEndpoint", "azure", name, args, AzureFunctionEndpointArgs, opts
        )
        built = build(self, env)
        assert isinstance(built, azure_functions.AzureFunctionEndpoint)
        _publish(self, built, app_name=built.app_name)


class CloudFunctionEndpoint(pulumi.ComponentResource):
    """A Cloud Functions (2nd gen) function invoked with Google identity tokens unless
    public, its runtime service account and source bucket."""

    url: pulumi.Output[str]
    """The function's URL."""
    auth_mode: pulumi.Output[str]
    """How a caller authenticates: gcp-iam (an identity token with roles/run.invoker) or
    none (public)."""
    function_name: pulumi.Output[str]
    """The function's name."""

    def __init__(
        self, name: str, args: CloudFunctionEndpointArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        env = register(
            self, "CloudFunctionEndpoint", "gcp", name, args, CloudFunctionEndpointArgs, opts
        )
        built = build(self, env)
        assert isinstance(built, cloud_functions.CloudFunctionEndpoint)
        _publish(self, built, function_name=built.function_name)


def _publish(
    component: pulumi.ComponentResource, built: "EndpointComponent", **extra: pulumi.Output[str]
) -> None:
    """The outputs every endpoint of the package declares, and a cloud's `extra` ones."""
    auth_mode = pulumi.Output.from_input(built.auth_mode)
    publish(component, {"url": built.url, "auth_mode": auth_mode, **extra})


COMPONENTS: tuple[type[pulumi.ComponentResource], ...] = (
    LambdaEndpoint,
    AzureFunctionEndpoint,
    CloudFunctionEndpoint,
)


def build(component: pulumi.ComponentResource, env: Environment) -> "EndpointComponent":
    """The endpoint of the one-endpoint `env` as a child of `component`, named as the
    platform names it (`<endpoint>-endpoint`), on its cloud's provider of its own
    (`<endpoint>-aws-us-east-1`)."""
    (plan,) = endpoint_plans(env)
    providers = Providers(env.accounts, parent=component, prefix=f"{plan.name}-")
    return build_endpoint(plan, env.accounts, providers, pulumi.ResourceOptions(parent=component))
