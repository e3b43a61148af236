"""The README's tables, held to the plans of the stacks.

Every ✓ row of a comparison table names the tests that assert it (a test named there
must exist), the tier table is the settings table components read, and the claims no other
test covered are asserted here over the stacks' previews: one pool definition on three
clouds, catalog machine types, a Spot GPU pool per cloud with AKS's Spot taint reaching the
GPU Operator, sharing and MIG from one field, and GKE control-plane logs kept as long as
EKS's and AKS's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hap.plan import Plan, PlannedResource
from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.spec import Cluster, Environment, TierOverrides
from hybrid_ai_platform.tiers import TIER_SETTINGS
from hybrid_ai_shared.catalog import load_catalog

REPOSITORY = Path(__file__).parents[1]
README = REPOSITORY / "README.md"
OURS = "hybrid-ai-platform"

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
MANAGED_CLUSTER = "azure-native:containerservice:ManagedCluster"
AGENT_POOL = "azure-native:containerservice:AgentPool"
NODE_POOL = "gcp:container/nodePool:NodePool"
LOG_BUCKET = "gcp:logging/projectBucketConfig:ProjectBucketConfig"
LOG_SINK = "gcp:logging/projectSink:ProjectSink"
OPERATOR_CHART = "gpu-operator"
AKS_SPOT_TAINT_KEY = "kubernetes.azure.com/scalesetpriority"
# The clouds the GPU clusters table compares (Magnum clusters have their own section).
TABLE_CLOUDS = ("aws", "azure", "gcp")


# --- the tables themselves ------------------------------------------------------------------


def _tables(text: str) -> Iterator[list[list[str]]]:
    """Each Markdown table of `text` as rows of cells (header first, separator dropped)."""
    rows: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= set("-: ") for cell in cells):
                rows.append(cells)
        elif rows:
            yield rows
            rows = []


def _checked_rows() -> list[tuple[str, list[str]]]:
    """(feature, tests it names) for every row our column marks ✓, in every table."""
    found = []
    for header, *rows in _tables(README.read_text(encoding="utf-8")):
        if OURS not in header:
            continue
        ours = header.index(OURS)
        for row in rows:
            if row[ours].startswith("✓"):
                found.append((row[0], re.findall(r"`(test_\w+)`", row[0])))
    return found


def _defined_tests() -> set[str]:
    pattern = re.compile(r"^(?:async )?def (test_\w+)\(", re.MULTILINE)
    return {
        name
        for path in (REPOSITORY / "tests").rglob("test_*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }


def test_every_checked_claim_names_tests_that_exist() -> None:
    rows = _checked_rows()
    # The GPU clusters and serverless endpoints tables.
    assert len(rows) >= 25
    unnamed = [feature for feature, tests in rows if not tests]
    assert unnamed == []
    defined = _defined_tests()
    missing = sorted({test for _, tests in rows for test in tests} - defined)
    assert missing == []


def _tier_table() -> dict[str, list[str]]:
    for header, *rows in _tables(README.read_text(encoding="utf-8")):
        if header[:4] == ["Setting", "dev", "staging", "prod"]:
            return {row[0]: row[1:] for row in rows}
    raise AssertionError("README has no tier table")


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def test_the_tier_table_is_the_settings_table() -> None:
    """Each row's dev, staging and prod values are `TIER_SETTINGS`', every setting has a
    row, and the override keys are the ones `tierOverrides` accepts."""
    table = _tier_table()
    settings = {name.replace(" ", "_"): cells for name, cells in table.items()}
    assert set(settings) == set(TIER_SETTINGS["prod"].__dataclass_fields__)
    for field, cells in settings.items():
        values = [_cell(getattr(TIER_SETTINGS[tier], field)) for tier in ("dev", "staging", "prod")]
        assert cells[:3] == values, field
    override_keys = {cells[3].strip("`") for cells in table.values() if cells[3] != "—"}
    accepted = {field.alias for field in TierOverrides.model_fields.values()}
    assert override_keys == accepted


# --- claims asserted over the stacks' plans --------------------------------------------------


@pytest.fixture(scope="module")
def prod(plan_of: Callable[[str], Plan]) -> Plan:
    return plan_of("prod")


@pytest.fixture(scope="module")
def prod_definition() -> Environment:
    return load_stack_file(REPOSITORY / "stacks/Pulumi.prod.yaml")


def _cluster(env: Environment, cloud: str) -> Cluster:
    [cluster] = [c for c in env.clusters if c.cloud == cloud]
    return cluster


def _named(plan: Plan, type_: str, name: str) -> PlannedResource:
    [resource] = [r for r in plan.of_type(type_) if r.name == name]
    return resource


def _built_pools(plan: Plan, cluster: Cluster) -> dict[str, dict[str, Any]]:
    """The pools `cluster` got on its cloud, by pool name, with their inputs."""
    if cluster.cloud == "aws":
        groups = plan.of_type(NODE_GROUP)
        return {
            g.inputs["nodeGroupName"]: g.inputs
            for g in groups
            if g.name.startswith(f"{cluster.name}-")
        }
    if cluster.cloud == "azure":
        managed = _named(plan, MANAGED_CLUSTER, f"{cluster.name}-aks").inputs
        pools = {p["name"]: p for p in managed["agentPoolProfiles"]}
        for pool in plan.of_type(AGENT_POOL):
            if pool.name.startswith(f"{cluster.name}-"):
                pools[pool.inputs["agentPoolName"]] = pool.inputs
        return pools
    return {
        p.inputs["name"]: p.inputs
        for p in plan.of_type(NODE_POOL)
        if p.name.startswith(f"{cluster.name}-")
    }


def _machine_type(cloud: str, inputs: dict[str, Any]) -> str:
    if cloud == "aws":
        [instance_type] = inputs["instanceTypes"]
        return str(instance_type)
    if cloud == "azure":
        return str(inputs["vmSize"])
    return str(inputs["nodeConfig"]["machineType"])


def test_one_pool_definition_builds_the_same_pools_on_eks_aks_and_gke(
    prod: Plan, prod_definition: Environment
) -> None:
    """prod's three clusters are written the same way; each cloud gets exactly its pools."""
    clouds = {cluster.cloud for cluster in prod_definition.clusters}
    assert {"aws", "azure", "gcp"} <= clouds
    for cluster in (c for c in prod_definition.clusters if c.cloud in TABLE_CLOUDS):
        built = _built_pools(prod, cluster)
        assert set(built) == {pool.name for pool in cluster.node_pools}, cluster.name


