"""`LambdaEndpoint`: a workload served by AWS Lambda behind a Function URL.

The function runs on arm64 (the handler is pure Python, so the same wheels-free bundle runs
on Graviton, which costs about 20% less per GB-second than x86), with its own execution
role, its own KMS key for its environment and its logs, a log group created before it with
the tier's retention, X-Ray active tracing, and a reserved concurrency of `maxInstances`
so one endpoint cannot starve the account's other functions. Callers use the `live` alias;
`minInstances` becomes provisioned concurrency on it. The URL takes SigV4-signed requests
(`AWS_IAM`) unless the definition says `public: true`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pulumi
import pulumi_aws as aws

from hybrid_ai_platform.endpoints import code, lambda_iam
from hybrid_ai_platform.endpoints.plan import LAMBDA_ALIAS, EndpointPlan
from hybrid_ai_platform.network.plan import aws_partition
from hybrid_ai_platform.options import ProviderComponent

TYPE = "hybrid:aws:LambdaEndpoint"
ARCHITECTURE = "arm64"


@dataclass(frozen=True)
class LambdaEndpointArgs:
    plan: EndpointPlan
    # The account the stack deploys to: the role's trust and the key policy name it.
    account_id: str
    # Archive path -> source file (`hybrid_ai_platform.endpoints.code.bundle_files`).
    files: Mapping[str, Path]


class LambdaEndpoint(ProviderComponent):
    url: pulumi.Output[str]
    function_name: pulumi.Output[str]
    function_arn: pulumi.Output[str]
    auth_mode: str

    def __init__(
        self,
        name: str,
        args: LambdaEndpointArgs,
        provider: aws.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        plan = args.plan
        self._name = name
        self._plan = plan
        self._cloud_provider = provider
        partition = aws_partition(plan.region)

        key = aws.kms.Key(
            f"{name}-key",
            description=f"Lambda {plan.lambda_name}: environment variables and logs",
            enable_key_rotation=True,
            deletion_window_in_days=plan.key_deletion_window_days,
            policy=lambda_iam.endpoint_key_policy(
                args.account_id, partition, plan.region, plan.log_group_name
            ),
            tags=dict(plan.tags),
            # Deleting the key makes the function's logs unreadable.
            opts=self._opts(protect=plan.protect),
        )
        log_group = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=plan.log_group_name,
            retention_in_days=plan.log_retention_days,
            kms_key_id=key.arn,
            tags=dict(plan.tags),
            opts=self._opts(protect=plan.protect, retain_on_delete=plan.retain_on_delete),
        )
        role = aws.iam.Role(
            f"{name}-role",
            name=plan.name_for("fn", max_length=64),
            assume_role_policy=lambda_iam.lambda_trust_policy(
                args.account_id, partition, plan.region, plan.lambda_name
            ),
            tags=dict(plan.tags),
            # The function's identity, protected like the key and logs it reaches.
            opts=self._opts(protect=plan.protect),
        )
        policy = aws.iam.RolePolicy(
            f"{name}-role-policy",
            role=role.name,
            policy=pulumi.Output.all(log_group.arn, key.arn).apply(
                lambda arns: lambda_iam.lambda_execution_policy(arns[0], arns[1])
            ),
            opts=self._opts(),
        )
        function = aws.lambda_.Function(
            f"{name}-function",
            name=plan.lambda_name,
            role=role.arn,
            runtime=plan.runtime.identifier,
            architectures=[ARCHITECTURE],
            handler=code.lambda_handler(args.files),
            code=code.archive(args.files),
            memory_size=plan.memory_mb,
            timeout=plan.timeout_seconds,
            reserved_concurrent_executions=plan.max_instances,
            # A numbered version per code change, for the alias and provisioned concurrency.
            publish=True,
            kms_key_arn=key.arn,
            environment={"variables": dict(sorted(plan.variables.items()))},
            tracing_config={"mode": "Active"},
            logging_config={"log_format": "JSON", "log_group": log_group.name},
            tags=dict(plan.tags),
            # The role must be able to write logs and decrypt before the first invocation.
            opts=self._opts(depends_on=[policy, log_group]),
        )
        alias = aws.lambda_.Alias(
            f"{name}-alias",
            name=LAMBDA_ALIAS,
            function_name=function.name,
            function_version=function.version,
            opts=self._opts(),
        )
        if plan.min_instances > 0:
            aws.lambda_.ProvisionedConcurrencyConfig(
                f"{name}-warm",
                function_name=function.name,
                qualifier=alias.name,
                provisioned_concurrent_executions=plan.min_instances,
                opts=self._opts(),
            )
        url = aws.lambda_.FunctionUrl(
            f"{name}-url",
            function_name=function.name,
            qualifier=alias.name,
            authorization_type="NONE" if plan.public else "AWS_IAM",
            opts=self._opts(),
        )
        if plan.public:
            self._public_permissions(function, alias)

        self.url = url.function_url
        self.function_name = function.name
        self.function_arn = function.arn
        self.auth_mode = plan.auth_mode
        self.register_outputs(
            {
                "url": self.url,
                "function_name": self.function_name,
                "function_arn": self.function_arn,
                "auth_mode": self.auth_mode,
            }
        )

    def _public_permissions(self, function: aws.lambda_.Function, alias: aws.lambda_.Alias) -> None:
        """An `NONE` URL also needs a resource policy letting anyone call it: since October
        2025 both `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` (the latter only
        through the URL), as "Control access to Lambda function URLs" describes."""
        aws.lambda_.Permission(
            f"{self._name}-public-url",
            function=function.name,
            qualifier=alias.name,
            action="lambda:InvokeFunctionUrl",
            principal="*",
            function_url_auth_type="NONE",
            opts=self._opts(),
        )
        aws.lambda_.Permission(
            f"{self._name}-public-invoke",
            function=function.name,
            qualifier=alias.name,
            action="lambda:InvokeFunction",
            principal="*",
            invoked_via_function_url=True,
            opts=self._opts(),
        )
