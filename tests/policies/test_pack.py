"""The pack as the Pulumi CLI loads it: its assembly, every rule's metadata, and the tables
the rules rely on checked against the provider SDKs."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest
from pulumi_policy import EnforcementLevel, PolicyResource, StackValidationPolicy

from hap.policy import LoadedPack
from hap.policy.harness import resource, run_policy, stack
from hybrid_ai_platform.tags import REQUIRED_KEYS
from hybrid_policies import pack as hybrid_pack
from hybrid_policies.common import taggable
from hybrid_policies.common.cost import NAME as BUDGET_RULE
from hybrid_policies.common.cost import EstimatorUnavailable
from hybrid_policies.rule import checkov_ids
from hybrid_policies.settings import DEFAULT_REQUIRED_TAGS

SDK_PACKAGES = ("pulumi_aws", "pulumi_azure_native", "pulumi_gcp", "pulumi_openstack")
NAME = re.compile(r"^(aws|azure|gcp|openstack|kubernetes|common)-[a-z0-9]+-[a-z0-9-]+$")


def test_the_pack_loads_like_the_cli_loads_it(pack: LoadedPack) -> None:
    assert pack.name == "hybrid-ai-platform"
    assert pack.version == "0.1.0"  # PulumiPolicy.yaml's, over the SDK's 0.0.1
    assert pack.enforcement_level == EnforcementLevel.ADVISORY
    assert len(pack.policies) >= 35
    assert len({policy.name for policy in pack.policies}) == len(pack.policies)


def test_every_rule_carries_its_metadata(pack: LoadedPack) -> None:
    for policy in pack.policies:
        assert NAME.match(policy.name), policy.name
        assert policy.description.endswith("."), policy.name
        assert policy.severity is not None, policy.name
        assert policy.enforcement_level in (EnforcementLevel.ADVISORY, EnforcementLevel.MANDATORY)
        assert policy.remediation_steps and "\n" not in policy.remediation_steps, policy.name
        assert policy.config_schema is not None, policy.name
        assert {policy.name.split("-")[0], policy.name.split("-")[1]} <= set(policy.tags or []), (
            policy.name
        )


def test_cluster_rules_cite_their_checkov_checks(pack: LoadedPack) -> None:
    cited = {policy.name: checkov_ids(policy) for policy in pack.policies}
    assert cited["aws-eks-endpoint-not-public"] == ("CKV_AWS_38", "CKV_AWS_39")
    assert cited["aws-eks-secrets-encrypted"] == ("CKV_AWS_58",)
    assert cited["aws-eks-control-plane-logging"] == ("CKV_AWS_37",)
    assert cited["azure-aks-local-accounts-disabled"] == ("CKV_AZURE_141",)
    assert cited["gcp-gke-private-nodes"] == ("CKV_GCP_64",)
    assert cited["gcp-gke-legacy-abac-disabled"] == ("CKV_GCP_7",)


def test_pack_defaults_to_the_platform_tag_keys() -> None:
    assert DEFAULT_REQUIRED_TAGS == REQUIRED_KEYS


def test_budget_rule_prices_with_the_estimator_it_is_given() -> None:
    priced: list[int] = []

    def estimate(resources: Sequence[PolicyResource]) -> float:
        priced.append(len(resources))
        return 1234.5

    [budget] = [p for p in hybrid_pack.policies(estimate) if p.name == BUDGET_RULE]
    assert isinstance(budget, StackValidationPolicy)
    plan = stack(
        [resource("aws:s3/bucket:Bucket")],
        config={"hybrid-ai-platform:environment": {"monthlyBudgetUsd": 1000}},
    )
    report = run_policy(budget, plan)
    assert [v.detail for v in report.violations] == [
        "estimated $1,234.50/month exceeds the budget of $1,000.00/month by $234.50"
    ]
    assert priced == [2]  # the bucket and the root stack

    def unavailable(resources: Sequence[PolicyResource]) -> float:
        raise EstimatorUnavailable("no estimator here")

    [budget] = [p for p in hybrid_pack.policies(unavailable) if p.name == BUDGET_RULE]
    report = run_policy(budget, plan)
    assert report.violations == ()
    assert [entry.reason for entry in report.not_applicable] == ["no estimator here"]
    assert run_policy(budget, stack([])).not_applicable[0].reason.startswith("no budget")


@cache
def _sdk_classes() -> dict[str, tuple[str, str]]:
    """type token -> (module, class), from each SDK's own resource registry."""
    table: dict[str, tuple[str, str]] = {}
    for package in SDK_PACKAGES:
        spec = importlib.util.find_spec(package)
        assert spec is not None and spec.origin is not None, package
        text = Path(spec.origin).read_text()
        registry = re.search(r'resource_modules="""(.*?)"""', text, re.S)
        assert registry is not None, package
        for entry in json.loads(registry.group(1)):
            for token, class_name in entry["classes"].items():
                table[token] = (entry["fqn"], class_name)
    return table


