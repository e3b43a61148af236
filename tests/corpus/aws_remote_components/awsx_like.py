"""What the generated SDK of a multi-language package (pulumi_awsx.ec2.Vpc) does: register
the component with `remote=True`, and let the provider plugin build its resources."""

import pulumi


class Vpc(pulumi.ComponentResource):
    def __init__(self, name: str, cidr_block: str, opts=None) -> None:
        props = {"cidr_block": cidr_block, "vpc_id": None, "private_subnet_ids": None}
        super().__init__("awsx:ec2:Vpc", name, props, opts, remote=True)

    @property
    @pulumi.getter(name="vpcId")
    def vpc_id(self) -> pulumi.Output[str]:
        return pulumi.get(self, "vpc_id")

    @property
    @pulumi.getter(name="privateSubnetIds")
    def private_subnet_ids(self) -> pulumi.Output[list]:
        return pulumi.get(self, "private_subnet_ids")
