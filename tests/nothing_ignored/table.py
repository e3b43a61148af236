"""Where every field of the environment definition lands: the table the "nothing ignored"
test holds each stack to (`test_nothing_ignored.py`).

One entry per field path, grouped by the model that declares it. An entry is
- a landing (`Lands`, `Invoked`, `Holds`) that holds wherever a definition sets the field,
- or `PerCloud(...)`: for a cluster, endpoint or pipeline, the landing on each cloud its
  entry can name, or `Refused(value)` where validation refuses the field on that cloud.
Each landing names a real resource type and property of the preview, and the value the
definition's value becomes there (`expect`), so a value that lands elsewhere, or a
`true` or `3` that happens to sit somewhere, does not count.
"""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Callable, Mapping
from typing import Any

from hap.plan import Plan, PlannedResource
from hybrid_ai_platform import spec
from hybrid_ai_platform.clusters.magnum_plan import default_pool, magnum_pools
from hybrid_ai_platform.clusters.plan import (
    MIG_CONFIG_LABEL,
    kubernetes_taint,
    plan_pools,
    runner_rule_name,
    system_pool,
)
from hybrid_ai_platform.deploy_runner import runner_labels
from hybrid_ai_platform.endpoints.plan import endpoint_plans
from hybrid_ai_platform.private_cloud.plan import gpu_flavor_for
from hybrid_ai_platform.tags import label_value
from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.catalog.kubernetes_versions import magnum_kube_tag
from hybrid_ai_shared.cost import estimate
from hybrid_ai_shared.schedule import parse_cron
from tests.nothing_ignored.support import (
    ABSENT,
    CLOUD_OWNERS,
    Choose,
    Every,
    Holds,
    Inside,
    Invoked,
    Lands,
    Named,
    Occurrence,
    PerCloud,
    Picked,
    ProviderOf,
    Refused,
    Where,
)

CATALOG = load_catalog()


# -- whose field: the entry an occurrence belongs to -------------------------------------


def cluster(o: Occurrence) -> spec.Cluster:
    return o.owner(spec.Cluster)


def pool(o: Occurrence) -> spec.NodePool:
    return o.owner(spec.NodePool)


def taint(o: Occurrence) -> spec.Taint:
    return o.owner(spec.Taint)


def team(o: Occurrence) -> spec.Team:
    return o.owner(spec.Team)


def endpoint(o: Occurrence) -> spec.Endpoint:
    return o.owner(spec.Endpoint)


def pipeline(o: Occurrence) -> spec.Pipeline:
    return o.owner(spec.Pipeline)


def physical(o: Occurrence, suffix: str = "") -> str:
    """`<environment>-<name><suffix>`: what the clouds see of a cluster, endpoint, pipeline."""
    (entry,) = [owner for owner in o.owners if isinstance(owner, CLOUD_OWNERS)]
    return f"{o.env.name}-{entry.name}{suffix}"


def text(o: Occurrence) -> str:
    return str(o.value)


def c_(suffix: str) -> Callable[[Occurrence], str]:
    """A cluster's resource: `<cluster><suffix>`."""
    return lambda o: f"{cluster(o).name}{suffix}"


def p_(o: Occurrence) -> str:
    """A pool's resource: `<cluster>-<pool>`."""
    return f"{cluster(o).name}-{pool(o).name}"


def e_(suffix: str) -> Callable[[Occurrence], str]:
    return lambda o: f"{endpoint(o).name}-endpoint{suffix}"


def pl_(suffix: str) -> Callable[[Occurrence], str]:
    return lambda o: f"{pipeline(o).name}{suffix}"


# -- the resources ------------------------------------------------------------------------

EKS = Named("aws:eks/cluster:Cluster", c_("-eks"))
EKS_POOL = Named("aws:eks/nodeGroup:NodeGroup", p_)
AKS = Named("azure-native:containerservice:ManagedCluster", c_("-aks"))
# AKS's system pool is inline in the cluster; every other pool is an AgentPool.
AKS_POOL = Picked(
    lambda o: (
        Inside(AKS, lambda o: f"agentPoolProfiles[name={pool(o).name}].")
        if system_pool(plan_pools(cluster(o))).name == pool(o).name
        else Named("azure-native:containerservice:AgentPool", p_)
    ),
    "the AKS pool",
)
GKE = Named("gcp:container/cluster:Cluster", c_("-gke"))
GKE_POOL = Named("gcp:container/nodePool:NodePool", p_)
MAGNUM = Named("openstack:containerinfra/cluster:Cluster", c_("-cluster"))
MAGNUM_TEMPLATE = Named("openstack:containerinfra/clusterTemplate:ClusterTemplate", c_("-template"))
MAGNUM_GROUP = Named("openstack:containerinfra/nodeGroup:NodeGroup", p_)
DEVICE_PLUGIN_CONFIG = Named("kubernetes:core/v1:ConfigMap", c_("-gpu-device-plugin-config"))
GPU_OPERATOR = Named("kubernetes:helm.sh/v3:Release", c_("-gpu-gpu-operator"))


def is_magnum_default(o: Occurrence) -> bool:
    """Magnum configures the cluster's default worker group on the Cluster itself."""
    private = o.env.private_cloud
    return bool(default_pool(magnum_pools(cluster(o), private)).name == pool(o).name)


def magnum_pool(default: Lands, group: Lands) -> Choose:
    return Choose(lambda o: default if is_magnum_default(o) else group, "the Magnum pool")


def magnum_label(label: str, expect: Callable[[Occurrence], Any] = text) -> Lands:
    """A Magnum label, the same on the Cluster (default pool) and on a NodeGroup."""
    at = Picked(lambda o: MAGNUM if is_magnum_default(o) else MAGNUM_GROUP, "the Magnum pool")
    return Lands(at, f"labels.{label}", expect)


