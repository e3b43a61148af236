"""What the Kubernetes cluster autoscaler needs to read off an EKS node group. Pure: no
Pulumi import.

On AWS the autoscaler works on Auto Scaling groups (kubernetes/autoscaler,
`cluster-autoscaler/cloudprovider/aws/README.md`, release 1.31):

- It finds the groups it may scale by tags (`--node-group-auto-discovery`): every group
  carrying both `k8s.io/cluster-autoscaler/enabled` and `k8s.io/cluster-autoscaler/<cluster>`.
  EKS puts both on a managed node group's Auto Scaling group itself (values `true` and
  `owned`); they are declared here too, because the autoscaler's IAM policy only lets it
  resize groups whose `k8s.io/cluster-autoscaler/<cluster>` tag is `owned` (`aws_iam`).
- To scale a group up from zero nodes it must know what a node of the group would look
  like before one exists: `node-template/label/<key>`, `node-template/taint/<key>` and
  `node-template/resources/<resource>` tags on the group. Without them a pending GPU pod,
  which selects a pool by label and tolerates the GPU taint, never matches an empty GPU
  group. EKS copies no node group tag to the Auto Scaling group (aws/containers-roadmap
  #608), so the component tags the group itself (`aws.autoscaling.Tag`).

The same tags go on the EKS node group: the autoscaler also reads `node-template/resources`
from a managed node group's own tags (`eks:DescribeNodegroup`, used while the group has
never had a node).
"""

from __future__ import annotations

from collections.abc import Mapping

from hybrid_ai_platform.clusters.plan import PoolPlan
from hybrid_ai_platform.gpu import GPU_RESOURCE

AUTOSCALER_TAG_PREFIX = "k8s.io/cluster-autoscaler/"
DISCOVERY_ENABLED_TAG = f"{AUTOSCALER_TAG_PREFIX}enabled"
NODE_TEMPLATE_PREFIX = f"{AUTOSCALER_TAG_PREFIX}node-template/"
# The values EKS itself gives the discovery tags; the IAM condition matches `owned`.
DISCOVERY_ENABLED_VALUE = "true"
CLUSTER_OWNED_VALUE = "owned"

# An Auto Scaling group holds at most 50 tags, and EKS puts `eks:cluster-name` and
# `eks:nodegroup-name` on a managed node group's (kubernetes/autoscaler
# `cluster-autoscaler/proposals/circumvent-tag-limit-aws.md`).
ASG_TAG_LIMIT = 50
EKS_OWN_ASG_TAGS = 2


def cluster_owner_tag(cluster_name: str) -> str:
    """`k8s.io/cluster-autoscaler/<cluster>`: marks a group as this cluster's."""
    return f"{AUTOSCALER_TAG_PREFIX}{cluster_name}"


def discovery_tags(cluster_name: str) -> dict[str, str]:
    """The tags auto-discovery looks for, with the values EKS gives them."""
    return {
        DISCOVERY_ENABLED_TAG: DISCOVERY_ENABLED_VALUE,
        cluster_owner_tag(cluster_name): CLUSTER_OWNED_VALUE,
    }


def advertised_gpus(pool: PoolPlan) -> int:
    """How many `nvidia.com/gpu` one node of the pool advertises once the device plugin runs.

    Time-slicing and MPS advertise each GPU `sharing_replicas` times (NVIDIA device plugin,
    `sharing.*.resources[].replicas`). MIG pools advertise one per MIG slice, a number set
    by the profile's geometry; the physical count is given there, a lower bound: the
    autoscaler then may add more nodes than a batch of pods needs (scale-down removes the
    spare ones), never too few for one pending pod.
    """
    if not pool.is_gpu:
        return 0
    if pool.sharing in ("time-slicing", "mps") and pool.sharing_replicas:
        return pool.gpus_per_node * pool.sharing_replicas
    return pool.gpus_per_node


def node_template_tags(pool: PoolPlan) -> dict[str, str]:
    """`node-template/*` tags for scaling the pool up from zero: every label, every taint
    (`<value>:<Effect>`), and the GPUs a node advertises."""
    tags = {f"{NODE_TEMPLATE_PREFIX}label/{key}": value for key, value in pool.labels.items()}
    effects: dict[str, str] = {}
    for taint in pool.taints:
        # One tag per taint key: the autoscaler cannot hear of two effects of one key.
        if taint.key in effects and effects[taint.key] != taint.effect:
            raise ValueError(
                f"pool {pool.name!r}: taint {taint.key!r} has the effects "
                f"{effects[taint.key]} and {taint.effect}; the cluster autoscaler on EKS "
                "knows one effect per taint key, so it could not scale this pool up from zero"
            )
        effects[taint.key] = taint.effect
        tags[f"{NODE_TEMPLATE_PREFIX}taint/{taint.key}"] = f"{taint.value}:{taint.effect}"
    if pool.is_gpu:
        tags[f"{NODE_TEMPLATE_PREFIX}resources/{GPU_RESOURCE}"] = str(advertised_gpus(pool))
    return tags


def autoscaler_tags(cluster_name: str, pool: PoolPlan) -> Mapping[str, str]:
    """Every tag the autoscaler reads off the pool's node group, sorted by key."""
    tags = {**node_template_tags(pool), **discovery_tags(cluster_name)}
    room = ASG_TAG_LIMIT - EKS_OWN_ASG_TAGS
    if len(tags) > room:
        raise ValueError(
            f"pool {pool.name!r}: the cluster autoscaler needs {len(tags)} tags on the "
            f"pool's Auto Scaling group, which takes {room} besides EKS's own; "
            "use fewer labels or taints on this pool"
        )
    return dict(sorted(tags.items()))
