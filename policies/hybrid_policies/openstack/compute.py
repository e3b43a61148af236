"""Nova and Magnum: GPU flavors private, instances and Magnum nodes booting from encrypted
volumes."""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.gpu import flavor_requests_gpus
from hybrid_policies.openstack.blockstorage import ENCRYPTED_TYPES_CONFIG
from hybrid_policies.props import get, items
from hybrid_policies.rule import of_types, resource_rule
from hybrid_policies.settings import string_list

FLAVOR = "openstack:compute/flavor:Flavor"
INSTANCE = "openstack:compute/instance:Instance"
CLUSTER_TEMPLATE = "openstack:containerinfra/clusterTemplate:ClusterTemplate"


def _gpu_flavor_private(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not flavor_requests_gpus(args.props):
        return
    # Nova's flavors are public unless created with is_public false.
    if get(args.props, "isPublic") is not False:
        requests = ", ".join(sorted(get(args.props, "extraSpecs")))
        report(
            f"flavor '{args.name}' requests GPUs ({requests}) and is public: every project "
            "could start instances on the GPU hosts",
            None,
        )


gpu_flavor_private = resource_rule(
    name="openstack-compute-gpu-flavor-private",
    description=(
        "A Nova flavor that requests GPUs (PCI passthrough alias or vGPU resources) is "
        "private, shared with the projects that may use it."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set isPublic: false and grant projects access with FlavorAccess "
        "(privateCloud.gpuFlavors[].projects)."
    ),
    applies_to=of_types(FLAVOR),
    validate=_gpu_flavor_private,
    tags=("gpu", "access"),
)


def _instance_boot_volume(args: ResourceValidationArgs, report: ReportViolation) -> None:
    allowed = string_list(args.get_config(), "encryptedVolumeTypes")
    devices = [device for device in items(get(args.props, "blockDevices"))]
    volumes = [d for d in devices if get(d, "destinationType") == "volume"]
    if not volumes:
        report(
            f"instance '{args.name}' boots from the hypervisor's local disk, not from a volume "
            f"of an encrypted type ({', '.join(allowed)})",
            None,
        )
        return
    for device in volumes:
        volume_type = get(device, "volumeType")
        if volume_type not in allowed:
            report(
                f"instance '{args.name}' has a volume of type "
                f"{volume_type or '(the cloud default)'}, not an encrypted type "
                f"({', '.join(allowed)})",
                None,
            )


instance_boot_volume_encrypted = resource_rule(
    name="openstack-compute-boot-volume-encrypted",
    description=(
        "Instances boot from (and attach) Cinder volumes of an encrypted volume type, not the "
        "hypervisor's unencrypted local disk."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Give blockDevices a boot volume (sourceType image, destinationType volume) with "
        "volumeType set to an encrypted type (privateCloud.encryptedVolumeType)."
    ),
    applies_to=of_types(INSTANCE),
    validate=_instance_boot_volume,
    config=ENCRYPTED_TYPES_CONFIG,
    tags=("encryption", "compute"),
)


def _magnum_boot_volume(args: ResourceValidationArgs, report: ReportViolation) -> None:
    allowed = string_list(args.get_config(), "encryptedVolumeTypes")
    volume_type = get(args.props, "labels", "boot_volume_type")
    if volume_type not in allowed:
        report(
            f"cluster template '{args.name}' boots its nodes from "
            f"{'volumes of type ' + volume_type if volume_type else 'unencrypted disks'}, "
            f"not an encrypted volume type ({', '.join(allowed)})",
            None,
        )


magnum_boot_volume_encrypted = resource_rule(
    name="openstack-magnum-boot-volume-encrypted",
    description=(
        "Magnum cluster templates boot every node from volumes of an encrypted volume type "
        "(the boot_volume_type label)."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Set the template labels boot_volume_type (an encrypted type) and boot_volume_size."
    ),
    applies_to=of_types(CLUSTER_TEMPLATE),
    validate=_magnum_boot_volume,
    config=ENCRYPTED_TYPES_CONFIG,
    tags=("encryption", "kubernetes"),
)

POLICIES = (gpu_flavor_private, instance_boot_volume_encrypted, magnum_boot_volume_encrypted)
