"""An ALB in front of instances, placed in the account's default VPC found by lookup."""

import pulumi
import pulumi_aws as aws

vpc = aws.ec2.get_vpc(default=True)
subnets = aws.ec2.get_subnets(filters=[{"name": "vpc-id", "values": [vpc.id]}])
zones = aws.get_availability_zones(state="available")

web_sg = aws.ec2.SecurityGroup(
    "web",
    vpc_id=vpc.id,
    description="HTTP from anywhere",
    ingress=[{"protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]}],
    egress=[{"protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}],
    tags={"app": "web"},
)
balancer = aws.lb.LoadBalancer(
    "web",
    load_balancer_type="application",
    security_groups=[web_sg.id],
    subnets=subnets.ids,
    tags={"app": "web"},
)
targets = aws.lb.TargetGroup("web", port=80, protocol="HTTP", vpc_id=vpc.id)
aws.lb.Listener(
    "http",
    load_balancer_arn=balancer.arn,
    port=80,
    default_actions=[{"type": "forward", "target_group_arn": targets.arn}],
)

pulumi.export("vpcId", vpc.id)
pulumi.export("vpcCidr", vpc.cidr_block)
pulumi.export("subnetCount", len(subnets.ids))
pulumi.export("firstZone", zones.names[0])
pulumi.export("url", balancer.dns_name.apply(lambda name: f"http://{name}"))
