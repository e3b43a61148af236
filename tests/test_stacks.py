"""Every stack's preview, as the issue's reviewer would check it: the network baseline of
each cloud it names, every resource inside a component, every resource on an explicit
provider (never a default one), pinned to the stack's own AWS account, and NAT egress that
survives the loss of a zone in production."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hap.fakes.ids import AWS_ACCOUNT_ID as FAKES_ACCOUNT
from hap.plan import Plan, PlannedResource
from hybrid_ai_platform.definition import load_stack_file

STACKS = ("dev", "staging", "prod")
NETWORK_BY_CLOUD = {
    "aws": "aws:ec2/vpc:Vpc",
    "azure": "azure-native:network:VirtualNetwork",
    "gcp": "gcp:compute/network:Network",
    "openstack": "openstack:networking/network:Network",
}


@pytest.mark.parametrize("stack", STACKS)
def test_every_resource_sits_in_a_component_on_an_explicit_provider(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    plan = plan_of(stack)
    components = {r.urn for r in plan.resources if r.is_component}
    providers = {r.urn for r in plan.resources if r.is_provider}
    custom = [r for r in plan.resources if r.custom and not r.is_provider]
    assert custom
    for resource in custom:
        assert resource.parent in components, f"{resource.urn} is not inside a component"
        assert resource.provider in providers, f"{resource.urn} uses {resource.provider}"
        assert "::default" not in (resource.provider or "")


def test_prod_has_the_network_baseline_of_all_four_clouds(plan_of: Callable[[str], Plan]) -> None:
    plan = plan_of("prod")
    for cloud, network_type in NETWORK_BY_CLOUD.items():
        assert plan.of_type(network_type), f"no {cloud} network ({network_type}) in prod"


def test_dev_spans_two_clouds_with_a_gpu_cluster(plan_of: Callable[[str], Plan]) -> None:
    plan = plan_of("dev")
    assert plan.of_type("aws:ec2/vpc:Vpc") and plan.of_type("gcp:compute/network:Network")
    gpu_groups = [
        r
        for r in plan.of_type("aws:eks/nodeGroup:NodeGroup")
        if r.inputs.get("amiType") == "AL2023_x86_64_NVIDIA"
    ]
    assert gpu_groups


def _aws_account(stack: str) -> str:
    env = load_stack_file(Path(__file__).parents[1] / "stacks" / f"Pulumi.{stack}.yaml")
    assert env.accounts.aws is not None
    return env.accounts.aws.account_id


# The account field of an ARN (`arn:aws:kms:us-east-1:410987654321:key/...`). S3 and
# Route 53 ARNs carry none; "aws" is AWS's own (managed policies).
_ARN = re.compile(r"arn:aws[a-z-]*:(?P<service>[a-z0-9-]+):[a-z0-9-]*:(?P<account>[^:/\"]*):")
_ACCOUNTLESS = {"s3", "route53"}


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    """(key, text) of every string inside an input, JSON documents (policies) opened."""
    if isinstance(value, dict):
        for key, item in value.items():
            for inner_key, text in _strings(item):
                yield inner_key or key, text
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        if value[:1] in "{[":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        yield "", value


def _accounts_written(resource: PlannedResource) -> Iterator[str]:
    for key, text in _strings(dict(resource.inputs)):
        if key == "aws:SourceAccount":
            yield text
        for arn in _ARN.finditer(text):
            if arn["service"] not in _ACCOUNTLESS and arn["account"] != "aws":
                yield arn["account"]


@pytest.mark.parametrize("stack", STACKS)
def test_aws_resources_name_the_stacks_own_account(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    """The stack file's account reaches the provider's allowedAccountIds (so a `pulumi up`
    with another account's credentials stops) and every key policy, trust condition and
    ARN the program writes; an empty or other id in any of them is a different account."""
    plan = plan_of(stack)
    account = _aws_account(stack)
    providers = plan.of_type("pulumi:providers:aws")
    assert providers
    for provider in providers:
        assert json.loads(provider.inputs["allowedAccountIds"]) == [account], provider.name
    written = {
        found
        for resource in plan.resources
        if resource.type.startswith("aws:")
        for found in _accounts_written(resource)
    }
    # The fakes' account stands for ARNs AWS returns (a role's or key's own ARN).
    assert written - {FAKES_ACCOUNT} == {account}


def _default_routes(plan: Plan, vpc_id: str) -> dict[str, PlannedResource]:
    """Each subnet of the VPC -> the 0.0.0.0/0 route of the table it is associated with."""
    tables = {t.id for t in plan.of_type("aws:ec2/routeTable:RouteTable")
              if t.inputs["vpcId"] == vpc_id}  # fmt: skip
    routes = {
        r.inputs["routeTableId"]: r
        for r in plan.of_type("aws:ec2/route:Route")
        if r.inputs.get("destinationCidrBlock") == "0.0.0.0/0"
        and r.inputs["routeTableId"] in tables
    }
    return {
        a.inputs["subnetId"]: routes[a.inputs["routeTableId"]]
        for a in plan.of_type("aws:ec2/routeTableAssociation:RouteTableAssociation")
        if a.inputs["routeTableId"] in routes
    }


def _nat_egress(plan: Plan) -> dict[str, dict[str, str]]:
    """Per VPC: the zone of each subnet that reaches the internet through a NAT gateway ->
    the zone of that NAT gateway."""
    subnets = {s.id: s for s in plan.of_type("aws:ec2/subnet:Subnet")}
    nats = {n.id: n for n in plan.of_type("aws:ec2/natGateway:NatGateway")}
    egress: dict[str, dict[str, str]] = {}
    for vpc in plan.of_type("aws:ec2/vpc:Vpc"):
        assert vpc.id is not None
        zones: dict[str, str] = {}
        for subnet_id, route in _default_routes(plan, vpc.id).items():
            nat = nats.get(route.inputs.get("natGatewayId", ""))
            if nat is not None:
                nat_subnet = subnets[nat.inputs["subnetId"]]
                zones[subnets[subnet_id].inputs["availabilityZone"]] = nat_subnet.inputs[
                    "availabilityZone"
                ]
        egress[vpc.name] = zones
    return egress


def test_prod_private_subnets_leave_through_a_nat_gateway_in_their_own_zone(
    plan_of: Callable[[str], Plan],
) -> None:
    """Production's NAT strategy is one gateway per zone: losing a zone (or its gateway)
    cuts no other zone's egress."""
    egress = _nat_egress(plan_of("prod"))
    assert egress
    for vpc, zones in egress.items():
        assert len(zones) == 3, vpc
        assert all(nat_zone == zone for zone, nat_zone in zones.items()), (vpc, zones)


@pytest.mark.parametrize("stack", ["dev", "staging"])
def test_other_tiers_share_one_nat_gateway_per_network(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    """A single gateway costs a third; a zone outage there is acceptable."""
    egress = _nat_egress(plan_of(stack))
    assert egress
    for vpc, zones in egress.items():
        assert len(zones) >= 2, vpc
        assert len(set(zones.values())) == 1, (vpc, zones)
