"""A VM on the project's existing network and subnetwork, both looked up."""

import pulumi
import pulumi_gcp as gcp

project = gcp.organizations.get_project()
network = gcp.compute.get_network(name="shared")
subnet = gcp.compute.get_subnetwork(name="shared-europe", region="europe-west4")
image = gcp.compute.get_image(family="debian-12", project="debian-cloud")

vm = gcp.compute.Instance(
    "worker",
    machine_type="e2-standard-2",
    zone="europe-west4-a",
    boot_disk={"initialize_params": {"image": image.self_link}},
    network_interfaces=[{"network": network.self_link, "subnetwork": subnet.self_link}],
    labels={"team": "data"},
)

pulumi.export("projectNumber", project.number)
pulumi.export("subnetRange", subnet.ip_cidr_range)
pulumi.export("vmName", vm.name)
