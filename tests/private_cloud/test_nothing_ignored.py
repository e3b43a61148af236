"""Nothing of the private cloud's definition is validated and then ignored: every field of
its models (and `clusters[].project`) has a check here that finds the prod definition's
value in a planned resource input, a data-source call or the cost report. A field added to
a model without a check fails `test_every_field_has_a_check`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from components import spec
from components.definition import load_stack_file
from hap.plan import Plan, PlannedResource
from hybrid_ai_shared.cost import estimate

REPOSITORY = Path(__file__).parents[2]
ENV = load_stack_file(REPOSITORY / "stacks" / "Pulumi.prod.yaml")
PRIVATE = ENV.private_cloud
assert PRIVATE is not None and PRIVATE.bastion and PRIVATE.magnum and PRIVATE.internal_rates
Check = Callable[[Plan], bool]


def _of(plan: Plan, type_: str) -> list[PlannedResource]:
    return [r for r in plan.resources if r.type == f"openstack:{type_}"]


def _named(plan: Plan, type_: str, name: str) -> PlannedResource:
    (found,) = [r for r in _of(plan, type_) if r.name == name]
    return found


def _invoked(plan: Plan, token: str, **args: Any) -> bool:
    return any(
        call.token == f"openstack:{token}" and all(call.args.get(k) == v for k, v in args.items())
        for call in plan.invokes
    )


def _flavor(plan: Plan, flavor: spec.GpuFlavor) -> dict[str, Any]:
    return _named(plan, "compute/flavor:Flavor", f"private-cloud-flavor-{flavor.name}").inputs


def _quota(plan: Plan, kind: str, project: spec.ProjectQuota) -> dict[str, Any]:
    type_ = {
        "compute": "compute/quotaSetV2:QuotaSetV2",
        "network": "networking/quotaV2:QuotaV2",
        "volume": "blockstorage/quoteSetV3:QuoteSetV3",
    }[kind]
    return _named(plan, type_, f"private-cloud-project-{project.name}-{kind}-quota").inputs


def _flavors(check: Callable[[Plan, spec.GpuFlavor], bool]) -> Check:
    return lambda plan: all(check(plan, flavor) for flavor in PRIVATE.gpu_flavors)


def _projects(kind: str, key: str, value: Callable[[spec.ProjectQuota], Any]) -> Check:
    return lambda plan: all(
        _quota(plan, kind, project)[key] == value(project) for project in PRIVATE.projects
    )


def _ingress(plan: Plan, port: int) -> set[str]:
    return {
        r.inputs.get("remoteIpPrefix")
        for r in _of(plan, "networking/secGroupRule:SecGroupRule")
        if r.inputs.get("portRangeMin") == port
    }


def _flavor_access(plan: Plan, flavor: spec.GpuFlavor) -> bool:
    access = [
        r
        for r in _of(plan, "compute/flavorAccess:FlavorAccess")
        if r.name.startswith(f"private-cloud-flavor-{flavor.name}-access-")
    ]
    granted = {r.name.rsplit("-access-", 1)[1] for r in access}
    return granted == set(flavor.projects or (p.name for p in PRIVATE.projects))


def _prices(plan: Plan) -> dict[str, Any]:
    (line,) = [line for line in estimate(plan).lines if line.name == "onprem-a100"]
    return {price.unit: price for price in line.prices}


BASTION = PRIVATE.bastion
MAGNUM = PRIVATE.magnum
RATES = PRIVATE.internal_rates
TEMPLATE = ("containerinfra/clusterTemplate:ClusterTemplate", "onprem-template")

CHECKS: dict[type[BaseModel], dict[str, Check]] = {
    spec.PrivateCloud: {
        "region": lambda plan: (
            {r.inputs.get("region") for r in plan.resources if r.type.startswith("openstack:")}
            == {PRIVATE.region}
        ),
        "network_cidr": lambda plan: (
            PRIVATE.network_cidr
            in {r.inputs["cidr"] for r in _of(plan, "networking/subnet:Subnet")}
        ),
        "external_network": lambda plan: _invoked(
            plan, "networking/getNetwork:getNetwork", name=PRIVATE.external_network
        ),
        "dns_nameservers": lambda plan: all(
            r.inputs["dnsNameservers"] == list(PRIVATE.dns_nameservers)
            for r in _of(plan, "networking/subnet:Subnet")
        ),
        "gpu_flavors": lambda plan: (
            {r.inputs["name"] for r in _of(plan, "compute/flavor:Flavor")}
            == {f.name for f in PRIVATE.gpu_flavors}
        ),
        "projects": lambda plan: (
            {r.inputs["name"] for r in _of(plan, "identity/project:Project")}
            == {f"{ENV.name}-{p.name}" for p in PRIVATE.projects}
        ),
        "authorized_cidrs": lambda plan: set(PRIVATE.authorized_cidrs) <= _ingress(plan, 6443),
        "bastion": lambda plan: bool(_of(plan, "compute/instance:Instance")),
        "encrypted_volume_type": lambda plan: (
            _named(plan, "compute/instance:Instance", "private-cloud-bastion").inputs[
                "blockDevices"
            ][0]["volumeType"]
            == PRIVATE.encrypted_volume_type
            == _named(plan, *TEMPLATE).inputs["labels"]["boot_volume_type"]
        ),
        "magnum": lambda plan: bool(_of(plan, "containerinfra/clusterTemplate:ClusterTemplate")),
        "internal_rates": lambda plan: bool(_prices(plan)),
    },
    spec.GpuFlavor: {
        "name": _flavors(lambda plan, f: _flavor(plan, f)["name"] == f.name),
        "accelerator": _flavors(lambda plan, f: f.accelerator in _flavor(plan, f)["description"]),
        "gpus": _flavors(lambda plan, f: _flavor(plan, f)["description"].startswith(f"{f.gpus} x")),
        "vcpus": _flavors(lambda plan, f: _flavor(plan, f)["vcpus"] == f.vcpus),
        "ram_gb": _flavors(lambda plan, f: _flavor(plan, f)["ram"] == f.ram_gb * 1024),
        "disk_gb": _flavors(lambda plan, f: _flavor(plan, f)["disk"] == f.disk_gb),
        "gpu_mode": _flavors(
            lambda plan, f: (
                ("resources:VGPU" in _flavor(plan, f)["extraSpecs"]) == (f.gpu_mode == "vgpu")
            )
        ),
        "vgpu_trait": _flavors(
            lambda plan, f: (
                f.vgpu_trait is None
                or _flavor(plan, f)["extraSpecs"][f"trait:{f.vgpu_trait}"] == "required"
            )
        ),
        "projects": _flavors(_flavor_access),
    },
    spec.ProjectQuota: {
        "name": lambda plan: all(
            _named(plan, "identity/project:Project", f"private-cloud-project-{p.name}").inputs[
                "name"
            ]
            == f"{ENV.name}-{p.name}"
            for p in PRIVATE.projects
        ),
        "instances": _projects("compute", "instances", lambda p: p.instances),
        "cores": _projects("compute", "cores", lambda p: p.cores),
        "ram_gb": _projects("compute", "ram", lambda p: p.ram_gb * 1024),
        "networks": _projects("network", "network", lambda p: p.networks),
        "ports": _projects("network", "port", lambda p: p.ports),
        "floating_ips": _projects("network", "floatingip", lambda p: p.floating_ips),
        "security_groups": _projects("network", "securityGroup", lambda p: p.security_groups),
        "volumes": _projects("volume", "volumes", lambda p: p.volumes),
        "volume_gb": _projects("volume", "gigabytes", lambda p: p.volume_gb),
        "group": lambda plan: all(
            p.group is None or _invoked(plan, "identity/getGroup:getGroup", name=p.group)
            for p in PRIVATE.projects
        ),
    },
    spec.Bastion: {
        "image": lambda plan: _invoked(plan, "images/getImage:getImage", name=BASTION.image),
        "flavor": lambda plan: (
            _named(plan, "compute/instance:Instance", "private-cloud-bastion").inputs["flavorName"]
            == BASTION.flavor
        ),
        "ssh_public_key": lambda plan: (
            [r.inputs["publicKey"] for r in _of(plan, "compute/keypair:Keypair")]
            == [BASTION.ssh_public_key]
        ),
        "allowed_cidrs": lambda plan: set(BASTION.allowed_cidrs) <= _ingress(plan, 22),
    },
    spec.Magnum: {
        "image": lambda plan: _named(plan, *TEMPLATE).inputs["image"] == MAGNUM.image,
        "master_flavor": lambda plan: (
            _named(plan, *TEMPLATE).inputs["masterFlavor"] == MAGNUM.master_flavor
        ),
    },
    spec.InternalRates: {
        "gpu_hour_usd": lambda plan: _prices(plan)["GPU-hour"].usd == RATES.gpu_hour_usd,
        "vcpu_hour_usd": lambda plan: _prices(plan)["vCPU-hour"].usd == RATES.vcpu_hour_usd,
        "source": lambda plan: _prices(plan)["GPU-hour"].source.endswith(RATES.source),
        "as_of": lambda plan: _prices(plan)["GPU-hour"].date == RATES.as_of.isoformat(),
    },
}
# The one openstack-only field of a cluster: the project the Magnum cluster is created in,
# through a provider scoped to it.
CLUSTER_CHECKS: dict[str, Check] = {
    "project": lambda plan: (
        any(
            r.type == "pulumi:providers:openstack" and r.inputs.get("tenantName") == "prod-fraud"
            for r in plan.resources
        )
        and [c.project for c in ENV.clusters if c.cloud == "openstack"] == ["fraud"]
    ),
}


def test_every_field_has_a_check() -> None:
    for model, checks in CHECKS.items():
        assert set(model.model_fields) == set(checks), model.__name__
    assert "project" in spec.Cluster.model_fields


@pytest.mark.parametrize(
    ("model", "field"),
    [(model, field) for model, checks in CHECKS.items() for field in checks],
    ids=lambda value: value.__name__ if isinstance(value, type) else value,
)
def test_the_field_reaches_the_plan(plan_of, model: type[BaseModel], field: str) -> None:
    assert CHECKS[model][field](plan_of("prod")), f"{model.__name__}.{field}"


def test_the_magnum_clusters_project_reaches_its_provider(plan_of) -> None:
    assert CLUSTER_CHECKS["project"](plan_of("prod"))
