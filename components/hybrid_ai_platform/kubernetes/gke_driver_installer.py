"""Google's NVIDIA driver installer for GKE GPU nodes, as a typed DaemonSet.

GKE GPU pools are created without GKE's driver installation (`gpu-driver-version=disabled`,
`hybrid_ai_platform.clusters.plan.GKE_GPU_DRIVER_VERSION`) so that the NVIDIA GPU Operator runs
the rest of the stack. Both guides then have the driver installed by Google's installer
DaemonSet before the operator: NVIDIA, "NVIDIA GPU Operator with Google GKE" ("Install the
Google driver installer daemon set. For Container-Optimized OS: kubectl apply -f
.../nvidia-driver-installer/cos/daemonset-preloaded.yaml"), and Google, "Manage the GPU
stack with the NVIDIA GPU Operator on GKE".

Written from that manifest (GoogleCloudPlatform/container-engine-accelerators,
`nvidia-driver-installer/cos/daemonset-preloaded.yaml`, last changed in f2cf4197,
2025-07-02) instead of fetched at run time: a preview has no network, and a manifest read
from `master` on every `pulumi up` would change the cluster without a diff to review.
"""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_kubernetes as k8s

from hybrid_ai_platform.kubernetes.plan import GKE_NVIDIA_INSTALL_DIR

NAME = "nvidia-driver-installer"
NAMESPACE = "kube-system"
APP_LABEL = {"k8s-app": NAME}
# "preloaded": GKE puts the installer image matching the node's COS version on every COS
# GPU node, so the image is never pulled and follows the node image on upgrades.
INSTALLER_IMAGE = "cos-nvidia-installer:fixed"
# Applies a GKE GPU partition config if the node has one (`/etc/nvidia`); it has none
# here (no `gpu_partition_size`: MIG comes from the operator's MIG manager), so it exits.
PARTITION_IMAGE = (
    "gcr.io/gke-release/nvidia-partition-gpu"
    "@sha256:de12f85ebfb4fb6c1893cd30c23aab662a72fa0448f97ef74fccb82d7522ef17"
)
PAUSE_IMAGE = (
    "gke.gcr.io/pause:3.8@sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830"
)
VULKAN_ICD_DIR = f"{GKE_NVIDIA_INSTALL_DIR}/vulkan/icd.d"
COS_TOOLS_DIR = "/var/lib/cos-tools"
# Install unless a driver module is already loaded (the pod restarted, or the node kept
# its driver): the installer's own behaviour, in our words.
INSTALL_SCRIPT = (
    "if lsmod | grep -q '^nvidia'; then echo 'NVIDIA driver already loaded; nothing to do';"
    " exit 0; fi; exec /cos-gpu-installer install"
)
# The manifest's node affinity: GKE GPU nodes (`cloud.google.com/gke-accelerator`) whose
# driver GKE does not install (no `gke-gpu-driver-version` label), except confidential
# nodes, which take their own installer.
NODE_REQUIREMENTS = (
    ("cloud.google.com/gke-accelerator", "Exists"),
    ("cloud.google.com/gke-gpu-driver-version", "DoesNotExist"),
    ("cloud.google.com/gke-confidential-nodes-instance-type", "DoesNotExist"),
)
# (volume name, host path, mount path in the installer or partition container)
_VOLUMES = (
    ("dev", "/dev", "/dev"),
    ("vulkan-icd-mount", VULKAN_ICD_DIR, "/etc/vulkan/icd.d"),
    ("nvidia-install-dir-host", GKE_NVIDIA_INSTALL_DIR, "/usr/local/nvidia"),
    ("root-mount", "/", "/root"),
    ("cos-tools", COS_TOOLS_DIR, "/build/cos-tools"),
    ("nvidia-config", "/etc/nvidia", "/etc/nvidia"),
)
_INSTALLER_MOUNTS = (
    "nvidia-install-dir-host",
    "vulkan-icd-mount",
    "dev",
    "root-mount",
    "cos-tools",
)
_PARTITION_MOUNTS = ("nvidia-install-dir-host", "dev", "nvidia-config")
_INSTALLER_ENV = (
    ("NVIDIA_INSTALL_DIR_HOST", GKE_NVIDIA_INSTALL_DIR),
    ("NVIDIA_INSTALL_DIR_CONTAINER", "/usr/local/nvidia"),
    ("VULKAN_ICD_DIR_HOST", VULKAN_ICD_DIR),
    ("VULKAN_ICD_DIR_CONTAINER", "/etc/vulkan/icd.d"),
    ("ROOT_MOUNT_DIR", "/root"),
    ("COS_TOOLS_DIR_HOST", COS_TOOLS_DIR),
    ("COS_TOOLS_DIR_CONTAINER", "/build/cos-tools"),
)
# Each init container asks for what the manifest asks for.
_CPU_REQUEST = {"cpu": "150m"}


