"""Two routed tenant networks behind the cloud's external network (looked up)."""

import pulumi
import pulumi_openstack as openstack
from network import TenantNetwork

public = openstack.networking.get_network(name="public", external=True)
apps = TenantNetwork("apps", "10.20.0.0/24", public.id)
data = TenantNetwork("data", "10.30.0.0/24", public.id)

pulumi.export("externalNetworkId", public.id)
pulumi.export("appsSubnet", apps.subnet.id)
pulumi.export("dataCidr", data.subnet.cidr)
