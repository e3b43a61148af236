"""`EksGpuCluster`: an EKS cluster with managed GPU node groups, on an `AwsNetwork`.

Control plane: private endpoint (public only for the definition's authorised ranges),
Kubernetes secrets envelope-encrypted with a customer-managed KMS key, every control-plane
log type in a pre-created CloudWatch log group, access entries instead of the
`aws-auth` ConfigMap. Nodes: one managed node group per pool, in the private subnets,
GPU pools on the NVIDIA AL2023 AMI (driver and container toolkit on the image), each group
tagged for the cluster autoscaler (`autoscaling`; the autoscaler itself is
`hybrid_ai_platform.kubernetes.cluster_autoscaler`). vpc-cni enforces NetworkPolicy.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from hybrid_ai_platform.clusters import aws_iam
from hybrid_ai_platform.clusters.autoscaling import autoscaler_tags
from hybrid_ai_platform.clusters.kubeconfig import eks_kubeconfig
from hybrid_ai_platform.clusters.plan import (
    ApiAccess,
    PoolPlan,
    eks_taints,
    runner_rule_name,
)
from hybrid_ai_platform.clusters.skeleton import GpuCluster, Published
from hybrid_ai_platform.log_encryption import log_group_key_policy
from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.network.plan import CLOUDWATCH_RETENTION_DAYS, aws_partition
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:aws:EksGpuCluster"

# EKS AMI types (NodeGroup `amiType`): the NVIDIA variant carries the driver and the
# NVIDIA container toolkit, so the GPU operator runs with its driver disabled.
GPU_AMI_TYPE = "AL2023_x86_64_NVIDIA"
CPU_AMI_TYPE = "AL2023_x86_64_STANDARD"
# All five control-plane log types EKS can send to CloudWatch.
CONTROL_PLANE_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
# Installed before the nodes join (networking) and after (need nodes to run on).
ADDONS_BEFORE_NODES = ("vpc-cni", "kube-proxy")
ADDONS_AFTER_NODES = ("coredns",)
# Add-on settings (`configurationValues`, validated by EKS against the add-on's schema:
# `aws eks describe-addon-configuration`). vpc-cni enforces NetworkPolicy only when asked:
# `enableNetworkPolicy`, a string in the add-on's schema (aws-vpc-cni chart values,
# `enableNetworkPolicy: "false"` by default; EKS user guide "Restrict Pod network traffic
# with Kubernetes network policies"). Without it the teams' default-deny policies are
# accepted and silently ignored.
ADDON_CONFIGURATION: Mapping[str, Mapping[str, str]] = {
    "vpc-cni": {"enableNetworkPolicy": "true"},
}
EBS_CSI_ADDON = "aws-ebs-csi-driver"
# The API server's port on the private endpoint's network interfaces.
API_SERVER_PORT = 443
IAM_ROLE_NAME_LIMIT = 64


@dataclass(frozen=True)
class EksGpuClusterArgs:
    """What an `EksGpuCluster` needs; plain values, because they shape the resource graph."""

    # Physical cluster name (`plan.cluster_physical_name`); IAM and KMS names start with it.
    name: str
    # The provider's region; written into the kubeconfig's `aws eks get-token`.
    region: str
    # Kubernetes minor version, e.g. "1.35", for the control plane and every node group.
    kubernetes_version: str
    # Private subnets of the network, one per zone: control-plane interfaces and nodes.
    subnet_ids: Sequence[pulumi.Input[str]]
    pools: tuple[PoolPlan, ...]
    access: ApiAccess
    # Tags for every taggable resource, already layered by `hybrid_ai_platform.tags`.
    tags: Mapping[str, str]
    # The environment's tier settings: protection of the keys, log group and cluster, the
    # keys' deletion window, EKS deletion protection, control-plane log retention and
    # whether its log group has its own KMS key.
    settings: TierSettings
    # The account the stack deploys to: the control-plane log key's policy names it.
    account_id: str = ""
    # What the control plane and nodes must wait for: the network component, so its
    # NAT egress and routes exist before nodes boot and pull images.
    wait_for: tuple[pulumi.Resource, ...] = ()

    def __post_init__(self) -> None:
        days = self.settings.log_retention_days
        if days not in CLOUDWATCH_RETENTION_DAYS:
            raise ValueError(f"{days} days is not a CloudWatch retention")
        if len(self.subnet_ids) < 2:
            raise ValueError("EKS needs subnets in at least two availability zones")


class EksGpuCluster(GpuCluster):
    """An EKS cluster with one managed node group per pool. Its kubeconfig authenticates
    with `aws eks get-token`."""

    CLOUD = "aws"
    # For IAM roles for service accounts (IRSA) of workloads on this cluster.
    oidc_provider_arn: pulumi.Output[str]
    # IRSA role for the cluster autoscaler (service account kube-system/cluster-autoscaler).
    autoscaler_role_arn: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: EksGpuClusterArgs,
        provider: aws.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        self._args = args
        self._partition = aws_partition(args.region)
        super().__init__(TYPE, name, args.region, args.pools, provider, opts)

    def _build(self) -> Published:
        name, args = self._name, self._args
        key = self._secrets_key()
        cluster = self._cluster(key)
        issuer = cluster.identities.apply(_oidc_issuer)
        oidc = aws.iam.OpenIdConnectProvider(
            f"{name}-oidc",
            url=issuer,
            client_id_lists=[aws_iam.STS_AUDIENCE],
            # No thumbprint: IAM verifies the issuer's TLS certificate against its library
            # of trusted root CAs, and without a list it fetches the thumbprint itself
            # (IAM API reference, CreateOpenIDConnectProvider `ThumbprintList`).
            tags=self._tags("oidc"),
            # Every IRSA role trusts this provider by ARN: a replacement breaks all of
            # them until each trust policy is rewritten.
            opts=self._opts(protect=args.settings.protect),
        )
        admin = self._deployer_access(cluster)
        runner_rules = self._deploy_runner_rules(cluster)
        node_role = self._node_role()
        before = [self._addon(cluster, addon) for addon in ADDONS_BEFORE_NODES]
        groups = [self._node_group(cluster, node_role, pool, before) for pool in args.pools]
        for pool, group in zip(args.pools, groups, strict=True):
            self._autoscaling_group_tags(pool, group)
        for addon in ADDONS_AFTER_NODES:
            self._addon(cluster, addon, depends_on=groups)
        ebs_role = self._irsa_role("ebs-csi", oidc, issuer, aws_iam.EBS_CSI_SERVICE_ACCOUNT)
        aws.iam.RolePolicyAttachment(
            f"{name}-ebs-csi-policy",
            role=ebs_role.name,
            policy_arn=aws_iam.managed_policy_arn(self._partition, aws_iam.EBS_CSI_POLICY),
            opts=self._opts(),
        )
        self._addon(cluster, EBS_CSI_ADDON, depends_on=groups, role=ebs_role)
        autoscaler_role = self._irsa_role(
            "autoscaler", oidc, issuer, aws_iam.AUTOSCALER_SERVICE_ACCOUNT
        )
        aws.iam.RolePolicy(
            f"{name}-autoscaler-policy",
            role=autoscaler_role.id,
            policy=cluster.arn.apply(lambda arn: aws_iam.cluster_autoscaler_policy(args.name, arn)),
            opts=self._opts(),
        )

        self.oidc_provider_arn = oidc.arn
        self.autoscaler_role_arn = autoscaler_role.arn
        # Waits for the deployer's access entry and the runner's way in: a Kubernetes
        # provider built from this kubeconfig is refused (or cannot connect) until both exist.
        ca = cluster.certificate_authority.apply(lambda authority: authority.data or "")
        return Published(
            cluster_name=cluster.name,
            endpoint=cluster.endpoint,
            kubeconfig=pulumi.Output.all(
                cluster.name, cluster.endpoint, ca, admin.id, *(r.id for r in runner_rules)
            ).apply(
                lambda values: eks_kubeconfig(values[0], args.region, values[1], values[2])
            ),
            oidc_issuer=issuer,
            extra={
                "oidc_provider_arn": self.oidc_provider_arn,
                "autoscaler_role_arn": self.autoscaler_role_arn,
            },
        )

    def _tags(self, *role: str) -> dict[str, str]:
        name = "-".join((self._args.name, *role))
        return {**self._args.tags, "Name": name}

    def _secrets_key(self) -> aws.kms.Key:
        args = self._args
        key = aws.kms.Key(
            f"{self._name}-secrets-key",
            description=f"EKS {args.name}: envelope encryption of Kubernetes secrets",
            enable_key_rotation=True,
            deletion_window_in_days=args.settings.key_deletion_window_days,
            tags=self._tags("secrets"),
            # Deleting the key makes every secret in etcd unreadable.
            opts=self._opts(protect=args.settings.protect),
        )
        aws.kms.Alias(
            f"{self._name}-secrets-key-alias",
            name=f"alias/eks/{args.name}",
            target_key_id=key.key_id,
            opts=self._opts(),
        )
        return key

    def _log_key(self, log_group_name: str) -> aws.kms.Key:
        """The control-plane log group's own key, kept as long as the logs it makes
        readable (CloudWatch Logs may use it for this one log group only)."""
        args = self._args
        return aws.kms.Key(
            f"{self._name}-control-plane-logs-key",
            description=f"EKS {args.name}: encryption of the control-plane log group",
            enable_key_rotation=True,
            deletion_window_in_days=args.settings.key_deletion_window_days,
            policy=log_group_key_policy(
                self._partition, args.region, args.account_id, log_group_name
            ),
            tags=self._tags("control-plane-logs-key"),
            opts=self._opts(
                protect=args.settings.protect, retain_on_delete=args.settings.retain_on_delete
            ),
        )

    def _cluster(self, key: aws.kms.Key) -> aws.eks.Cluster:
        args = self._args
        role = aws.iam.Role(
            f"{self._name}-cluster-role",
            name=physical_name(args.name, "cluster", max_length=IAM_ROLE_NAME_LIMIT),
            assume_role_policy=aws_iam.service_trust_policy(
                "eks.amazonaws.com", ("sts:AssumeRole", "sts:TagSession")
            ),
            tags=self._tags("cluster"),
            # EKS cannot change a cluster's role: a new role means a new cluster.
            opts=self._opts(protect=args.settings.protect),
        )
        attachments: list[pulumi.Resource] = [
            aws.iam.RolePolicyAttachment(
                f"{self._name}-cluster-role-{policy}",
                role=role.name,
                policy_arn=aws_iam.managed_policy_arn(self._partition, policy),
                opts=self._opts(),
            )
            for policy in aws_iam.CLUSTER_POLICIES
        ]
        attachments.append(
            aws.iam.RolePolicy(
                f"{self._name}-cluster-role-kms",
                role=role.id,
                policy=key.arn.apply(aws_iam.kms_use_policy),
                opts=self._opts(),
            )
        )
        # Created before the cluster so EKS writes into a group with our retention
        # (EKS would otherwise create it without one: logs kept forever).
        log_group_name = f"/aws/eks/{args.name}/cluster"
        log_key = self._log_key(log_group_name) if args.settings.encrypt_logs else None
        logs = aws.cloudwatch.LogGroup(
            f"{self._name}-control-plane-logs",
            name=log_group_name,
            retention_in_days=args.settings.log_retention_days,
            kms_key_id=log_key.arn if log_key else None,
            tags=self._tags("control-plane-logs"),
            opts=self._opts(
                protect=args.settings.protect, retain_on_delete=args.settings.retain_on_delete
            ),
        )
        vpc_config: aws.eks.ClusterVpcConfigArgsDict = {
            "subnet_ids": list(args.subnet_ids),
            "endpoint_private_access": True,
            "endpoint_public_access": args.access.public,
        }
        if args.access.public:
            vpc_config["public_access_cidrs"] = list(args.access.authorized_cidrs)
        return aws.eks.Cluster(
            f"{self._name}-eks",
            name=args.name,
            version=args.kubernetes_version,
            role_arn=role.arn,
            vpc_config=vpc_config,
            encryption_config={"provider": {"key_arn": key.arn}, "resources": ["secrets"]},
            enabled_cluster_log_types=list(CONTROL_PLANE_LOG_TYPES),
            access_config={
                # Access entries only (no aws-auth ConfigMap), and no invisible admin
                # for whoever created the cluster: `_deployer_access` grants it openly.
                "authentication_mode": "API",
                "bootstrap_cluster_creator_admin_permissions": False,
            },
            deletion_protection=args.settings.deletion_protection,
            # Standard support only: at its end EKS upgrades the control plane instead of
            # billing extended support, which the version catalog does not count on
            # (`hybrid_ai_shared/catalog/kubernetes_versions.yaml`; EKS defaults to EXTENDED).
            upgrade_policy={"support_type": "STANDARD"},
            tags=self._tags("eks"),
            opts=self._opts(
                depends_on=[*attachments, logs, *args.wait_for], protect=args.settings.protect
            ),
        )

    def _deployer_access(self, cluster: aws.eks.Cluster) -> aws.eks.AccessPolicyAssociation:
        """Cluster admin for the IAM role running Pulumi (the CI deploy role, or an
        operator's SSO role): the in-cluster GPU stack is deployed through this access.
        `get_session_context` turns an assumed-role session ARN into the role's ARN,
        which is what an access entry takes."""
        invoke = pulumi.InvokeOutputOptions(parent=self, provider=self._cloud_provider)
        caller = aws.get_caller_identity_output(opts=invoke)
        principal = aws.iam.get_session_context_output(arn=caller.arn, opts=invoke).issuer_arn
        entry = aws.eks.AccessEntry(
            f"{self._name}-deployer",
            cluster_name=cluster.name,
            principal_arn=principal,
            type="STANDARD",
            tags=self._tags("deployer"),
            opts=self._opts(),
        )
        return aws.eks.AccessPolicyAssociation(
            f"{self._name}-deployer-admin",
            cluster_name=cluster.name,
            principal_arn=entry.principal_arn,
            policy_arn=aws_iam.access_policy_arn(
                self._partition, aws_iam.CLUSTER_ADMIN_ACCESS_POLICY
            ),
            access_scope={"type": "cluster"},
            opts=self._opts(),
        )

    def _deploy_runner_rules(
        self, cluster: aws.eks.Cluster
    ) -> list[aws.vpc.SecurityGroupIngressRule]:
        """runner-in-network: the deploy runner's ranges may reach the private endpoint.
        EKS puts the endpoint's interfaces in the cluster security group, which admits only
        the cluster's own nodes; a runner in a peered or transit-routed network needs an
        HTTPS rule for its range there (EKS User Guide, "Cluster API server endpoint":
        connected networks)."""
        group_id = cluster.vpc_config.apply(lambda config: config.cluster_security_group_id or "")
        return [
            aws.vpc.SecurityGroupIngressRule(
                f"{self._name}-deploy-runner-{runner_rule_name(cidr)}",
                security_group_id=group_id,
                cidr_ipv4=cidr,
                ip_protocol="tcp",
                from_port=API_SERVER_PORT,
                to_port=API_SERVER_PORT,
                description="Deploy runner (runner-in-network) to the private API endpoint",
                tags=self._tags("deploy-runner"),
                opts=self._opts(),
            )
            for cidr in self._args.access.runner_cidrs
        ]

    def _node_role(self) -> aws.iam.Role:
        role = aws.iam.Role(
            f"{self._name}-node-role",
            name=physical_name(self._args.name, "nodes", max_length=IAM_ROLE_NAME_LIMIT),
            assume_role_policy=aws_iam.service_trust_policy("ec2.amazonaws.com"),
            tags=self._tags("nodes"),
            # Every node group runs as this role; replacing it replaces every group.
            opts=self._opts(protect=self._args.settings.protect),
        )
        for policy in aws_iam.NODE_POLICIES:
            aws.iam.RolePolicyAttachment(
                f"{self._name}-node-role-{policy}",
                role=role.name,
                policy_arn=aws_iam.managed_policy_arn(self._partition, policy),
                opts=self._opts(),
            )
        return role

    def _node_group(
        self,
        cluster: aws.eks.Cluster,
        role: aws.iam.Role,
        pool: PoolPlan,
        after: Sequence[pulumi.Resource],
    ) -> aws.eks.NodeGroup:
        args = self._args
        return aws.eks.NodeGroup(
            f"{self._name}-{pool.name}",
            cluster_name=cluster.name,
            node_group_name=pool.name,
            node_role_arn=role.arn,
            subnet_ids=list(args.subnet_ids),
            version=args.kubernetes_version,
            instance_types=[pool.machine_type],
            ami_type=GPU_AMI_TYPE if pool.is_gpu else CPU_AMI_TYPE,
            capacity_type="SPOT" if pool.spot else "ON_DEMAND",
            disk_size=pool.disk_size_gb,
            scaling_config={
                "min_size": pool.min,
                "max_size": pool.max,
                "desired_size": pool.desired,
            },
            labels=dict(pool.labels),
            taints=[
                aws.eks.NodeGroupTaintArgs(key=t["key"], value=t["value"], effect=t["effect"])
                for t in eks_taints(pool)
            ],
            # One node at a time: a GPU node is a large share of the pool's capacity.
            update_config={"max_unavailable": 1},
            node_repair_config={"enabled": True},
            # The autoscaler reads `node-template/resources` from the node group too.
            tags={**self._tags(pool.name), **autoscaler_tags(args.name, pool)},
            opts=self._opts(
                depends_on=after,
                # The cluster autoscaler owns the current size once the group exists.
                ignore_changes=["scalingConfig.desiredSize"],
                # The group's name is fixed, so a replacement must free it first.
                delete_before_replace=True,
            ),
        )

    def _autoscaling_group_tags(self, pool: PoolPlan, group: aws.eks.NodeGroup) -> None:
        """The autoscaler's tags on the node group's Auto Scaling group, where it reads them
        (`hybrid_ai_platform.clusters.autoscaling`). One resource per tag, named after the tag key:
        adding a label to a pool adds a tag and touches no other."""
        asg_name = group.resources.apply(_autoscaling_group_name)
        for key, value in autoscaler_tags(self._args.name, pool).items():
            aws.autoscaling.Tag(
                f"{self._name}-{pool.name}-asg-tag-{key}",
                autoscaling_group_name=asg_name,
                # Read off the group by the autoscaler only; not for the instances.
                tag={"key": key, "value": value, "propagate_at_launch": False},
                opts=self._opts(),
            )

    def _addon(
        self,
        cluster: aws.eks.Cluster,
        addon: str,
        depends_on: Sequence[pulumi.Resource] = (),
        role: aws.iam.Role | None = None,
    ) -> aws.eks.Addon:
        # No `addon_version`: EKS installs its default version for the cluster's
        # Kubernetes version, and moves it along with cluster upgrades.
        return aws.eks.Addon(
            f"{self._name}-{addon}",
            cluster_name=cluster.name,
            addon_name=addon,
            service_account_role_arn=role.arn if role else None,
            configuration_values=(
                json.dumps(dict(ADDON_CONFIGURATION[addon]), sort_keys=True)
                if addon in ADDON_CONFIGURATION
                else None
            ),
            # Take over the self-managed copies EKS installs with a new cluster.
            resolve_conflicts_on_create="OVERWRITE",
            resolve_conflicts_on_update="OVERWRITE",
            tags=self._tags(addon),
            opts=self._opts(depends_on=depends_on),
        )

    def _irsa_role(
        self,
        purpose: str,
        oidc: aws.iam.OpenIdConnectProvider,
        issuer: pulumi.Output[str],
        service_account: tuple[str, str],
    ) -> aws.iam.Role:
        return aws.iam.Role(
            f"{self._name}-{purpose}-role",
            name=physical_name(self._args.name, purpose, max_length=IAM_ROLE_NAME_LIMIT),
            assume_role_policy=pulumi.Output.all(oidc.arn, issuer).apply(
                lambda values: aws_iam.irsa_trust_policy(values[0], values[1], service_account)
            ),
            tags=self._tags(purpose),
            # A workload identity: its pods hold its ARN, and a replacement cuts them off
            # AWS until they restart with the new role's credentials.
            opts=self._opts(protect=self._args.settings.protect),
        )


def _oidc_issuer(identities: Sequence[aws.eks.outputs.ClusterIdentity]) -> str:
    """The cluster's OIDC issuer URL (EKS reports exactly one)."""
    for identity in identities:
        for oidc in identity.oidcs or []:
            if oidc.issuer:
                return oidc.issuer
    raise ValueError("the EKS cluster reported no OIDC issuer")


def _autoscaling_group_name(resources: Sequence[aws.eks.outputs.NodeGroupResource]) -> str:
    """The Auto Scaling group EKS made for a managed node group (exactly one)."""
    for resource in resources:
        for group in resource.autoscaling_groups or []:
            if group.name:
                return group.name
    raise ValueError("the EKS node group reported no Auto Scaling group")
