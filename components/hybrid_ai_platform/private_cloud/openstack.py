"""`OpenStackPrivateCloud`: the private cloud's baseline on its existing `OpenStackNetwork`.

Team projects with quotas and role assignments, private GPU flavors with access per
project, security groups, a key pair, a bastion with a floating IP booting from a volume of
the operator's encrypted volume type, a server group for GPU workers, and a versioned Swift
container for datasets and model artifacts. What is built follows `plan` one to one.

Volume encryption: pulumi-openstack 5.5.3 can create a Cinder volume type
(`blockstorage.VolumeTypeV3`, name and extra specs only) but has no resource for its
encryption spec (`openstack volume type create --encryption-provider luks`), so an
"encrypted" type made here would not be encrypted. The definition names the operator's
LUKS type instead (`encryptedVolumeType`), every boot volume uses it, and the policy pack
checks that the type is one the cloud encrypts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_openstack as openstack

from hybrid_ai_platform.network.plan import openstack_tags
from hybrid_ai_platform.options import ProviderComponent
from hybrid_ai_platform.private_cloud import plan
from hybrid_ai_platform.spec import Bastion
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:openstack:PrivateCloud"
# Boot volume of the bastion: the image plus room for logs; the bastion holds no data.
BASTION_VOLUME_GB = 20


@dataclass(frozen=True)
class OpenStackPrivateCloudArgs:
    """Plain values: they decide which resources exist."""

    env_name: str
    region: str
    projects: tuple[plan.ProjectPlan, ...]
    flavors: tuple[plan.FlavorPlan, ...]
    security_groups: tuple[plan.SecurityGroupPlan, ...]
    bastion: Bastion | None
    encrypted_volume_type: str
    external_network: str
    network_id: pulumi.Input[str]
    subnet_id: pulumi.Input[str]
    # Already layered by `hybrid_ai_platform.tags`.
    tags: Mapping[str, str]
    settings: TierSettings
    # Projects that hold Magnum clusters: the deploying identity becomes a member there,
    # so a provider scoped to the project can create the cluster.
    cluster_projects: tuple[str, ...] = ()
    # The network component: the bastion's floating IP needs its router interface.
    wait_for: tuple[pulumi.Resource, ...] = ()


class OpenStackPrivateCloud(ProviderComponent):
    project_ids: dict[str, pulumi.Output[str]]
    flavor_ids: dict[str, pulumi.Output[str]]
    security_group_ids: dict[str, pulumi.Output[str]]
    keypair_name: pulumi.Output[str] | None
    bastion_address: pulumi.Output[str] | None
    server_group_id: pulumi.Output[str]
    container_name: pulumi.Output[str]
    encrypted_volume_type: str

    def __init__(
        self,
        name: str,
        args: OpenStackPrivateCloudArgs,
        provider: openstack.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        self._name = name
        self._args = args
        self._cloud_provider = provider
        self._tags = openstack_tags(args.tags)

        self.projects = {p.key: self._project(p) for p in args.projects}
        self.project_ids = {key: project.id for key, project in self.projects.items()}
        self.project_names = {p.key: p.name for p in args.projects}
        self.deployer_memberships = {
            key: self._deployer_membership(key) for key in sorted(set(args.cluster_projects))
        }
        self.flavor_ids = {f.key: self._flavor(f) for f in args.flavors}
        groups = {g.key: self._security_group(g) for g in args.security_groups}
        self.security_group_ids = {key: group.id for key, group in groups.items()}
        for group in args.security_groups:
            for rule in group.rules:
                self._rule(group, rule, groups)
        self.keypair_name = None
        self.bastion_address = None
        if args.bastion is not None:
            self._bastion(args.bastion, groups["bastion"])
        self.server_group_id = openstack.compute.ServerGroup(
            f"{name}-gpu-workers",
            name=f"{args.env_name}-gpu-workers",
            region=args.region,
            # The SDK types it as one string (the API takes exactly one policy).
            policies=plan.GPU_WORKER_POLICY,
            opts=self._opts(),
        ).id
        self.container_name = openstack.objectstorage.Container(
            f"{name}-datasets",
            name=plan.object_container_name(args.env_name),
            region=args.region,
            # Swift's object versioning (2.24+, `allow_object_versioning = true`): every
            # overwrite or delete of a dataset or model keeps the earlier version.
            versioning=True,
            metadata=dict(args.tags),
            opts=self._opts(
                protect=args.settings.protect, retain_on_delete=args.settings.retain_on_delete
            ),
        ).name
        self.encrypted_volume_type = args.encrypted_volume_type
        self.register_outputs(
            {
                "project_ids": self.project_ids,
                "flavor_ids": self.flavor_ids,
                "security_group_ids": self.security_group_ids,
                "keypair_name": self.keypair_name,
                "bastion_address": self.bastion_address,
                "server_group_id": self.server_group_id,
                "container_name": self.container_name,
                "encrypted_volume_type": self.encrypted_volume_type,
            }
        )

    # -- projects ----------------------------------------------------------------------

    def _project(self, project: plan.ProjectPlan) -> openstack.identity.Project:
        prefix = f"{self._name}-project-{project.key}"
        region = self._args.region
        created = openstack.identity.Project(
            prefix,
            name=project.name,
            description=project.description,
            enabled=True,
            region=region,
            tags=self._tags,
            # Deleting a project orphans every server, volume and network in it.
            opts=self._opts(protect=self._args.settings.protect),
        )
        openstack.compute.QuotaSetV2(
            f"{prefix}-compute-quota",
            project_id=created.id,
            region=region,
            instances=project.instances,
            cores=project.cores,
            ram=project.ram_mb,
            opts=self._opts(),
        )
        openstack.networking.QuotaV2(
            f"{prefix}-network-quota",
            project_id=created.id,
            region=region,
            network=project.networks,
            port=project.ports,
            floatingip=project.floating_ips,
            security_group=project.security_groups,
            opts=self._opts(),
        )
        openstack.blockstorage.QuoteSetV3(
            f"{prefix}-volume-quota",
            project_id=created.id,
            region=region,
            volumes=project.volumes,
            gigabytes=project.gigabytes,
            opts=self._opts(),
        )
        if project.group is not None:
            invoke = pulumi.InvokeOutputOptions(parent=self, provider=self._cloud_provider)
            group = openstack.identity.get_group_output(
                name=project.group, region=region, opts=invoke
            )
            role = openstack.identity.get_role_output(
                name=plan.MEMBER_ROLE, region=region, opts=invoke
            )
            openstack.identity.RoleAssignment(
                f"{prefix}-member",
                project_id=created.id,
                group_id=group.id,
                role_id=role.id,
                region=region,
                opts=self._opts(),
            )
        return created

    def _deployer_membership(self, project: str) -> openstack.identity.RoleAssignment:
        """The member role for whoever runs the deployment (the provider's own user, read
        from its token), in a project that holds a Magnum cluster: the least role with
        which Magnum creates clusters under its default policy."""
        invoke = pulumi.InvokeOutputOptions(parent=self, provider=self._cloud_provider)
        scope = openstack.identity.get_auth_scope_output(
            name="deployer", region=self._args.region, opts=invoke
        )
        role = openstack.identity.get_role_output(
            name=plan.MEMBER_ROLE, region=self._args.region, opts=invoke
        )
        return openstack.identity.RoleAssignment(
            f"{self._name}-project-{project}-deployer",
            project_id=self.project_ids[project],
            user_id=scope.user_id,
            role_id=role.id,
            region=self._args.region,
            opts=self._opts(),
        )

    # -- flavors -----------------------------------------------------------------------

    def _flavor(self, flavor: plan.FlavorPlan) -> pulumi.Output[str]:
        prefix = f"{self._name}-flavor-{flavor.key}"
        created = openstack.compute.Flavor(
            prefix,
            name=flavor.name,
            region=self._args.region,
            vcpus=flavor.vcpus,
            ram=flavor.ram_mb,
            disk=flavor.disk_gb,
            # GPUs are scarce and billed internally: only the listed projects see them.
            is_public=False,
            extra_specs=dict(flavor.extra_specs),
            description=f"{flavor.gpus} x {flavor.accelerator} ({flavor.gpu_mode})",
            opts=self._opts(),
        )
        for project in flavor.projects:
            openstack.compute.FlavorAccess(
                f"{prefix}-access-{project}",
                flavor_id=created.id,
                tenant_id=self.project_ids[project],
                region=self._args.region,
                opts=self._opts(),
            )
        return created.id

    # -- security groups ---------------------------------------------------------------

    def _security_group(self, group: plan.SecurityGroupPlan) -> openstack.networking.SecGroup:
        return openstack.networking.SecGroup(
            f"{self._name}-sg-{group.key}",
            name=group.name,
            description=group.description,
            region=self._args.region,
            tags=self._tags,
            opts=self._opts(),
        )

    def _rule(
        self,
        group: plan.SecurityGroupPlan,
        rule: plan.RulePlan,
        groups: Mapping[str, openstack.networking.SecGroup],
    ) -> None:
        remote_group: pulumi.Output[str] | None = None
        if rule.remote == "self":
            remote_group = groups[group.key].id
        elif rule.remote == "bastion":
            remote_group = groups["bastion"].id
        openstack.networking.SecGroupRule(
            f"{self._name}-sg-{group.key}-{rule.key}",
            security_group_id=groups[group.key].id,
            description=rule.description,
            direction="ingress",
            ethertype="IPv4",
            protocol=rule.protocol,
            port_range_min=rule.port,
            port_range_max=rule.port,
            remote_ip_prefix=rule.cidr,
            remote_group_id=remote_group,
            region=self._args.region,
            opts=self._opts(),
        )

    # -- bastion -----------------------------------------------------------------------

    def _bastion(self, bastion: Bastion, group: openstack.networking.SecGroup) -> None:
        args = self._args
        prefix = f"{self._name}-bastion"
        keypair = openstack.compute.Keypair(
            f"{self._name}-keypair",
            name=f"{args.env_name}-operators",
            public_key=bastion.ssh_public_key,
            region=args.region,
            opts=self._opts(),
        )
        image = openstack.images.get_image_output(
            name=bastion.image,
            most_recent=True,
            region=args.region,
            opts=pulumi.InvokeOutputOptions(parent=self, provider=self._cloud_provider),
        )
        port = openstack.networking.Port(
            f"{prefix}-port",
            name=f"{args.env_name}-bastion",
            network_id=args.network_id,
            fixed_ips=[openstack.networking.PortFixedIpArgs(subnet_id=args.subnet_id)],
            security_group_ids=[group.id],
            admin_state_up=True,
            region=args.region,
            tags=self._tags,
            opts=self._opts(),
        )
        openstack.compute.Instance(
            prefix,
            name=f"{args.env_name}-bastion",
            flavor_name=bastion.flavor,
            key_pair=keypair.name,
            networks=[openstack.compute.InstanceNetworkArgs(port=port.id)],
            block_devices=[
                openstack.compute.InstanceBlockDeviceArgs(
                    source_type="image",
                    uuid=image.id,
                    destination_type="volume",
                    volume_size=BASTION_VOLUME_GB,
                    volume_type=args.encrypted_volume_type,
                    boot_index=0,
                    delete_on_termination=True,
                )
            ],
            metadata=dict(args.tags),
            tags=self._tags,
            region=args.region,
            opts=self._opts(),
        )
        address = openstack.networking.FloatingIp(
            f"{prefix}-address",
            pool=args.external_network,
            description=f"{args.env_name} bastion",
            region=args.region,
            tags=self._tags,
            opts=self._opts(depends_on=args.wait_for),
        )
        openstack.networking.FloatingIpAssociate(
            f"{prefix}-address-association",
            floating_ip=address.address,
            port_id=port.id,
            region=args.region,
            opts=self._opts(),
        )
        self.keypair_name = keypair.name
        self.bastion_address = address.address
