"""Private-cloud planning: from the definition's `privateCloud` to plain values for the
OpenStack component. Pure: no Pulumi import.

- Projects: one Keystone project per team with its Nova, Neutron and Cinder quotas.
- GPU flavors: private Nova flavors whose extra specs request GPUs the way operators
  configure them. `pci-passthrough` asks for whole boards through a PCI alias
  (`pci_passthrough:alias=<alias>:<count>`, the alias configured in nova.conf `[pci] alias`
  and named in the accelerator catalog); `vgpu` asks placement for mediated devices
  (`resources:VGPU=<count>`, plus `trait:<CUSTOM_...>=required` to pick one vGPU type)
  as Nova's "Attaching virtual GPU devices to guests" documents.
- Security groups: the bastion admits SSH from the definition's ranges only; the cluster
  group admits SSH only from the bastion's group, the Kubernetes API only from the
  authorised ranges, and everything from its own members (traffic inside the cluster).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.spec import GpuFlavor, PrivateCloud, ProjectQuota
from hybrid_ai_shared.catalog import Catalog, load_catalog

SSH_PORT = 22
KUBERNETES_API_PORT = 6443
# Nova's extra-spec keys (nova/api/validation/extra_specs: `pci_passthrough:alias`,
# `resources{group}:<rc>`, `trait{group}:<trait>`).
VGPU_RESOURCE_KEY = "resources:VGPU"
TRAIT_PREFIX = "trait:"
# Keystone's default member role (2-tier default roles since Rocky: reader, member, admin).
MEMBER_ROLE = "member"
MIB_PER_GIB = 1024
# Server-group policy for GPU workers: never two on one hypervisor, so losing a host loses
# one worker (Nova server groups, compute API microversion 2.64 `policy`).
GPU_WORKER_POLICY = "anti-affinity"

# Magnum control-plane nodes: three (etcd quorum survives one loss) where the tier asks
# for high availability, else one.
HA_MASTERS = 3
SINGLE_MASTER = 1

RemoteKind = Literal["cidr", "self", "bastion"]


def master_count(high_availability: bool) -> int:
    return HA_MASTERS if high_availability else SINGLE_MASTER


@dataclass(frozen=True)
class ProjectPlan:
    key: str  # the definition's name: the logical name's stable part
    name: str  # physical: `<environment>-<team>`
    description: str
    group: str | None
    # Nova
    instances: int
    cores: int
    ram_mb: int
    # Neutron
    networks: int
    ports: int
    floating_ips: int
    security_groups: int
    # Cinder
    volumes: int
    gigabytes: int


@dataclass(frozen=True)
class FlavorPlan:
    key: str
    name: str
    accelerator: str
    gpus: int
    gpu_mode: str
    vcpus: int
    ram_mb: int
    disk_gb: int
    extra_specs: Mapping[str, str]
    # Projects (definition names) given access; a GPU flavor is never public.
    projects: tuple[str, ...]


@dataclass(frozen=True)
class RulePlan:
    key: str  # stable part of the logical name
    description: str
    protocol: str | None  # None: every protocol
    port: int | None
    remote: RemoteKind
    cidr: str | None = None


@dataclass(frozen=True)
class SecurityGroupPlan:
    key: str
    name: str
    description: str
    rules: tuple[RulePlan, ...]


def plan_projects(env_name: str, private: PrivateCloud) -> tuple[ProjectPlan, ...]:
    return tuple(_project(env_name, project) for project in private.projects)


def _project(env_name: str, project: ProjectQuota) -> ProjectPlan:
    return ProjectPlan(
        key=project.name,
        name=physical_name(env_name, project.name, max_length=64),
        description=f"Team {project.name} of environment {env_name}",
        group=project.group,
        instances=project.instances,
        cores=project.cores,
        ram_mb=project.ram_gb * MIB_PER_GIB,
        networks=project.networks,
        ports=project.ports,
        floating_ips=project.floating_ips,
        security_groups=project.security_groups,
        volumes=project.volumes,
        gigabytes=project.volume_gb,
    )


def plan_flavors(private: PrivateCloud, catalog: Catalog | None = None) -> tuple[FlavorPlan, ...]:
    catalog = catalog or load_catalog()
    every_project = tuple(sorted(p.name for p in private.projects))
    return tuple(
        FlavorPlan(
            key=flavor.name,
            name=flavor.name,
            accelerator=flavor.accelerator,
            gpus=flavor.gpus,
            gpu_mode=flavor.gpu_mode,
            vcpus=flavor.vcpus,
            ram_mb=flavor.ram_gb * MIB_PER_GIB,
            disk_gb=flavor.disk_gb,
            extra_specs=flavor_extra_specs(flavor, catalog),
            projects=tuple(sorted(flavor.projects)) or every_project,
        )
        for flavor in private.gpu_flavors
    )


def flavor_extra_specs(flavor: GpuFlavor, catalog: Catalog) -> dict[str, str]:
    """The extra specs that make Nova place the flavor's GPUs (module docstring)."""
    if flavor.gpu_mode == "pci-passthrough":
        return catalog.openstack_flavor_extra_specs(flavor.accelerator, flavor.gpus)
    specs = {VGPU_RESOURCE_KEY: str(flavor.gpus)}
    if flavor.vgpu_trait:
        specs[f"{TRAIT_PREFIX}{flavor.vgpu_trait}"] = "required"
    return dict(sorted(specs.items()))


def plan_security_groups(env_name: str, private: PrivateCloud) -> tuple[SecurityGroupPlan, ...]:
    """The bastion's group (only with a bastion) and the cluster group."""
    groups: list[SecurityGroupPlan] = []
    cluster_rules: list[RulePlan] = [
        RulePlan("internal", "Traffic between members of this group", None, None, "self"),
    ]
    if private.bastion is not None:
        groups.append(
            SecurityGroupPlan(
                key="bastion",
                name=physical_name(env_name, "bastion"),
                description="SSH to the bastion from the allowed ranges only",
                rules=tuple(
                    RulePlan(
                        f"ssh-{_cidr_key(cidr)}",
                        f"SSH from {cidr}",
                        "tcp",
                        SSH_PORT,
                        "cidr",
                        cidr,
                    )
                    for cidr in sorted(private.bastion.allowed_cidrs)
                ),
            )
        )
        cluster_rules.append(
            RulePlan("ssh-bastion", "SSH from the bastion", "tcp", SSH_PORT, "bastion")
        )
    cluster_rules += [
        RulePlan(
            f"api-{_cidr_key(cidr)}",
            f"Kubernetes API from {cidr}",
            "tcp",
            KUBERNETES_API_PORT,
            "cidr",
            cidr,
        )
        for cidr in sorted(private.authorized_cidrs)
    ]
    groups.append(
        SecurityGroupPlan(
            key="cluster",
            name=physical_name(env_name, "cluster"),
            description="Cluster nodes: SSH from the bastion, API from authorised ranges",
            rules=tuple(cluster_rules),
        )
    )
    return tuple(groups)


def _cidr_key(cidr: str) -> str:
    """`10.0.0.0/8` -> `10-0-0-0-8`: a rule's logical name from its range, never its position."""
    return cidr.replace(".", "-").replace("/", "-")


def object_container_name(env_name: str) -> str:
    return physical_name(env_name, "datasets")


def gpu_flavor_for(private: PrivateCloud, accelerator: str | None, gpus: int) -> GpuFlavor | None:
    """The first GPU flavor with `gpus` x `accelerator`, in definition order."""
    if accelerator is None:
        return None
    return next(
        (f for f in private.gpu_flavors if f.accelerator == accelerator and f.gpus == gpus), None
    )
