"""The cluster autoscaler's chart and values, pure."""

from __future__ import annotations

import pytest

from hybrid_ai_platform.clusters.autoscaling import discovery_tags
from hybrid_ai_platform.kubernetes import autoscaler_plan as plan
from hybrid_ai_platform.validation_versions import addons_cover
from hybrid_ai_shared.catalog.kubernetes_versions import load_version_catalog

# The minors whose row pins an autoscaler (the ones an EKS cluster may run).
KUBERNETES_MINORS = [
    minor for minor in load_version_catalog().pinned_minors()
    if addons_cover(load_version_catalog(), minor, "aws")
]


@pytest.mark.parametrize("minor", KUBERNETES_MINORS)
def test_each_kubernetes_minor_gets_the_autoscaler_of_the_same_minor(minor: str) -> None:
    chart = plan.chart_for(minor)
    # The autoscaler supports only the Kubernetes minor of its own minor version.
    assert chart.app_version.rsplit(".", 1)[0] == minor
    major, chart_minor, patch = (int(part) for part in chart.version.split("."))
    assert major == 9 and chart_minor >= 34 and patch >= 0


def test_a_minor_without_an_autoscaler_pin_has_no_chart() -> None:
    with pytest.raises(ValueError, match=r"no cluster-autoscaler is pinned for Kubernetes 1\.36"):
        plan.chart_for("1.36")


def test_charts_grow_with_the_kubernetes_version() -> None:
    versions = [
        tuple(int(p) for p in plan.chart_for(m).version.split(".")) for m in KUBERNETES_MINORS
    ]
    assert versions == sorted(versions) and len(set(versions)) == len(versions)


def test_the_stacks_version_installs_chart_9_59_0() -> None:
    assert plan.chart_for("1.35") == plan.ChartPin(version="9.59.0", app_version="1.35.0")


def test_an_unpinned_kubernetes_version_is_refused_with_the_fix() -> None:
    with pytest.raises(ValueError, match=r"pinned for Kubernetes 1\.39 .*add a row"):
        plan.chart_for("1.39")


def test_values_discover_this_clusters_groups_through_the_irsa_role() -> None:
    values = plan.autoscaler_values("prod-train", "us-east-1", "arn:aws:iam::1:role/r")
    assert values["cloudProvider"] == "aws"
    assert values["awsRegion"] == "us-east-1"
    assert values["autoDiscovery"] == {
        "clusterName": "prod-train",
        "tags": ["k8s.io/cluster-autoscaler/enabled", "k8s.io/cluster-autoscaler/prod-train"],
    }
    # The node groups are tagged with exactly the keys auto-discovery asks for.
    assert values["autoDiscovery"]["tags"] == list(discovery_tags("prod-train"))
    assert values["rbac"]["serviceAccount"] == {
        "create": True,
        "name": "cluster-autoscaler",
        "annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/r"},
    }
    assert values["extraArgs"] == {"balance-similar-node-groups": True, "expander": "least-waste"}
