"""The fraud team's model server on a GPU pool of a hybrid-ai-platform cluster.

Everything about the cluster comes from the platform stack through the typed reference:
the kubeconfig (a secret), and the pool's labels and taints, so the pods land on that
pool's nodes and tolerate every taint they carry (the GPU taint, a spot taint, ...).
Rename the pool or the cluster in the platform and this program fails with the names
that do exist, instead of deploying pods that never schedule.
"""

import pulumi
import pulumi_kubernetes as k8s

from hybrid_ai_platform.consumer import NodePoolOutputs, PlatformStack

APP = "fraud-detection"
# The port the model server listens on.
SERVER_PORT = 8080
# Per replica. Small enough that four time-sliced replicas share one 4-vCPU T4 node;
# the CPU request is also what the autoscaler's utilization target is measured against.
CPU_REQUEST = "500m"
MEMORY_REQUEST = "2Gi"
# Scale out when the replicas average this share of their CPU request.
CPU_TARGET_UTILIZATION = 70


def gpu_slots(pool: NodePoolOutputs) -> int:
    """How many one-GPU pods the pool can hold at its largest: more replicas would only
    wait as Pending. Time-slicing and MPS multiply each GPU; MIG is counted as one slot
    per GPU (a lower bound)."""
    per_gpu = pool.sharing_replicas if pool.sharing in ("time-slicing", "mps") else 1
    return pool.max * pool.gpus_per_node * (per_gpu or 1)


def tolerations(pool: NodePoolOutputs) -> list[k8s.core.v1.TolerationArgs]:
    return [
        k8s.core.v1.TolerationArgs(
            key=taint.key, operator="Equal", value=taint.value, effect=taint.effect
        )
        for taint in pool.taints
    ]


config = pulumi.Config()
cluster_name = config.require("cluster")
namespace = config.require("namespace")
min_replicas = config.require_int("minReplicas")
max_replicas = config.require_int("maxReplicas")

platform = PlatformStack(config.require("platformStack"))
pool = platform.cluster(cluster_name).node_pool(config.require("gpuPool"))
provider = platform.kubernetes_provider(cluster_name)
options = pulumi.ResourceOptions(provider=provider)
labels = {"app.kubernetes.io/name": APP, "app.kubernetes.io/part-of": pulumi.get_project()}

deployment = k8s.apps.v1.Deployment(
    APP,
    metadata=k8s.meta.v1.ObjectMetaArgs(namespace=namespace, labels=labels),
    spec=k8s.apps.v1.DeploymentSpecArgs(
        # The autoscaler owns the replica count once it exists; this is the first rollout.
        replicas=min_replicas,
        selector=k8s.meta.v1.LabelSelectorArgs(match_labels=labels),
        template=k8s.core.v1.PodTemplateSpecArgs(
            metadata=k8s.meta.v1.ObjectMetaArgs(labels=labels),
            spec=k8s.core.v1.PodSpecArgs(
                node_selector=pool.apply(lambda p: dict(p.labels)),
                tolerations=pool.apply(tolerations),
                containers=[
                    k8s.core.v1.ContainerArgs(
                        name="server",
                        image=config.require("image"),
                        ports=[
                            k8s.core.v1.ContainerPortArgs(name="http", container_port=SERVER_PORT)
                        ],
                        resources=k8s.core.v1.ResourceRequirementsArgs(
                            # Extended resources need request == limit; the device plugin
                            # hands out one GPU (or one time-slice of it) per replica.
                            requests={
                                "nvidia.com/gpu": "1",
                                "cpu": CPU_REQUEST,
                                "memory": MEMORY_REQUEST,
                            },
                            limits={"nvidia.com/gpu": "1", "memory": MEMORY_REQUEST},
                        ),
                    )
                ],
            ),
        ),
    ),
    opts=options,
)

service = k8s.core.v1.Service(
    APP,
    metadata=k8s.meta.v1.ObjectMetaArgs(namespace=namespace, labels=labels),
    spec=k8s.core.v1.ServiceSpecArgs(
        type="ClusterIP",
        selector=labels,
        ports=[k8s.core.v1.ServicePortArgs(name="http", port=80, target_port="http")],
    ),
    opts=options,
)

autoscaler = k8s.autoscaling.v2.HorizontalPodAutoscaler(
    APP,
    metadata=k8s.meta.v1.ObjectMetaArgs(namespace=namespace, labels=labels),
    spec=k8s.autoscaling.v2.HorizontalPodAutoscalerSpecArgs(
        scale_target_ref=k8s.autoscaling.v2.CrossVersionObjectReferenceArgs(
            api_version="apps/v1", kind="Deployment", name=deployment.metadata.name
        ),
        min_replicas=min_replicas,
        max_replicas=pool.apply(lambda p: min(max_replicas, gpu_slots(p))),
        metrics=[
            k8s.autoscaling.v2.MetricSpecArgs(
                type="Resource",
                resource=k8s.autoscaling.v2.ResourceMetricSourceArgs(
                    name="cpu",
                    target=k8s.autoscaling.v2.MetricTargetArgs(
                        type="Utilization", average_utilization=CPU_TARGET_UTILIZATION
                    ),
                ),
            )
        ],
    ),
    opts=options,
)

pulumi.export("contractVersion", platform.contract_version)
pulumi.export("cluster", platform.cluster(cluster_name).name)
pulumi.export(
    "service", pulumi.Output.concat(service.metadata.name, ".", namespace, ".svc.cluster.local")
)
pulumi.export("maxReplicas", autoscaler.spec.max_replicas)
