"""A database subnet group in an awsx VPC: the VPC is a multi-language component."""

import pulumi
import pulumi_aws as aws
from awsx_like import Vpc

vpc = Vpc("main", cidr_block="10.10.0.0/16")
group = aws.rds.SubnetGroup("db", subnet_ids=vpc.private_subnet_ids)

pulumi.export("vpcId", vpc.vpc_id)
pulumi.export("subnetGroup", group.name)
