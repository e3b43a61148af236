"""An HTTP API in front of a Lambda function; the role trusts Lambda in this account."""

import json

import pulumi
import pulumi_aws as aws

identity = aws.get_caller_identity()
region = aws.get_region()
partition = aws.get_partition()

role = aws.iam.Role(
    "handler",
    assume_role_policy=json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    ),
)
aws.iam.RolePolicyAttachment(
    "logs",
    role=role.name,
    policy_arn=f"arn:{partition.partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
)
handler = aws.lambda_.Function(
    "handler",
    runtime="python3.13",
    handler="app.handler",
    role=role.arn,
    code=pulumi.AssetArchive({"app.py": pulumi.StringAsset("def handler(e, c):\n    return {}\n")}),
    memory_size=256,
)
api = aws.apigatewayv2.Api("http", protocol_type="HTTP", target=handler.arn)
aws.lambda_.Permission(
    "api",
    action="lambda:InvokeFunction",
    function=handler.name,
    principal="apigateway.amazonaws.com",
    source_arn=api.execution_arn.apply(lambda arn: f"{arn}/*/*"),
)

pulumi.export("account", identity.account_id)
pulumi.export("region", region.region)
pulumi.export("endpoint", api.api_endpoint)
