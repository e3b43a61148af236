"""`OpenStackNetwork`: the private cloud's tenant network, routed to the provider network.

One Neutron network with one IPv4 subnet over the whole range, and a router whose external
gateway is the operator's provider network (looked up by name) and whose internal
interface is the subnet, so instances and Magnum clusters get SNAT egress.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.network.plan import openstack_subnet, openstack_tags
from hybrid_ai_platform.options import child_options

TYPE = "hybrid:openstack:Network"


@dataclass(frozen=True)
class OpenStackNetworkArgs:
    """What an `OpenStackNetwork` needs; plain values, because they shape the graph."""

    # Physical base name, e.g. `<environment>-private-cloud`; every Neutron name starts
    # with it.
    name: str
    # The tenant subnet's range (a private /16 to /20), used whole.
    cidr: str
    # OpenStack region of every resource, e.g. `RegionOne`.
    region: str
    # Name of the provider (external) network that routers take their gateway from.
    external_network: str
    # DNS servers handed out by the subnet's DHCP; empty: Neutron's own default.
    dns_nameservers: tuple[str, ...]
    # Tags, already layered by `hybrid_ai_platform.tags`; Neutron stores them as `key=value`.
    tags: Mapping[str, str]
    # The tier's `protect` (`hybrid_ai_platform.tiers`): the network and subnet instances and
    # clusters live in; replacing either is an outage.
    protect: bool = False


class OpenStackNetwork(pulumi.ComponentResource):
    """A Neutron network, its subnet, and a router to the external network."""

    network_id: pulumi.Output[str]
    subnet_id: pulumi.Output[str]
    router_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: OpenStackNetworkArgs,
        provider: openstack.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        self._cloud_provider = provider
        tags = openstack_tags(args.tags)

        # The output form of the invoke: it resolves inside the program's graph (and under
        # the credential-free preview's fakes) instead of blocking at construction.
        external = openstack.networking.get_network_output(
            name=args.external_network,
            external=True,
            region=args.region,
            opts=pulumi.InvokeOutputOptions(parent=self, provider=provider),
        )
        tenant = openstack.networking.Network(
            f"{name}-network",
            name=physical_name(args.name, "network"),
            region=args.region,
            admin_state_up=True,
            tags=tags,
            opts=self._opts(protect=args.protect),
        )
        subnet = openstack.networking.Subnet(
            f"{name}-subnet",
            name=physical_name(args.name, "subnet"),
            region=args.region,
            network_id=tenant.id,
            cidr=openstack_subnet(args.cidr),
            ip_version=4,
            enable_dhcp=True,
            dns_nameservers=list(args.dns_nameservers),
            tags=tags,
            opts=self._opts(protect=args.protect),
        )
        router = openstack.networking.Router(
            f"{name}-router",
            name=physical_name(args.name, "router"),
            region=args.region,
            admin_state_up=True,
            external_network_id=external.id,
            tags=tags,
            opts=self._opts(),
        )
        openstack.networking.RouterInterface(
            f"{name}-router-interface",
            region=args.region,
            router_id=router.id,
            subnet_id=subnet.id,
            opts=self._opts(),
        )

        self.network_id = tenant.id
        self.subnet_id = subnet.id
        self.router_id = router.id
        self.register_outputs(
            {
                "network_id": self.network_id,
                "subnet_id": self.subnet_id,
                "router_id": self.router_id,
            }
        )

    def _opts(self, *, protect: bool = False) -> pulumi.ResourceOptions:
        # `protect`: the tier's, for what cannot be replaced without an outage.
        return child_options(self, self._cloud_provider, protect=protect)