def kubelet_has(flag: str, expect: Callable[[Occurrence], list[str]]) -> Holds:
    """Items of a kubelet flag (`--node-labels`, `--register-with-taints`) in a Magnum
    pool's `kubelet_options` label."""

    def check(plan: Plan, o: Occurrence) -> str | None:
        name = "-cluster" if is_magnum_default(o) else f"-{pool(o).name}"
        (group,) = [
            r
            for r in plan.resources
            if r.type in (MAGNUM.type_, MAGNUM_GROUP.type_) and r.name == cluster(o).name + name
        ]
        options = str(group.inputs["labels"]["kubelet_options"])
        items = {
            item
            for option in options.split()
            if option.startswith(f"{flag}=")
            for item in option.removeprefix(f"{flag}=").split(",")
        }
        missing = [item for item in expect(o) if item not in items]
        return f"{group.type} {group.name} kubelet_options {options!r}" if missing else None

    return Holds(f"the Magnum pool's kubelet {flag}", check)


def gpu_offering(o: Occurrence) -> Any:
    """The catalog's machine for the pool's accelerator and GPU count on its cloud."""
    node_pool, cloud = pool(o), cluster(o).cloud
    assert node_pool.accelerator
    offerings = CATALOG.offerings(cloud, node_pool.accelerator)
    gpus = node_pool.gpus_per_node or offerings[0].gpus
    offering = CATALOG.offering(cloud, node_pool.accelerator, gpus)
    assert offering is not None
    return offering


def gpu_machine(o: Occurrence) -> str:
    return str(gpu_offering(o).machine_type)


def gpu_flavor(o: Occurrence) -> str:
    node_pool = pool(o)
    flavor = gpu_flavor_for(
        o.env.private_cloud, node_pool.accelerator, node_pool.gpus_per_node or 1
    )
    assert flavor is not None
    return flavor.name


MAGNUM_FLAVOR = magnum_pool(
    default=Lands(MAGNUM, "flavor", gpu_flavor), group=Lands(MAGNUM_GROUP, "flavorId", gpu_flavor)
)


def node_labels(expect: Callable[[Occurrence], Mapping[str, str]]) -> PerCloud:
    """Labels every node of the pool registers with, on each cloud."""
    return PerCloud(
        aws=Lands(EKS_POOL, "labels", expect, contains=True),
        azure=Lands(AKS_POOL, "nodeLabels", expect, contains=True),
        gcp=Lands(GKE_POOL, "nodeConfig.labels", expect, contains=True),
        openstack=kubelet_has(
            "--node-labels", lambda o: [f"{k}={v}" for k, v in expect(o).items()]
        ),
    )


_EFFECTS = {"NoSchedule": "NO_SCHEDULE", "PreferNoSchedule": "PREFER_NO_SCHEDULE"}
_EFFECTS["NoExecute"] = "NO_EXECUTE"


def api_taint(o: Occurrence) -> dict[str, str]:
    """EKS and GKE spell a taint as an object with an enum effect."""
    t = taint(o)
    return {"key": t.key, "value": t.value, "effect": _EFFECTS[t.effect]}


def kubectl_taint(o: Occurrence) -> str:
    return kubernetes_taint(taint(o))


NODE_TAINT = PerCloud(
    aws=Lands(EKS_POOL, "taints", api_taint, contains=True),
    azure=Lands(AKS_POOL, "nodeTaints", kubectl_taint, contains=True),
    gcp=Lands(GKE_POOL, "nodeConfig.taints", api_taint, contains=True),
    openstack=kubelet_has("--register-with-taints", lambda o: [kubectl_taint(o)]),
)


def gke_ranges_inside(plan: Plan, o: Occurrence) -> str | None:
    """GKE's node, pod and service ranges are carved out of the cluster's network."""
    (subnet,) = [
        r
        for r in plan.of_type("gcp:compute/subnetwork:Subnetwork")
        if r.name == f"{cluster(o).name}-network-subnetwork"
    ]
    ranges = [subnet.inputs["ipCidrRange"]] + [
        r["ipCidrRange"] for r in subnet.inputs.get("secondaryIpRanges", [])
    ]
    network = ipaddress.IPv4Network(o.value)
    inside = [ipaddress.IPv4Network(r).subnet_of(network) for r in ranges]
    return None if len(ranges) == 3 and all(inside) else f"ranges {ranges}"


def deploy_path(o: Occurrence) -> str:
    access = cluster(o).deploy_access
    assert access is not None
    return access.path


def runner_ranges(o: Occurrence) -> list[str]:
    access = cluster(o).deploy_access
    return list(access.runner_cidrs) if access else []


