"""Multi-language components (awsx, pulumi-eks): named, marked "not expanded", and never
passed by policy or priced at $0 as if they were empty."""

from __future__ import annotations

import pytest
from rich.console import Console

from hap.engine import run_program
from hap.plan import UNKNOWN, Plan
from hap.policy import LoadedPack, render_report, run_pack
from hap.render import render_plan
from hybrid_ai_shared.cost import estimate
from tests.hap.conftest import write_project

# What the generated SDK of a multi-language package does (pulumi_awsx.ec2.Vpc): register
# a component with `remote=True` and let the provider plugin build it.
PROGRAM = """
import pulumi
import pulumi_aws as aws


class Vpc(pulumi.ComponentResource):
    def __init__(self, name, opts=None):
        props = {"cidr_block": "10.0.0.0/16", "vpc_id": None, "private_subnet_ids": None}
        super().__init__("awsx:ec2:Vpc", name, props, opts, remote=True)

    @property
    @pulumi.getter(name="vpcId")
    def vpc_id(self):
        return pulumi.get(self, "vpc_id")


vpc = Vpc("network")
group = aws.ec2.SecurityGroup("web", vpc_id=vpc.vpc_id, tags={"team": "web"})
pulumi.export("vpcId", vpc.vpc_id)
"""
VPC_URN = "urn:pulumi:test::remote::awsx:ec2:Vpc::network"


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    project = write_project(
        tmp_path_factory.mktemp("remote") / "p", PROGRAM, "config: {}\n", name="remote"
    )
    return run_program(project, "test")


def test_the_component_is_marked_not_expanded_and_named_in_an_approximation(plan: Plan) -> None:
    (component,) = plan.not_expanded
    assert component.urn == VPC_URN
    marked = [r["urn"] for r in plan.to_json()["resources"] if r.get("notExpanded") is True]
    assert marked == [VPC_URN]
    (approximation,) = [a for a in plan.approximations if a.subject == VPC_URN]
    assert "awsx:ec2:Vpc is a multi-language component" in approximation.message
    assert "pulumi-resource-awsx" in approximation.message
    # What the plugin would compute is unknown, never a silent null.
    assert plan.outputs["vpcId"] is UNKNOWN


def test_the_tree_says_not_expanded(plan: Plan) -> None:
    console = Console(record=True, width=200, no_color=True)
    render_plan(plan, console)
    text = console.export_text()
    assert "awsx:ec2:Vpc network  [not expanded: multi-language component]" in text
    assert "multi-language component" in text


def test_cost_lists_it_as_unpriced_not_zero(plan: Plan) -> None:
    report = estimate(plan)
    (entry,) = [e for e in report.unpriced if e.urn == VPC_URN]
    assert "could not see inside" in entry.reason
    assert report.to_json()["unpricedCount"] >= 1


def test_policy_report_says_it_could_not_see_inside(plan: Plan, pack: LoadedPack) -> None:
    report = run_pack(plan, pack=pack)
    assert [entry.urn for entry in report.not_inspected] == [VPC_URN]
    assert report.to_json()["notInspected"][0]["type"] == "awsx:ec2:Vpc"
    console = Console(record=True, width=200, no_color=True)
    render_report(report, console)
    text = console.export_text()
    assert "✓" not in text
    assert "not inspected  awsx:ec2:Vpc network" in text


def test_a_program_without_remote_components_is_unchanged(minimal_plan: Plan) -> None:
    assert minimal_plan.not_expanded == ()
    assert all("notExpanded" not in r for r in minimal_plan.to_json()["resources"])
