"""The network components as a preview shows them: the fixture project
`tests/fixtures/networks` (one network per cloud, two on AWS) run once through the
credential-free engine; every test reads that one plan."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from hap.engine import run_program
from hap.plan import Plan, PlannedResource
from hybrid_ai_platform.network.aws import AwsNetworkArgs
from hybrid_ai_platform.tags import REQUIRED_KEYS
from hybrid_ai_platform.tiers import TIER_SETTINGS

FIXTURE = Path(__file__).parents[1] / "fixtures" / "networks"
STACK_URN_PREFIX = "urn:pulumi:test::hap-networks::"
PROVIDERS = {
    "train-network": "pulumi:providers:aws::aws-eu-west-1",
    "batch-network": "pulumi:providers:aws::aws-eu-west-1",
    "serve-network": "pulumi:providers:azure-native::azure",
    "tune-network": "pulumi:providers:gcp::gcp-us-central1",
    "lab-network": "pulumi:providers:openstack::openstack-regionone",
}
# Resource types whose API has no tags/labels argument at all.
UNTAGGABLE = {
    "aws:ec2/route:Route",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:iam/rolePolicy:RolePolicy",
    "azure-native:network:Subnet",
    "gcp:compute/network:Network",
    "gcp:compute/subnetwork:Subnetwork",
    "gcp:compute/router:Router",
    "gcp:compute/routerNat:RouterNat",
    "openstack:networking/routerInterface:RouterInterface",
}
ADMIN_PORTS = {22, 3389}


@pytest.fixture(scope="module")
def plan() -> Plan:
    return run_program(FIXTURE, "test")


def component(plan: Plan, name: str) -> PlannedResource:
    (found,) = [r for r in plan.resources if r.is_component and r.name == name]
    return found


def children(plan: Plan, name: str) -> tuple[PlannedResource, ...]:
    return plan.children(component(plan, name).urn)


def child(plan: Plan, name: str, type_: str) -> PlannedResource:
    (found,) = [r for r in plan.of_type(type_) if r.name == name]
    return found


def of_type(plan: Plan, component_name: str, type_: str) -> dict[str, PlannedResource]:
    return {r.name: r for r in children(plan, component_name) if r.type == type_}


# --- every cloud -------------------------------------------------------------------------


def test_each_network_is_a_typed_component(plan):
    assert {name: component(plan, name).type for name in PROVIDERS} == {
        "train-network": "hybrid:aws:Network",
        "batch-network": "hybrid:aws:Network",
        "serve-network": "hybrid:azure:Network",
        "tune-network": "hybrid:gcp:Network",
        "lab-network": "hybrid:openstack:Network",
    }


def test_every_resource_is_parented_under_its_network_on_the_explicit_provider(plan):
    managed = [r for r in plan.resources if r.custom and not r.is_provider]
    components = {component(plan, name).urn: name for name in PROVIDERS}
    assert managed
    for resource in managed:
        assert resource.parent in components, f"{resource.urn} is not under a network"
        expected = STACK_URN_PREFIX + PROVIDERS[components[resource.parent]]
        assert resource.provider == expected, resource.urn
        assert "::default" not in (resource.provider or "")


def test_children_are_named_after_their_component(plan):
    for name in PROVIDERS:
        assert children(plan, name)
        for resource in children(plan, name):
            assert resource.name.startswith(f"{name}-"), resource.name


def test_every_taggable_resource_carries_the_platform_tags(plan):
    checked = 0
    for name in ("train-network", "batch-network", "serve-network", "lab-network"):
        for resource in children(plan, name):
            if resource.type in UNTAGGABLE:
                assert "tags" not in resource.inputs
                continue
            tags = resource.inputs.get("tags")
            assert tags, f"{resource.urn} has no tags"
            if isinstance(tags, list):  # Neutron: "key=value" strings
                tags = dict(tag.split("=", 1) for tag in tags)
            assert set(REQUIRED_KEYS) <= set(tags), resource.urn
            assert tags["component"] == name.removesuffix("-network")
            checked += 1
    assert checked > 30


def test_registered_outputs_are_the_public_attributes(plan):
    assert set(component(plan, "train-network").outputs) == {
        "vpc_id",
        "private_subnet_ids",
        "public_subnet_ids",
        "cidr",
    }
    assert set(component(plan, "serve-network").outputs) == {
        "resource_group_name",
        "location",
        "vnet_id",
        "nodes_subnet_id",
        "endpoints_subnet_id",
    }
    assert set(component(plan, "tune-network").outputs) == {
        "network_id",
        "network_self_link",
        "network_name",
        "subnetwork_id",
        "subnetwork_self_link",
        "subnetwork_name",
        "pods_range_name",
        "services_range_name",
    }
    assert set(component(plan, "lab-network").outputs) == {"network_id", "subnet_id", "router_id"}


# --- AWS ---------------------------------------------------------------------------------


def test_aws_subnets_by_zone_with_load_balancer_roles(plan):
    subnets = of_type(plan, "train-network", "aws:ec2/subnet:Subnet")
    vpc = child(plan, "train-network-vpc", "aws:ec2/vpc:Vpc")
    found = {
        name: (s.inputs["availabilityZone"], s.inputs["cidrBlock"]) for name, s in subnets.items()
    }
    assert found == {
        "train-network-private-eu-west-1a": ("eu-west-1a", "10.10.0.0/18"),
        "train-network-private-eu-west-1b": ("eu-west-1b", "10.10.64.0/18"),
        "train-network-private-eu-west-1c": ("eu-west-1c", "10.10.128.0/18"),
        "train-network-public-eu-west-1a": ("eu-west-1a", "10.10.192.0/20"),
        "train-network-public-eu-west-1b": ("eu-west-1b", "10.10.208.0/20"),
        "train-network-public-eu-west-1c": ("eu-west-1c", "10.10.224.0/20"),
    }
    for name, subnet in subnets.items():
        assert subnet.inputs["vpcId"] == vpc.id
        assert subnet.inputs["mapPublicIpOnLaunch"] is False
        role = "kubernetes.io/role/elb" if "-public-" in name else "kubernetes.io/role/internal-elb"
        assert subnet.inputs["tags"][role] == "1"
        assert subnet.inputs["tags"]["Name"] == name.replace("train-network", "fixture-train")
    assert vpc.inputs["cidrBlock"] == "10.10.0.0/16"
    assert vpc.inputs["enableDnsSupport"] is True
    assert vpc.inputs["enableDnsHostnames"] is True


def test_aws_production_has_a_nat_gateway_per_zone(plan):
    nats = of_type(plan, "train-network", "aws:ec2/natGateway:NatGateway")
    public = of_type(plan, "train-network", "aws:ec2/subnet:Subnet")
    assert sorted(nats) == [f"train-network-nat-eu-west-1{zone}" for zone in "abc"]
    for zone in "abc":
        nat = nats[f"train-network-nat-eu-west-1{zone}"]
        assert nat.inputs["subnetId"] == public[f"train-network-public-eu-west-1{zone}"].id
        route = child(plan, f"train-network-private-default-eu-west-1{zone}", "aws:ec2/route:Route")
        assert route.inputs["natGatewayId"] == nat.id
        assert route.inputs["destinationCidrBlock"] == "0.0.0.0/0"
    assert len(of_type(plan, "train-network", "aws:ec2/eip:Eip")) == 3


def test_aws_other_tiers_share_one_nat_gateway(plan):
    nats = of_type(plan, "batch-network", "aws:ec2/natGateway:NatGateway")
    assert list(nats) == ["batch-network-nat-eu-west-1a"]
    (nat,) = nats.values()
    eip = child(plan, "batch-network-nat-ip-eu-west-1a", "aws:ec2/eip:Eip")
    assert nat.inputs["allocationId"] == eip.id
    assert eip.inputs["domain"] == "vpc"
    routes = of_type(plan, "batch-network", "aws:ec2/route:Route")
    private = [r for name, r in routes.items() if "-private-" in name]
    assert len(private) == 2
    assert {r.inputs["natGatewayId"] for r in private} == {nat.id}


def test_aws_public_subnets_route_to_the_internet_gateway(plan):
    gateway = child(plan, "batch-network-igw", "aws:ec2/internetGateway:InternetGateway")
    table = child(plan, "batch-network-public-rt", "aws:ec2/routeTable:RouteTable")
    route = child(plan, "batch-network-public-default", "aws:ec2/route:Route")
    assert route.inputs["gatewayId"] == gateway.id
    assert route.inputs["routeTableId"] == table.id
    associations = of_type(
        plan, "batch-network", "aws:ec2/routeTableAssociation:RouteTableAssociation"
    )
    public = of_type(plan, "batch-network", "aws:ec2/subnet:Subnet")
    for zone in ("eu-west-1a", "eu-west-1b"):
        association = associations[f"batch-network-public-rta-{zone}"]
        assert association.inputs["routeTableId"] == table.id
        assert association.inputs["subnetId"] == public[f"batch-network-public-{zone}"].id


def test_aws_smaller_network_is_carved_relative_to_its_size(plan):
    subnets = of_type(plan, "batch-network", "aws:ec2/subnet:Subnet")
    assert {name: s.inputs["cidrBlock"] for name, s in subnets.items()} == {
        "batch-network-private-eu-west-1a": "10.20.0.0/22",
        "batch-network-private-eu-west-1b": "10.20.4.0/22",
        "batch-network-public-eu-west-1a": "10.20.12.0/24",
        "batch-network-public-eu-west-1b": "10.20.13.0/24",
    }


@pytest.mark.parametrize(("network", "days"), [("train-network", 365), ("batch-network", 30)])
def test_aws_flow_logs_reach_a_retained_log_group_through_a_scoped_role(plan, network, days):
    log_group = child(plan, f"{network}-flow-logs", "aws:cloudwatch/logGroup:LogGroup")
    flow_log = child(plan, f"{network}-flow-log", "aws:ec2/flowLog:FlowLog")
    role = child(plan, f"{network}-flow-logs-role", "aws:iam/role:Role")
    policy = child(plan, f"{network}-flow-logs-policy", "aws:iam/rolePolicy:RolePolicy")
    vpc = child(plan, f"{network}-vpc", "aws:ec2/vpc:Vpc")

    assert log_group.inputs["retentionInDays"] == days
    assert flow_log.inputs["vpcId"] == vpc.id
    assert flow_log.inputs["trafficType"] == "ALL"
    assert flow_log.inputs["logDestinationType"] == "cloud-watch-logs"
    assert flow_log.inputs["logDestination"] == log_group.outputs["arn"]
    assert flow_log.inputs["iamRoleArn"] == role.outputs["arn"]
    assert policy.urn in flow_log.dependencies

    (trust,) = json.loads(role.inputs["assumeRolePolicy"])["Statement"]
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert trust["Condition"]["StringEquals"] == {"aws:SourceAccount": "123456789012"}

    statements = json.loads(policy.inputs["policy"])["Statement"]
    arn = log_group.outputs["arn"]
    write = next(s for s in statements if "logs:PutLogEvents" in s["Action"])
    assert write["Resource"] == [arn, f"{arn}:*"]
    for statement in statements:
        actions = _as_list(statement["Action"])
        resources = _as_list(statement["Resource"])
        assert "*" not in actions and "*" not in resources, statement
        assert all(a.startswith("logs:") for a in actions)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def test_aws_args_refuse_a_retention_cloudwatch_does_not_offer():
    with pytest.raises(ValueError, match="not one of CloudWatch's values"):
        AwsNetworkArgs(
            name="x",
            cidr="10.0.0.0/16",
            region="eu-west-1",
            account_id="123456789012",
            zones=("eu-west-1a",),
            tags={},
            settings=replace(TIER_SETTINGS["dev"], log_retention_days=10),
        )


def test_aws_subnet_ids_reach_the_stack_by_zone(plan):
    private = of_type(plan, "train-network", "aws:ec2/subnet:Subnet")
    assert plan.outputs["trainPrivateSubnetIds"] == {
        zone: private[f"train-network-private-{zone}"].id
        for zone in ("eu-west-1a", "eu-west-1b", "eu-west-1c")
    }


# --- Azure -------------------------------------------------------------------------------


def test_azure_subnets_each_behind_their_own_security_group(plan):
    subnets = of_type(plan, "serve-network", "azure-native:network:Subnet")
    groups = of_type(plan, "serve-network", "azure-native:network:NetworkSecurityGroup")
    vnet = child(plan, "serve-network-vnet", "azure-native:network:VirtualNetwork")
    assert vnet.inputs["addressSpace"] == {"addressPrefixes": ["10.30.0.0/16"]}
    assert {name: s.inputs["addressPrefix"] for name, s in subnets.items()} == {
        "serve-network-nodes": "10.30.0.0/17",
        "serve-network-endpoints": "10.30.128.0/20",
    }
    for role in ("nodes", "endpoints"):
        subnet = subnets[f"serve-network-{role}"]
        group = groups[f"serve-network-{role}-nsg"]
        assert subnet.inputs["networkSecurityGroup"] == {"id": group.id}
        assert subnet.inputs["defaultOutboundAccess"] is False
        assert subnet.inputs["virtualNetworkName"] == vnet.outputs["name"]
    # Subnets of one VNet are written one at a time.
    assert subnets["serve-network-nodes"].urn in subnets["serve-network-endpoints"].dependencies


def test_azure_security_groups_deny_admin_ports_from_the_internet(plan):
    groups = of_type(plan, "serve-network", "azure-native:network:NetworkSecurityGroup")
    assert len(groups) == 2
    for group in groups.values():
        rules = group.inputs["securityRules"]
        deny = [r for r in rules if r["access"] == "Deny" and r["direction"] == "Inbound"]
        assert any(
            r["sourceAddressPrefix"] == "Internet"
            and ADMIN_PORTS.issubset(_ports(r))
            and r["priority"] <= min(x["priority"] for x in rules)
            for r in deny
        )
        for rule in rules:
            if rule["access"] == "Allow" and rule["direction"] == "Inbound":
                open_to_all = rule.get("sourceAddressPrefix") in ("*", "Internet", "0.0.0.0/0")
                assert not (open_to_all and ADMIN_PORTS & _ports(rule)), rule


def _ports(rule: dict[str, Any]) -> set[int]:
    ports: set[int] = set()
    for text in rule.get("destinationPortRanges") or [rule.get("destinationPortRange")]:
        if text == "*":
            return set(range(1, 65536))
        low, _, high = str(text).partition("-")
        ports |= set(range(int(low), int(high or low) + 1))
    return ports


def test_azure_nodes_egress_through_a_nat_gateway_with_a_static_ip(plan):
    nat = child(plan, "serve-network-nat", "azure-native:network:NatGateway")
    address = child(plan, "serve-network-nat-ip", "azure-native:network:PublicIPAddress")
    subnets = of_type(plan, "serve-network", "azure-native:network:Subnet")
    assert subnets["serve-network-nodes"].inputs["natGateway"] == {"id": nat.id}
    assert "natGateway" not in subnets["serve-network-endpoints"].inputs
    assert nat.inputs["sku"] == {"name": "Standard"}
    assert nat.inputs["publicIpAddresses"] == [{"id": address.id}]
    assert address.inputs["sku"] == {"name": "Standard", "tier": "Regional"}
    assert address.inputs["publicIPAllocationMethod"] == "Static"


def test_azure_everything_lives_in_the_networks_resource_group(plan):
    group = child(plan, "serve-network-rg", "azure-native:resources:ResourceGroup")
    assert group.inputs["location"] == "westeurope"
    for resource in children(plan, "serve-network"):
        if resource is not group:
            assert resource.inputs["resourceGroupName"] == group.outputs["name"], resource.urn


# --- GCP ---------------------------------------------------------------------------------


def test_gcp_custom_mode_network_with_pod_and_service_ranges(plan):
    network = child(plan, "tune-network-network", "gcp:compute/network:Network")
    subnetwork = child(plan, "tune-network-subnetwork", "gcp:compute/subnetwork:Subnetwork")
    assert network.inputs["autoCreateSubnetworks"] is False
    assert network.inputs["routingMode"] == "REGIONAL"
    assert subnetwork.inputs["network"] == network.id
    assert subnetwork.inputs["region"] == "us-central1"
    assert subnetwork.inputs["ipCidrRange"] == "10.40.0.0/20"
    ranges = {r["rangeName"]: r["ipCidrRange"] for r in subnetwork.inputs["secondaryIpRanges"]}
    assert ranges == {"pods": "10.40.32.0/19", "services": "10.40.16.0/21"}
    assert subnetwork.inputs["privateIpGoogleAccess"] is True
    assert subnetwork.inputs["logConfig"] == {
        "aggregationInterval": "INTERVAL_5_SEC",
        "flowSampling": 0.5,
        "metadata": "INCLUDE_ALL_METADATA",
    }
    outputs = component(plan, "tune-network").outputs
    assert (outputs["pods_range_name"], outputs["services_range_name"]) == ("pods", "services")


def test_gcp_cloud_nat_covers_every_range_and_logs_errors(plan):
    network = child(plan, "tune-network-network", "gcp:compute/network:Network")
    router = child(plan, "tune-network-router", "gcp:compute/router:Router")
    nat = child(plan, "tune-network-nat", "gcp:compute/routerNat:RouterNat")
    assert router.inputs["network"] == network.id
    assert nat.inputs["router"] == router.outputs["name"]
    assert nat.inputs["region"] == router.inputs["region"] == "us-central1"
    assert nat.inputs["natIpAllocateOption"] == "AUTO_ONLY"
    assert nat.inputs["sourceSubnetworkIpRangesToNat"] == "ALL_SUBNETWORKS_ALL_IP_RANGES"
    assert nat.inputs["logConfig"] == {"enable": True, "filter": "ERRORS_ONLY"}


# --- OpenStack ---------------------------------------------------------------------------


def test_openstack_subnet_spans_the_network_with_the_given_dns(plan):
    network = child(plan, "lab-network-network", "openstack:networking/network:Network")
    subnet = child(plan, "lab-network-subnet", "openstack:networking/subnet:Subnet")
    assert subnet.inputs["networkId"] == network.id
    assert subnet.inputs["cidr"] == "10.50.0.0/20"
    assert subnet.inputs["ipVersion"] == 4
    assert subnet.inputs["dnsNameservers"] == ["10.0.0.53", "10.0.1.53"]


def test_openstack_router_gateway_is_the_named_external_network(plan):
    (lookup,) = [i for i in plan.invokes if i.token == "openstack:networking/getNetwork:getNetwork"]
    assert lookup.args["name"] == "public"
    assert lookup.args["external"] is True
    assert lookup.provider == STACK_URN_PREFIX + PROVIDERS["lab-network"]
    router = child(plan, "lab-network-router", "openstack:networking/router:Router")
    subnet = child(plan, "lab-network-subnet", "openstack:networking/subnet:Subnet")
    interface = child(
        plan, "lab-network-router-interface", "openstack:networking/routerInterface:RouterInterface"
    )
    assert router.inputs["externalNetworkId"] == lookup.result["id"]
    assert interface.inputs["routerId"] == router.id
    assert interface.inputs["subnetId"] == subnet.id
