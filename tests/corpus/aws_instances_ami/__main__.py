"""One instance per availability zone from the latest Amazon Linux AMI (both looked up)."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
ami = aws.ec2.get_ami(
    most_recent=True,
    owners=["amazon"],
    filters=[{"name": "name", "values": ["al2023-ami-2023.*-x86_64"]}],
)
zones = aws.get_availability_zones(state="available")
identity = aws.get_caller_identity()

servers = [
    aws.ec2.Instance(
        f"server-{index}",
        ami=ami.id,
        instance_type=config.require("instanceType"),
        availability_zone=zone,
        tags={"Name": f"server-{index}", "account": identity.account_id},
    )
    for index, zone in enumerate(zones.names[:2])
]

pulumi.export("amiId", ami.id)
pulumi.export("account", identity.account_id)
pulumi.export("privateIps", [server.private_ip for server in servers])
