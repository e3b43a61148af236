"""The private cloud as `hap preview prod` plans it: what an operator would see built."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hap.plan import Plan, PlannedResource

PROJECT = "openstack:identity/project:Project"
FLAVOR = "openstack:compute/flavor:Flavor"
FLAVOR_ACCESS = "openstack:compute/flavorAccess:FlavorAccess"
RULE = "openstack:networking/secGroupRule:SecGroupRule"
SEC_GROUP = "openstack:networking/secGroup:SecGroup"


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


def _named(plan: Plan, type_: str) -> dict[str, PlannedResource]:
    return {r.name: r for r in plan.of_type(type_)}


def test_every_team_gets_a_protected_project_with_its_quotas(prod: Plan) -> None:
    projects = _named(prod, PROJECT)
    assert {p.inputs["name"] for p in projects.values()} == {"prod-fraud", "prod-research"}
    assert all(p.protect for p in projects.values())
    compute = _named(prod, "openstack:compute/quotaSetV2:QuotaSetV2")
    fraud = compute["private-cloud-project-fraud-compute-quota"].inputs
    assert (fraud["instances"], fraud["cores"], fraud["ram"]) == (40, 640, 4800 * 1024)
    network = _named(prod, "openstack:networking/quotaV2:QuotaV2")
    assert network["private-cloud-project-fraud-network-quota"].inputs["floatingip"] == 4
    volumes = _named(prod, "openstack:blockstorage/quoteSetV3:QuoteSetV3")
    fraud_volumes = volumes["private-cloud-project-fraud-volume-quota"].inputs
    assert (fraud_volumes["volumes"], fraud_volumes["gigabytes"]) == (100, 20000)
    # Unset: Cinder's upstream default.
    assert volumes["private-cloud-project-research-volume-quota"].inputs["gigabytes"] == 1000


def test_a_team_group_gets_the_member_role_in_its_project(prod: Plan) -> None:
    assignments = _named(prod, "openstack:identity/roleAssignment:RoleAssignment")
    fraud = assignments["private-cloud-project-fraud-member"]
    assert fraud.inputs["groupId"] and fraud.inputs["roleId"]
    lookups = {
        i.args.get("name") for i in prod.invokes if i.token.startswith("openstack:identity/")
    }
    assert {"fraud-engineers", "research-engineers", "member"} <= lookups


def test_gpu_flavors_are_private_and_request_gpus_by_passthrough_or_vgpu(prod: Plan) -> None:
    flavors = _named(prod, FLAVOR)
    passthrough = flavors["private-cloud-flavor-g1.a100.4"].inputs
    assert passthrough["isPublic"] is False
    assert passthrough["extraSpecs"] == {"pci_passthrough:alias": "nvidia-a100-80gb:4"}
    vgpu = flavors["private-cloud-flavor-v1.a100.4c"].inputs
    assert vgpu["extraSpecs"] == {
        "resources:VGPU": "1",
        "trait:CUSTOM_NVIDIA_A100_4C": "required",
    }
    access = {r.name for r in prod.of_type(FLAVOR_ACCESS)}
    # Listed projects only; a flavor without a list is open to every project.
    assert "private-cloud-flavor-g1.a100.4-access-fraud" in access
    assert "private-cloud-flavor-g1.a100.4-access-research" not in access
    assert {
        "private-cloud-flavor-g1.a100.1-access-fraud",
        "private-cloud-flavor-g1.a100.1-access-research",
    } <= access


def test_ssh_only_from_the_bastion_and_the_api_only_from_authorised_ranges(prod: Plan) -> None:
    groups = {r.name: r for r in prod.of_type(SEC_GROUP)}
    bastion_id = groups["private-cloud-sg-bastion"].id
    rules = _named(prod, RULE)
    ssh = [r for r in rules.values() if r.inputs.get("portRangeMin") == 22]
    # The bastion from the office range, the cluster group from the bastion's group only.
    assert {r.inputs.get("remoteIpPrefix") for r in ssh} == {"192.0.2.0/24", None}
    from_bastion = rules["private-cloud-sg-cluster-ssh-bastion"].inputs
    assert from_bastion["remoteGroupId"] and "remoteIpPrefix" not in from_bastion
    assert from_bastion["remoteGroupId"] == bastion_id
    api = [r.inputs for r in rules.values() if r.inputs.get("portRangeMin") == 6443]
    assert [r["remoteIpPrefix"] for r in api] == ["192.0.2.0/24"]
    internal = rules["private-cloud-sg-cluster-internal"].inputs
    assert "protocol" not in internal and internal["remoteGroupId"]


def test_bastion_boots_from_an_encrypted_volume_with_a_floating_ip(prod: Plan) -> None:
    (bastion,) = prod.of_type("openstack:compute/instance:Instance")
    (device,) = bastion.inputs["blockDevices"]
    assert (device["sourceType"], device["destinationType"], device["volumeType"]) == (
        "image",
        "volume",
        "LUKS",
    )
    (keypair,) = prod.of_type("openstack:compute/keypair:Keypair")
    assert keypair.inputs["publicKey"].startswith("ssh-ed25519 ")
    assert bastion.inputs["keyPair"] == keypair.inputs["name"]
    (association,) = prod.of_type("openstack:networking/floatingIpAssociate:FloatingIpAssociate")
    (address,) = prod.of_type("openstack:networking/floatingIp:FloatingIp")
    assert association.inputs["floatingIp"] == address.outputs["address"]
    assert address.inputs["pool"] == "public"


def test_gpu_workers_group_and_versioned_datasets_container(prod: Plan) -> None:
    (group,) = prod.of_type("openstack:compute/serverGroup:ServerGroup")
    assert group.inputs["policies"] == "anti-affinity"
    (container,) = prod.of_type("openstack:objectstorage/container:Container")
    assert container.inputs["versioning"] is True
    assert container.protect and container.retain_on_delete
    assert container.inputs["metadata"]["environment"] == "prod"


def test_the_contract_exports_the_baseline_for_teams(prod: Plan) -> None:
    private = prod.outputs["privateCloud"]
    (project,) = [p for p in prod.of_type(PROJECT) if p.inputs["name"] == "prod-fraud"]
    assert private["projectIds"]["fraud"] == project.id
    assert set(private["gpuFlavorIds"]) == {"g1.a100.1", "g1.a100.4", "v1.a100.4c"}
    assert set(private["securityGroupIds"]) == {"bastion", "cluster"}
    (address,) = prod.of_type("openstack:networking/floatingIp:FloatingIp")
    assert private["bastionAddress"] == address.outputs["address"]
    assert private["encryptedVolumeType"] == "LUKS"
    assert private["datasetsContainer"] == "prod-datasets"
