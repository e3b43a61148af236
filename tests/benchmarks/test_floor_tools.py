"""The floor benchmark's own parts: a floor that registered something else would lie."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from hap.plan import Plan
from hybrid_ai_platform.definition import load_stack_file

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from floor import (  # noqa: E402
    Run,
    Shape,
    marginal_seconds,
    median_of,
    median_ratio,
    round_order,
)
from generate_stack import ENVIRONMENT_KEY, generated_stack, write_project  # noqa: E402
from replay import differences, plan_spelling, registration_order, sdk_module  # noqa: E402


def test_sdk_modules_of_each_provider() -> None:
    assert sdk_module("aws:ec2/vpc:Vpc") == "pulumi_aws.ec2"
    assert sdk_module("kubernetes:core/v1:Namespace") == "pulumi_kubernetes.core.v1"
    assert sdk_module("kubernetes:helm.sh/v3:Release") == "pulumi_kubernetes.helm.v3"
    assert sdk_module("azure-native:network:VirtualNetwork") == "pulumi_azure_native.network"
    assert sdk_module("gcp:container/cluster:Cluster") == "pulumi_gcp.container"
    assert sdk_module("pulumi:providers:aws") is None


def test_parents_and_dependencies_register_first() -> None:
    resources = [
        {"urn": "c", "type": "t", "parent": "b", "dependencies": ["a"]},
        {"urn": "b", "type": "t", "parent": None, "dependencies": [], "provider": "p"},
        {"urn": "a", "type": "t", "parent": None, "dependencies": []},
        {"urn": "p", "type": "pulumi:providers:aws", "parent": None, "dependencies": []},
    ]
    order = [resource["urn"] for resource in registration_order(resources)]
    assert order.index("a") < order.index("c")
    assert order.index("b") < order.index("c")
    assert order.index("p") < order.index("b")


def test_generated_clusters_are_copies_with_their_own_names_and_ranges(project_dir: Path) -> None:
    source = yaml.safe_load((project_dir / "stacks" / "Pulumi.dev.yaml").read_text())
    clusters = generated_stack(source, 3)["config"][ENVIRONMENT_KEY]["clusters"]
    template = source["config"][ENVIRONMENT_KEY]["clusters"][0]
    assert [c["name"] for c in clusters] == [f"{template['name']}-{i:03d}" for i in range(3)]
    assert len({c["networkCidr"] for c in clusters}) == 3
    assert all(c["nodePools"] == template["nodePools"] for c in clusters)


def test_the_largest_generated_stack_is_a_valid_definition(tmp_path: Path) -> None:
    """5,000 resources need every cluster the definition allows and teams on each; a
    generated stack the validator refused would measure an error message."""
    stack = write_project(tmp_path, "dev", 20, 40)
    environment = load_stack_file(tmp_path / "stacks" / f"Pulumi.{stack}.yaml")
    assert len(environment.clusters) == 20
    assert all(len(cluster.teams) >= 40 for cluster in environment.clusters)


@pytest.fixture(scope="module")
def replayed(
    plan_of: Callable[[str], Plan], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Any]]:
    """`replay.py`'s report on the dev plan, bare and typed with `--check`: two fresh
    interpreters, started together since each takes one core for seconds."""
    plan_file = tmp_path_factory.mktemp("floor") / "dev.json"
    plan_file.write_text(plan_of("dev").to_json_text())
    replay = [sys.executable, str(BENCHMARKS / "replay.py"), str(plan_file)]
    running = {
        "bare": subprocess.Popen(replay, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True),
        "typed": subprocess.Popen(
            [*replay, "--typed", "--check"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
    }
    reports = {}
    for kind, process in running.items():
        stdout, stderr = process.communicate()
        assert process.returncode == 0, stderr
        reports[kind] = json.loads(stdout)
    return reports


def test_the_floor_registers_every_resource_of_the_plan(
    plan_of: Callable[[str], Plan], replayed: dict[str, dict[str, Any]]
) -> None:
    stack_resources = 1
    assert replayed["bare"]["resources"] == len(plan_of("dev").resources) - stack_resources


def test_the_typed_floor_registers_what_the_plan_recorded_through_sdk_classes(
    plan_of: Callable[[str], Plan], replayed: dict[str, dict[str, Any]]
) -> None:
    """The typed floor is the one the ratio target is checked against: each resource must
    reach the mock through its SDK's class with the plan's own type, name and inputs."""
    plan = plan_of("dev")
    report = replayed["typed"]
    assert report["differences"] == []
    assert report["mismatches"] == 0
    custom = [r for r in plan.resources if r.custom]
    assert report["generated_classes"] == len(custom)
    assert report["untyped"] == 0


def test_a_replay_that_registers_other_inputs_is_caught() -> None:
    recorded = [
        {"type": "aws:ec2/vpc:Vpc", "name": "vpc", "inputs": {"cidrBlock": "10.0.0.0/16"}},
        {"type": "aws:s3/bucket:Bucket", "name": "logs", "inputs": {}},
    ]
    received = [("aws:ec2/vpc:Vpc", "vpc", {"cidrBlock": "10.1.0.0/16"})]
    assert differences(recorded, received) == [
        'aws:ec2/vpc:Vpc vpc: cidrBlock: recorded "10.0.0.0/16", received "10.1.0.0/16"',
        "aws:s3/bucket:Bucket logs: not received",
    ]


def test_received_values_are_compared_in_the_plans_spelling() -> None:
    import pulumi
    from pulumi.runtime import rpc

    secret = {rpc._special_sig_key: rpc._special_secret_sig, "value": {"key": "[secret]"}}
    received = {
        "count": 3.0,
        "code": pulumi.AssetArchive({"a.py": pulumi.FileAsset("/src/a.py")}),
        "settings": secret,
    }
    assert plan_spelling(received) == {
        "count": 3,
        "code": {"fn::assetArchive": {"a.py": {"fn::fileAsset": "/src/a.py"}}},
        "settings": {"key": "[secret]"},
    }


def test_sizes_from_one_mix_up_scale_clusters_at_the_same_teams_per_cluster() -> None:
    """The marginal time between two sizes must be that of the same kind of resources;
    sizes below one cluster of that mix take clusters first."""
    shape = Shape(fixed=20, per_cluster=80, per_team=5)
    assert shape.series([100, 1000, 2500, 5000]) == [(1, 0), (4, 34), (10, 34), (20, 34)]


def test_the_ratio_is_the_median_of_each_rounds_own_ratio() -> None:
    """A burst of other work slows one round's two processes alike: the round's ratio holds,
    where a ratio of separate medians would pair a slow hap with a fast floor."""
    hap = [Run(2.0, 100, 1.8), Run(4.0, 100, 3.0), Run(2.2, 100, 2.0)]
    typed = [Run(1.6, 90, 1.5), Run(3.2, 90, 2.5), Run(2.0, 90, 1.9)]
    assert median_ratio(hap, typed) == pytest.approx(1.25)  # 1.25, 1.25, 1.10
    assert median_ratio(hap, typed, cpu=True) == pytest.approx(1.2)  # 1.2, 1.2, 1.05
    assert median_of(hap) == Run(2.2, 100, 2.0)


def test_rounds_alternate_which_side_runs_first() -> None:
    assert round_order(0)[0] == "hap"
    assert round_order(1)[-1] == "hap"
    assert sorted(round_order(0)) == sorted(round_order(1))


def test_the_marginal_time_pairs_each_rounds_two_sizes() -> None:
    """A round slowed throughout moves both its sizes; the difference of separate medians
    would pair a fast smaller stack with a slow larger one."""
    low = [Run(3.0, 0, 3.0), Run(4.0, 0, 3.5), Run(2.5, 0, 2.5)]
    high = [Run(6.0, 0, 5.5), Run(7.2, 0, 6.0), Run(5.4, 0, 5.0)]
    assert marginal_seconds(low, high) == pytest.approx(3.0)  # 3.0, 3.2, 2.9
    assert marginal_seconds(low, high, cpu=True) == pytest.approx(2.5)  # 2.5, 2.5, 2.5
