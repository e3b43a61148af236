"""Rules of the deploy path: every cluster says how the deploy job reaches its API server,
the path fits the cluster's endpoint and cloud, and the runner that deploys the stack can
take it.

Everything inside a cluster (the Kubernetes provider, the GPU Operator, team namespaces,
the autoscaler) is created through the API server by the job that runs `pulumi up`. A
private API server is out of reach of a GitHub-hosted runner, and a public one limited to
office ranges refuses it too: without a declared path the deploy fails half-way, after the
cluster exists. Pure: no Pulumi import.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from hybrid_ai_platform.problems import Path, Problem
from hybrid_ai_platform.spec import Cluster, Environment
from hybrid_ai_platform.validation_network import (
    RFC1918,
    RFC1918_TEXT,
    check_authorized_cidrs,
    check_private_network,
)

ROOT: Path = ("environment",)

# GitHub-hosted runner image labels (`ubuntu-latest`, `ubuntu-24.04-arm`, `windows-2025`,
# `macos-15`): machines outside every network, with addresses from GitHub's large,
# changing ranges, so they can take no path but the IAM-authorised GKE DNS endpoint.
HOSTED_LABEL = re.compile(r"^(ubuntu|windows|macos)-(latest|\d[\d.]*)(-[a-z0-9]+)*$")
# The paths that need the deploy runner at a known place in the network or the internet.
PLACED_RUNNER_PATHS = ("runner-in-network", "restricted-public-endpoint")


def check_deploy_access(path: Path, cluster: Cluster) -> Iterator[Problem]:
    """The cluster's `deployAccess`: declared, and consistent with its endpoint and cloud."""
    access = cluster.deploy_access
    here = path + ("deployAccess",)
    if access is None:
        yield Problem(here, f"required: {_missing_path_help(cluster)}")
        return
    cidrs_path = here + ("runnerCidrs",)
    if access.path == "gke-dns-endpoint":
        if cluster.cloud != "gcp":
            yield Problem(
                here + ("path",),
                f"gke-dns-endpoint is GKE's own; on {cluster.cloud} use runner-in-network "
                "(or restricted-public-endpoint with privateEndpoint: false)",
            )
        if access.runner_cidrs:
            yield Problem(
                cidrs_path,
                "not with gke-dns-endpoint: IAM, not the caller's address, decides who "
                "reaches the DNS endpoint",
            )
        return
    if not access.runner_cidrs:
        yield Problem(
            cidrs_path,
            f"required with {access.path}: the ranges the deploy runner's requests come "
            "from, as the API server sees them",
        )
    if access.path == "runner-in-network":
        if not cluster.private_endpoint:
            yield Problem(
                here + ("path",),
                "runner-in-network reaches the private endpoint; with privateEndpoint: false "
                "use restricted-public-endpoint and the runner's egress addresses",
            )
        for index, cidr in enumerate(access.runner_cidrs):
            for problem in check_private_network(cidrs_path + (index,), cidr):
                yield Problem(
                    problem.path,
                    f"found {cidr}; a runner inside the network comes from its private subnet "
                    f"(routed to {cluster.network_cidr}), inside {RFC1918_TEXT}",
                )
        return
    # restricted-public-endpoint
    if cluster.private_endpoint:
        yield Problem(
            here + ("path",),
            "restricted-public-endpoint needs privateEndpoint: false (the public endpoint it "
            "restricts); a private endpoint is reached with runner-in-network",
        )
    for index, cidr in enumerate(access.runner_cidrs):
        network = ipaddress.IPv4Network(cidr)
        if network.prefixlen == 0:
            yield Problem(
                cidrs_path + (index,),
                f"found {cidr}; list the runners' egress addresses (their NAT gateway's "
                "public IPs), never the whole internet",
            )
        elif any(network.subnet_of(private) for private in RFC1918):
            yield Problem(
                cidrs_path + (index,),
                f"found {cidr}, a private range; a public endpoint sees the runners' public "
                "egress addresses (or use runner-in-network with privateEndpoint: true)",
            )
    # The endpoint admits both lists (`plan.api_access`): the cloud's limits hold for the
    # two together. Reported here only when the runner's ranges are what tips them over.
    if any(ipaddress.IPv4Network(c).prefixlen == 0 for c in access.runner_cidrs):
        return
    admitted = tuple(sorted({*cluster.authorized_cidrs, *access.runner_cidrs}))
    if not any(check_authorized_cidrs((), cluster.cloud, cluster.authorized_cidrs)):
        for problem in check_authorized_cidrs(cidrs_path, cluster.cloud, admitted):
            yield Problem(problem.path, f"with authorizedCidrs, {problem.message}")


def check_deploy_runner(env: Environment) -> Iterator[Problem]:
    """The stack's one deploy runner can take every cluster's path: a path that needs the
    runner at a known address needs a runner that is not GitHub-hosted."""
    hosted = [label for label in env.deploy_runner.labels if HOSTED_LABEL.match(label)]
    if not hosted:
        return
    for index, cluster in enumerate(env.clusters):
        access = cluster.deploy_access
        if access is None or access.path not in PLACED_RUNNER_PATHS:
            continue
        yield Problem(
            ROOT + ("deployRunner", "labels"),
            f"found {', '.join(hosted)}, a GitHub-hosted runner: outside every network, from "
            f"GitHub's changing address ranges, it cannot take {access.path} to "
            f"clusters[{index}] ({cluster.name}); name the self-hosted runner (or runner "
            f"scale set) the runnerCidrs belong to, e.g. [hap-{env.name}]",
        )
        return


def _missing_path_help(cluster: Cluster) -> str:
    """What to write, for this cluster's cloud and endpoint."""
    stack = "the Kubernetes provider, the GPU Operator and team namespaces"
    if cluster.private_endpoint:
        options = [
            "{path: runner-in-network, runnerCidrs: [<the deploy runner's private subnet, "
            f"routed to {cluster.network_cidr}>]}} with deployRunner.labels naming that "
            "self-hosted runner"
        ]
    else:
        options = [
            "{path: restricted-public-endpoint, runnerCidrs: [<the deploy runner's public "
            "egress addresses>]} with deployRunner.labels naming that self-hosted runner"
        ]
    if cluster.cloud == "gcp":
        options.insert(
            0,
            "{path: gke-dns-endpoint} (GKE's DNS-based endpoint: reached from any runner, "
            "authorised by IAM)",
        )
    return (
        f"nothing says how the deploy job reaches this cluster's API server, through which "
        f"{stack} are created; add deployAccess: " + ", or ".join(options)
    )
