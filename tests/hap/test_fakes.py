"""Fakes answer like the clouds would, deterministically (pure: no program run)."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
import yaml

from hap.fakes import FakeEnv, fake_invoke, fake_resource, merge_outputs, registry
from hap.plan import Secret

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _fake(type_: str, name: str, inputs: dict[str, Any], **env: Any) -> tuple[str, dict[str, Any]]:
    return fake_resource(type_, name, inputs, FakeEnv(type=type_, **env))


def test_fakes_are_deterministic_and_distinct_per_name() -> None:
    first = _fake("aws:ec2/vpc:Vpc", "net", {"cidrBlock": "10.0.0.0/16"})
    assert first == _fake("aws:ec2/vpc:Vpc", "net", {"cidrBlock": "10.0.0.0/16"})
    assert first[0] != _fake("aws:ec2/vpc:Vpc", "other", {"cidrBlock": "10.0.0.0/16"})[0]
    assert re.fullmatch(r"vpc-[0-9a-f]{17}", first[0])
    assert first[1]["arn"] == f"arn:aws:ec2:us-east-1:123456789012:vpc/{first[0]}"


def test_unknown_type_gets_name_hash_id_and_no_invented_outputs() -> None:
    resource_id, extra = _fake("acme:widgets:Widget", "thing", {"size": 3})
    assert re.fullmatch(r"thing-[0-9a-f]{8}", resource_id)
    assert extra == {}
    assert fake_invoke("acme:widgets:getWidget", {"id": "x"}, FakeEnv(type="acme")) == {}


def test_outputs_merge_over_inputs_key_by_key() -> None:
    merged = merge_outputs(
        {"vpcConfig": {"subnetIds": ["a"]}, "name": "given"},
        {"vpcConfig": {"clusterSecurityGroupId": "sg-1"}, "arn": "arn"},
    )
    assert merged == {
        "vpcConfig": {"subnetIds": ["a"], "clusterSecurityGroupId": "sg-1"},
        "name": "given",
        "arn": "arn",
    }


def test_eks_cluster_has_what_kubeconfig_code_reads() -> None:
    _, outputs = _fake("aws:eks/cluster:Cluster", "gpu", {}, provider={"region": "eu-central-1"})
    name = outputs["name"]
    assert outputs["arn"] == f"arn:aws:eks:eu-central-1:123456789012:cluster/{name}"
    assert re.fullmatch(
        r"https://[0-9A-F]{32}\.gr7\.eu-central-1\.eks\.amazonaws\.com", outputs["endpoint"]
    )
    pem = base64.b64decode(outputs["certificateAuthority"]["data"]).decode()
    assert pem.startswith("-----BEGIN CERTIFICATE-----\n")
    issuer = outputs["identities"][0]["oidcs"][0]["issuer"]
    assert issuer.startswith("https://oidc.eks.eu-central-1.amazonaws.com/id/")


def test_aws_region_comes_from_the_resource_then_provider_then_config() -> None:
    def region(inputs: dict[str, Any], provider: dict[str, Any]) -> str:
        _, outputs = _fake(
            "aws:cloudwatch/logGroup:LogGroup",
            "logs",
            inputs,
            provider=provider,
            config={"aws:region": "ca-central-1"},
        )
        return str(outputs["arn"]).split(":")[3]

    assert region({"region": "sa-east-1"}, {"region": "eu-west-1"}) == "sa-east-1"
    assert region({}, {"region": "eu-west-1"}) == "eu-west-1"
    assert region({}, {}) == "ca-central-1"


def test_iam_role_and_kms_key() -> None:
    _, role = _fake("aws:iam/role:Role", "node", {"name": "eks-node"})
    assert role["arn"] == "arn:aws:iam::123456789012:role/eks-node"
    key_id, key = _fake("aws:kms/key:Key", "secrets", {})
    assert UUID.fullmatch(key_id) and key["keyId"] == key_id
    assert key["arn"] == f"arn:aws:kms:us-east-1:123456789012:key/{key_id}"


def test_azure_ids_follow_arm_paths() -> None:
    resource_group = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ai"
    cluster_id, cluster = _fake(
        "azure-native:containerservice:ManagedCluster",
        "aks",
        {
            "resourceGroupName": "rg-ai",
            "resourceName": "aks-gpu",
            "location": "westeurope",
            "dnsPrefix": "gpu",
            "identity": {"type": "SystemAssigned"},
        },
    )
    assert (
        cluster_id
        == f"{resource_group}/providers/Microsoft.ContainerService/managedClusters/aks-gpu"
    )
    assert cluster["fqdn"].startswith("gpu-") and cluster["fqdn"].endswith(
        ".hcp.westeurope.azmk8s.io"
    )
    assert cluster["oidcIssuerProfile"]["issuerURL"].startswith(
        "https://westeurope.oic.prod-aks.azure.com/"
    )
    assert UUID.fullmatch(cluster["identity"]["principalId"])
    identity_id = f"{resource_group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id"
    _, user_assigned = _fake(
        "azure-native:containerservice:ManagedCluster",
        "aks",
        {"identity": {"type": "UserAssigned", "userAssignedIdentities": [identity_id]}},
    )
    # No system identity, and the user-assigned ones as a map by id, as ARM answers.
    assert "principalId" not in user_assigned["identity"]
    assert set(user_assigned["identity"]["userAssignedIdentities"]) == {identity_id}
    assert UUID.fullmatch(cluster["identityProfile"]["kubeletidentity"]["objectId"])
    subnet_id, _ = _fake(
        "azure-native:network:Subnet",
        "nodes",
        {"resourceGroupName": "rg-ai", "virtualNetworkName": "vnet", "subnetName": "nodes"},
    )
    assert (
        subnet_id
        == f"{resource_group}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/nodes"
    )
    _, workspace = _fake(
        "azure-native:operationalinsights:Workspace", "logs", {"resourceGroupName": "rg-ai"}
    )
    assert UUID.fullmatch(workspace["customerId"])


def test_gcp_ids_use_the_provider_project() -> None:
    env = {"provider": {"project": "ml-prod", "region": "europe-west4"}}
    cluster_id, cluster = _fake(
        "gcp:container/cluster:Cluster",
        "gke",
        {"name": "gke-gpu", "location": "europe-west4"},
        **env,
    )
    assert cluster_id == "projects/ml-prod/locations/europe-west4/clusters/gke-gpu"
    assert base64.b64decode(cluster["masterAuth"]["clusterCaCertificate"]).startswith(b"-----BEGIN")
    _, account = _fake(
        "gcp:serviceaccount/account:Account", "nodes", {"accountId": "gke-nodes"}, **env
    )
    assert account["email"] == "gke-nodes@ml-prod.iam.gserviceaccount.com"
    _, subnetwork = _fake(
        "gcp:compute/subnetwork:Subnetwork", "nodes", {"ipCidrRange": "10.10.0.0/20"}, **env
    )
    assert subnetwork["gatewayAddress"] == "10.10.0.1"
    assert subnetwork["selfLink"].startswith(
        "https://www.googleapis.com/compute/v1/projects/ml-prod/regions/europe-west4/"
    )


def test_openstack_magnum_cluster_and_subnet() -> None:
    cluster_id, cluster = _fake(
        "openstack:containerinfra/cluster:Cluster", "magnum", {"nodeCount": 3}
    )
    assert UUID.fullmatch(cluster_id)
    assert len(cluster["nodeAddresses"]) == 3
    kubeconfig = cluster["kubeconfig"]
    assert isinstance(kubeconfig, Secret)
    raw = yaml.safe_load(kubeconfig.value["raw_config"])
    assert raw["clusters"][0]["cluster"]["server"] == cluster["apiAddress"]
    _, subnet = _fake("openstack:networking/subnet:Subnet", "nodes", {"cidr": "192.168.10.0/24"})
    assert subnet["gatewayIp"] == "192.168.10.1"
    assert subnet["allocationPools"] == [{"start": "192.168.10.2", "end": "192.168.10.254"}]


def test_kubernetes_objects_get_metadata_name() -> None:
    resource_id, outputs = _fake(
        "kubernetes:core/v1:ConfigMap", "cfg", {"metadata": {"namespace": "gpu-operator"}}
    )
    name = outputs["metadata"]["name"]
    assert name.startswith("cfg-")
    assert resource_id == f"gpu-operator/{name}"


def test_policy_document_invoke_renders_iam_json() -> None:
    result = fake_invoke(
        "aws:iam/getPolicyDocument:getPolicyDocument",
        {
            "statements": [
                {
                    "effect": "Allow",
                    "actions": ["sts:AssumeRoleWithWebIdentity"],
                    "principals": [
                        {
                            "type": "Federated",
                            "identifiers": ["arn:aws:iam::123456789012:oidc-provider/x"],
                        }
                    ],
                    "conditions": [
                        {
                            "test": "StringEquals",
                            "variable": "x:sub",
                            "values": ["system:serviceaccount:a:b"],
                        }
                    ],
                }
            ]
        },
        FakeEnv(type="aws:iam/getPolicyDocument:getPolicyDocument"),
    )
    assert json.loads(result["json"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/x"},
                "Condition": {"StringEquals": {"x:sub": "system:serviceaccount:a:b"}},
            }
        ],
    }


@pytest.mark.parametrize(
    ("token", "args", "expected"),
    [
        ("aws:index/getCallerIdentity:getCallerIdentity", {}, {"accountId": "123456789012"}),
        (
            "aws:iam/getSessionContext:getSessionContext",
            {"arn": "arn:aws:sts::123456789012:assumed-role/deployer/ci-run"},
            {"issuerArn": "arn:aws:iam::123456789012:role/deployer", "sessionName": "ci-run"},
        ),
        (
            "aws:iam/getSessionContext:getSessionContext",
            {"arn": "arn:aws:iam::123456789012:user/alice"},
            {"issuerArn": "arn:aws:iam::123456789012:user/alice"},
        ),
        (
            "aws:index/getPartition:getPartition",
            {},
            {"partition": "aws", "dnsSuffix": "amazonaws.com"},
        ),
        ("aws:index/getRegion:getRegion", {}, {"name": "us-east-1"}),
        (
            "gcp:organizations/getProject:getProject",
            {"projectId": "ml"},
            {"projectId": "ml", "id": "projects/ml"},
        ),
        (
            "azure-native:authorization:getClientConfig",
            {},
            {"subscriptionId": "00000000-0000-0000-0000-000000000000"},
        ),
    ],
)
def test_invoke_fakes(token: str, args: dict[str, Any], expected: dict[str, Any]) -> None:
    result = fake_invoke(token, args, FakeEnv(type=token))
    assert {key: result[key] for key in expected} == expected


def test_availability_zones_follow_the_provider_region() -> None:
    result = fake_invoke(
        "aws:index/getAvailabilityZones:getAvailabilityZones",
        {},
        FakeEnv(type="x", provider={"region": "ap-south-1"}),
    )
    assert result["names"] == ["ap-south-1a", "ap-south-1b", "ap-south-1c"]


def test_aks_user_credentials_are_a_base64_kubeconfig() -> None:
    result = fake_invoke(
        "azure-native:containerservice:listManagedClusterUserCredentials",
        {"resourceGroupName": "rg", "resourceName": "aks-gpu"},
        FakeEnv(type="x"),
    )
    kubeconfig = yaml.safe_load(base64.b64decode(result["kubeconfigs"][0]["value"]))
    assert kubeconfig["kind"] == "Config"
    assert kubeconfig["clusters"][0]["name"] == "aks-gpu"


def test_openstack_network_lookup_is_stable_per_name() -> None:
    def network_id(name: str) -> str:
        return str(
            fake_invoke(
                "openstack:networking/getNetwork:getNetwork", {"name": name}, FakeEnv(type="x")
            )["id"]
        )

    assert network_id("public") == network_id("public") != network_id("private")
    assert UUID.fullmatch(network_id("public"))


def test_registry_accepts_new_fakes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_RESOURCE_FAKES", dict(registry._RESOURCE_FAKES))

    @registry.resource_fake("acme:widgets:Widget")
    def _widget(name: str, inputs: registry.Inputs, env: FakeEnv) -> dict[str, Any]:
        return {"id": f"widget/{name}", "serial": 7}

    assert _fake("acme:widgets:Widget", "w", {}) == ("widget/w", {"serial": 7})


def test_a_failing_fake_names_type_and_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_RESOURCE_FAKES", dict(registry._RESOURCE_FAKES))

    @registry.resource_fake("acme:widgets:Broken")
    def _broken(name: str, inputs: registry.Inputs, env: FakeEnv) -> dict[str, Any]:
        raise KeyError("serial")

    with pytest.raises(RuntimeError, match=r"hap fake for acme:widgets:Broken failed on 'w'"):
        _fake("acme:widgets:Broken", "w", {})


def test_a_stack_reference_reads_the_outputs_given_for_that_stack() -> None:
    from hap.fakes.registry import FakeEnv, fake_resource
    from hap.plan import Secret

    env = FakeEnv(
        type="pulumi:pulumi:StackReference",
        stack_outputs={"acme/platform/prod": {"region": "us-east-1", "auth": {"k": Secret("x")}}},
    )
    _, known = fake_resource(
        "pulumi:pulumi:StackReference", "ref", {"name": "acme/platform/prod"}, env
    )
    assert known["outputs"]["region"] == "us-east-1"
    assert known["secretOutputNames"] == ["auth"]
    _, unknown = fake_resource(
        "pulumi:pulumi:StackReference", "ref", {"name": "acme/other/dev"}, env
    )
    assert unknown["outputs"] == {} and unknown["secretOutputNames"] == []
