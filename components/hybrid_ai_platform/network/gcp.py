"""`GcpNetwork`: the VPC network and subnetwork a GKE cluster runs in.

A custom-mode network with one regional subnetwork: the primary range for nodes and two
secondary ranges (pods, services) for a VPC-native cluster. Nodes have no external IPs;
Cloud NAT gives them egress and Private Google Access reaches Google APIs without it.

None of these resources take labels in the GCP API, so the environment's tags do not
appear here; the cluster and its node pools carry them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.network.plan import gcp_layout
from hybrid_ai_platform.options import child_options

TYPE = "hybrid:gcp:Network"

# Secondary range names, unique within the subnetwork; the GKE cluster refers to them in
# its `ip_allocation_policy`.
PODS_RANGE_NAME = "pods"
SERVICES_RANGE_NAME = "services"


@dataclass(frozen=True)
class GcpNetworkArgs:
    """What a `GcpNetwork` needs; plain values, because they shape the resource graph."""

    # Physical base name, e.g. `<environment>-<cluster>`; every GCP name starts with it.
    name: str
    # The network's private range (/16 to /20), carved by `plan.gcp_layout` into the node
    # range and the pods and services secondary ranges.
    cidr: str
    # Region of the subnetwork, router and NAT, e.g. `us-central1`.
    region: str
    # The tier's `protect` (`hybrid_ai_platform.tiers`): the network and the subnetwork the
    # cluster lives in; replacing either takes the cluster down.
    protect: bool = False


class GcpNetwork(pulumi.ComponentResource):
    """Custom-mode network, a subnetwork with pod/service ranges, Cloud Router and NAT."""

    network_id: pulumi.Output[str]
    network_self_link: pulumi.Output[str]
    network_name: pulumi.Output[str]
    subnetwork_id: pulumi.Output[str]
    subnetwork_self_link: pulumi.Output[str]
    subnetwork_name: pulumi.Output[str]
    pods_range_name: str
    services_range_name: str

    def __init__(
        self,
        name: str,
        args: GcpNetworkArgs,
        provider: gcp.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        layout = gcp_layout(args.cidr)
        self._cloud_provider = provider

        vpc = gcp.compute.Network(
            f"{name}-network",
            name=physical_name(args.name, "vpc"),
            # Custom mode: auto mode would add a subnetwork in every region from
            # 10.128.0.0/9, overlapping other networks of the estate.
            auto_create_subnetworks=False,
            # Cloud Routers learn and advertise routes in their own region only.
            routing_mode="REGIONAL",
            opts=self._opts(protect=args.protect),
        )
        subnetwork = gcp.compute.Subnetwork(
            f"{name}-subnetwork",
            name=physical_name(args.name, "nodes"),
            network=vpc.id,
            region=args.region,
            ip_cidr_range=layout.nodes,
            secondary_ip_ranges=[
                gcp.compute.SubnetworkSecondaryIpRangeArgs(
                    range_name=PODS_RANGE_NAME, ip_cidr_range=layout.pods
                ),
                gcp.compute.SubnetworkSecondaryIpRangeArgs(
                    range_name=SERVICES_RANGE_NAME, ip_cidr_range=layout.services
                ),
            ],
            # Nodes without external IPs still reach Google APIs (Artifact Registry,
            # Cloud Storage, Logging).
            private_ip_google_access=True,
            # VPC flow logs, at the API's documented defaults made explicit: 5-second
            # aggregation, half of the flows sampled, all metadata.
            log_config=gcp.compute.SubnetworkLogConfigArgs(
                aggregation_interval="INTERVAL_5_SEC",
                flow_sampling=0.5,
                metadata="INCLUDE_ALL_METADATA",
            ),
            opts=self._opts(protect=args.protect),
        )
        router = gcp.compute.Router(
            f"{name}-router",
            name=physical_name(args.name, "router"),
            network=vpc.id,
            region=args.region,
            opts=self._opts(),
        )
        gcp.compute.RouterNat(
            f"{name}-nat",
            name=physical_name(args.name, "nat"),
            router=router.name,
            region=args.region,
            # Google allocates and scales the NAT addresses.
            nat_ip_allocate_option="AUTO_ONLY",
            # Pods and nodes both egress through NAT.
            source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
            # Errors only: dropped connections (port exhaustion) without logging every flow.
            log_config=gcp.compute.RouterNatLogConfigArgs(enable=True, filter="ERRORS_ONLY"),
            opts=self._opts(),
        )

        self.network_id = vpc.id
        self.network_self_link = vpc.self_link
        self.network_name = vpc.name
        self.subnetwork_id = subnetwork.id
        self.subnetwork_self_link = subnetwork.self_link
        self.subnetwork_name = subnetwork.name
        self.pods_range_name = PODS_RANGE_NAME
        self.services_range_name = SERVICES_RANGE_NAME
        self.register_outputs(
            {
                "network_id": self.network_id,
                "network_self_link": self.network_self_link,
                "network_name": self.network_name,
                "subnetwork_id": self.subnetwork_id,
                "subnetwork_self_link": self.subnetwork_self_link,
                "subnetwork_name": self.subnetwork_name,
                "pods_range_name": self.pods_range_name,
                "services_range_name": self.services_range_name,
            }
        )

    def _opts(self, *, protect: bool = False) -> pulumi.ResourceOptions:
        # `protect`: the tier's, for what cannot be replaced without an outage.
        return child_options(self, self._cloud_provider, protect=protect)
