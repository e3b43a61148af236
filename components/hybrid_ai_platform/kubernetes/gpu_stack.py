"""`GpuStack`: what runs inside a GPU cluster on top of the cloud's node pools.

- The NVIDIA GPU Operator (Helm chart `gpu-operator`, pinned in `plan`) in its own
  namespace, with the device-plugin ConfigMap that carries each sharing pool's
  time-slicing or MPS setting, on every cloud. On GKE also Google's driver installer
  DaemonSet (`gke_driver_installer`) and the ResourceQuota that lets the operator's
  system-critical pods run outside `kube-system` (`plan` module docstring).
- PriorityClasses `inference` and `training`.
- Per team: a namespace, a ResourceQuota on `requests.nvidia.com/gpu`, a LimitRange with
  container defaults, and a default-deny NetworkPolicy that lets pods resolve DNS only.

Every object goes through the cluster's own Kubernetes provider, never a default one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi
import pulumi_kubernetes as k8s

from hybrid_ai_platform.clusters.plan import PoolPlan
from hybrid_ai_platform.kubernetes import plan
from hybrid_ai_platform.options import child_options
from hybrid_ai_platform.spec import Cloud, Team
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:kubernetes:GpuStack"


@dataclass(frozen=True)
class GpuStackArgs:
    """Plain values: they decide which objects exist, so they must be known at plan time."""

    # Which cloud's driver model the operator must fit (`plan` module docstring).
    cloud: Cloud
    # The definition's cluster name; labels the objects so a reader knows where they belong.
    cluster_name: str
    # The cluster's node pools as planned by `hybrid_ai_platform.clusters.plan.plan_pools`.
    pools: tuple[PoolPlan, ...]
    teams: tuple[Team, ...]
    # The cluster's Kubernetes minor ("1.35"): selects the GPU Operator release.
    kubernetes_version: str
    # The environment's tier settings: team namespaces are protected and kept on delete
    # where the tier says so, because deleting a namespace deletes every volume claim in it.
    settings: TierSettings
    # The environment's tags as Kubernetes labels (`hybrid_ai_platform.tags.kubernetes_labels`),
    # on every object, so cost and ownership reports see them like any cloud resource.
    labels: Mapping[str, str] = field(default_factory=dict)


class GpuStack(pulumi.ComponentResource):
    """The GPU Operator, priority classes and team namespaces of one cluster."""

    operator_namespace: pulumi.Output[str] | None
    operator_release: k8s.helm.v3.Release | None
    team_namespaces: dict[str, pulumi.Output[str]]
    priority_classes: dict[str, pulumi.Output[str]]

    def __init__(
        self,
        name: str,
        args: GpuStackArgs,
        provider: k8s.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        self._k8s_provider = provider
        self._cluster_label = {**args.labels, "hybrid.ai/cluster": args.cluster_name}

        self.operator_namespace = None
        self.operator_release = None
        if plan.installs_gpu_operator(args.cloud):
            self._gpu_operator(name, args)
        self.priority_classes = {
            priority.name: self._priority_class(name, priority)
            for priority in plan.PRIORITY_CLASSES
        }
        self.team_namespaces = {
            team.team: self._team(name, team, args.settings)
            for team in plan.team_quotas(args.teams)
        }
        self.register_outputs(
            {
                "operator_namespace": self.operator_namespace,
                "operator_chart_version": (
                    plan.operator_chart_version(args.kubernetes_version)
                    if self.operator_release
                    else None
                ),
                "priority_classes": self.priority_classes,
                "team_namespaces": self.team_namespaces,
            }
        )

    def _gpu_operator(self, name: str, args: GpuStackArgs) -> None:
        namespace = k8s.core.v1.Namespace(
            f"{name}-operator-ns",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=plan.OPERATOR_NAMESPACE,
                labels={**self._cluster_label, **plan.OPERATOR_NAMESPACE_LABELS},
            ),
            opts=self._child(),
        )
        namespace_name = _name_of(namespace.metadata)
        config_map = k8s.core.v1.ConfigMap(
            f"{name}-device-plugin-config",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=plan.DEVICE_PLUGIN_CONFIG_MAP,
                namespace=namespace_name,
                labels=self._cluster_label,
            ),
            data=plan.device_plugin_config(args.pools),
            opts=self._child(),
        )
        # The release waits for what its pods need at start.
        ready: list[pulumi.Resource] = [config_map]
        critical_pods = plan.operator_namespace_quota(args.cloud)
        if critical_pods is not None:
            ready.append(
                k8s.core.v1.ResourceQuota(
                    f"{name}-operator-quota",
                    metadata=k8s.meta.v1.ObjectMetaArgs(
                        name=plan.GKE_CRITICAL_POD_QUOTA_NAME,
                        namespace=namespace_name,
                        labels=self._cluster_label,
                    ),
                    spec=k8s.core.v1.ResourceQuotaSpecArgs(
                        hard=dict(critical_pods),
                        scope_selector=k8s.core.v1.ScopeSelectorArgs(
                            match_expressions=[
                                k8s.core.v1.ScopedResourceSelectorRequirementArgs(
                                    scope_name="PriorityClass",
                                    operator="In",
                                    values=list(plan.CRITICAL_PRIORITY_CLASSES),
                                )
                            ]
                        ),
                    ),
                    opts=self._child(),
                )
            )
        if args.cloud == "gcp":
            # Imported here: only GKE clusters need it (`hybrid_ai_platform.platform`).
            from hybrid_ai_platform.kubernetes.gke_driver_installer import gke_driver_installer

            # The pools leave the driver to it (`gpu-driver-version=disabled`); the
            # operator's validator waits for the driver on each node.
            gke_driver_installer(f"{name}-gke-driver-installer", self._cluster_label, self._child())
        self.operator_release = k8s.helm.v3.Release(
            f"{name}-gpu-operator",
            name=plan.OPERATOR_RELEASE_NAME,
            chart=plan.OPERATOR_CHART,
            version=plan.operator_chart_version(args.kubernetes_version),
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=plan.OPERATOR_CHART_REPO),
            namespace=namespace_name,
            # The namespace is ours (with its pod-security labels), not Helm's.
            create_namespace=False,
            values=plan.operator_values(args.cloud, args.pools, plan.DEVICE_PLUGIN_CONFIG_MAP),
            # The device plugin reads the ConfigMap at start; created later, the plugin
            # starts without it and shares nothing until its pods are restarted. On GKE,
            # without the quota the operator's daemonset pods are refused.
            opts=self._child(depends_on=ready),
        )
        self.operator_namespace = namespace_name

    def _priority_class(self, name: str, priority: plan.PriorityClassPlan) -> pulumi.Output[str]:
        created = k8s.scheduling.v1.PriorityClass(
            f"{name}-priority-{priority.name}",
            metadata=k8s.meta.v1.ObjectMetaArgs(name=priority.name, labels=self._cluster_label),
            value=priority.value,
            preemption_policy=priority.preemption_policy,
            global_default=False,
            description=priority.description,
            opts=self._child(),
        )
        return _name_of(created.metadata)

    def _team(
        self, name: str, team: plan.TeamNamespacePlan, settings: TierSettings
    ) -> pulumi.Output[str]:
        prefix = f"{name}-team-{team.team}"
        namespace = k8s.core.v1.Namespace(
            f"{prefix}-ns",
            metadata=k8s.meta.v1.ObjectMetaArgs(
                name=team.namespace, labels={**self._cluster_label, **team.labels}
            ),
            opts=self._child(protect=settings.protect, retain_on_delete=settings.retain_on_delete),
        )
        namespace_name = _name_of(namespace.metadata)

        def metadata(object_name: str) -> k8s.meta.v1.ObjectMetaArgs:
            return k8s.meta.v1.ObjectMetaArgs(
                name=object_name,
                namespace=namespace_name,
                labels={**self._cluster_label, plan.TEAM_LABEL: team.team},
            )

        k8s.core.v1.ResourceQuota(
            f"{prefix}-gpu-quota",
            metadata=metadata("gpu-quota"),
            spec=k8s.core.v1.ResourceQuotaSpecArgs(hard=dict(team.quota_hard)),
            opts=self._child(),
        )
        k8s.core.v1.LimitRange(
            f"{prefix}-defaults",
            metadata=metadata("container-defaults"),
            spec=k8s.core.v1.LimitRangeSpecArgs(
                limits=[
                    k8s.core.v1.LimitRangeItemArgs(
                        type="Container",
                        default=dict(team.default_limits),
                        default_request=dict(team.default_requests),
                    )
                ]
            ),
            opts=self._child(),
        )
        every_pod = k8s.meta.v1.LabelSelectorArgs()
        # Policies add up: with this one alone a pod may neither receive nor send anything;
        # the next one opens DNS. Teams add their own policies for what else they need.
        k8s.networking.v1.NetworkPolicy(
            f"{prefix}-default-deny",
            metadata=metadata("default-deny"),
            spec=k8s.networking.v1.NetworkPolicySpecArgs(
                pod_selector=every_pod, policy_types=["Ingress", "Egress"]
            ),
            opts=self._child(),
        )
        k8s.networking.v1.NetworkPolicy(
            f"{prefix}-allow-dns",
            metadata=metadata("allow-dns"),
            spec=k8s.networking.v1.NetworkPolicySpecArgs(
                pod_selector=every_pod,
                policy_types=["Egress"],
                egress=[
                    k8s.networking.v1.NetworkPolicyEgressRuleArgs(
                        to=[
                            k8s.networking.v1.NetworkPolicyPeerArgs(
                                namespace_selector=k8s.meta.v1.LabelSelectorArgs(
                                    match_labels=dict(plan.DNS_NAMESPACE_SELECTOR)
                                )
                            )
                        ],
                        ports=[
                            k8s.networking.v1.NetworkPolicyPortArgs(protocol=protocol, port=port)
                            for protocol, port in plan.DNS_PORTS
                        ],
                    )
                ],
            ),
            opts=self._child(),
        )
        return namespace_name

    def _child(
        self,
        depends_on: Sequence[pulumi.Resource] = (),
        *,
        protect: bool = False,
        retain_on_delete: bool = False,
    ) -> pulumi.ResourceOptions:
        return child_options(
            self,
            self._k8s_provider,
            depends_on=depends_on,
            protect=protect,
            retain_on_delete=retain_on_delete,
        )


def _name_of(metadata: pulumi.Output[k8s.meta.v1.outputs.ObjectMeta]) -> pulumi.Output[str]:
    """An object's `metadata.name` as an output, so what uses it waits for the object."""

    def name(meta: k8s.meta.v1.outputs.ObjectMeta) -> str:
        assert meta.name, "every object here is created with an explicit name"
        return meta.name

    return metadata.apply(name)