def test_gpu_pools_take_their_machine_type_from_the_catalog_on_every_cloud(
    prod: Plan, prod_definition: Environment
) -> None:
    catalog = load_catalog()
    checked = set()
    for cluster in (c for c in prod_definition.clusters if c.cloud in TABLE_CLOUDS):
        built = _built_pools(prod, cluster)
        for pool in cluster.node_pools:
            if pool.accelerator is None:
                continue
            offer = catalog.offering(cluster.cloud, pool.accelerator, pool.gpus_per_node or 1)
            assert offer is not None
            assert _machine_type(cluster.cloud, built[pool.name]) == offer.machine_type
            checked.add(cluster.cloud)
    assert checked == {"aws", "azure", "gcp"}


def test_prod_has_a_spot_gpu_pool_on_every_public_cloud(
    prod: Plan, prod_definition: Environment
) -> None:
    """EKS capacity type SPOT, AKS Spot priority evicted by deletion at up to the on-demand
    price, GKE spot VMs: each from `spot: true` on a GPU pool of prod."""
    spot = {
        cluster.cloud: _built_pools(prod, cluster)[pool.name]
        for cluster in prod_definition.clusters
        if cluster.cloud in TABLE_CLOUDS
        for pool in cluster.node_pools
        if pool.spot and pool.accelerator
    }
    assert set(spot) == {"aws", "azure", "gcp"}
    assert spot["aws"]["capacityType"] == "SPOT"
    azure = spot["azure"]
    assert (azure["scaleSetPriority"], azure["scaleSetEvictionPolicy"]) == ("Spot", "Delete")
    assert azure["spotMaxPrice"] == -1
    assert spot["gcp"]["nodeConfig"]["spot"] is True


def _operator(plan: Plan, cluster: str) -> dict[str, Any]:
    [release] = [
        r
        for r in plan.of_type("kubernetes:helm.sh/v3:Release")
        if r.inputs.get("chart") == OPERATOR_CHART and r.name.startswith(f"{cluster}-")
    ]
    return dict(release.inputs["values"])


