"""`AzureNetwork`: the resource group and virtual network an AKS cluster runs in.

Two subnets, each behind its own network security group: `nodes` (egress through a NAT
gateway with a static public IP) and `endpoints` (private endpoints and the API server's
VNet integration). Neither has default outbound access: egress is explicit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import network

from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.network.plan import azure_layout
from hybrid_ai_platform.options import child_options

TYPE = "hybrid:azure:Network"

# SSH and RDP: the ports internet scanners try first. Nodes are debugged through the
# Kubernetes API (`kubectl debug node/...`), which needs neither.
ADMIN_PORTS = ("22", "3389")
# Lowest number = evaluated first: no allow rule added later at 101-4096 can open the
# admin ports to the internet.
DENY_ADMIN_PRIORITY = 100
# Azure name limits (Microsoft.Resources / Microsoft.Network naming rules).
RESOURCE_GROUP_NAME_LIMIT = 90
NETWORK_NAME_LIMIT = 64


@dataclass(frozen=True)
class AzureNetworkArgs:
    """What an `AzureNetwork` needs; plain values, because they shape the resource graph."""

    # Physical base name, e.g. `<environment>-<cluster>`; every Azure name starts with it.
    name: str
    # The VNet's address space (a private /16 to /20), carved by `plan.azure_layout`.
    cidr: str
    # Azure location of every resource, e.g. `eastus`.
    location: str
    # Tags for every taggable resource, already layered by `hybrid_ai_platform.tags`.
    tags: Mapping[str, str]
    # The tier's `protect` (`hybrid_ai_platform.tiers`): the resource group (deleting it deletes
    # everything in it, the cluster included), the VNet and the subnets the nodes and
    # private endpoints live in; replacing any of them is an outage.
    protect: bool = False


class AzureNetwork(pulumi.ComponentResource):
    """Resource group, VNet, `nodes` and `endpoints` subnets with NSGs, NAT egress."""

    resource_group_name: pulumi.Output[str]
    location: str
    vnet_id: pulumi.Output[str]
    nodes_subnet_id: pulumi.Output[str]
    endpoints_subnet_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: AzureNetworkArgs,
        provider: azure_native.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        layout = azure_layout(args.cidr)
        self._logical_name = name
        self._settings = args
        self._cloud_provider = provider
        tags = dict(args.tags)

        group = azure_native.resources.ResourceGroup(
            f"{name}-rg",
            resource_group_name=physical_name(
                args.name, "rg", max_length=RESOURCE_GROUP_NAME_LIMIT
            ),
            location=args.location,
            tags=tags,
            opts=self._lasting(),
        )
        vnet = network.VirtualNetwork(
            f"{name}-vnet",
            resource_group_name=group.name,
            virtual_network_name=self._physical("vnet"),
            location=args.location,
            address_space=network.AddressSpaceArgs(address_prefixes=[layout.cidr]),
            # No inline `subnets`: they are separate resources below, and azure-native
            # leaves a VNet's subnets alone when the property is absent
            # (pulumi/pulumi-azure-native#611).
            tags=tags,
            opts=self._lasting(),
        )
        nat = self._nat_gateway(group)
        nodes_nsg = self._security_group("nodes", group)
        endpoints_nsg = self._security_group("endpoints", group)
        nodes = network.Subnet(
            f"{name}-nodes",
            resource_group_name=group.name,
            virtual_network_name=vnet.name,
            subnet_name="nodes",
            address_prefix=layout.nodes,
            network_security_group=network.NetworkSecurityGroupArgs(id=nodes_nsg.id),
            nat_gateway=network.SubResourceArgs(id=nat.id),
            default_outbound_access=False,
            opts=self._lasting(),
        )
        endpoints = network.Subnet(
            f"{name}-endpoints",
            resource_group_name=group.name,
            virtual_network_name=vnet.name,
            subnet_name="endpoints",
            address_prefix=layout.endpoints,
            network_security_group=network.NetworkSecurityGroupArgs(id=endpoints_nsg.id),
            # Apply the NSG (and route tables) to private endpoints too; Azure skips
            # them by default.
            private_endpoint_network_policies=(
                network.VirtualNetworkPrivateEndpointNetworkPolicies.ENABLED
            ),
            default_outbound_access=False,
            # Azure rejects concurrent writes to subnets of one VNet
            # ("AnotherOperationInProgress", pulumi/pulumi-azure-native#699): one at a time.
            opts=self._lasting(nodes),
        )

        self.resource_group_name = group.name
        self.location = args.location
        self.vnet_id = vnet.id
        self.nodes_subnet_id = nodes.id
        self.endpoints_subnet_id = endpoints.id
        self.register_outputs(
            {
                "resource_group_name": self.resource_group_name,
                "location": self.location,
                "vnet_id": self.vnet_id,
                "nodes_subnet_id": self.nodes_subnet_id,
                "endpoints_subnet_id": self.endpoints_subnet_id,
            }
        )

    def _opts(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        return child_options(self, self._cloud_provider, depends_on=depends_on)

    def _lasting(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        """Options of what cannot be replaced without an outage: protected where the
        tier protects."""
        return child_options(
            self, self._cloud_provider, depends_on=depends_on, protect=self._settings.protect
        )

    def _physical(self, *role: str) -> str:
        return physical_name(self._settings.name, *role, max_length=NETWORK_NAME_LIMIT)

    def _nat_gateway(self, group: azure_native.resources.ResourceGroup) -> network.NatGateway:
        address = network.PublicIPAddress(
            f"{self._logical_name}-nat-ip",
            resource_group_name=group.name,
            public_ip_address_name=self._physical("nat-ip"),
            location=self._settings.location,
            # NAT gateways take only Standard, static IPv4 addresses.
            sku=network.PublicIPAddressSkuArgs(
                name=network.PublicIPAddressSkuName.STANDARD,
                tier=network.PublicIPAddressSkuTier.REGIONAL,
            ),
            public_ip_allocation_method=network.IPAllocationMethod.STATIC,
            public_ip_address_version=network.IPVersion.I_PV4,
            tags=dict(self._settings.tags),
            opts=self._opts(),
        )
        return network.NatGateway(
            f"{self._logical_name}-nat",
            resource_group_name=group.name,
            nat_gateway_name=self._physical("nat"),
            location=self._settings.location,
            sku=network.NatGatewaySkuArgs(name=network.NatGatewaySkuName.STANDARD),
            public_ip_addresses=[network.SubResourceArgs(id=address.id)],
            tags=dict(self._settings.tags),
            opts=self._opts(),
        )

    def _security_group(
        self, subnet: str, group: azure_native.resources.ResourceGroup
    ) -> network.NetworkSecurityGroup:
        """An NSG per subnet, so an endpoint rule never opens the nodes and vice versa.

        Azure's default rules already deny inbound internet traffic; the explicit deny of
        the admin ports stays in force whatever allow rules are added later."""
        return network.NetworkSecurityGroup(
            f"{self._logical_name}-{subnet}-nsg",
            resource_group_name=group.name,
            network_security_group_name=self._physical(subnet, "nsg"),
            location=self._settings.location,
            # Inline rules only: mixing them with separate SecurityRule resources makes
            # the two fight over the NSG's rule list.
            security_rules=[
                network.SecurityRuleArgs(
                    name="deny-internet-admin-inbound",
                    description="SSH and RDP are never reachable from the internet.",
                    priority=DENY_ADMIN_PRIORITY,
                    direction=network.SecurityRuleDirection.INBOUND,
                    access=network.SecurityRuleAccess.DENY,
                    protocol=network.SecurityRuleProtocol.ASTERISK,
                    source_address_prefix="Internet",
                    source_port_range="*",
                    destination_address_prefix="*",
                    destination_port_ranges=list(ADMIN_PORTS),
                )
            ],
            tags=dict(self._settings.tags),
            opts=self._opts(),
        )
