"""The SDKs' typed output classes read the fakes' outputs: what cluster code reads is there."""

from __future__ import annotations

import base64
from pathlib import Path

import yaml

from hap.engine import run_program
from hap.plan import Plan, Secret
from tests.hap.conftest import write_project

_CLUSTERS = """\
import base64

import pulumi
import pulumi_aws as aws
import pulumi_azure_native as azure_native
import pulumi_gcp as gcp
import pulumi_openstack as openstack

eks = aws.eks.Cluster(
    "eks",
    role_arn="arn:aws:iam::123456789012:role/eks",
    vpc_config={"subnet_ids": ["subnet-a", "subnet-b"]},
)
pulumi.export("eksCa", eks.certificate_authority.data)
pulumi.export("eksIssuer", eks.identities[0].oidcs[0].issuer)
pulumi.export("eksSubnets", eks.vpc_config.subnet_ids)
pulumi.export("eksClusterSg", eks.vpc_config.cluster_security_group_id)

control_plane = azure_native.managedidentity.UserAssignedIdentity(
    "aks-id", resource_group_name="rg-ai"
)
aks = azure_native.containerservice.ManagedCluster(
    "aks",
    resource_group_name="rg-ai",
    dns_prefix="gpu",
    # A list of ids going in, a map by id coming out: the SDK checks the shape.
    identity={"type": "UserAssigned", "user_assigned_identities": [control_plane.id]},
    oidc_issuer_profile={"enabled": True},
)
pulumi.export("aksIssuer", aks.oidc_issuer_profile.apply(lambda p: p.issuer_url))
pulumi.export(
    "aksIdentityClient",
    aks.identity.apply(lambda i: next(iter(i.user_assigned_identities.values())).client_id),
)
pulumi.export("aksKubelet", aks.identity_profile.apply(lambda p: p["kubeletidentity"].object_id))
credentials = azure_native.containerservice.list_managed_cluster_user_credentials_output(
    resource_group_name="rg-ai", resource_name=aks.name
)
pulumi.export(
    "aksKubeconfig",
    pulumi.Output.secret(
        credentials.kubeconfigs[0].value.apply(lambda v: base64.b64decode(v).decode())
    ),
)

gke = gcp.container.Cluster("gke", location="europe-west4", initial_node_count=1, project="ml")
pulumi.export("gkeEndpoint", gke.endpoint)
pulumi.export("gkeCa", gke.master_auth.cluster_ca_certificate)

magnum = openstack.containerinfra.Cluster("magnum", cluster_template_id="tmpl", node_count=2)
pulumi.export("magnumKubeconfig", magnum.kubeconfig["raw_config"])
"""


def test_cluster_outputs_read_through_the_sdk_types(tmp_path: Path) -> None:
    plan: Plan = run_program(write_project(tmp_path, _CLUSTERS, "config: {}\n"), "test")
    outputs = plan.outputs
    assert base64.b64decode(outputs["eksCa"]).startswith(b"-----BEGIN CERTIFICATE-----")
    assert outputs["eksIssuer"].startswith("https://oidc.eks.us-east-1.amazonaws.com/id/")
    # Computed properties merge into the input object, they do not replace it.
    assert outputs["eksSubnets"] == ["subnet-a", "subnet-b"]
    assert outputs["eksClusterSg"].startswith("sg-")
    assert outputs["aksIssuer"].startswith("https://eastus.oic.prod-aks.azure.com/")
    assert len(outputs["aksIdentityClient"]) == 36
    assert len(outputs["aksKubelet"]) == 36
    aks_kubeconfig = outputs["aksKubeconfig"]
    assert isinstance(aks_kubeconfig, Secret)
    assert yaml.safe_load(aks_kubeconfig.value)["kind"] == "Config"
    assert outputs["gkeEndpoint"].startswith("203.0.113.")
    assert base64.b64decode(outputs["gkeCa"]).startswith(b"-----BEGIN CERTIFICATE-----")
    # The Magnum provider marks the kubeconfig secret; reading a part keeps it secret.
    magnum_kubeconfig = outputs["magnumKubeconfig"]
    assert isinstance(magnum_kubeconfig, Secret)
    assert yaml.safe_load(magnum_kubeconfig.value)["clusters"][0]["cluster"]["server"].endswith(
        ":6443"
    )
