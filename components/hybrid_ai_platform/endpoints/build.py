"""One endpoint component per definition entry, on its cloud's explicit provider. Each
cloud's component module is imported in its own branch: a stack on one cloud never loads the
others' components or SDKs."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import pulumi

from hybrid_ai_platform.endpoints.code import bundle_files, model_settings
from hybrid_ai_platform.endpoints.plan import EndpointPlan
from hybrid_ai_platform.providers import Providers
from hybrid_ai_platform.spec import Accounts

if TYPE_CHECKING:
    from hybrid_ai_platform.endpoints.azure_functions import AzureFunctionEndpoint
    from hybrid_ai_platform.endpoints.cloud_functions import CloudFunctionEndpoint
    from hybrid_ai_platform.endpoints.lambda_ import LambdaEndpoint

    EndpointComponent = LambdaEndpoint | AzureFunctionEndpoint | CloudFunctionEndpoint


def build_endpoint(
    plan: EndpointPlan,
    accounts: Accounts,
    providers: Providers,
    opts: pulumi.ResourceOptions | None = None,
) -> EndpointComponent:
    """`<name>-endpoint`: the logical name comes from the definition's name only. `opts`
    for the component itself (a parent that wraps it)."""
    name = f"{plan.name}-endpoint"
    files = bundle_files(plan.workload, plan.cloud)
    plan = replace(plan, variables={**plan.variables, **model_settings(files)})
    if plan.cloud == "aws":
        from hybrid_ai_platform.endpoints.lambda_ import LambdaEndpoint, LambdaEndpointArgs

        assert accounts.aws is not None, "validation requires accounts.aws"
        return LambdaEndpoint(
            name,
            LambdaEndpointArgs(
                plan=plan,
                account_id=accounts.aws.account_id,
                files=files,
            ),
            provider=providers.aws(plan.region),
            opts=opts,
        )
    if plan.cloud == "azure":
        from hybrid_ai_platform.endpoints.azure_functions import (
            AzureFunctionEndpoint,
            AzureFunctionEndpointArgs,
        )

        assert accounts.azure is not None, "validation requires accounts.azure"
        return AzureFunctionEndpoint(
            name,
            AzureFunctionEndpointArgs(plan=plan, subscription_id=accounts.azure.subscription_id),
            provider=providers.azure(plan.region),
            opts=opts,
        )
    from hybrid_ai_platform.endpoints.cloud_functions import (
        CloudFunctionEndpoint,
        CloudFunctionEndpointArgs,
    )

    assert accounts.gcp is not None, "validation requires accounts.gcp"
    return CloudFunctionEndpoint(
        name,
        CloudFunctionEndpointArgs(
            plan=plan,
            project=accounts.gcp.project,
            files=files,
        ),
        provider=providers.gcp(plan.region),
        opts=opts,
    )
