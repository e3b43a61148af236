"""A Fargate service in the network another team's stack exports."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
network = pulumi.StackReference(config.require("networkStack"))
vpc_id = network.require_output("vpcId")
private_subnets = network.require_output("privateSubnetIds")

cluster = aws.ecs.Cluster("apps", settings=[{"name": "containerInsights", "value": "enabled"}])
service_sg = aws.ec2.SecurityGroup(
    "api",
    vpc_id=vpc_id,
    egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
)
task = aws.ecs.TaskDefinition(
    "api",
    family="api",
    cpu="256",
    memory="512",
    network_mode="awsvpc",
    requires_compatibilities=["FARGATE"],
    container_definitions='[{"name": "api", "image": "nginx:1.27", "essential": true}]',
)
service = aws.ecs.Service(
    "api",
    cluster=cluster.arn,
    task_definition=task.arn,
    desired_count=2,
    launch_type="FARGATE",
    network_configuration={"subnets": private_subnets, "security_groups": [service_sg.id]},
)

pulumi.export("serviceName", service.name)
pulumi.export("subnets", private_subnets)