def _sdk_accepts(token: str, property_name: str) -> bool:
    module, class_name = _sdk_classes()[token]
    resource_class = getattr(importlib.import_module(module), class_name)
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", property_name).lower()
    return snake in inspect.signature(resource_class._internal_init).parameters


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        # The types the hand-written lists used to miss (issue 14), and the usual ones.
        ("aws:ecs/service:Service", "tags"),
        ("aws:lb/loadBalancer:LoadBalancer", "tags"),
        ("aws:redshift/cluster:Cluster", "tags"),
        ("aws:apigatewayv2/api:Api", "tags"),
        ("aws:s3/bucket:Bucket", "tags"),
        ("azure-native:network:VirtualNetwork", "tags"),
        ("openstack:networking/network:Network", "tags"),
        ("gcp:cloudfunctionsv2/function:Function", "labels"),
        ("gcp:container/cluster:Cluster", "resourceLabels"),
        # GCE `tags` are network tags, not labels.
        ("gcp:compute/instance:Instance", "labels"),
        # Not taggable: no such argument in the SDK.
        ("aws:ec2/route:Route", None),
        ("azure-native:network:Subnet", None),
        ("openstack:networking/routerInterface:RouterInterface", None),
        ("aws:s3/bucketVersioning:BucketVersioning", None),
        ("acme:widgets:Widget", None),
    ],
)
def test_taggable_is_read_from_the_sdk(token: str, expected: str | None) -> None:
    assert taggable.tag_property(token) == expected
    if expected is not None:
        assert token in _sdk_classes() and _sdk_accepts(token, expected)


def test_readme_lists_every_rule(pack: LoadedPack) -> None:
    readme = (Path(pack.directory) / "README.md").read_text()
    assert [policy.name for policy in pack.policies if f"`{policy.name}`" not in readme] == []


def test_tier_comes_from_the_pack_config_else_the_definition_else_nowhere(pack: LoadedPack) -> None:
    rule = pack.policy("aws-eks-gpu-node-group-scale-to-zero")
    pool = resource(
        "aws:eks/nodeGroup:NodeGroup",
        {"amiType": "AL2023_x86_64_NVIDIA", "scalingConfig": {"minSize": 1}},
    )
    definition = {"hybrid-ai-platform:environment": {"tier": "prod"}}
    assert run_policy(rule, stack([pool], config=definition)).violations == ()
    overridden = run_policy(rule, stack([pool], config=definition), {"tier": "dev"})
    assert [v.detail for v in overridden.violations] == [
        "GPU node group of 'nodegroup' has a minimum of 1 node(s) in a dev environment "
        "(scalingConfig.minSize must be 0)"
    ]
    unknown = run_policy(rule, stack([pool]))
    assert unknown.violations == ()
    assert [entry.reason for entry in unknown.not_applicable] == [
        "the tier is unknown: no environment definition and no `tier` config"
    ]
