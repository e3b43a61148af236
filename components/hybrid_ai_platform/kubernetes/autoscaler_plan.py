"""The Kubernetes cluster autoscaler on EKS, as plain data. Pure: no Pulumi import.

AKS and GKE scale their node pools with the autoscaler built into the service; EKS
managed node groups only carry a minimum and a maximum, and nothing moves between them
unless the cluster autoscaler runs in the cluster. `ClusterAutoscaler` installs it with the
values planned here; the node groups carry the tags it reads
(`hybrid_ai_platform.clusters.autoscaling`) and its IAM role is `EksGpuCluster.autoscaler_role_arn`.

Choices:

- Expander `least-waste`, not `priority`. The priority expander matches regular expressions
  against Auto Scaling group names, which EKS generates for managed node groups, and never
  scales a group no expression matches; least-waste needs no naming contract and, among
  the pools that fit the pending pods, picks the one whose CPU and memory they fill best
  (a one-GPU pod goes to a one-GPU machine, not to an eight-GPU one). Pools left equal
  (a Spot and an on-demand pool of one machine type) are chosen between at random.
- `balance-similar-node-groups`: groups alike in everything but their AWS-specific labels
  grow together, so a pool split into one node group per zone stays spread over its zones.
  Pools of the platform differ in `hybrid.ai/pool` and so are never balanced against each
  other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from hybrid_ai_platform.clusters.autoscaling import discovery_tags
from hybrid_ai_shared.catalog.kubernetes_versions import addons_for

CHART: Final = "cluster-autoscaler"
CHART_REPO: Final = "https://kubernetes.github.io/autoscaler"
RELEASE_NAME: Final = "cluster-autoscaler"
NAMESPACE: Final = "kube-system"
# The IRSA role trusts exactly this service account (`hybrid_ai_platform.clusters.aws_iam`).
SERVICE_ACCOUNT: Final = "cluster-autoscaler"
IRSA_ROLE_ANNOTATION: Final = "eks.amazonaws.com/role-arn"
EXPANDER: Final = "least-waste"


def installs_autoscaler(cloud: str) -> bool:
    """Whether clusters on `cloud` (the definition's `cloud`) get the cluster autoscaler:
    validation (which add-on rows cover a cluster) and the platform (which clusters
    install the chart) both ask here, so the two cannot disagree."""
    return cloud == "aws"


@dataclass(frozen=True)
class ChartPin:
    """A release of the chart and the autoscaler release it installs (its `appVersion`)."""

    version: str
    app_version: str


def chart_for(kubernetes_version: str) -> ChartPin:
    """The pinned chart for a cluster's Kubernetes minor version ("1.35"): the add-on row
    of `hybrid_ai_shared/catalog/kubernetes_versions.yaml` (the autoscaler supports only the
    Kubernetes minor of its own minor version, so the chart follows the cluster's minor)."""
    pin = addons_for(kubernetes_version).cluster_autoscaler
    if pin is None:  # validation refuses an EKS cluster on such a minor
        raise ValueError(f"no cluster-autoscaler is pinned for Kubernetes {kubernetes_version}")
    return ChartPin(pin.chart, pin.app_version)


def autoscaler_values(cluster_name: str, region: str, role_arn: object) -> dict[str, Any]:
    """Helm values of the chart on the EKS cluster `cluster_name` (its physical name).
    `role_arn` is the IRSA role's ARN: a string, or a Pulumi output of one."""
    return {
        "cloudProvider": "aws",
        "awsRegion": region,
        "autoDiscovery": {
            "clusterName": cluster_name,
            # Keys only: a group is discovered whatever their values. The chart's default
            # list, stated because the node groups are tagged to match it.
            "tags": list(discovery_tags(cluster_name)),
        },
        "rbac": {
            "serviceAccount": {
                "create": True,
                "name": SERVICE_ACCOUNT,
                "annotations": {IRSA_ROLE_ANNOTATION: role_arn},
            }
        },
        "extraArgs": {
            "balance-similar-node-groups": True,
            "expander": EXPANDER,
        },
    }
