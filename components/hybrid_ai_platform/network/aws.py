"""`AwsNetwork`: the VPC an EKS cluster runs in.

Private subnets (nodes, internal load balancers) route to the internet through NAT
gateways in the public subnets; public subnets only hold NAT gateways and internet-facing
load balancers. All traffic is recorded by VPC flow logs in a CloudWatch log group.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from hybrid_ai_platform.log_encryption import log_group_key_policy
from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.network.plan import (
    CLOUDWATCH_RETENTION_DAYS,
    AwsLayout,
    aws_layout,
    aws_partition,
)
from hybrid_ai_platform.options import child_options
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:aws:Network"

# Tags the AWS Load Balancer Controller and the in-tree service controller read to choose
# subnets for internet-facing and internal load balancers.
PUBLIC_ELB_TAG = "kubernetes.io/role/elb"
INTERNAL_ELB_TAG = "kubernetes.io/role/internal-elb"

# Seconds per flow-log aggregation window: 60 (the finer of the two values AWS offers,
# 60 and 600) so an incident timeline is exact to the minute.
FLOW_LOG_AGGREGATION_SECONDS = 60


@dataclass(frozen=True)
class AwsNetworkArgs:
    """What an `AwsNetwork` needs; plain values, because they shape the resource graph."""

    # Physical base name, e.g. `<environment>-<cluster>`; every physical name and `Name`
    # tag starts with it.
    name: str
    # The VPC's IPv4 CIDR (a private /16 to /20); subnets are carved by `plan.aws_layout`.
    cidr: str
    # The provider's region; only used to scope the flow-log role's trust condition.
    region: str
    # The account the stack deploys to (the provider's `allowed_account_ids`): the flow-log
    # role trusts the flow-log service only on behalf of this account (confused deputy).
    account_id: str
    # One to three availability zones of `region`, e.g. ("us-east-1a", "us-east-1b").
    zones: tuple[str, ...]
    # Tags for every taggable resource, already layered by `hybrid_ai_platform.tags`.
    tags: Mapping[str, str]
    # The environment's tier settings: `nat` ("per-zone": a NAT gateway per zone, so
    # losing a zone never cuts the others' egress; "single": one in the first zone, a
    # third of the hourly charge with three zones), flow-log retention (one of
    # `plan.CLOUDWATCH_RETENTION_DAYS`), and protection of the flow-log group, evidence
    # for incident reviews (`protect`, `retain_on_delete`), and whether that group is
    # encrypted with its own KMS key (`encrypt_logs`, `key_deletion_window_days`).
    # `protect` also guards the VPC and its subnets: replacing either takes every node,
    # control-plane interface and NAT gateway in it down with it.
    settings: TierSettings

    def __post_init__(self) -> None:
        days = self.settings.log_retention_days
        if days not in CLOUDWATCH_RETENTION_DAYS:
            raise ValueError(
                f"log retention {days} days is not one of "
                f"CloudWatch's values: {', '.join(map(str, CLOUDWATCH_RETENTION_DAYS))}"
            )


class AwsNetwork(pulumi.ComponentResource):
    """A VPC with private and public subnets per zone, NAT egress and flow logs."""

    vpc_id: pulumi.Output[str]
    # Subnet ids by zone name, sorted by zone.
    private_subnet_ids: dict[str, pulumi.Output[str]]
    public_subnet_ids: dict[str, pulumi.Output[str]]
    cidr: str

    def __init__(
        self,
        name: str,
        args: AwsNetworkArgs,
        provider: aws.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        layout = aws_layout(args.cidr, args.zones)
        self._logical_name = name
        self._settings = args
        self._cloud_provider = provider

        vpc = aws.ec2.Vpc(
            f"{name}-vpc",
            cidr_block=layout.cidr,
            # Both on: EKS requires DNS resolution and hostnames in its VPC, and so does
            # the private DNS of interface endpoints (ECR, STS).
            enable_dns_support=True,
            enable_dns_hostnames=True,
            tags=self._tags("vpc"),
            opts=self._lasting(),
        )
        private, public = self._subnets(vpc, layout)
        gateway = aws.ec2.InternetGateway(
            f"{name}-igw", vpc_id=vpc.id, tags=self._tags("igw"), opts=self._opts()
        )
        nat_ids = self._nat_gateways(gateway, public)
        self._public_routes(vpc, gateway, public)
        self._private_routes(vpc, private, nat_ids)
        self._flow_logs(vpc)

        self.vpc_id = vpc.id
        self.private_subnet_ids = {zone: subnet.id for zone, subnet in private.items()}
        self.public_subnet_ids = {zone: subnet.id for zone, subnet in public.items()}
        self.cidr = layout.cidr
        self.register_outputs(
            {
                "vpc_id": self.vpc_id,
                "private_subnet_ids": self.private_subnet_ids,
                "public_subnet_ids": self.public_subnet_ids,
                "cidr": self.cidr,
            }
        )

    def _opts(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        return child_options(self, self._cloud_provider, depends_on=depends_on)

    def _lasting(self) -> pulumi.ResourceOptions:
        """Options of what cannot be replaced without an outage (the VPC, its subnets):
        protected where the tier protects."""
        return child_options(self, self._cloud_provider, protect=self._settings.settings.protect)

    def _tags(self, *role: str, **extra: str) -> dict[str, str]:
        # `Name` is what the console shows; the logical name stays the identity, so
        # renaming an environment changes a tag, never a URN.
        return {**self._settings.tags, **extra, "Name": physical_name(self._settings.name, *role)}

    def _subnets(
        self, vpc: aws.ec2.Vpc, layout: AwsLayout
    ) -> tuple[dict[str, aws.ec2.Subnet], dict[str, aws.ec2.Subnet]]:
        private = {
            zone: aws.ec2.Subnet(
                f"{self._logical_name}-private-{zone}",
                vpc_id=vpc.id,
                cidr_block=cidr,
                availability_zone=zone,
                map_public_ip_on_launch=False,
                tags=self._tags("private", zone, **{INTERNAL_ELB_TAG: "1"}),
                opts=self._lasting(),
            )
            for zone, cidr in layout.private.items()
        }
        public = {
            zone: aws.ec2.Subnet(
                f"{self._logical_name}-public-{zone}",
                vpc_id=vpc.id,
                cidr_block=cidr,
                availability_zone=zone,
                # Nothing launched here gets a public address by accident; load balancers
                # and NAT gateways bring their own.
                map_public_ip_on_launch=False,
                tags=self._tags("public", zone, **{PUBLIC_ELB_TAG: "1"}),
                opts=self._lasting(),
            )
            for zone, cidr in layout.public.items()
        }
        return private, public

    def _nat_gateways(
        self, gateway: aws.ec2.InternetGateway, public: Mapping[str, aws.ec2.Subnet]
    ) -> dict[str, pulumi.Output[str]]:
        """NAT gateway id serving each zone. Names carry the zone in both modes, so turning
        `nat_per_zone` on later adds gateways without replacing the first one."""
        zones = sorted(public)
        hosts = zones if self._settings.settings.nat == "per-zone" else zones[:1]
        ids: dict[str, pulumi.Output[str]] = {}
        for zone in hosts:
            address = aws.ec2.Eip(
                f"{self._logical_name}-nat-ip-{zone}",
                domain="vpc",
                tags=self._tags("nat", zone),
                opts=self._opts(),
            )
            nat = aws.ec2.NatGateway(
                f"{self._logical_name}-nat-{zone}",
                allocation_id=address.id,
                subnet_id=public[zone].id,
                connectivity_type="public",
                tags=self._tags("nat", zone),
                # AWS documents that a public NAT gateway needs the VPC's internet gateway
                # attached first; nothing else in the graph orders them.
                opts=self._opts(gateway),
            )
            ids[zone] = nat.id
        return {zone: ids.get(zone, ids[hosts[0]]) for zone in zones}

    def _public_routes(
        self,
        vpc: aws.ec2.Vpc,
        gateway: aws.ec2.InternetGateway,
        public: Mapping[str, aws.ec2.Subnet],
    ) -> None:
        table = aws.ec2.RouteTable(
            f"{self._logical_name}-public-rt",
            vpc_id=vpc.id,
            tags=self._tags("public-rt"),
            opts=self._opts(),
        )
        aws.ec2.Route(
            f"{self._logical_name}-public-default",
            route_table_id=table.id,
            destination_cidr_block="0.0.0.0/0",
            gateway_id=gateway.id,
            opts=self._opts(),
        )
        for zone, subnet in public.items():
            aws.ec2.RouteTableAssociation(
                f"{self._logical_name}-public-rta-{zone}",
                route_table_id=table.id,
                subnet_id=subnet.id,
                opts=self._opts(),
            )

    def _private_routes(
        self,
        vpc: aws.ec2.Vpc,
        private: Mapping[str, aws.ec2.Subnet],
        nat_ids: Mapping[str, pulumi.Output[str]],
    ) -> None:
        # A table per zone in both NAT modes: switching modes only retargets routes.
        for zone, subnet in private.items():
            table = aws.ec2.RouteTable(
                f"{self._logical_name}-private-rt-{zone}",
                vpc_id=vpc.id,
                tags=self._tags("private-rt", zone),
                opts=self._opts(),
            )
            aws.ec2.Route(
                f"{self._logical_name}-private-default-{zone}",
                route_table_id=table.id,
                destination_cidr_block="0.0.0.0/0",
                nat_gateway_id=nat_ids[zone],
                opts=self._opts(),
            )
            aws.ec2.RouteTableAssociation(
                f"{self._logical_name}-private-rta-{zone}",
                route_table_id=table.id,
                subnet_id=subnet.id,
                opts=self._opts(),
            )

    def _log_key(self, log_group_name: str) -> aws.kms.Key:
        """The flow-log group's own key: deleting it makes the logs unreadable, so it is
        protected and kept like the logs."""
        args = self._settings
        return aws.kms.Key(
            f"{self._logical_name}-flow-logs-key",
            description=f"VPC {args.name}: encryption of the flow-log group",
            enable_key_rotation=True,
            deletion_window_in_days=args.settings.key_deletion_window_days,
            policy=log_group_key_policy(
                aws_partition(args.region), args.region, args.account_id, log_group_name
            ),
            tags=self._tags("flow-logs-key"),
            opts=pulumi.ResourceOptions.merge(
                self._opts(),
                pulumi.ResourceOptions(
                    protect=args.settings.protect,
                    retain_on_delete=args.settings.retain_on_delete,
                ),
            ),
        )

    def _flow_logs(self, vpc: aws.ec2.Vpc) -> None:
        args = self._settings
        log_group_name = f"/aws/vpc-flow-logs/{physical_name(args.name)}"
        log_key = self._log_key(log_group_name) if args.settings.encrypt_logs else None
        log_group = aws.cloudwatch.LogGroup(
            f"{self._logical_name}-flow-logs",
            name=log_group_name,
            retention_in_days=args.settings.log_retention_days,
            kms_key_id=log_key.arn if log_key else None,
            tags=self._tags("flow-logs"),
            opts=child_options(
                self,
                self._cloud_provider,
                protect=args.settings.protect,
                retain_on_delete=args.settings.retain_on_delete,
            ),
        )
        partition = aws_partition(args.region)
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    # AWS's confused-deputy guidance for flow logs: only flow logs of this
                    # account and region may use the role.
                    "Condition": {
                        "StringEquals": {"aws:SourceAccount": args.account_id},
                        "ArnLike": {
                            "aws:SourceArn": (
                                f"arn:{partition}:ec2:{args.region}:{args.account_id}"
                                ":vpc-flow-log/*"
                            )
                        },
                    },
                }
            ],
        }
        role = aws.iam.Role(
            f"{self._logical_name}-flow-logs-role",
            name=physical_name(args.name, "flow-logs", max_length=64),
            assume_role_policy=json.dumps(trust, sort_keys=True),
            tags=self._tags("flow-logs"),
            opts=child_options(
                self,
                self._cloud_provider,
                protect=args.settings.protect,
                retain_on_delete=args.settings.retain_on_delete,
            ),
        )
        policy = aws.iam.RolePolicy(
            f"{self._logical_name}-flow-logs-policy",
            name="deliver-to-log-group",
            role=role.id,
            policy=log_group.arn.apply(
                lambda arn: _delivery_policy(arn, partition, args.region, args.account_id)
            ),
            opts=self._opts(),
        )
        aws.ec2.FlowLog(
            f"{self._logical_name}-flow-log",
            vpc_id=vpc.id,
            traffic_type="ALL",
            log_destination_type="cloud-watch-logs",
            log_destination=log_group.arn,
            iam_role_arn=role.arn,
            max_aggregation_interval=FLOW_LOG_AGGREGATION_SECONDS,
            tags=self._tags("flow-log"),
            # The service checks the role's permissions when the flow log is created.
            opts=self._opts(policy),
        )


def _delivery_policy(log_group_arn: str, partition: str, region: str, account_id: str) -> str:
    """Write access to this one log group only (its streams are `<arn>:*`)."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": [
                        "logs:CreateLogStream",
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents",
                    ],
                    "Resource": [log_group_arn, f"{log_group_arn}:*"],
                },
                {
                    # Listing groups has no per-group resource; keep it to this account
                    # and region.
                    "Effect": "Allow",
                    "Action": "logs:DescribeLogGroups",
                    "Resource": f"arn:{partition}:logs:{region}:{account_id}:log-group:*",
                },
            ],
        },
        sort_keys=True,
    )
