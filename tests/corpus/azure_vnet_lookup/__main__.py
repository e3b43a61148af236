"""A VM's network interface in a subnet of an existing hub network, found by lookup."""

import pulumi
from pulumi_azure_native import network, resources

config = pulumi.Config()
hub = network.get_virtual_network(
    resource_group_name=config.require("hubGroup"),
    virtual_network_name=config.require("hubNetwork"),
)
subnet = network.get_subnet(
    resource_group_name=config.require("hubGroup"),
    virtual_network_name=hub.name,
    subnet_name="workloads",
)
group = resources.ResourceGroup("vm")
nic = network.NetworkInterface(
    "vm",
    resource_group_name=group.name,
    ip_configurations=[{"name": "primary", "subnet": {"id": subnet.id}}],
)

pulumi.export("hubLocation", hub.location)
pulumi.export("subnetId", subnet.id)
pulumi.export("nicName", nic.name)
