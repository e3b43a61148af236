"""What `run_program` records for the minimal fixture project: the plan a user would see."""

from __future__ import annotations

import json
import re

import pytest

from hap.plan import UNKNOWN, Plan, Secret, reveal
from hap.project import secret_placeholder
from tests.hap.conftest import (
    BUCKET_URN,
    GUARDRAILS_URN,
    PROVIDER_URN,
    PUBLIC_ACCESS_URN,
    STACK_URN,
    STORAGE_URN,
)


def test_every_registration_is_recorded_with_its_type(minimal_plan: Plan) -> None:
    assert sorted((r.type, r.name) for r in minimal_plan.resources) == [
        ("aws:ec2/vpc:Vpc", "shared-vpc"),
        ("aws:iam/policy:Policy", "logs-reader"),
        ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "logs-guardrails-public-access"),
        ("aws:s3/bucketV2:BucketV2", "logs-bucket"),
        ("aws:ssm/parameter:Parameter", "logs-token"),
        ("minimal:index:Guardrails", "logs-guardrails"),
        ("minimal:index:Storage", "logs"),
        ("pulumi:providers:aws", "logs-aws"),
        ("pulumi:pulumi:Stack", "hap-minimal-test"),
    ]
    assert [r.urn for r in minimal_plan.resources] == sorted(r.urn for r in minimal_plan.resources)


def test_urns_carry_the_full_parent_type_chain_like_the_engine(minimal_plan: Plan) -> None:
    # The mock monitor keeps only the last parent type; the engine keeps the whole chain.
    nested = minimal_plan.resource(PUBLIC_ACCESS_URN)
    assert nested.parent == GUARDRAILS_URN
    assert minimal_plan.resource(GUARDRAILS_URN).parent == STORAGE_URN
    # Children of the root stack have no stack type in their URN.
    assert minimal_plan.resource(STORAGE_URN).parent == STACK_URN
    assert minimal_plan.stack_urn == STACK_URN
    assert minimal_plan.resource(STACK_URN).parent is None


def test_explicit_provider_is_referenced_by_urn(minimal_plan: Plan) -> None:
    provider = minimal_plan.resource(PROVIDER_URN)
    assert provider.is_provider and provider.custom
    assert provider.parent == STORAGE_URN
    assert provider.inputs["region"] == "eu-west-1"
    for urn in (BUCKET_URN, PUBLIC_ACCESS_URN):
        assert minimal_plan.resource(urn).provider == PROVIDER_URN
    assert minimal_plan.resource(STORAGE_URN).provider is None


def test_resource_options_are_recorded(minimal_plan: Plan) -> None:
    bucket = minimal_plan.resource(BUCKET_URN)
    assert bucket.protect and bucket.retain_on_delete
    # An alias is stored as the URN the engine resolves it to: same parent chain, old name.
    assert bucket.aliases == (BUCKET_URN.replace("::logs-bucket", "::logs-archive"),)
    assert not minimal_plan.resource(PUBLIC_ACCESS_URN).protect
    assert bucket.source_position is not None and bucket.source_position.startswith("__main__.py:")


def test_dependencies_are_urns(minimal_plan: Plan) -> None:
    block = minimal_plan.resource(PUBLIC_ACCESS_URN)
    assert block.dependencies == (BUCKET_URN,)
    assert block.property_dependencies["bucket"] == (BUCKET_URN,)


def test_fake_outputs_are_realistic_and_include_the_inputs(minimal_plan: Plan) -> None:
    bucket = minimal_plan.resource(BUCKET_URN)
    name = bucket.outputs["bucket"]
    assert name.startswith("minimal-logs")
    assert bucket.id == name
    assert bucket.outputs["arn"] == f"arn:aws:s3:::{name}"
    assert bucket.outputs["bucketRegionalDomainName"] == f"{name}.s3.eu-west-1.amazonaws.com"
    assert bucket.outputs["bucketPrefix"] == "minimal-logs"
    # The provider's default tags (owner: a Pulumi.yaml default) under the resource's own.
    assert bucket.outputs["tagsAll"] == {"owner": "data-team", "retention-days": "30"}


