"""One compliant and one violating stack per rule, run through the harness by
test_rules.py. Each `Case` names the rule, a stack built with `hap.policy.harness`, and for
violations a phrase the report must contain (what a user reads)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hap.plan import UNKNOWN, Plan, PlannedResource, Secret
from hap.policy.harness import component, provider, resource, stack

ENV_KEY = "hybrid-ai-platform:environment"
TAGS = {
    "cost-center": "cc-1",
    "environment": "dev",
    "managed-by": "pulumi",
    "owner": "team",
    "project": "hybrid-ai-platform",
}


@dataclass(frozen=True)
class Case:
    rule: str
    id: str
    target: Plan
    # Empty: the stack complies. Otherwise a phrase one of the rule's violations contains.
    expect: str = ""
    config: Mapping[str, Any] = field(default_factory=dict)

    @property
    def compliant(self) -> bool:
        return not self.expect


def env(tier: str = "dev", budget: float | None = None) -> dict[str, Any]:
    """Stack config with an environment definition (what the pack reads tier and budget from)."""
    definition: dict[str, Any] = {"name": "test", "tier": tier}
    if budget is not None:
        definition["monthlyBudgetUsd"] = budget
    return {ENV_KEY: definition}


def one(*resources: PlannedResource, tier: str = "dev", budget: float | None = None) -> Plan:
    return stack(resources, config=env(tier, budget))


AWS = provider("aws", {"region": "us-east-1"})
AWS_TOKYO = provider("aws", {"region": "ap-northeast-1"}, name="aws-tokyo")
AWS_DEFAULT_TAGS = provider(
    "aws",
    # Provider config objects arrive JSON-encoded, as the SDK sends them.
    {"region": "us-east-1", "defaultTags": '{"tags": {"cost-center": "cc-1", "environment": "dev", '
     '"managed-by": "pulumi", "owner": "team", "project": "p"}}'},
    name="aws-default-tags",
)  # fmt: skip
AZURE = provider("azure-native")
GCP = provider("gcp", {"project": "p", "region": "us-central1"})
GCP_EU = provider("gcp", {"project": "p", "region": "europe-west4"}, name="gcp-eu")
OPENSTACK = provider("openstack", {"region": "RegionOne"})
K8S = provider("kubernetes", {"kubeconfig": "{}"})


def aws(type_: str, inputs: Mapping[str, Any] | None = None, **options: Any) -> PlannedResource:
    options.setdefault("provider", AWS)
    return resource(type_, {"tags": TAGS, **(inputs or {})}, **options)


def azure(type_: str, inputs: Mapping[str, Any] | None = None, **options: Any) -> PlannedResource:
    return resource(
        type_, {"location": "eastus", "tags": TAGS, **(inputs or {})}, provider=AZURE, **options
    )


def gcp(type_: str, inputs: Mapping[str, Any] | None = None, **options: Any) -> PlannedResource:
    return resource(type_, {"location": "us-central1", **(inputs or {})}, provider=GCP, **options)


def openstack(
    type_: str, inputs: Mapping[str, Any] | None = None, **options: Any
) -> PlannedResource:
    return resource(type_, inputs or {}, provider=OPENSTACK, **options)


def k8s(type_: str, inputs: Mapping[str, Any] | None = None, **options: Any) -> PlannedResource:
    return resource(type_, inputs or {}, provider=options.pop("provider", K8S), **options)


__all__ = [
    "AWS",
    "AWS_DEFAULT_TAGS",
    "AWS_TOKYO",
    "AZURE",
    "GCP",
    "GCP_EU",
    "K8S",
    "OPENSTACK",
    "TAGS",
    "UNKNOWN",
    "Case",
    "Secret",
    "aws",
    "azure",
    "component",
    "env",
    "gcp",
    "k8s",
    "one",
    "openstack",
    "stack",
]
