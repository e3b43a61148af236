"""The Kubernetes cluster autoscaler on EKS, as plain data. Pure: no Pulumi import.

AKS and GKE scale their node pools with the autoscaler built into the service; EKS
managed node groups only carry a minimum and a maximum, and nothing moves between them
unless the cluster autoscaler runs in the cluster. `ClusterAutoscaler` installs it with the
values planned here; the node groups carry the tags it reads
(`components.clusters.autoscaling`) and its IAM role is `EksGpuCluster.autoscaler_role_arn`.

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

from components.clusters.autoscaling import discovery_tags

CHART: Final = "cluster-autoscaler"
CHART_REPO: Final = "https://kubernetes.github.io/autoscaler"
RELEASE_NAME: Final = "cluster-autoscaler"
NAMESPACE: Final = "kube-system"
# The IRSA role trusts exactly this service account (`components.clusters.aws_iam`).
SERVICE_ACCOUNT: Final = "cluster-autoscaler"
IRSA_ROLE_ANNOTATION: Final = "eks.amazonaws.com/role-arn"
EXPANDER: Final = "least-waste"


@dataclass(frozen=True)
class ChartPin:
    """A release of the chart and the autoscaler release it installs (its `appVersion`)."""

    version: str
    app_version: str


# The autoscaler supports the Kubernetes minor of its own minor version only (its README,
# "Releases"), so the chart is chosen by the cluster's minor: for each, the newest chart
# whose appVersion is of that minor. Source: `index.yaml` of the gh-pages branch of
# github.com/kubernetes/autoscaler (the repository behind CHART_REPO), generated
# 2026-07-26; e.g. 9.44.0 (created 2024-12-29, appVersion 1.31.0, image
# registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0), the last 1.31 chart before
# 9.45.0 moved to 1.32.0. Every pinned chart's values.yaml has the keys set here.
CHARTS: Final[dict[str, ChartPin]] = {
    "1.28": ChartPin("9.34.1", "1.28.2"),
    "1.29": ChartPin("9.36.0", "1.29.0"),
    "1.30": ChartPin("9.37.0", "1.30.0"),
    "1.31": ChartPin("9.44.0", "1.31.0"),
    "1.32": ChartPin("9.46.6", "1.32.0"),
    "1.33": ChartPin("9.51.0", "1.33.0"),
    "1.34": ChartPin("9.53.0", "1.34.2"),
    "1.35": ChartPin("9.59.0", "1.35.0"),
}


def chart_for(kubernetes_version: str) -> ChartPin:
    """The pinned chart for a cluster's Kubernetes minor version ("1.31")."""
    try:
        return CHARTS[kubernetes_version]
    except KeyError:
        raise ValueError(
            f"no cluster-autoscaler chart is pinned for Kubernetes {kubernetes_version} "
            f"(pinned: {', '.join(CHARTS)}); add the newest chart of that minor to "
            "components/kubernetes/autoscaler_plan.py CHARTS"
        ) from None


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