def test_unmodelled_type_gets_an_id_and_echoes_its_inputs(minimal_plan: Plan) -> None:
    block = minimal_plan.resource(PUBLIC_ACCESS_URN)
    assert block.id is not None
    assert re.fullmatch(r"logs-guardrails-public-access-[0-9a-f]{8}", block.id)
    assert block.outputs["blockPublicAcls"] is True
    assert block.outputs["bucket"] == minimal_plan.resource(BUCKET_URN).outputs["bucket"]


def test_apply_chains_run_over_fake_outputs(minimal_plan: Plan) -> None:
    domain = minimal_plan.resource(BUCKET_URN).outputs["bucketRegionalDomainName"]
    assert minimal_plan.outputs["url"] == f"https://{domain}/index.html"
    storage = minimal_plan.resource(STORAGE_URN)
    assert storage.outputs["url"] == minimal_plan.outputs["url"]
    assert storage.outputs["bucketArn"] == minimal_plan.resource(BUCKET_URN).outputs["arn"]


def test_invokes_are_recorded_and_their_results_flow_into_inputs(minimal_plan: Plan) -> None:
    [call] = minimal_plan.invokes
    assert call.token == "aws:iam/getPolicyDocument:getPolicyDocument"
    assert call.provider == PROVIDER_URN
    [reader] = minimal_plan.of_type("aws:iam/policy:Policy")
    policy = json.loads(reader.inputs["policy"])
    bucket_arn = minimal_plan.resource(BUCKET_URN).outputs["arn"]
    assert policy["Statement"] == [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"{bucket_arn}/*"}
    ]
    assert reader.dependencies == (BUCKET_URN,)


def test_secure_config_is_a_secret_everywhere_it_flows(minimal_plan: Plan) -> None:
    placeholder = secret_placeholder("hap-minimal:apiToken")
    assert minimal_plan.config["hap-minimal:apiToken"] == Secret(placeholder)
    assert minimal_plan.outputs["apiToken"] == Secret(placeholder)
    [parameter] = minimal_plan.of_type("aws:ssm/parameter:Parameter")
    assert isinstance(parameter.inputs["value"], Secret)
    assert reveal(parameter.inputs["value"]) == placeholder


def test_config_merges_project_defaults_and_keeps_structure(minimal_plan: Plan) -> None:
    assert minimal_plan.config["hap-minimal:owner"] == "data-team"
    assert minimal_plan.config["hap-minimal:retention"] == {
        "days": 30,
        "storageClasses": ["STANDARD_IA", "GLACIER"],
    }
    assert minimal_plan.config["pulumi:disable-default-providers"] == ["*"]
    assert minimal_plan.outputs["retentionDays"] == 30


def test_reads_are_external_with_typed_state_listed_as_approximated(minimal_plan: Plan) -> None:
    [vpc] = minimal_plan.of_type("aws:ec2/vpc:Vpc")
    assert vpc.external and vpc.id == "vpc-0a1b2c3d4e5f67890"
    # A real preview reads the real VPC: hap invents a typed state and says so.
    assert minimal_plan.outputs["sharedVpcCidr"] == "10.0.0.0/16"
    assert vpc.outputs["enableDnsSupport"] is False
    assert vpc.urn in {item.subject for item in minimal_plan.approximations}


def test_computed_outputs_no_fake_models_stay_unknown(minimal_plan: Plan) -> None:
    assert minimal_plan.outputs["tokenVersion"] is UNKNOWN


def test_plan_lookups(minimal_plan: Plan) -> None:
    assert [child.name for child in minimal_plan.children(GUARDRAILS_URN)] == [
        "logs-guardrails-public-access"
    ]
    assert {child.name for child in minimal_plan.children(STORAGE_URN)} == {
        "logs-aws",
        "logs-bucket",
        "logs-guardrails",
        "logs-reader",
        "logs-token",
    }
    assert minimal_plan.of_type("aws:eks/cluster:Cluster") == ()
    with pytest.raises(KeyError, match="no resource with URN"):
        minimal_plan.resource("urn:pulumi:test::hap-minimal::x:y:Z::missing")
