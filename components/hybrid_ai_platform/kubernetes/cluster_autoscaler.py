"""`ClusterAutoscaler`: the Kubernetes cluster autoscaler in an EKS cluster (Helm chart
`cluster-autoscaler`, pinned per Kubernetes minor in `autoscaler_plan`), so its managed node
groups grow and shrink between their minimum and maximum. AKS and GKE need none: their
node pools scale with the service's own autoscaler.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_kubernetes as k8s

from hybrid_ai_platform.kubernetes import autoscaler_plan as plan

TYPE = "hybrid:kubernetes:ClusterAutoscaler"


@dataclass(frozen=True)
class ClusterAutoscalerArgs:
    # The EKS cluster's physical name: auto-discovery finds its node groups by it.
    cluster_name: str
    region: str
    # Kubernetes minor version of the cluster ("1.35"): selects the chart (`plan.chart_for`).
    kubernetes_version: str
    # IRSA role for service account kube-system/cluster-autoscaler
    # (`EksGpuCluster.autoscaler_role_arn`).
    role_arn: pulumi.Input[str]


class ClusterAutoscaler(pulumi.ComponentResource):
    """The cluster autoscaler's Helm release in kube-system, through the cluster's provider."""

    release: k8s.helm.v3.Release
    chart_version: str

    def __init__(
        self,
        name: str,
        args: ClusterAutoscalerArgs,
        provider: k8s.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        chart = plan.chart_for(args.kubernetes_version)
        self.chart_version = chart.version
        self.release = k8s.helm.v3.Release(
            f"{name}-release",
            name=plan.RELEASE_NAME,
            chart=plan.CHART,
            version=chart.version,
            repository_opts=k8s.helm.v3.RepositoryOptsArgs(repo=plan.CHART_REPO),
            namespace=plan.NAMESPACE,
            create_namespace=False,
            values=plan.autoscaler_values(args.cluster_name, args.region, args.role_arn),
            # `parent` and the cluster's provider only: nothing of the component's own
            # options (aliases, protect) belongs to the release.
            opts=pulumi.ResourceOptions(parent=self, provider=provider),
        )
        self.register_outputs(
            {"chart_version": self.chart_version, "release_status": self.release.status}
        )
