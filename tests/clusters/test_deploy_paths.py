"""Each cluster's deploy path as the plan builds it: what lets the deploy runner reach the
API server through which the in-cluster stack is created. prod declares one path per
cluster (runner-in-network on EKS, AKS and Magnum, gke-dns-endpoint on GKE); the fixture's
public endpoints take restricted-public-endpoint."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from hap.plan import Plan, reveal
from tests.clusters.support import PUBLIC_FIXTURE, child, children_of_type, cluster
from tests.conftest import cached_plan

PROD_RUNNER = "10.40.0.0/24"
RUNNER_EGRESS = "192.0.2.10/32"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


@pytest.fixture(scope="module")
def public() -> Plan:
    return cached_plan("public", PUBLIC_FIXTURE)


def test_the_eks_private_endpoint_admits_the_runner_on_https_only(prod: Plan) -> None:
    eks = child(prod, "train", "aws:eks/cluster:Cluster", "train-eks")
    assert eks.inputs["vpcConfig"]["endpointPublicAccess"] is False
    (rule,) = children_of_type(prod, "train", INGRESS_RULE)
    assert rule.name == "train-deploy-runner-10-40-0-0-24"
    assert (rule.inputs["cidrIpv4"], rule.inputs["ipProtocol"]) == (PROD_RUNNER, "tcp")
    assert (rule.inputs["fromPort"], rule.inputs["toPort"]) == (443, 443)
    # On the security group EKS gives the endpoint's network interfaces.
    assert rule.inputs["securityGroupId"] == eks.outputs["vpcConfig"]["clusterSecurityGroupId"]


def test_the_aks_private_endpoint_has_a_public_name_and_stays_private(prod: Plan) -> None:
    aks = child(prod, "serve", "azure-native:containerservice:ManagedCluster", "serve-aks")
    access = aks.inputs["apiServerAccessProfile"]
    assert access["enablePrivateCluster"] is True
    assert access["enablePrivateClusterPublicFQDN"] is True  # resolvable from the runner
    assert "authorizedIPRanges" not in access  # no public address to restrict
    # The kubeconfig the deploy uses names that public FQDN (`--public-fqdn`).
    (listing,) = [
        call
        for call in prod.invokes
        if call.token == "azure-native:containerservice:listManagedClusterUserCredentials"
        and call.args.get("resourceName") == "prod-serve"
    ]
    assert listing.args["serverFqdn"] == "public"


def test_gke_is_deployed_through_its_dns_endpoint_not_the_network(prod: Plan) -> None:
    gke = child(prod, "batch", "gcp:container/cluster:Cluster", "batch-gke")
    assert gke.inputs["controlPlaneEndpointsConfig"] == {
        "dnsEndpointConfig": {"allowExternalTraffic": True}
    }
    # The IP endpoint stays private, and no address list stands in for IAM.
    assert gke.inputs["privateClusterConfig"]["enablePrivateEndpoint"] is True
    assert gke.inputs["masterAuthorizedNetworksConfig"]["cidrBlocks"] == []
    kubeconfig = yaml.safe_load(reveal(cluster(prod, "batch").outputs["kubeconfig"]))
    server = kubeconfig["clusters"][0]["cluster"]["server"]
    assert server == f"https://{gke.outputs['controlPlaneEndpointsConfig']['dnsEndpointConfig']['endpoint']}"


def test_the_magnum_api_load_balancer_admits_the_runner(prod: Plan) -> None:
    (template,) = [r for r in prod.resources if r.name == "onprem-template"]
    labels = template.inputs["labels"]
    assert PROD_RUNNER in labels["master_lb_allowed_cidrs"].split(",")
    assert labels["master_lb_floating_ip_enabled"] == "false"


def test_nothing_is_deployed_inside_before_the_path_exists(prod: Plan) -> None:
    """Each Kubernetes provider waits for what opens its cluster's path: the EKS rule and
    access entry, the AKS cluster admin grant."""
    def provider(name: str) -> tuple[str, ...]:
        (found,) = [
            r
            for r in prod.resources
            if r.type == "pulumi:providers:kubernetes" and r.name == f"{name}-k8s"
        ]
        return found.dependencies

    (rule,) = children_of_type(prod, "train", INGRESS_RULE)
    admin = child(
        prod, "train", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
        "train-deployer-admin",
    )
    assert {rule.urn, admin.urn} <= set(provider("train"))
    grant = child(
        prod, "serve", "azure-native:authorization:RoleAssignment", "serve-deployer-admin"
    )
    assert grant.urn in provider("serve")


@pytest.mark.parametrize(
    ("name", "type_", "admitted"),
    [
        ("edge-aws", "aws:eks/cluster:Cluster", lambda i: i["vpcConfig"]["publicAccessCidrs"]),
        (
            "edge-azure",
            "azure-native:containerservice:ManagedCluster",
            lambda i: i["apiServerAccessProfile"]["authorizedIPRanges"],
        ),
        (
            "edge-gcp",
            "gcp:container/cluster:Cluster",
            lambda i: [b["cidrBlock"] for b in i["masterAuthorizedNetworksConfig"]["cidrBlocks"]],
        ),
    ],
)
def test_a_restricted_public_endpoint_admits_the_runners_egress_with_the_offices(
    public: Plan, name: str, type_: str, admitted: Callable[[dict], list[str]]
) -> None:
    suffix = {"aws:eks/cluster:Cluster": "eks", "gcp:container/cluster:Cluster": "gke"}
    resource = child(public, name, type_, f"{name}-{suffix.get(type_, 'aks')}")
    ranges = admitted(resource.inputs)
    assert RUNNER_EGRESS in ranges and "203.0.113.0/24" in ranges
    assert ranges == sorted(ranges)
    assert not children_of_type(public, name, INGRESS_RULE)