def gke_driver_installer(
    resource_name: str, labels: Mapping[str, str], opts: pulumi.ResourceOptions
) -> k8s.apps.v1.DaemonSet:
    """The installer DaemonSet in `kube-system`. It tolerates every taint (`Exists` with no
    key, as the manifest does), so every GPU pool's taints included: a GPU node it cannot
    reach never gets a driver, and the operator's validator holds the node back."""
    return k8s.apps.v1.DaemonSet(
        resource_name,
        metadata=k8s.meta.v1.ObjectMetaArgs(
            name=NAME, namespace=NAMESPACE, labels={**labels, **APP_LABEL}
        ),
        spec=k8s.apps.v1.DaemonSetSpecArgs(
            selector=k8s.meta.v1.LabelSelectorArgs(match_labels=dict(APP_LABEL)),
            update_strategy=k8s.apps.v1.DaemonSetUpdateStrategyArgs(type="RollingUpdate"),
            template=k8s.core.v1.PodTemplateSpecArgs(
                metadata=k8s.meta.v1.ObjectMetaArgs(labels={"name": NAME, **APP_LABEL}),
                spec=_pod_spec(),
            ),
        ),
        opts=opts,
    )


def _pod_spec() -> k8s.core.v1.PodSpecArgs:
    mounts = {name: path for name, _, path in _VOLUMES}
    return k8s.core.v1.PodSpecArgs(
        priority_class_name="system-node-critical",
        affinity=k8s.core.v1.AffinityArgs(
            node_affinity=k8s.core.v1.NodeAffinityArgs(
                required_during_scheduling_ignored_during_execution=k8s.core.v1.NodeSelectorArgs(
                    node_selector_terms=[
                        k8s.core.v1.NodeSelectorTermArgs(
                            match_expressions=[
                                k8s.core.v1.NodeSelectorRequirementArgs(key=key, operator=op)
                                for key, op in NODE_REQUIREMENTS
                            ]
                        )
                    ]
                )
            )
        ),
        tolerations=[k8s.core.v1.TolerationArgs(operator="Exists")],
        host_network=True,
        host_pid=True,
        volumes=[
            k8s.core.v1.VolumeArgs(
                name=name, host_path=k8s.core.v1.HostPathVolumeSourceArgs(path=host)
            )
            for name, host, _ in _VOLUMES
        ],
        init_containers=[
            k8s.core.v1.ContainerArgs(
                name=NAME,
                image=INSTALLER_IMAGE,
                image_pull_policy="Never",
                resources=k8s.core.v1.ResourceRequirementsArgs(requests=dict(_CPU_REQUEST)),
                security_context=k8s.core.v1.SecurityContextArgs(privileged=True),
                env=[k8s.core.v1.EnvVarArgs(name=n, value=v) for n, v in _INSTALLER_ENV],
                volume_mounts=[
                    k8s.core.v1.VolumeMountArgs(name=n, mount_path=mounts[n])
                    for n in _INSTALLER_MOUNTS
                ],
                command=["bash", "-c", INSTALL_SCRIPT],
            ),
            k8s.core.v1.ContainerArgs(
                name="partition-gpus",
                image=PARTITION_IMAGE,
                env=[
                    k8s.core.v1.EnvVarArgs(name="LD_LIBRARY_PATH", value="/usr/local/nvidia/lib64")
                ],
                resources=k8s.core.v1.ResourceRequirementsArgs(requests=dict(_CPU_REQUEST)),
                security_context=k8s.core.v1.SecurityContextArgs(privileged=True),
                volume_mounts=[
                    k8s.core.v1.VolumeMountArgs(name=n, mount_path=mounts[n])
                    for n in _PARTITION_MOUNTS
                ],
            ),
        ],
        # The work is done in the init containers; this keeps the pod (and so the
        # DaemonSet's rollout status) alive.
        containers=[k8s.core.v1.ContainerArgs(name="pause", image=PAUSE_IMAGE)],
    )