def eks_runner_rules(plan: Plan, o: Occurrence) -> str | None:
    """runner-in-network on EKS: the cluster security group admits each runner range."""
    rules = {
        r.name: r.inputs.get("cidrIpv4")
        for r in plan.of_type("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
        if r.name.startswith(f"{cluster(o).name}-deploy-runner-")
    }
    wanted = {
        f"{cluster(o).name}-deploy-runner-{runner_rule_name(cidr)}": cidr
        for cidr in runner_ranges(o)
    }
    return None if rules == wanted and wanted else f"rules {rules}"


def aks_ranges_clear(plan: Plan, o: Occurrence) -> str | None:
    """runner-in-network on AKS: the network routes to the runner, so AKS's overlay pod and
    service ranges are chosen clear of its ranges."""
    (aks,) = [r for r in plan.of_type(AKS.type_) if r.name == f"{cluster(o).name}-aks"]
    profile = aks.inputs["networkProfile"]
    chosen = [ipaddress.IPv4Network(profile[key]) for key in ("podCidr", "serviceCidr")]
    runners = [ipaddress.IPv4Network(cidr) for cidr in runner_ranges(o)]
    clash = [str(c) for c in chosen if any(c.overlaps(r) for r in runners)]
    return f"{clash} overlapping the runner" if clash or not runners else None


def aks_zones(plan: Plan, o: Occurrence) -> str | None:
    (aks,) = [r for r in plan.of_type(AKS.type_) if r.name == f"{cluster(o).name}-aks"]
    pools = list(aks.inputs["agentPoolProfiles"]) + [
        r.inputs
        for r in plan.of_type("azure-native:containerservice:AgentPool")
        if r.name.startswith(f"{cluster(o).name}-")
    ]
    zones = {tuple(sorted(p.get("availabilityZones", []))) for p in pools}
    return None if zones == {tuple(sorted(o.value))} else f"pools in {sorted(zones)}"


def aws_zones(plan: Plan, o: Occurrence) -> str | None:
    prefix = f"{cluster(o).name}-network-private-"
    zones = sorted(
        r.inputs["availabilityZone"]
        for r in plan.of_type("aws:ec2/subnet:Subnet")
        if r.name.startswith(prefix)
    )
    return None if zones == sorted(o.value) else f"private subnets in {zones}"


# -- environment-wide values: tags on every taggable resource -----------------------------


def _tags(resource: PlannedResource) -> dict[str, str] | None:
    """A resource's tags as a mapping: AWS and Azure `tags`, OpenStack `key=value` tags."""
    tags = resource.inputs.get("tags")
    if isinstance(tags, Mapping):
        return dict(tags)
    if isinstance(tags, list) and all(isinstance(t, str) and "=" in t for t in tags):
        return dict(t.split("=", 1) for t in tags)
    return None


def tagged(expect: Callable[[Occurrence], Mapping[str, str]]) -> Holds:
    def check(plan: Plan, o: Occurrence) -> str | None:
        wanted = expect(o)
        resources = [(r, _tags(r)) for r in plan.resources if r.custom and _tags(r) is not None]
        if not resources:
            return "no tagged resource"
        for resource, tags in resources:
            assert tags is not None
            if any(tags.get(k) != v for k, v in wanted.items()):
                return f"{resource.type} {resource.name} tags {tags}"
        return None

    return Holds("every tagged resource's tags containing the value", check)


STACK_ENVIRONMENT = Every("pulumi:pulumi:Stack")


def contract(key: str, expect: Callable[[Occurrence], Any] = lambda o: o.value) -> Lands:
    """The stack's `environment` output (the contract consumers read)."""
    return Lands(STACK_ENVIRONMENT, f"environment.{key}", expect, outputs=True)


def deploy_job_labels(o: Occurrence) -> str | None:
    labels = runner_labels(o.env)
    return None if labels == list(o.value) else f"runs-on {labels}"


# -- tier overrides ----------------------------------------------------------------------


def nat_gateways(plan: Plan, o: Occurrence) -> str | None:
    found = []
    for network in spec_clusters(o, "aws"):
        gateways = [
            r
            for r in plan.of_type("aws:ec2/natGateway:NatGateway")
            if r.name.startswith(f"{network.name}-network-nat-")
        ]
        zones = len(
            {
                r.name
                for r in plan.of_type("aws:ec2/subnet:Subnet")
                if r.name.startswith(f"{network.name}-network-public-")
            }
        )
        wanted = zones if o.value == "per-zone" else 1
        if len(gateways) != wanted:
            found.append(f"{len(gateways)} NAT gateways over {zones} zones in {network.name}")
    return "; ".join(found) or None


def spec_clusters(o: Occurrence, cloud: str) -> list[spec.Cluster]:
    return [c for c in o.env.clusters if c.cloud == cloud]


def aks_audit(plan: Plan, o: Occurrence) -> str | None:
    for c in spec_clusters(o, "azure"):
        (logs,) = [
            r
            for r in plan.of_type("azure-native:monitor:DiagnosticSetting")
            if r.name == f"{c.name}-control-plane-logs"
        ]
        categories = {entry["category"] for entry in logs.inputs["logs"]}
        if ("kube-audit" in categories) != o.value:
            return f"{c.name} log categories {sorted(categories)}"
    return None


# -- the private cloud -------------------------------------------------------------------


def _flavor(o: Occurrence) -> Named:
    flavor = o.owner(spec.GpuFlavor)
    return Named("openstack:compute/flavor:Flavor", lambda _: f"private-cloud-flavor-{flavor.name}")


def flavor_input(
    prop: str, expect: Callable[[Occurrence], Any] = lambda o: o.value, contains: bool = False
) -> Choose:
    """A property of the flavor the occurrence's `gpuFlavors` entry builds."""
    return Choose(lambda o: Lands(_flavor(o), prop, expect, contains), "the flavor")


def flavor_access(plan: Plan, o: Occurrence) -> str | None:
    flavor = o.owner(spec.GpuFlavor)
    prefix = f"private-cloud-flavor-{flavor.name}-access-"
    granted = sorted(
        r.name.removeprefix(prefix)
        for r in plan.of_type("openstack:compute/flavorAccess:FlavorAccess")
        if r.name.startswith(prefix)
    )
    return None if granted == sorted(o.value) else f"access for {granted}"


def quota(kind: str, key: str, expect: Callable[[Occurrence], Any] = lambda o: o.value) -> Choose:
    type_ = {
        "compute": "openstack:compute/quotaSetV2:QuotaSetV2",
        "network": "openstack:networking/quotaV2:QuotaV2",
        "volume": "openstack:blockstorage/quoteSetV3:QuoteSetV3",
    }[kind]

    def landing(o: Occurrence) -> Lands:
        name = o.owner(spec.ProjectQuota).name
        at = Named(type_, lambda _: f"private-cloud-project-{name}-{kind}-quota")
        return Lands(at, key, expect)

    return Choose(landing, f"the project's {kind} quota")


def ingress(port: int) -> Callable[[Plan, Occurrence], str | None]:
    def check(plan: Plan, o: Occurrence) -> str | None:
        ranges = {
            r.inputs.get("remoteIpPrefix")
            for r in plan.of_type("openstack:networking/secGroupRule:SecGroupRule")
            if r.inputs.get("portRangeMin") == port
        }
        return None if set(o.value) <= ranges else f"port {port} open to {sorted(map(str, ranges))}"

    return check


def boot_volume_types(plan: Plan, o: Occurrence) -> str | None:
    found = {
        r.inputs["blockDevices"][0]["volumeType"]
        for r in plan.of_type("openstack:compute/instance:Instance")
    } | {
        r.inputs["labels"]["boot_volume_type"]
        for r in plan.of_type("openstack:containerinfra/clusterTemplate:ClusterTemplate")
    }
    return None if found == {o.value} else f"{sorted(found)}"


BASTION = Named("openstack:compute/instance:Instance", lambda o: "private-cloud-bastion")


def internal_price(unit: str, read: Callable[[Any], Any]) -> Holds:
    """`hap cost` prices the private cloud's capacity with the definition's rates."""

    def check(plan: Plan, o: Occurrence) -> str | None:
        prices = [
            price for line in estimate(plan).lines for price in line.prices if price.unit == unit
        ]
        values = [read(price) for price in prices]
        return None if values and all(v == o.value for v in values) else f"{values}"

    return Holds(f"every {unit} price of `hap cost` from it", check)


# -- endpoints and pipelines --------------------------------------------------------------

LAMBDA = Named("aws:lambda/function:Function", e_("-function"))
FUNCTION_APP = Named("azure-native:web:WebApp", e_("-app"))
CLOUD_FUNCTION = Named("gcp:cloudfunctionsv2/function:Function", e_("-function"))
APP_SETTING = "siteConfig.appSettings[name={}].value"
SCALE = "functionAppConfig.scaleAndConcurrency"


def azure_function_timeout(o: Occurrence) -> str:
    (plan,) = [p for p in endpoint_plans(o.env) if p.name == endpoint(o).name]
    return plan.azure_function_timeout


GLUE_JOB = Named("aws:glue/job:Job", pl_("-job"))
COPY_PIPELINE = Named("azure-native:datafactory:Pipeline", pl_("-pipeline"))
COPY = "activities[name=CopyCuratedFromS3]"


def day_time(minutes: int) -> str:
    """Data Factory's `d.hh:mm:ss` timeout."""
    days, rest = divmod(minutes, 24 * 60)
    return f"{days}.{rest // 60:02d}:{rest % 60:02d}:00"


def if_set(o: Occurrence, yes: Any, no: Any) -> Any:
    """What a boolean field becomes: `yes` when true, `no` when false."""
    return yes if o.value else no


# -- the table ----------------------------------------------------------------------------

TABLE: dict[str, Where | PerCloud] = {
    # Environment
    "name": (tagged(lambda o: {"environment": o.value}), contract("name")),
    "tier": (tagged(lambda o: {"tier": o.value}), contract("tier")),
    "owner": (tagged(lambda o: {"owner": label_value(o.value)}), contract("owner")),
    "costCenter": (tagged(lambda o: {"cost-center": o.value}), contract("costCenter")),
    "monthlyBudgetUsd": contract("monthlyBudgetUsd"),
    "tags": tagged(lambda o: o.value),
    # DeployRunner: the runs-on labels of the job that deploys the stack (`deploy-stack.yml`
    # asks `hybrid_ai_platform.deploy_runner`), outside the preview.
    "deployRunner.labels": Holds(
        "the deploy job's runs-on labels", lambda plan, o: deploy_job_labels(o)
    ),
    # TierOverrides
    "tierOverrides.nat": Holds("a NAT gateway per zone or one per network", nat_gateways),
    "tierOverrides.logRetentionDays": (
        Lands(Every("aws:cloudwatch/logGroup:LogGroup"), "retentionInDays"),
        Lands(Every("azure-native:operationalinsights:Workspace"), "retentionInDays"),
    ),
    "tierOverrides.highAvailability": Lands(
        Every("azure-native:containerservice:ManagedCluster"),
        "sku.tier",
        lambda o: if_set(o, "Standard", "Free"),
    ),
    "tierOverrides.fullAuditLogs": Holds("kube-audit in AKS's logs exactly when set", aks_audit),
    # Accounts
    "accounts.aws.accountId": Lands(
        Every("pulumi:providers:aws"), "allowedAccountIds", text, contains=True
    ),
    "accounts.azure.subscriptionId": Lands(
        Every("pulumi:providers:azure-native"), "subscriptionId"
    ),
    "accounts.azure.tenantId": Lands(Every("pulumi:providers:azure-native"), "tenantId"),
    "accounts.gcp.project": Lands(Every("pulumi:providers:gcp"), "project"),
    "accounts.openstack.cloud": Lands(Every("pulumi:providers:openstack"), "cloud"),
    # Cluster
    "clusters[].name": PerCloud(
        aws=Lands(EKS, "name", physical),
        azure=Lands(AKS, "resourceName", physical),
        gcp=Lands(GKE, "name", physical),
        openstack=Lands(MAGNUM, "name", physical),
    ),
    # The cloud picks the resource types: the cluster exists as that cloud's.
    "clusters[].cloud": PerCloud(
        aws=Lands(EKS, "name", physical),
        azure=Lands(AKS, "resourceName", physical),
        gcp=Lands(GKE, "name", physical),
        openstack=Lands(MAGNUM, "name", physical),
    ),
    "clusters[].region": PerCloud(
        aws=Lands(ProviderOf(EKS), "region"),
        azure=Lands(AKS, "location"),
        gcp=Lands(GKE, "location"),
        openstack=Lands(MAGNUM, "region"),
    ),
    "clusters[].zones": PerCloud(
        aws=Holds("a private subnet in each zone", aws_zones),
        azure=Holds("every AKS pool in exactly those zones", aks_zones),
        gcp=Lands(GKE, "nodeLocations", lambda o: sorted(o.value)),
        openstack=Refused(("nova-1", "nova-2")),
    ),
    "clusters[].kubernetesVersion": PerCloud(
        aws=Lands(EKS, "version"),
        azure=Lands(AKS, "kubernetesVersion"),
        gcp=Lands(GKE, "minMasterVersion"),
        openstack=Lands(MAGNUM_TEMPLATE, "labels.kube_tag", lambda o: magnum_kube_tag(o.value)),
    ),
    "clusters[].networkCidr": PerCloud(
        aws=Lands(Named("aws:ec2/vpc:Vpc", c_("-network-vpc")), "cidrBlock"),
        azure=Lands(
            Named("azure-native:network:VirtualNetwork", c_("-network-vnet")),
            "addressSpace.addressPrefixes",
            lambda o: [o.value],
        ),
        gcp=Holds("the node, pod and service ranges inside it", gke_ranges_inside),
        openstack=Lands(Named("openstack:networking/subnet:Subnet", c_("-network-subnet")), "cidr"),
    ),
    "clusters[].privateEndpoint": PerCloud(
        aws=Lands(EKS, "vpcConfig.endpointPublicAccess", lambda o: not o.value),
        azure=Lands(
            AKS, "apiServerAccessProfile.enablePrivateCluster", lambda o: if_set(o, True, ABSENT)
        ),
        gcp=Lands(GKE, "privateClusterConfig.enablePrivateEndpoint"),
        openstack=Lands(
            MAGNUM, "labels.master_lb_floating_ip_enabled", lambda o: if_set(o, "false", "true")
        ),
    ),
    # A private API endpoint on EKS and AKS admits no public ranges: refused there.
    "clusters[].authorizedCidrs": PerCloud(
        aws=(
            Lands(EKS, "vpcConfig.publicAccessCidrs", lambda o: list(o.value), contains=True),
            Refused(("203.0.113.0/24",), alongside={"privateEndpoint": True}),
        ),
        azure=(
            Lands(
                AKS,
                "apiServerAccessProfile.authorizedIPRanges",
                lambda o: list(o.value),
                contains=True,
            ),
            Refused(("203.0.113.0/24",), alongside={"privateEndpoint": True}),
        ),
        gcp=Lands(
            GKE,
            "masterAuthorizedNetworksConfig.cidrBlocks",
            lambda o: [{"cidrBlock": cidr} for cidr in o.value],
            contains=True,
        ),
        openstack=Lands(
            MAGNUM, "labels.api_master_lb_allowed_cidrs", lambda o: list(o.value), contains=True
        ),
    ),
    # DeployAccess: how the deploy job reaches the API server.
    "clusters[].deployAccess.path": PerCloud(
        aws=(
            Choose(
                lambda o: {
                    "runner-in-network": Holds("an HTTPS rule per runner range", eks_runner_rules),
                    "restricted-public-endpoint": Lands(
                        EKS, "vpcConfig.endpointPublicAccess", lambda o: True
                    ),
                }[o.value],
                "the EKS endpoint",
            ),
            Refused("gke-dns-endpoint"),
        ),
        azure=(
            Lands(
                AKS,
                "apiServerAccessProfile.enablePrivateClusterPublicFQDN",
                lambda o: True if o.value == "runner-in-network" else ABSENT,
            ),
            Refused("gke-dns-endpoint"),
        ),
        gcp=Lands(
            GKE,
            "controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic",
            lambda o: o.value == "gke-dns-endpoint",
        ),
        openstack=(
            Lands(MAGNUM, "labels.api_master_lb_allowed_cidrs", runner_ranges, contains=True),
            Refused("gke-dns-endpoint"),
        ),
    ),
    "clusters[].deployAccess.runnerCidrs": PerCloud(
        aws=Choose(
            lambda o: (
                Holds("an HTTPS rule per runner range", eks_runner_rules)
                if deploy_path(o) == "runner-in-network"
                else Lands(
                    EKS, "vpcConfig.publicAccessCidrs", lambda o: list(o.value), contains=True
                )
            ),
            "the EKS endpoint",
        ),
        azure=Choose(
            lambda o: (
                Holds("AKS's pod and service ranges clear of them", aks_ranges_clear)
                if deploy_path(o) == "runner-in-network"
                else Lands(
                    AKS,
                    "apiServerAccessProfile.authorizedIPRanges",
                    lambda o: list(o.value),
                    contains=True,
                )
            ),
            "the AKS endpoint",
        ),
        gcp=Lands(
            GKE,
            "masterAuthorizedNetworksConfig.cidrBlocks",
            lambda o: [{"cidrBlock": cidr} for cidr in o.value],
            contains=True,
        ),
        openstack=Lands(
            MAGNUM, "labels.api_master_lb_allowed_cidrs", lambda o: list(o.value), contains=True
        ),
    ),
    "clusters[].project": PerCloud(
        aws=Refused("research"),
        azure=Refused("research"),
        gcp=Refused("research"),
        openstack=Lands(ProviderOf(MAGNUM), "tenantName", lambda o: f"{o.env.name}-{o.value}"),
    ),
    # NodePool
    "clusters[].nodePools[].name": PerCloud(
        aws=Lands(EKS_POOL, "nodeGroupName"),
        azure=Lands(AKS_POOL, "nodeLabels", lambda o: {"hybrid.ai/pool": o.value}, contains=True),
        gcp=Lands(GKE_POOL, "name"),
        openstack=kubelet_has("--node-labels", lambda o: [f"hybrid.ai/pool={o.value}"]),
    ),
    "clusters[].nodePools[].accelerator": PerCloud(
        aws=Lands(EKS_POOL, "instanceTypes", lambda o: [gpu_machine(o)]),
        azure=Lands(AKS_POOL, "vmSize", gpu_machine),
        gcp=Lands(
            GKE_POOL,
            "nodeConfig.guestAccelerators",
            lambda o: [{"type": gpu_offering(o).gcp_accelerator_type}],
            contains=True,
        ),
        openstack=MAGNUM_FLAVOR,
    ),
    "clusters[].nodePools[].machineType": PerCloud(
        aws=Lands(EKS_POOL, "instanceTypes", lambda o: [o.value]),
        azure=Lands(AKS_POOL, "vmSize"),
        gcp=Lands(GKE_POOL, "nodeConfig.machineType"),
        openstack=magnum_pool(
            default=Lands(MAGNUM, "flavor"), group=Lands(MAGNUM_GROUP, "flavorId")
        ),
    ),
    "clusters[].nodePools[].gpusPerNode": PerCloud(
        aws=Lands(EKS_POOL, "instanceTypes", lambda o: [gpu_machine(o)]),
        azure=Lands(AKS_POOL, "vmSize", gpu_machine),
        gcp=Lands(
            GKE_POOL, "nodeConfig.guestAccelerators", lambda o: [{"count": o.value}], contains=True
        ),
        openstack=MAGNUM_FLAVOR,
    ),
    "clusters[].nodePools[].min": PerCloud(
        aws=Lands(EKS_POOL, "scalingConfig.minSize"),
        azure=Lands(AKS_POOL, "minCount"),
        gcp=Lands(GKE_POOL, "autoscaling.totalMinNodeCount"),
        openstack=magnum_label("min_node_count"),
    ),
    "clusters[].nodePools[].max": PerCloud(
        aws=Lands(EKS_POOL, "scalingConfig.maxSize"),
        azure=Lands(AKS_POOL, "maxCount"),
        gcp=Lands(GKE_POOL, "autoscaling.totalMaxNodeCount"),
        openstack=magnum_label("max_node_count"),
    ),
    # Magnum has no Spot capacity: refused rather than built on demand.
    "clusters[].nodePools[].spot": PerCloud(
        aws=Lands(EKS_POOL, "capacityType", lambda o: if_set(o, "SPOT", "ON_DEMAND")),
        azure=Lands(AKS_POOL, "scaleSetPriority", lambda o: if_set(o, "Spot", ABSENT)),
        gcp=Lands(GKE_POOL, "nodeConfig.spot"),
        openstack=Refused(True, where=lambda pool: pool.accelerator is not None),
    ),
    "clusters[].nodePools[].diskSizeGb": PerCloud(
        aws=Lands(EKS_POOL, "diskSize"),
        azure=Lands(AKS_POOL, "osDiskSizeGB"),
        gcp=Lands(GKE_POOL, "nodeConfig.diskSizeGb"),
        openstack=magnum_pool(
            default=Lands(MAGNUM_TEMPLATE, "labels.boot_volume_size", text),
            group=Lands(MAGNUM_GROUP, "dockerVolumeSize"),
        ),
    ),
    # How the GPU operator's device plugin shares the pool's GPUs: its ConfigMap entry for
    # the pool (time-slicing, MPS), or MIG in the operator's values.
    "clusters[].nodePools[].sharing": Choose(
        lambda o: {
            "time-slicing": Lands(
                DEVICE_PLUGIN_CONFIG,
                f"data.{pool(o).name}",
                lambda o: "timeSlicing:",
                contains=True,
            ),
            "mps": Lands(
                DEVICE_PLUGIN_CONFIG, f"data.{pool(o).name}", lambda o: "mps:", contains=True
            ),
            "mig": Lands(GPU_OPERATOR, "values.mig.strategy", lambda o: "single"),
            "none": Lands(DEVICE_PLUGIN_CONFIG, f"data.{pool(o).name}", lambda o: ABSENT),
        }[o.value],
        "the GPU operator's sharing",
    ),
    "clusters[].nodePools[].sharingReplicas": Choose(
        lambda o: Lands(
            DEVICE_PLUGIN_CONFIG,
            f"data.{pool(o).name}",
            lambda o: f"replicas: {o.value}\n",
            contains=True,
        ),
        "the device plugin's config",
    ),
    "clusters[].nodePools[].migProfile": node_labels(
        lambda o: {MIG_CONFIG_LABEL: f"all-{o.value}"}
    ),
    "clusters[].nodePools[].labels": node_labels(lambda o: o.value),
    # Taint
    "clusters[].nodePools[].taints[].key": NODE_TAINT,
    "clusters[].nodePools[].taints[].value": NODE_TAINT,
    "clusters[].nodePools[].taints[].effect": NODE_TAINT,
    # Team: a namespace with a GPU quota on the cluster, whatever its cloud.
    "clusters[].teams[].name": Choose(
        lambda o: Lands(
            Named(
                "kubernetes:core/v1:Namespace", lambda _: f"{cluster(o).name}-gpu-team-{o.value}-ns"
            ),
            "metadata.name",
        ),
        "the team's namespace",
    ),
    "clusters[].teams[].gpuQuota": Choose(
        lambda o: Lands(
            Named(
                "kubernetes:core/v1:ResourceQuota",
                lambda _: f"{cluster(o).name}-gpu-team-{team(o).name}-gpu-quota",
            ),
            "spec.hard",
            lambda o: {"requests.nvidia.com/gpu": text(o)},
        ),
        "the team's quota",
    ),
    # PrivateCloud
    "privateCloud.region": Lands(Every("pulumi:providers:openstack"), "region"),
    "privateCloud.networkCidr": Lands(
        Named("openstack:networking/subnet:Subnet", lambda o: "private-cloud-network-subnet"),
        "cidr",
    ),
    "privateCloud.externalNetwork": Invoked("openstack:networking/getNetwork:getNetwork", "name"),
    "privateCloud.dnsNameservers": Lands(
        Every("openstack:networking/subnet:Subnet"), "dnsNameservers"
    ),
    "privateCloud.authorizedCidrs": Holds("port 6443 open to them", ingress(6443)),
    "privateCloud.encryptedVolumeType": Holds(
        "the bastion's and every Magnum node's boot volume of that type", boot_volume_types
    ),
    # GpuFlavor
    "privateCloud.gpuFlavors[].name": flavor_input("name"),
    "privateCloud.gpuFlavors[].accelerator": flavor_input("description", contains=True),
    "privateCloud.gpuFlavors[].gpus": flavor_input(
        "description", lambda o: f"{o.value} x ", contains=True
    ),
    "privateCloud.gpuFlavors[].vcpus": flavor_input("vcpus"),
    "privateCloud.gpuFlavors[].ramGb": flavor_input("ram", lambda o: o.value * 1024),
    "privateCloud.gpuFlavors[].diskGb": flavor_input("disk"),
    "privateCloud.gpuFlavors[].gpuMode": Choose(
        lambda o: Lands(
            _flavor(o),
            "extraSpecs",
            lambda o: (
                {"resources:VGPU": str(o.owner(spec.GpuFlavor).gpus)} if o.value == "vgpu" else {}
            ),
            contains=True,
        ),
        "the flavor",
    ),
    "privateCloud.gpuFlavors[].vgpuTrait": Choose(
        lambda o: Lands(
            _flavor(o), "extraSpecs", lambda o: {f"trait:{o.value}": "required"}, contains=True
        ),
        "the flavor",
    ),
    "privateCloud.gpuFlavors[].projects": Holds("flavor access for exactly them", flavor_access),
    # ProjectQuota
    "privateCloud.projects[].name": Choose(
        lambda o: Lands(
            Named(
                "openstack:identity/project:Project", lambda _: f"private-cloud-project-{o.value}"
            ),
            "name",
            lambda o: f"{o.env.name}-{o.value}",
        ),
        "the project",
    ),
    "privateCloud.projects[].instances": quota("compute", "instances"),
    "privateCloud.projects[].cores": quota("compute", "cores"),
    "privateCloud.projects[].ramGb": quota("compute", "ram", lambda o: o.value * 1024),
    "privateCloud.projects[].networks": quota("network", "network"),
    "privateCloud.projects[].ports": quota("network", "port"),
    "privateCloud.projects[].floatingIps": quota("network", "floatingip"),
    "privateCloud.projects[].securityGroups": quota("network", "securityGroup"),
    "privateCloud.projects[].volumes": quota("volume", "volumes"),
    "privateCloud.projects[].volumeGb": quota("volume", "gigabytes"),
    "privateCloud.projects[].group": Invoked("openstack:identity/getGroup:getGroup", "name"),
    # Bastion
    "privateCloud.bastion.image": Invoked("openstack:images/getImage:getImage", "name"),
    "privateCloud.bastion.flavor": Lands(BASTION, "flavorName"),
    "privateCloud.bastion.sshPublicKey": Lands(
        Every("openstack:compute/keypair:Keypair"), "publicKey"
    ),
    "privateCloud.bastion.allowedCidrs": Holds("port 22 open to them", ingress(22)),
    # Magnum
    "privateCloud.magnum.image": Lands(
        Every("openstack:containerinfra/clusterTemplate:ClusterTemplate"), "image"
    ),
    "privateCloud.magnum.masterFlavor": Lands(
        Every("openstack:containerinfra/clusterTemplate:ClusterTemplate"), "masterFlavor"
    ),
    # InternalRates: a private cloud has no list price; `hap cost` shows these.
    "privateCloud.internalRates.gpuHourUsd": internal_price("GPU-hour", lambda p: p.usd),
    "privateCloud.internalRates.vcpuHourUsd": internal_price("vCPU-hour", lambda p: p.usd),
    "privateCloud.internalRates.source": Holds(
        "every internal price citing it",
        lambda plan, o: (
            None
            if all(
                price.source.endswith(o.value)
                for line in estimate(plan).lines
                for price in line.prices
                if price.unit in ("GPU-hour", "vCPU-hour")
            )
            else "another source"
        ),
    ),
    "privateCloud.internalRates.asOf": internal_price(
        "GPU-hour", lambda p: datetime.date.fromisoformat(p.date)
    ),
    # Endpoint
    "endpoints[].name": PerCloud(
        aws=Lands(LAMBDA, "name", physical),
        azure=Lands(FUNCTION_APP, "name", lambda o: physical(o, "-fn")),
        gcp=Lands(CLOUD_FUNCTION, "name", physical),
    ),
    "endpoints[].cloud": PerCloud(
        aws=Lands(LAMBDA, "name", physical),
        azure=Lands(FUNCTION_APP, "name", lambda o: physical(o, "-fn")),
        gcp=Lands(CLOUD_FUNCTION, "name", physical),
    ),
    "endpoints[].region": PerCloud(
        aws=Lands(ProviderOf(LAMBDA), "region"),
        azure=Lands(FUNCTION_APP, "location"),
        gcp=Lands(CLOUD_FUNCTION, "location"),
    ),
    "endpoints[].workload": PerCloud(
        aws=Lands(LAMBDA, "environment.variables.HAP_WORKLOAD"),
        azure=Lands(FUNCTION_APP, APP_SETTING.format("HAP_WORKLOAD")),
        gcp=Lands(CLOUD_FUNCTION, "serviceConfig.environmentVariables.HAP_WORKLOAD"),
    ),
    "endpoints[].memoryMb": PerCloud(
        aws=Lands(LAMBDA, "memorySize"),
        azure=Lands(FUNCTION_APP, f"{SCALE}.instanceMemoryMB"),
        gcp=Lands(CLOUD_FUNCTION, "serviceConfig.availableMemory", lambda o: f"{o.value}Mi"),
    ),
    "endpoints[].timeoutSeconds": PerCloud(
        aws=Lands(LAMBDA, "timeout"),
        azure=Lands(
            FUNCTION_APP,
            APP_SETTING.format("AzureFunctionsJobHost__functionTimeout"),
            azure_function_timeout,
        ),
        gcp=Lands(CLOUD_FUNCTION, "serviceConfig.timeoutSeconds"),
    ),
    "endpoints[].minInstances": PerCloud(
        aws=Lands(
            Named(
                "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
                e_("-warm"),
            ),
            "provisionedConcurrentExecutions",
        ),
        azure=Lands(FUNCTION_APP, f"{SCALE}.alwaysReady[name=http].instanceCount"),
        gcp=Lands(CLOUD_FUNCTION, "serviceConfig.minInstanceCount"),
    ),
    "endpoints[].maxInstances": PerCloud(
        aws=Lands(LAMBDA, "reservedConcurrentExecutions"),
        azure=Lands(FUNCTION_APP, f"{SCALE}.maximumInstanceCount"),
        gcp=Lands(CLOUD_FUNCTION, "serviceConfig.maxInstanceCount"),
    ),
    "endpoints[].public": PerCloud(
        aws=Lands(
            Named("aws:lambda/functionUrl:FunctionUrl", e_("-url")),
            "authorizationType",
            lambda o: if_set(o, "NONE", "AWS_IAM"),
        ),
        azure=Lands(
            FUNCTION_APP,
            APP_SETTING.format("FRAUD_HTTP_AUTH_LEVEL"),
            lambda o: if_set(o, "anonymous", "function"),
        ),
        gcp=Lands(
            Named("gcp:cloudrunv2/serviceIamMember:ServiceIamMember", e_("-invoker")),
            "member",
            lambda o: if_set(o, "allUsers", "serviceAccount:"),
            contains=True,
        ),
    ),
    # Pipeline
    "pipelines[].name": PerCloud(
        aws=Lands(GLUE_JOB, "name", physical),
        azure=Lands(
            Named("azure-native:datafactory:Factory", pl_("-factory")),
            "factoryName",
            lambda o: physical(o, "-adf"),
        ),
    ),
    "pipelines[].cloud": PerCloud(
        aws=Lands(GLUE_JOB, "name", physical),
        azure=Lands(COPY_PIPELINE, "factoryName", lambda o: physical(o, "-adf")),
    ),
    "pipelines[].region": PerCloud(
        aws=Lands(ProviderOf(GLUE_JOB), "region"),
        azure=Lands(Named("azure-native:datafactory:Factory", pl_("-factory")), "location"),
    ),
    "pipelines[].workload": PerCloud(
        aws=Lands(
            GLUE_JOB, "command.scriptLocation", lambda o: f"/scripts/{o.value}/", contains=True
        ),
        azure=Lands(
            COPY_PIPELINE, "description", lambda o: f"curated {o.value} data", contains=True
        ),
    ),
    "pipelines[].schedule": PerCloud(
        aws=Lands(
            Named("aws:glue/trigger:Trigger", pl_("-schedule")),
            "schedule",
            lambda o: parse_cron(o.value).glue_expression(),
        ),
        azure=Lands(
            Named("azure-native:datafactory:Trigger", pl_("-schedule")),
            "properties.recurrence",
            lambda o: parse_cron(o.value).data_factory_recurrence(),
            contains=True,
        ),
    ),
    "pipelines[].workers": PerCloud(
        aws=Lands(GLUE_JOB, "numberOfWorkers"),
        azure=Lands(COPY_PIPELINE, f"{COPY}.dataIntegrationUnits"),
    ),
    "pipelines[].maxRuntimeMinutes": PerCloud(
        aws=Lands(GLUE_JOB, "timeout"),
        azure=Lands(COPY_PIPELINE, f"{COPY}.policy.timeout", lambda o: day_time(o.value)),
    ),
    "pipelines[].workerType": PerCloud(aws=Lands(GLUE_JOB, "workerType"), azure=Refused("G.1X")),
    "pipelines[].inputFormat": PerCloud(
        aws=Lands(GLUE_JOB, "defaultArguments.--input_format"), azure=Refused("csv")
    ),
    "pipelines[].copyFrom": PerCloud(
        aws=Refused("fraud-prep"),
        azure=Lands(
            Named("azure-native:datafactory:Dataset", pl_("-dataset-s3")),
            "properties.location.bucketName",
            lambda o: f"{o.env.name}-{o.value}-curated-",
            contains=True,
        ),
    ),
}
