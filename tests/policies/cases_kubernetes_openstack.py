"""Cases of the GPU Operator rule (a stack rule over pools, providers and releases) and of
the OpenStack rules."""

from __future__ import annotations

from typing import Any

from hap.plan import PlannedResource
from hap.policy.harness import resource
from tests.policies.cases import AWS, AZURE, Case, aws, azure, k8s, one, openstack, stack

RELEASE = "kubernetes:helm.sh/v3:Release"
GPU_TAINT = {"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}
TEAM_TAINT = {"key": "dedicated", "value": "research", "effect": "NO_SCHEDULE"}
TOLERATE_GPU = {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}
TOLERATE_TEAM = {
    "key": "dedicated",
    "operator": "Equal",
    "value": "research",
    "effect": "NoSchedule",
}


def _eks_with_operator(
    pool_taints: list[dict[str, str]], values: dict[str, Any]
) -> list[PlannedResource]:
    """An EKS cluster, a GPU node group, the cluster's Kubernetes provider and the operator."""
    cluster = aws("aws:eks/cluster:Cluster", name="train-eks")
    pool = aws(
        "aws:eks/nodeGroup:NodeGroup",
        {"amiType": "AL2023_x86_64_NVIDIA", "taints": pool_taints},
        name="train-a100",
        dependencies=[cluster],
    )
    kubernetes = resource(
        "pulumi:providers:kubernetes",
        {"kubeconfig": "{}"},
        name="train-k8s",
        dependencies=[cluster],
    )
    release = k8s(
        RELEASE,
        {"chart": "gpu-operator", "values": values},
        name="train-gpu-operator",
        provider=kubernetes,
    )
    return [cluster, pool, kubernetes, release]


def _aks_spot_pool() -> list[PlannedResource]:
    """Another cluster (AKS) whose spot GPU pool carries a taint the EKS operator never sees."""
    cluster = azure("azure-native:containerservice:ManagedCluster", name="serve-aks")
    pool = azure(
        "azure-native:containerservice:AgentPool",
        {
            "vmSize": "Standard_NC4as_T4_v3",
            "scaleSetPriority": "Spot",
            "nodeTaints": ["nvidia.com/gpu=present:NoSchedule"],
        },
        name="serve-t4",
        dependencies=[cluster],
    )
    return [cluster, pool]


FLAVOR = "openstack:compute/flavor:Flavor"
INSTANCE = "openstack:compute/instance:Instance"
TEMPLATE = "openstack:containerinfra/clusterTemplate:ClusterTemplate"
BOOT_VOLUME = {
    "sourceType": "image",
    "destinationType": "volume",
    "bootIndex": 0,
    "volumeSize": 20,
    "volumeType": "LUKS",
}


def _magnum_with_operator(values: dict[str, Any]) -> list[PlannedResource]:
    """A Magnum cluster with a node group on a GPU flavor of the stack (the kubelet
    registers its nodes with the GPU taint), the cluster's provider and the operator."""
    flavor = openstack(
        FLAVOR,
        {"name": "g1.a100.1", "isPublic": False, "extraSpecs": {"pci_passthrough:alias": "a:1"}},
        name="g1",
    )
    cluster = openstack(
        "openstack:containerinfra/cluster:Cluster", {"flavor": "m1.large"}, name="onprem"
    )
    group = openstack(
        "openstack:containerinfra/nodeGroup:NodeGroup",
        {
            "flavorId": "g1.a100.1",
            "minNodeCount": 0,
            "labels": {
                "kubelet_options": "--register-with-taints=nvidia.com/gpu=present:NoSchedule"
            },
        },
        name="a100",
        dependencies=[cluster],
    )
    kubernetes = resource(
        "pulumi:providers:kubernetes",
        {"kubeconfig": "{}"},
        name="onprem-k8s",
        dependencies=[cluster],
    )
    release = k8s(
        RELEASE,
        {"chart": "gpu-operator", "values": values},
        name="onprem-gpu-operator",
        provider=kubernetes,
    )
    return [flavor, cluster, group, kubernetes, release]


CASES = [
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "tolerates-every-taint-of-its-cluster",
        stack(
            [
                *_eks_with_operator(
                    [GPU_TAINT, TEAM_TAINT],
                    {
                        "daemonsets": {"tolerations": [TOLERATE_GPU, TOLERATE_TEAM]},
                        "node-feature-discovery": {
                            "worker": {"tolerations": [TOLERATE_GPU, TOLERATE_TEAM]}
                        },
                    },
                ),
                *_aks_spot_pool(),
            ]
        ),
    ),
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "chart-default-covers-the-gpu-taint",
        stack(_eks_with_operator([GPU_TAINT], {})),
    ),
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "team-taint-not-tolerated",
        stack(
            _eks_with_operator(
                [GPU_TAINT, TEAM_TAINT], {"daemonsets": {"tolerations": [TOLERATE_GPU]}}
            )
        ),
        expect=(
            "daemonsets.tolerations does not tolerate dedicated=research:NoSchedule "
            "of GPU node group 'train-a100'"
        ),
    ),
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "feature-discovery-left-out",
        stack(
            _eks_with_operator(
                [GPU_TAINT],
                {
                    "daemonsets": {"tolerations": [TOLERATE_GPU]},
                    "node-feature-discovery": {"worker": {"tolerations": []}},
                },
            )
        ),
        expect=(
            "node-feature-discovery.worker.tolerations does not tolerate "
            "nvidia.com/gpu=present:NoSchedule"
        ),
    ),
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "aks-spot-taint",
        stack(
            [
                cluster := azure("azure-native:containerservice:ManagedCluster", name="serve-aks"),
                azure(
                    "azure-native:containerservice:AgentPool",
                    {
                        "vmSize": "Standard_NC4as_T4_v3",
                        "scaleSetPriority": "Spot",
                        "nodeTaints": ["nvidia.com/gpu=present:NoSchedule"],
                    },
                    name="serve-t4",
                    dependencies=[cluster],
                ),
                kubernetes := resource(
                    "pulumi:providers:kubernetes", {}, name="serve-k8s", dependencies=[cluster]
                ),
                k8s(
                    RELEASE,
                    {
                        "chart": "gpu-operator",
                        "values": {"daemonsets": {"tolerations": [TOLERATE_GPU]}},
                    },
                    name="serve-gpu-operator",
                    provider=kubernetes,
                ),
            ]
        ),
        expect=(
            "does not tolerate kubernetes.azure.com/scalesetpriority=spot:NoSchedule "
            "of GPU agent pool 'serve-t4'"
        ),
    ),
    Case(
        "openstack-networking-no-admin-ports-open-to-internet",
        "ssh-from-admin-range",
        one(
            openstack(
                "openstack:networking/secGroupRule:SecGroupRule",
                {
                    "direction": "ingress",
                    "protocol": "tcp",
                    "portRangeMin": 22,
                    "portRangeMax": 22,
                    "remoteIpPrefix": "192.0.2.0/24",
                },
            )
        ),
    ),
    Case(
        "openstack-networking-no-admin-ports-open-to-internet",
        "no-remote-means-everyone",
        one(
            openstack(
                "openstack:networking/secGroupRule:SecGroupRule",
                {
                    "direction": "ingress",
                    "protocol": "tcp",
                    "portRangeMin": 6443,
                    "portRangeMax": 6443,
                },
            )
        ),
        expect="admits port(s) 6443 from any address (no remote set)",
    ),
    Case(
        "openstack-blockstorage-volume-encrypted",
        "luks-type",
        one(openstack("openstack:blockstorage/volume:Volume", {"volumeType": "LUKS", "size": 10})),
    ),
    Case(
        "openstack-blockstorage-volume-encrypted",
        "cloud-specific-encrypted-type",
        one(openstack("openstack:blockstorage/volume:Volume", {"volumeType": "ceph-encrypted"})),
        config={"encryptedVolumeTypes": ["ceph-encrypted"]},
    ),
    Case(
        "openstack-blockstorage-volume-encrypted",
        "default-type",
        one(openstack("openstack:blockstorage/volume:Volume", {"size": 10})),
        expect="volume 'volume' has type (the cloud default), not an encrypted type (LUKS)",
    ),
    Case(
        "openstack-compute-gpu-flavor-private",
        "private-gpu-flavor",
        one(openstack(FLAVOR, {"isPublic": False, "extraSpecs": {"resources:VGPU": "1"}})),
    ),
    Case(
        "openstack-compute-gpu-flavor-private",
        "public-cpu-flavor",
        one(openstack(FLAVOR, {"isPublic": True, "extraSpecs": {"hw:cpu_policy": "dedicated"}})),
    ),
    Case(
        "openstack-compute-gpu-flavor-private",
        "public-passthrough-flavor",
        one(openstack(FLAVOR, {"extraSpecs": {"pci_passthrough:alias": "a100:4"}})),
        expect="flavor 'flavor' requests GPUs (pci_passthrough:alias) and is public",
    ),
    Case(
        "openstack-compute-boot-volume-encrypted",
        "luks-boot-volume",
        one(openstack(INSTANCE, {"blockDevices": [BOOT_VOLUME]})),
    ),
    Case(
        "openstack-compute-boot-volume-encrypted",
        "local-disk",
        one(openstack(INSTANCE, {"imageName": "ubuntu-24.04"})),
        expect="instance 'instance' boots from the hypervisor's local disk",
    ),
    Case(
        "openstack-compute-boot-volume-encrypted",
        "default-volume-type",
        one(openstack(INSTANCE, {"blockDevices": [{**BOOT_VOLUME, "volumeType": None}]})),
        expect="has a volume of type (the cloud default), not an encrypted type (LUKS)",
    ),
    Case(
        "openstack-magnum-boot-volume-encrypted",
        "luks-label",
        one(openstack(TEMPLATE, {"labels": {"boot_volume_type": "LUKS"}})),
    ),
    Case(
        "openstack-magnum-boot-volume-encrypted",
        "no-label",
        one(openstack(TEMPLATE, {"labels": {"kube_tag": "v1.35.7"}})),
        expect="boots its nodes from unencrypted disks",
    ),
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "magnum-gpu-node-group-tolerated",
        stack(_magnum_with_operator({"daemonsets": {"tolerations": [TOLERATE_GPU]}})),
    ),
    Case(
        "kubernetes-helm-gpu-operator-tolerates-gpu-pools",
        "magnum-gpu-node-group-not-tolerated",
        stack(_magnum_with_operator({"daemonsets": {"tolerations": []}})),
        expect="does not tolerate nvidia.com/gpu=present:NoSchedule of GPU node group 'a100'",
    ),
]

__all__ = ["AWS", "AZURE", "CASES"]
