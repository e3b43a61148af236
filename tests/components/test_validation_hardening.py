"""The definition's holes found by attacking it: address space added up, RFC 1918 only,
machine types per cloud, per-cloud list limits, MIG capacity in slices, and plaintext
credentials anywhere in the stack's config."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from hybrid_ai_platform.definition import load_definition, load_from_config
from hybrid_ai_platform.problems import DefinitionError, format_path
from hybrid_ai_platform.validation_network import addresses
from hybrid_ai_platform.validation_pools import mig_instances_per_gpu
from hybrid_ai_shared.catalog import load_catalog
from tests.components.test_definition import _stack_definition

KEY = "hybrid-ai-platform:environment"


def _problems(mutate: Callable[[dict[str, Any]], None], stack: str = "dev") -> dict[str, str]:
    raw = copy.deepcopy(_stack_definition(stack))
    mutate(raw)
    try:
        load_definition(raw, f"stacks/Pulumi.{stack}.yaml")
    except DefinitionError as error:
        return {format_path(p.path): p.message for p in error.problems}
    return {}


def _network(cidr: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        raw["clusters"][0]["networkCidr"] = cidr

    return mutate


@pytest.mark.parametrize(
    "cidr",
    ["127.0.0.0/16", "169.254.0.0/16", "0.0.0.0/16", "198.18.0.0/16", "240.0.0.0/16",
     "100.64.0.0/16", "192.0.0.0/16", "8.8.0.0/16"],
)  # fmt: skip
def test_a_network_outside_rfc1918_is_refused(cidr: str) -> None:
    problems = _problems(_network(cidr))
    assert (
        "must be a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"
        in (problems["environment.clusters[0].networkCidr"])
    )


@pytest.mark.parametrize("cidr", ["10.200.0.0/16", "172.31.0.0/16", "192.168.0.0/16"])
def test_every_rfc1918_range_is_accepted(cidr: str) -> None:
    assert _problems(_network(cidr)) == {}


def _authorized(*cidrs: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        raw["clusters"][1]["privateEndpoint"] = False
        raw["clusters"][1]["authorizedCidrs"] = list(cidrs)

    return mutate


def test_authorized_ranges_are_added_up_not_matched_as_text() -> None:
    assert addresses(["0.0.0.0/1", "128.0.0.0/1"]) == 2**32
    assert addresses(["10.0.0.0/24", "10.0.0.0/25"]) == 256  # overlaps counted once
    split = _problems(_authorized("0.0.0.0/1", "128.0.0.0/1"))
    assert (
        "together cover 4,294,967,296 addresses" in split["environment.clusters[1].authorizedCidrs"]
    )
    wide = _problems(_authorized("203.0.0.0/15"))
    assert "at most 65,536 (a /16)" in wide["environment.clusters[1].authorizedCidrs"]
    assert _problems(_authorized("203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24")) == {}


def test_gke_takes_50_authorised_networks_and_no_more() -> None:
    fifty = [f"203.0.{i}.0/28" for i in range(50)]
    assert _problems(_authorized(*fifty)) == {}
    problems = _problems(_authorized(*fifty, "203.0.50.0/28"))
    assert problems["environment.clusters[1].authorizedCidrs"] == (
        "has 51 entries; gcp accepts at most 50"
    )


def test_eks_takes_40_public_access_cidrs_and_no_more() -> None:
    # EKS service quota "Public endpoint access CIDR ranges per cluster": 40, not adjustable.
    def public(*cidrs: str) -> Callable[[dict[str, Any]], None]:
        def mutate(raw: dict[str, Any]) -> None:
            raw["clusters"][0]["privateEndpoint"] = False
            raw["clusters"][0]["authorizedCidrs"] = list(cidrs)
            # The deploy runner leaves through one of the admitted ranges.
            raw["clusters"][0]["deployAccess"] = {
                "path": "restricted-public-endpoint",
                "runnerCidrs": [cidrs[0]],
            }

        return mutate

    forty = [f"198.51.{i}.0/28" for i in range(40)]
    assert _problems(public(*forty)) == {}
    problems = _problems(public(*forty, "198.51.40.0/28"))
    assert problems == {
        "environment.clusters[0].authorizedCidrs": "has 41 entries; aws accepts at most 40"
    }


def test_the_runners_egress_ranges_count_towards_the_endpoints_limit() -> None:
    def public(runner: str) -> Callable[[dict[str, Any]], None]:
        def mutate(raw: dict[str, Any]) -> None:
            raw["clusters"][0]["privateEndpoint"] = False
            raw["clusters"][0]["authorizedCidrs"] = [f"198.51.{i}.0/28" for i in range(40)]
            raw["clusters"][0]["deployAccess"] = {
                "path": "restricted-public-endpoint",
                "runnerCidrs": [runner],
            }

        return mutate

    assert _problems(public("198.51.0.0/28")) == {}  # already admitted: still 40
    assert _problems(public("192.0.2.10/32")) == {
        "environment.clusters[0].deployAccess.runnerCidrs": (
            "with authorizedCidrs, has 41 entries; aws accepts at most 40"
        )
    }


def test_cpu_machine_types_come_from_the_catalog_of_the_clusters_cloud() -> None:
    def machine(value: str) -> Callable[[dict[str, Any]], None]:
        def mutate(raw: dict[str, Any]) -> None:
            raw["clusters"][0]["nodePools"][0]["machineType"] = value

        return mutate

    path = "environment.clusters[0].nodePools[0].machineType"
    assert "is a gcp machine type, not aws's" in _problems(machine("e2-standard-4"))[path]
    assert "not a catalogued aws CPU machine type" in _problems(machine("banana.huge"))[path]
    # A GPU machine in a CPU pool would get no GPU taint and no driver.
    assert "is a GPU machine" in _problems(machine("g4dn.xlarge"))[path]
    assert _problems(machine("m7i.xlarge")) == {}


@pytest.mark.parametrize(
    ("profile", "instances"),
    [("1g.10gb", 7), ("1g.20gb", 4), ("2g.20gb", 3), ("3g.40gb", 2), ("4g.40gb", 1),
     ("7g.80gb", 1)],
)  # fmt: skip
def test_mig_instances_per_gpu_follow_nvidias_table(profile: str, instances: int) -> None:
    profiles = load_catalog().accelerator("nvidia-a100-80gb").mig_profiles
    assert mig_instances_per_gpu(profile, profiles) == instances


def test_team_quota_on_a_mig_pool_counts_slices() -> None:
    # prod's Azure a100 pool: 4 nodes x 1 GPU x 2 slices of 3g.40gb, beside 10 x 1 x 4 T4
    # replicas and 8 Spot T4s: 56 schedulable GPUs. Counting one per MIG GPU gave 52.
    def quota(value: int) -> Callable[[dict[str, Any]], None]:
        def mutate(raw: dict[str, Any]) -> None:
            raw["clusters"][1]["teams"][0]["gpuQuota"] = value

        return mutate

    assert _problems(quota(56), "prod") == {}
    refused = _problems(quota(57), "prod")
    assert "schedules at most 56 GPUs" in refused["environment.clusters[1].teams[0].gpuQuota"]


def test_config_keys_of_this_project_other_than_environment_are_refused() -> None:
    config = {KEY: _stack_definition("dev"), "hybrid-ai-platform:envrionment": "{}"}
    with pytest.raises(DefinitionError) as caught:
        load_from_config(config, set(), "stacks/Pulumi.dev.yaml")
    (problem,) = caught.value.problems
    assert format_path(problem.path) == "config.hybrid-ai-platform:envrionment"
    assert "did you mean 'hybrid-ai-platform:environment'?" in problem.message


@pytest.mark.parametrize(
    ("key", "value", "what"),
    [
        ("aws:secretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "a credential ('secretKey')"),
        ("azure-native:clientSecret", "s3cr3t-value", "a credential ('clientSecret')"),
        ("other:bootstrap", "AKIAIOSFODNN7EXAMPLE", "an AWS access key id"),
        ("other:db", '{"url": "postgres://app:hunter2@db:5432/app"}', "a password inside a URL"),
    ],
)
def test_plaintext_credentials_anywhere_in_the_config_are_refused(
    key: str, value: str, what: str
) -> None:
    config = {KEY: _stack_definition("dev"), key: value}
    with pytest.raises(DefinitionError) as caught:
        load_from_config(config, set(), "stacks/Pulumi.dev.yaml")
    (problem,) = caught.value.problems
    assert format_path(problem.path).startswith(f"config.{key}")
    assert f"holds {what} in plain text" in problem.message
    assert "pulumi config set --secret" in problem.message
    # The same value set with --secret is encrypted in the stack file: accepted.
    assert load_from_config(config, {key}, "stacks/Pulumi.dev.yaml").name == "dev"


def test_references_to_a_secret_store_are_not_credentials() -> None:
    config = {
        KEY: _stack_definition("dev"),
        "other:dbPassword": "arn:aws:secretsmanager:us-east-1:1:secret:db",
        "other:tokenTtl": "3600",
    }
    assert load_from_config(config, set(), "stacks/Pulumi.dev.yaml").name == "dev"


@pytest.mark.parametrize("zone", ["eastus-1", "4", "0", "us-east-1a"])
def test_an_azure_zone_is_one_two_or_three(zone: str) -> None:
    # Azure numbers a region's availability zones 1 to 3; AKS rejects any other name only
    # when the cluster is created, after its network exists.
    def zones(raw: dict[str, Any]) -> None:
        raw["clusters"][1]["zones"] = ["1", zone]

    problems = _problems(zones, "prod")
    assert problems == {
        "environment.clusters[1].zones[1]": f"found '{zone}'; must be '1', '2' or '3'"
    }


def test_azure_zones_one_to_three_are_accepted() -> None:
    def zones(raw: dict[str, Any]) -> None:
        raw["clusters"][1]["zones"] = ["3", "1", "2"]

    assert _problems(zones, "prod") == {}


@pytest.mark.parametrize("cidr", ["127.16.0.0/16", "169.254.0.0/16"])
def test_the_private_cloud_network_is_refused_on_loopback_and_link_local(cidr: str) -> None:
    def network(raw: dict[str, Any]) -> None:
        raw["privateCloud"]["networkCidr"] = cidr

    problems = _problems(network, "prod")
    assert problems == {
        "environment.privateCloud.networkCidr": (
            f"found {cidr}; must be a private range inside 10.0.0.0/8, 172.16.0.0/12 or "
            "192.168.0.0/16 (RFC 1918)"
        )
    }


@pytest.mark.parametrize("account", ["", "   ", "41098765432", "4109876543210"])
def test_an_aws_account_id_is_twelve_digits(account: str) -> None:
    # The id becomes the provider's allowedAccountIds: an empty one pins nothing.
    def account_id(raw: dict[str, Any]) -> None:
        raw["accounts"]["aws"]["accountId"] = account

    problems = _problems(account_id, "prod")
    assert problems == {
        "environment.accounts.aws.accountId": (
            f"found '{account}'; must be a 12-digit AWS account id"
        )
    }
