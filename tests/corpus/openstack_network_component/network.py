"""A routed tenant network: network, subnet, and a router to the external network."""

import pulumi
import pulumi_openstack as openstack


class TenantNetwork(pulumi.ComponentResource):
    def __init__(self, name: str, cidr: str, external_network_id: str, opts=None) -> None:
        super().__init__("corpus:openstack:TenantNetwork", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.network = openstack.networking.Network(name, admin_state_up=True, opts=child)
        self.subnet = openstack.networking.Subnet(
            name, network_id=self.network.id, cidr=cidr, ip_version=4, opts=child
        )
        router = openstack.networking.Router(
            name, external_network_id=external_network_id, opts=child
        )
        openstack.networking.RouterInterface(
            name, router_id=router.id, subnet_id=self.subnet.id, opts=child
        )
        self.register_outputs({"networkId": self.network.id, "subnetId": self.subnet.id})
