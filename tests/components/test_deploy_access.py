"""The deploy path rules: every cluster declares how the deploy job reaches its API server,
the path fits its endpoint and cloud, and the stack's one runner can take every path.
(The refusals as a user meets them, exit 2 with file and line: tests/hap/test_bad_input.py,
`deploy-*` cases.)"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from hybrid_ai_platform.definition import load_definition
from hybrid_ai_platform.problems import DefinitionError, format_path
from tests.components.test_definition import _stack_definition


def _problems(raw: dict[str, Any]) -> dict[str, str]:
    try:
        load_definition(raw, "stacks/Pulumi.prod.yaml")
    except DefinitionError as error:
        return {format_path(p.path): p.message for p in error.problems}
    return {}


def _prod() -> dict[str, Any]:
    return copy.deepcopy(_stack_definition("prod"))


def _cluster(raw: dict[str, Any], name: str) -> tuple[int, dict[str, Any]]:
    for index, cluster in enumerate(raw["clusters"]):
        if cluster["name"] == name:
            return index, cluster
    raise KeyError(name)


def test_every_prod_cluster_declares_its_path() -> None:
    paths = {c["name"]: c["deployAccess"]["path"] for c in _stack_definition("prod")["clusters"]}
    assert paths == {
        "train": "runner-in-network",
        "serve": "runner-in-network",
        "batch": "gke-dns-endpoint",
        "onprem": "runner-in-network",
    }
    assert _problems(_prod()) == {}


@pytest.mark.parametrize("name", ["train", "serve", "batch", "onprem"])
def test_a_cluster_without_a_path_is_refused_with_how_to_fix_it(name: str) -> None:
    raw = _prod()
    index, cluster = _cluster(raw, name)
    del cluster["deployAccess"]
    message = _problems(raw)[f"environment.clusters[{index}].deployAccess"]
    assert message.startswith("required: nothing says how the deploy job reaches")
    assert f"routed to {cluster['networkCidr']}" in message
    # GKE's own answer is offered first where it exists, and only there.
    assert ("{path: gke-dns-endpoint}" in message) == (cluster["cloud"] == "gcp")


def test_a_public_endpoint_without_a_path_suggests_admitting_the_runners_egress() -> None:
    raw = _prod()
    index, cluster = _cluster(raw, "train")
    cluster.update(privateEndpoint=False, authorizedCidrs=["192.0.2.0/24"])
    del cluster["deployAccess"]
    message = _problems(raw)[f"environment.clusters[{index}].deployAccess"]
    assert "{path: restricted-public-endpoint, runnerCidrs:" in message


def test_each_path_must_fit_the_endpoint_and_the_cloud() -> None:
    raw = _prod()
    train, eks = _cluster(raw, "train")
    eks["deployAccess"] = {"path": "restricted-public-endpoint", "runnerCidrs": ["10.40.0.0/24"]}
    batch, gke = _cluster(raw, "batch")
    gke["deployAccess"] = {"path": "gke-dns-endpoint", "runnerCidrs": ["10.40.0.0/24"]}
    serve, aks = _cluster(raw, "serve")
    aks["deployAccess"] = {"path": "runner-in-network"}
    problems = _problems(raw)
    assert problems == {
        f"environment.clusters[{train}].deployAccess.path": (
            "restricted-public-endpoint needs privateEndpoint: false (the public endpoint it "
            "restricts); a private endpoint is reached with runner-in-network"
        ),
        f"environment.clusters[{train}].deployAccess.runnerCidrs[0]": (
            "found 10.40.0.0/24, a private range; a public endpoint sees the runners' public "
            "egress addresses (or use runner-in-network with privateEndpoint: true)"
        ),
        f"environment.clusters[{batch}].deployAccess.runnerCidrs": (
            "not with gke-dns-endpoint: IAM, not the caller's address, decides who reaches "
            "the DNS endpoint"
        ),
        f"environment.clusters[{serve}].deployAccess.runnerCidrs": (
            "required with runner-in-network: the ranges the deploy runner's requests come "
            "from, as the API server sees them"
        ),
    }


def test_a_github_hosted_runner_may_deploy_only_through_gke_dns_endpoints() -> None:
    raw = _prod()
    raw["deployRunner"] = {"labels": ["ubuntu-24.04"]}
    assert "a GitHub-hosted runner" in _problems(raw)["environment.deployRunner.labels"]
    only_gke = _prod()
    only_gke["deployRunner"] = {"labels": ["ubuntu-latest"]}
    only_gke["clusters"] = [c for c in only_gke["clusters"] if c["cloud"] == "gcp"]
    only_gke.pop("privateCloud")
    only_gke["accounts"] = {"gcp": only_gke["accounts"]["gcp"]}
    only_gke.pop("pipelines")
    only_gke["endpoints"] = [e for e in only_gke["endpoints"] if e["cloud"] == "gcp"]
    assert _problems(only_gke) == {}


def test_the_runners_whole_internet_is_refused() -> None:
    raw = _prod()
    index, cluster = _cluster(raw, "train")
    cluster.update(privateEndpoint=False, authorizedCidrs=["192.0.2.0/24"])
    cluster["deployAccess"] = {"path": "restricted-public-endpoint", "runnerCidrs": ["0.0.0.0/0"]}
    message = _problems(raw)[f"environment.clusters[{index}].deployAccess.runnerCidrs[0]"]
    assert "never the whole internet" in message