def test_prod_aks_spot_pool_taint_reaches_the_gpu_operator(
    prod: Plan, prod_definition: Environment
) -> None:
    """AKS taints its Spot nodes itself; prod's Spot T4 pool declares the taint and the
    operator's daemonsets tolerate it, so the GPUs are usable once a node arrives."""
    serve = _cluster(prod_definition, "azure")
    [spot] = [p for p in serve.node_pools if p.spot]
    pool = _built_pools(prod, serve)[spot.name]
    assert "kubernetes.azure.com/scalesetpriority=spot:NoSchedule" in pool["nodeTaints"]
    tolerations = _operator(prod, serve.name)["daemonsets"]["tolerations"]
    assert {
        "key": AKS_SPOT_TAINT_KEY,
        "operator": "Equal",
        "value": "spot",
        "effect": "NoSchedule",
    } in tolerations


def test_prod_shares_and_partitions_gpus_from_the_sharing_field(
    prod: Plan, prod_definition: Environment
) -> None:
    """`sharing: time-slicing` (T4) and `sharing: mig` (A100) on prod's AKS cluster reach
    the device plugin's config, the pools' labels, AKS's MIG profile and the operator."""
    serve = _cluster(prod_definition, "azure")
    built = _built_pools(prod, serve)
    by_sharing = {pool.sharing: pool for pool in serve.node_pools if pool.accelerator}
    sliced, mig = by_sharing["time-slicing"], by_sharing["mig"]
    config_name = built[sliced.name]["nodeLabels"]["nvidia.com/device-plugin.config"]
    config = _named(prod, "kubernetes:core/v1:ConfigMap", f"{serve.name}-gpu-device-plugin-config")
    assert f"replicas: {sliced.sharing_replicas}" in config.inputs["data"][config_name]
    assert built[mig.name]["gpuInstanceProfile"] == "MIG3g"
    assert built[mig.name]["nodeLabels"]["nvidia.com/mig.config"] == f"all-{mig.mig_profile}"
    values = _operator(prod, serve.name)
    assert values["migManager"]["enabled"] is True
    assert values["devicePlugin"]["config"]["name"] == "device-plugin-config"


def _retention(plan: Plan) -> set[int]:
    """What the stack's EKS log groups and AKS workspaces keep control-plane logs for."""
    eks = {
        int(r.inputs["retentionInDays"])
        for r in plan.of_type("aws:cloudwatch/logGroup:LogGroup")
        if r.name.endswith("-control-plane-logs")
    }
    aks = {
        int(r.inputs["retentionInDays"])
        for r in plan.of_type("azure-native:operationalinsights:Workspace")
    }
    return eks | aks


@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_gke_control_plane_logs_are_kept_as_long_as_on_eks_and_aks(
    plan_of: Callable[[str], Plan], stack: str
) -> None:
    """Cloud Logging's `_Default` bucket keeps 30 days; each GKE cluster's control-plane and
    audit logs are routed by a sink, created before the cluster, to a log bucket of its
    region kept as long as the other clouds' control-plane logs (a year in prod,
    protected there)."""
    plan = plan_of(stack)
    env = load_stack_file(REPOSITORY / f"stacks/Pulumi.{stack}.yaml")
    retention = TIER_SETTINGS[env.tier].log_retention_days
    assert _retention(plan) <= {retention}
    for cluster in (c for c in env.clusters if c.cloud == "gcp"):
        physical = f"{env.name}-{cluster.name}"
        bucket = _named(plan, LOG_BUCKET, f"{cluster.name}-control-plane-logs")
        sink = _named(plan, LOG_SINK, f"{cluster.name}-control-plane-logs-sink")
        gke = _named(plan, "gcp:container/cluster:Cluster", f"{cluster.name}-gke")
        assert bucket.inputs["retentionDays"] == retention
        assert bucket.inputs["location"] == cluster.region
        assert bucket.protect is (env.tier == "prod")
        project = bucket.inputs["project"]
        assert sink.inputs["destination"] == (
            f"logging.googleapis.com/projects/{project}/locations/{cluster.region}"
            f"/buckets/{bucket.inputs['bucketId']}"
        )
        log_filter = sink.inputs["filter"]
        assert f'resource.labels.cluster_name="{physical}"' in log_filter
        assert gke.inputs["name"] == physical
        assert "k8s_control_plane_component" in log_filter and "k8s_cluster" in log_filter
        assert sink.urn in gke.dependencies
