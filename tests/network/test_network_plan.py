"""Zones and address plans: every range inside the network, none overlapping, aligned,
stable, for every allowed network size and any private base address."""

from __future__ import annotations

import ipaddress
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybrid_ai_platform.network.plan import (
    MAX_AWS_ZONES,
    aws_layout,
    aws_partition,
    azure_layout,
    default_zones,
    gcp_layout,
    openstack_subnet,
    openstack_tags,
    zones_for,
)

PRIVATE_BLOCKS = tuple(
    ipaddress.IPv4Network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
)


@st.composite
def networks(draw: st.DrawFn) -> str:
    """A /16../20 network at an aligned, random place inside a private block."""
    prefix = draw(st.integers(min_value=16, max_value=20))
    block = draw(st.sampled_from([b for b in PRIVATE_BLOCKS if b.prefixlen <= prefix]))
    slots = 1 << (prefix - block.prefixlen)
    slot = draw(st.integers(min_value=0, max_value=slots - 1))
    first = int(block.network_address) + slot * (1 << (32 - prefix))
    return str(ipaddress.IPv4Network((first, prefix)))


aws_zone_lists = st.lists(
    st.sampled_from([f"eu-west-1{letter}" for letter in "abcdef"]),
    min_size=1,
    max_size=MAX_AWS_ZONES,
    unique=True,
)


def _assert_carved(parent_cidr: str, ranges: dict[str, str]) -> None:
    parent = ipaddress.IPv4Network(parent_cidr)
    # strict=True rejects a range whose host bits are set: every range is aligned.
    subnets = {role: ipaddress.IPv4Network(cidr, strict=True) for role, cidr in ranges.items()}
    for role, subnet in subnets.items():
        assert subnet.subnet_of(parent), f"{role} {subnet} is outside {parent}"
    for (role_a, a), (role_b, b) in itertools.combinations(subnets.items(), 2):
        assert not a.overlaps(b), f"{role_a} {a} overlaps {role_b} {b}"


@settings(max_examples=60, deadline=None)
@given(networks(), aws_zone_lists, st.randoms())
def test_aws_subnets_fit_do_not_overlap_and_follow_zones(cidr, zones, random):
    layout = aws_layout(cidr, zones)
    _assert_carved(cidr, layout.ranges())
    assert set(layout.private) == set(layout.public) == set(zones)
    prefix = ipaddress.IPv4Network(cidr).prefixlen
    assert {ipaddress.IPv4Network(c).prefixlen for c in layout.private.values()} == {prefix + 2}
    assert {ipaddress.IPv4Network(c).prefixlen for c in layout.public.values()} == {prefix + 4}
    # The order zones are listed in moves nothing.
    shuffled = list(zones)
    random.shuffle(shuffled)
    assert aws_layout(cidr, shuffled) == layout


@settings(max_examples=60, deadline=None)
@given(networks(), aws_zone_lists)
def test_aws_public_subnets_live_in_the_last_quarter(cidr, zones):
    last_quarter = list(ipaddress.IPv4Network(cidr).subnets(prefixlen_diff=2))[3]
    layout = aws_layout(cidr, zones)
    for subnet in layout.public.values():
        assert ipaddress.IPv4Network(subnet).subnet_of(last_quarter)
    for subnet in layout.private.values():
        assert not ipaddress.IPv4Network(subnet).overlaps(last_quarter)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_azure_subnets_fit_and_do_not_overlap(cidr):
    layout = azure_layout(cidr)
    _assert_carved(cidr, layout.ranges())
    prefix = ipaddress.IPv4Network(cidr).prefixlen
    assert ipaddress.IPv4Network(layout.nodes).prefixlen == prefix + 1
    assert ipaddress.IPv4Network(layout.endpoints).prefixlen == prefix + 4
    assert azure_layout(cidr) == layout


@settings(max_examples=60, deadline=None)
@given(networks())
def test_gcp_ranges_fit_do_not_overlap_and_pods_get_the_most(cidr):
    layout = gcp_layout(cidr)
    _assert_carved(cidr, layout.ranges())
    sizes = {role: ipaddress.IPv4Network(c).num_addresses for role, c in layout.ranges().items()}
    assert sizes["pods"] > sizes["nodes"] > sizes["services"]
    assert gcp_layout(cidr) == layout


@settings(max_examples=30, deadline=None)
@given(networks())
def test_openstack_subnet_is_the_whole_network(cidr):
    assert openstack_subnet(cidr) == cidr


def test_documented_layouts_for_a_slash_16():
    aws = aws_layout("10.0.0.0/16", ("eu-west-1c", "eu-west-1a", "eu-west-1b"))
    assert dict(aws.private) == {
        "eu-west-1a": "10.0.0.0/18",
        "eu-west-1b": "10.0.64.0/18",
        "eu-west-1c": "10.0.128.0/18",
    }
    assert dict(aws.public) == {
        "eu-west-1a": "10.0.192.0/20",
        "eu-west-1b": "10.0.208.0/20",
        "eu-west-1c": "10.0.224.0/20",
    }
    assert azure_layout("10.0.0.0/16").ranges() == {
        "nodes": "10.0.0.0/17",
        "endpoints": "10.0.128.0/20",
    }
    assert gcp_layout("10.0.0.0/16").ranges() == {
        "nodes": "10.0.0.0/18",
        "services": "10.0.64.0/19",
        "pods": "10.0.128.0/17",
    }


def test_smallest_network_still_has_every_range():
    aws = aws_layout("172.16.16.0/20", ("us-east-1a", "us-east-1b", "us-east-1c"))
    assert aws.private["us-east-1c"] == "172.16.24.0/22"
    assert aws.public["us-east-1c"] == "172.16.30.0/24"
    assert gcp_layout("172.16.16.0/20").pods == "172.16.24.0/21"


def test_aws_rejects_more_zones_than_slots_and_repeated_zones():
    with pytest.raises(ValueError, match="1 to 3 zones, got 4"):
        aws_layout("10.0.0.0/16", [f"us-east-1{letter}" for letter in "abcd"])
    with pytest.raises(ValueError, match="1 to 3 zones, got 0"):
        aws_layout("10.0.0.0/16", [])
    with pytest.raises(ValueError, match="distinct"):
        aws_layout("10.0.0.0/16", ["us-east-1a", "us-east-1a"])


def test_layouts_reject_a_cidr_with_host_bits():
    with pytest.raises(ValueError, match="host bits"):
        azure_layout("10.0.0.1/16")


def test_default_zones_follow_each_clouds_convention():
    assert default_zones("aws", "us-east-1") == ("us-east-1a", "us-east-1b", "us-east-1c")
    assert default_zones("gcp", "us-central1") == (
        "us-central1-a",
        "us-central1-b",
        "us-central1-c",
    )
    assert default_zones("azure", "eastus") == ("1", "2", "3")
    assert default_zones("openstack", "RegionOne") == ("nova",)


def test_definition_zones_override_the_defaults_in_sorted_order():
    assert zones_for("aws", "us-east-1", ("us-east-1d", "us-east-1b")) == (
        "us-east-1b",
        "us-east-1d",
    )
    assert zones_for("aws", "us-east-1", None) == default_zones("aws", "us-east-1")


def test_partition_of_a_region():
    assert aws_partition("us-east-1") == "aws"
    assert aws_partition("cn-north-1") == "aws-cn"
    assert aws_partition("us-gov-west-1") == "aws-us-gov"


def test_openstack_tags_are_sorted_key_value_strings():
    assert openstack_tags({"tier": "prod", "owner": "ml"}) == ["owner=ml", "tier=prod"]

