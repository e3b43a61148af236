"""The environment definition: every stack is valid, and each kind of mistake is reported
with its path, what was found and what is allowed."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from hybrid_ai_platform.definition import load_definition, load_environment, load_stack_file
from hybrid_ai_platform.problems import DefinitionError, format_path

STACKS = Path(__file__).parents[2] / "stacks"
STACK_NAMES = ("dev", "staging", "prod")


def _stack_definition(stack: str) -> dict[str, Any]:
    document = yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())
    return document["config"]["hybrid-ai-platform:environment"]


@pytest.mark.parametrize("stack", STACK_NAMES)
def test_every_stack_file_is_a_valid_definition(stack: str) -> None:
    env = load_stack_file(STACKS / f"Pulumi.{stack}.yaml")
    assert env.name == stack
    assert env.tier == stack


def test_prod_spans_all_four_clouds_and_dev_at_least_two() -> None:
    prod = load_stack_file(STACKS / "Pulumi.prod.yaml")
    assert {c.cloud for c in prod.clusters} | {"openstack"} == {"aws", "azure", "gcp", "openstack"}
    assert prod.private_cloud is not None
    dev = load_stack_file(STACKS / "Pulumi.dev.yaml")
    assert len({c.cloud for c in dev.clusters}) >= 2


def _problems(mutate: Callable[[dict[str, Any]], None]) -> dict[str, str]:
    raw = copy.deepcopy(_stack_definition("dev"))
    mutate(raw)
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, "stacks/Pulumi.dev.yaml")
    assert str(caught.value).startswith("stacks/Pulumi.dev.yaml: ")
    return {format_path(p.path): p.message for p in caught.value.problems}


def _pool(raw: dict[str, Any], cluster: int = 0, pool: int = 1) -> dict[str, Any]:
    return raw["clusters"][cluster]["nodePools"][pool]


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """`_set("clusters.0.nodePools.1.max", 0)` for short cases."""

    def mutate(raw: dict[str, Any]) -> None:
        target: Any = raw
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target: Any = raw
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


def _rename(path: str, new_key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target: Any = raw
        *parents, last = path.split(".")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[new_key] = target.pop(last)

    return mutate


CLUSTER = "environment.clusters[0]"
POOL = f"{CLUSTER}.nodePools[1]"

INVALID_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    (
        "misspelled key",
        _rename("clusters.0.nodePools", "nodePool"),
        f"{CLUSTER}.nodePool",
        "unknown key 'nodePool'; did you mean 'nodePools'?",
    ),
    (
        "misspelled top-level key",
        _rename("costCenter", "costCentre"),
        "environment.costCentre",
        "did you mean 'costCenter'?",
    ),
    ("missing name", _delete("name"), "environment.name", "required key is missing"),
    (
        "min above max",
        _set("clusters.0.nodePools.1.min", 3),
        f"{POOL}.min",
        "found 3; must be at most max (2)",
    ),
    (
        "unknown cloud",
        _set("clusters.0.cloud", "oracle"),
        f"{CLUSTER}.cloud",
        "found 'oracle'; must be 'aws', 'azure', 'gcp' or 'openstack'",
    ),
    (
        "malformed CIDR",
        _set("clusters.0.networkCidr", "10.10.0.0/33"),
        f"{CLUSTER}.networkCidr",
        "is not an IPv4 CIDR",
    ),
    (
        "host bits set",
        _set("clusters.0.networkCidr", "10.10.0.1/16"),
        f"{CLUSTER}.networkCidr",
        "host bits",
    ),
    (
        "public network",
        _set("clusters.0.networkCidr", "8.8.0.0/16"),
        f"{CLUSTER}.networkCidr",
        "must be a private range",
    ),
    (
        "network too large",
        _set("clusters.0.networkCidr", "10.0.0.0/8"),
        f"{CLUSTER}.networkCidr",
        "found /8; must be between /16 and /20",
    ),
    (
        "overlapping networks",
        _set("clusters.1.networkCidr", "10.10.16.0/20"),
        "environment.clusters[1].networkCidr",
        "overlaps 10.10.0.0/16 of environment.clusters[0]",
    ),
    (
        "duplicate cluster name",
        _set("clusters.1.name", "lab"),
        "environment.clusters[1].name",
        "'lab' is already used by environment.clusters[0]",
    ),
    (
        "name not DNS-safe",
        _set("clusters.0.name", "Lab_1"),
        f"{CLUSTER}.name",
        "lowercase letters, digits and '-'",
    ),
    (
        "pool name too long for AKS",
        _set("clusters.0.nodePools.1.name", "gpu-pool-one"),
        f"{POOL}.name",
        "at most 12 characters (the AKS limit",
    ),
    (
        "accelerator typo",
        _set("clusters.0.nodePools.1.accelerator", "nvidia-a100-80g"),
        f"{POOL}.accelerator",
        "did you mean 'nvidia-a100-80gb'",
    ),
    (
        "accelerator missing on the cloud",
        _set("clusters.1.nodePools.1.accelerator", "nvidia-a10g"),
        "environment.clusters[1].nodePools[1].accelerator",
        "'nvidia-a10g' is not offered on gcp (only on aws); closest on gcp: nvidia-l4",
    ),
    (
        "GPU count not offered",
        _set("clusters.0.nodePools.1.gpusPerNode", 3),
        f"{POOL}.gpusPerNode",
        "found 3; aws offers nvidia-t4 with 1",
    ),
    (
        "sharing on a CPU pool",
        _set("clusters.0.nodePools.0.sharing", "mps"),
        f"{CLUSTER}.nodePools[0].sharing",
        "only a GPU pool",
    ),
    (
        "time-slicing without replicas",
        _delete("clusters.0.nodePools.1.sharingReplicas"),
        f"{POOL}.sharingReplicas",
        "required with sharing: time-slicing",
    ),
    (
        "MIG on a T4",
        _set("clusters.0.nodePools.1.sharing", "mig"),
        f"{POOL}.sharing",
        "nvidia-t4 does not support MIG",
    ),
    (
        "both accelerator and machine type",
        _set("clusters.0.nodePools.1.machineType", "g4dn.xlarge"),
        POOL,
        "give exactly one of accelerator",
    ),
    (
        "no system pool",
        _set("clusters.0.nodePools.0.min", 0),
        f"{CLUSTER}.nodePools",
        "needs an on-demand CPU pool (no accelerator, spot: false) with min >= 1",
    ),
    (
        "only a spot system pool",
        _set("clusters.0.nodePools.0.spot", True),
        f"{CLUSTER}.nodePools",
        "needs an on-demand CPU pool",
    ),
    (
        "repeated taint",
        _set(
            "clusters.0.nodePools.1.taints",
            [{"key": "team", "value": "a"}, {"key": "team", "value": "b"}],
        ),
        f"{POOL}.taints[1]",
        "repeats key 'team' with effect NoSchedule of taints[0]",
    ),
    (
        "quota above capacity",
        _set("clusters.0.teams.0.gpuQuota", 9),
        f"{CLUSTER}.teams[0].gpuQuota",
        "found 9; the cluster schedules at most 8 GPUs",
    ),
    (
        "public endpoint with no ranges",
        _set("clusters.0.privateEndpoint", False),
        f"{CLUSTER}.authorizedCidrs",
        "must be limited to authorizedCidrs",
    ),
    (
        "API open to the world",
        _set("clusters.1.authorizedCidrs", ["0.0.0.0/0"]),
        "environment.clusters[1].authorizedCidrs[0]",
        "list the office or VPN ranges",
    ),
    (
        "bad AWS region",
        _set("clusters.0.region", "useast1"),
        f"{CLUSTER}.region",
        "must be an AWS region such as us-east-1",
    ),
    (
        "zone outside the region",
        _set("clusters.0.zones", ["us-east-1a", "us-west-2b"]),
        f"{CLUSTER}.zones[1]",
        "must be us-east-1a-z",
    ),
    (
        "too many AWS zones",
        _set("clusters.0.zones", ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"]),
        f"{CLUSTER}.zones",
        "found 4; at most 3",
    ),
    (
        "team on a reserved namespace",
        _set("clusters.0.teams.0.name", "kube-system"),
        f"{CLUSTER}.teams[0].name",
        "found 'kube-system'; a team's namespace cannot be one of",
    ),
    (
        "missing account",
        _delete("accounts.gcp"),
        "environment.accounts.gcp",
        "required: environment.clusters[1] deploys to gcp",
    ),
    (
        "version as a number",
        _set("clusters.0.kubernetesVersion", 1.31),
        f"{CLUSTER}.kubernetesVersion",
        "found 1.31; must be a valid string",
    ),
    (
        "tag not valid as a GCP label",
        _set("tags.department", "Data Science"),
        "environment.tags.department",
        "a tag value valid on every cloud",
    ),
    (
        "bad label key",
        _set("clusters.0.nodePools.1.labels", {"bad key": "x"}),
        f"{POOL}.labels.bad key",
        "not a valid Kubernetes label key",
    ),
    (
        "unknown tier",
        _set("tier", "qa"),
        "environment.tier",
        "found 'qa'; must be 'dev', 'staging' or 'prod'",
    ),
    (
        "negative budget",
        _set("monthlyBudgetUsd", -5),
        "environment.monthlyBudgetUsd",
        "found -5; must be greater than 0",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [case[1:] for case in INVALID_CASES],
    ids=[case[0] for case in INVALID_CASES],
)
def test_invalid_definition_names_path_and_what_is_allowed(
    mutate: Callable[[dict[str, Any]], None], path: str, message: str
) -> None:
    problems = _problems(mutate)
    assert path in problems, f"no problem at {path}; got {problems}"
    assert message in problems[path]


def test_a_stack_must_say_what_it_may_cost() -> None:
    problems = _problems(lambda raw: raw.pop("monthlyBudgetUsd"))
    assert problems == {"environment.monthlyBudgetUsd": "required key is missing"}


def test_an_environment_that_is_no_stack_has_no_budget_to_give() -> None:
    """What the package's components validate: the stack's rules without its budget,
    which nothing they build reads, so it is neither required nor accepted."""
    raw = _stack_definition("dev")
    budget = raw.pop("monthlyBudgetUsd")
    assert load_environment(raw, "component").name == "dev"
    with pytest.raises(DefinitionError) as caught:
        load_environment({**raw, "monthlyBudgetUsd": budget}, "component")
    (problem,) = caught.value.problems
    assert format_path(problem.path) == "environment.monthlyBudgetUsd"
    assert problem.message.startswith("unknown key 'monthlyBudgetUsd'; allowed: accounts, ")
    assert "monthlyBudgetUsd," not in problem.message


def test_all_problems_are_reported_at_once() -> None:
    def two_mistakes(raw: dict[str, Any]) -> None:
        _set("clusters.0.nodePools.1.min", 5)(raw)
        _set("clusters.1.nodePools.1.accelerator", "nvidia-a10g")(raw)

    problems = _problems(two_mistakes)
    assert f"{POOL}.min" in problems
    assert "environment.clusters[1].nodePools[1].accelerator" in problems


def test_shape_errors_do_not_hide_rules_on_the_other_clusters() -> None:
    def shape_and_rule(raw: dict[str, Any]) -> None:
        _set("clusters.0.nodePools.1.max", 0)(raw)  # a shape error (max >= 1)
        _set("clusters.1.nodePools.1.accelerator", "nvidia-a10g")(raw)  # a catalog rule

    problems = _problems(shape_and_rule)
    assert f"{POOL}.max" in problems
    assert "not offered on gcp" in problems["environment.clusters[1].nodePools[1].accelerator"]


def test_errors_carry_the_line_in_the_stack_file() -> None:
    text = (STACKS / "Pulumi.dev.yaml").read_text().replace("max: 2\n", "max: 0\n", 1)
    raw = yaml.safe_load(text)["config"]["hybrid-ai-platform:environment"]
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, "stacks/Pulumi.dev.yaml", text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "max: 0" in row)
    assert f"(stacks/Pulumi.dev.yaml:{line})" in str(caught.value)


def test_a_definition_that_is_not_a_mapping_is_a_clear_error() -> None:
    with pytest.raises(DefinitionError) as caught:
        load_definition(["not", "a", "mapping"], "stacks/Pulumi.dev.yaml")
    (problem,) = caught.value.problems
    assert format_path(problem.path) == "environment"
    assert problem.message == "found ['not', 'a', 'mapping']; must be a mapping of keys to values"


@pytest.mark.parametrize("stack", STACK_NAMES)
def test_every_stack_disables_default_providers(stack: str) -> None:
    document = yaml.safe_load((STACKS / f"Pulumi.{stack}.yaml").read_text())
    assert document["config"]["pulumi:disable-default-providers"] == ["*"]
