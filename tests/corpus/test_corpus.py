"""A corpus of ordinary Pulumi programs this project never wrote for itself, previewed
credential-free: AWS, Azure, GCP, Kubernetes and OpenStack; data sources, reads, stack
references, local and multi-language components. Each test asserts what a user reads:
the exports, and that values a data source returned reach the resources that use them."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Any

import pytest

from hap.engine import run_program
from hap.errors import DefinitionError
from hap.plan import UNKNOWN, Plan, PlannedResource, reveal
from hybrid_ai_shared.cost import estimate

CORPUS = Path(__file__).parent
NETWORK_OUTPUTS = {
    "acme/network/prod": {
        "vpcId": "vpc-0fe1d2c3b4a596870",
        "privateSubnetIds": ["subnet-1", "subnet-2"],
    }
}
CLUSTER_OUTPUTS = {"acme/platform/prod": {"kubeconfig": "apiVersion: v1\nkind: Config\n"}}
_plans: dict[str, Plan] = {}


def plan_of(program: str, stack_outputs: dict[str, Any] | None = None) -> Plan:
    if program not in _plans:
        _plans[program] = run_program(CORPUS / program, "test", stack_outputs=stack_outputs)
    return _plans[program]


def one(plan: Plan, type_: str) -> PlannedResource:
    (resource,) = plan.of_type(type_)
    return resource


def result_of(plan: Plan, token: str) -> dict[str, Any]:
    (call,) = [call for call in plan.invokes if call.token == token]
    return dict(call.result)


def approximated(plan: Plan) -> set[str]:
    return {item.subject for item in plan.approximations}


def test_the_corpus_spans_the_five_providers() -> None:
    programs = sorted(path.name for path in CORPUS.iterdir() if (path / "Pulumi.yaml").is_file())
    assert len(programs) >= 12
    for prefix in ("aws_", "azure_", "gcp_", "k8s_", "openstack_"):
        assert any(name.startswith(prefix) for name in programs), prefix


def test_aws_web_lookup_places_everything_in_the_looked_up_vpc() -> None:
    plan = plan_of("aws_web_lookup")
    vpc = result_of(plan, "aws:ec2/getVpc:getVpc")
    subnets = result_of(plan, "aws:ec2/getSubnets:getSubnets")
    assert vpc["id"].startswith("vpc-") and plan.outputs["vpcId"] == vpc["id"]
    assert one(plan, "aws:ec2/securityGroup:SecurityGroup").inputs["vpcId"] == vpc["id"]
    assert one(plan, "aws:lb/targetGroup:TargetGroup").inputs["vpcId"] == vpc["id"]
    balancer = one(plan, "aws:lb/loadBalancer:LoadBalancer")
    assert balancer.inputs["subnets"] == subnets["ids"]
    assert all(subnet.startswith("subnet-") for subnet in subnets["ids"])
    assert plan.outputs["subnetCount"] == 2
    assert plan.outputs["firstZone"] == "us-west-2a"
    assert ipaddress.ip_network(plan.outputs["vpcCidr"])
    assert {"invoke aws:ec2/getVpc:getVpc", "invoke aws:ec2/getSubnets:getSubnets"} <= (
        approximated(plan)
    )
    # The load balancer is priced (its price key is in the catalog), not left unpriced.
    (line,) = [line for line in estimate(plan).lines if line.urn == balancer.urn]
    assert line.prices[0].key == "aws.elb.application-lb-hour"


def test_aws_instances_use_the_looked_up_ami_and_zones() -> None:
    plan = plan_of("aws_instances_ami")
    ami = result_of(plan, "aws:ec2/getAmi:getAmi")["id"]
    servers = plan.of_type("aws:ec2/instance:Instance")
    assert ami.startswith("ami-") and plan.outputs["amiId"] == ami
    assert [server.inputs["ami"] for server in servers] == [ami, ami]
    assert [server.inputs["availabilityZone"] for server in servers] == ["eu-west-1a", "eu-west-1b"]
    assert {server.inputs["tags"]["account"] for server in servers} == {plan.outputs["account"]}


def test_aws_lambda_api_reads_identity_region_and_partition() -> None:
    plan = plan_of("aws_lambda_api")
    assert plan.outputs["region"] == "us-east-1"
    assert plan.outputs["account"] == "123456789012"
    attachment = one(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert attachment.inputs["policyArn"].startswith("arn:aws:iam::aws:policy/")
    # Computed by API Gateway on create and modelled by no fake: unknown, as in a preview.
    assert plan.outputs["endpoint"] is UNKNOWN


def test_aws_ecs_service_runs_in_the_referenced_network() -> None:
    plan = plan_of("aws_ecs_stack_reference", NETWORK_OUTPUTS)
    service = one(plan, "aws:ecs/service:Service")
    assert service.inputs["networkConfiguration"]["subnets"] == ["subnet-1", "subnet-2"]
    assert one(plan, "aws:ec2/securityGroup:SecurityGroup").inputs["vpcId"] == (
        "vpc-0fe1d2c3b4a596870"
    )
    assert plan.outputs["subnets"] == ["subnet-1", "subnet-2"]
    assert not any("stack reference" in item.message for item in plan.approximations)


def test_aws_ecs_without_the_referenced_outputs_is_refused_naming_the_reference() -> None:
    # Both outputs are required; whichever the SDK resolves first is the one named.
    with pytest.raises(DefinitionError) as refused:
        run_program(CORPUS / "aws_ecs_stack_reference", "test")
    message = refused.value.message
    assert re.search(r"requires the output '(vpcId|privateSubnetIds)'", message), message
    assert "__main__.py:7: stack reference 'acme/network/prod'" in message
    assert "--stack-outputs acme/network/prod=FILE" in message


def test_aws_local_components_hold_their_buckets() -> None:
    plan = plan_of("aws_component_buckets")
    components = plan.of_type("corpus:storage:PrivateBucket")
    assert [component.name for component in components] == ["curated", "raw"]
    for component in components:
        assert len(plan.children(component.urn)) == 4
    assert plan.outputs["rawArn"].startswith("arn:aws:s3:::raw-data-")


def test_aws_multi_language_component_is_not_expanded() -> None:
    plan = plan_of("aws_remote_components")
    (vpc,) = plan.not_expanded
    assert vpc.type == "awsx:ec2:Vpc"
    assert plan.outputs["vpcId"] is UNKNOWN
    assert vpc.urn in approximated(plan)


def test_azure_webapp_is_tagged_with_the_callers_tenant() -> None:
    plan = plan_of("azure_webapp")
    tenant = result_of(plan, "azure-native:authorization:getClientConfig")["tenantId"]
    assert plan.outputs["tenant"] == tenant
    assert one(plan, "azure-native:web:WebApp").inputs["tags"] == {"tenant": tenant}
    assert plan.outputs["hostname"].endswith(".azurewebsites.net")


def test_azure_nic_joins_the_looked_up_subnet() -> None:
    plan = plan_of("azure_vnet_lookup")
    subnet = result_of(plan, "azure-native:network:getSubnet")
    nic = one(plan, "azure-native:network:NetworkInterface")
    assert nic.inputs["ipConfigurations"][0]["subnet"]["id"] == subnet["id"]
    assert subnet["id"].startswith("/subscriptions/") and plan.outputs["subnetId"] == subnet["id"]
    assert plan.outputs["hubLocation"] == "eastus2"


def test_gcp_vm_uses_the_looked_up_network_subnetwork_and_image() -> None:
    plan = plan_of("gcp_network_lookup")
    vm = one(plan, "gcp:compute/instance:Instance")
    interface = vm.inputs["networkInterfaces"][0]
    assert interface["network"] == result_of(plan, "gcp:compute/getNetwork:getNetwork")["selfLink"]
    assert (
        interface["subnetwork"]
        == (result_of(plan, "gcp:compute/getSubnetwork:getSubnetwork")["selfLink"])
    )
    image = result_of(plan, "gcp:compute/getImage:getImage")["selfLink"]
    assert vm.inputs["bootDisk"]["initializeParams"]["image"] == image
    assert ipaddress.ip_network(plan.outputs["subnetRange"])
    assert len(plan.outputs["projectNumber"]) == 12


def test_gcp_function_builds_from_its_bucket_in_the_configured_project() -> None:
    plan = plan_of("gcp_function")
    assert plan.outputs["project"] == "acme-dev"
    function = one(plan, "gcp:cloudfunctionsv2/function:Function")
    bucket = one(plan, "gcp:storage/bucket:Bucket")
    source = function.inputs["buildConfig"]["source"]["storageSource"]
    assert source["bucket"] == bucket.outputs["name"]


def test_kubernetes_app_deploys_through_the_referenced_kubeconfig() -> None:
    plan = plan_of("k8s_app_stack_reference", CLUSTER_OUTPUTS)
    provider = one(plan, "pulumi:providers:kubernetes")
    assert reveal(provider.inputs["kubeconfig"]).startswith("apiVersion: v1")
    deployment = one(plan, "kubernetes:apps/v1:Deployment")
    assert deployment.provider == provider.urn
    namespace = one(plan, "kubernetes:core/v1:Namespace")
    assert deployment.inputs["metadata"]["namespace"] == plan.outputs["namespace"]
    assert plan.outputs["namespace"] == namespace.outputs["metadata"]["name"]


def test_kubernetes_job_mounts_the_config_map_it_read() -> None:
    plan = plan_of("k8s_config_read")
    settings = one(plan, "kubernetes:core/v1:ConfigMap")
    assert settings.external and settings.urn in approximated(plan)
    job = one(plan, "kubernetes:batch/v1:Job")
    volume = job.inputs["spec"]["template"]["spec"]["volumes"][0]
    assert volume["configMap"]["name"] == plan.outputs["settingsName"]


def test_openstack_server_uses_the_looked_up_image_flavor_and_network() -> None:
    plan = plan_of("openstack_instance")
    server = one(plan, "openstack:compute/instance:Instance")
    assert server.inputs["imageId"] == plan.outputs["imageId"]
    assert server.inputs["flavorId"] == plan.outputs["flavorId"]
    port = one(plan, "openstack:networking/port:Port")
    assert port.inputs["networkId"] == plan.outputs["networkId"]
    association = one(plan, "openstack:networking/floatingIpAssociate:FloatingIpAssociate")
    assert association.inputs["portId"] == port.id
    assert "invoke openstack:compute/getFlavor:getFlavor" in approximated(plan)
    # A private cloud has no list price: the instance is listed unpriced with why, never $0.
    report = estimate(plan)
    (entry,) = [u for u in report.unpriced if u.type == "openstack:compute/instance:Instance"]
    assert "no privateCloud.internalRates" in entry.reason


def test_openstack_networks_route_to_the_looked_up_external_network() -> None:
    plan = plan_of("openstack_network_component")
    external = result_of(plan, "openstack:networking/getNetwork:getNetwork")["id"]
    routers = plan.of_type("openstack:networking/router:Router")
    assert [router.inputs["externalNetworkId"] for router in routers] == [external, external]
    assert plan.outputs["externalNetworkId"] == external
    assert plan.outputs["dataCidr"] == "10.30.0.0/24"
    assert len(plan.of_type("corpus:openstack:TenantNetwork")) == 2


def test_kubernetes_manifests_from_a_file_are_parsed_not_invented() -> None:
    plan = plan_of("k8s_config_file")
    (group,) = plan.of_type("kubernetes:yaml:ConfigFile")
    kinds = sorted(child.type for child in plan.children(group.urn))
    assert kinds == ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Namespace"]
    assert plan.outputs["image"] == "quay.io/prometheus/node-exporter:v1.8.2"
    # Parsing YAML needs no cloud: the provider's own computation, not an approximation.
    assert not any("yaml:decode" in item.subject for item in plan.approximations)
