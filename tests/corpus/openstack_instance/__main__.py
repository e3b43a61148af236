"""A server from a looked-up image and flavor on the tenant's network, with a floating IP."""

import pulumi
import pulumi_openstack as openstack

image = openstack.images.get_image(name="ubuntu-24.04", most_recent=True)
flavor = openstack.compute.get_flavor(vcpus=4, ram=8192)
network = openstack.networking.get_network(name="tenant-net")
external = openstack.networking.get_network(name="public", external=True)

port = openstack.networking.Port("app", network_id=network.id, admin_state_up=True)
server = openstack.compute.Instance(
    "app",
    image_id=image.id,
    flavor_id=flavor.id,
    networks=[{"port": port.id}],
    metadata={"team": "ml"},
)
address = openstack.networking.FloatingIp("app", pool=external.name)
openstack.networking.FloatingIpAssociate("app", floating_ip=address.address, port_id=port.id)

pulumi.export("imageId", image.id)
pulumi.export("flavorId", flavor.id)
pulumi.export("networkId", network.id)
