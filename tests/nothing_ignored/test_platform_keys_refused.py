"""A pool's labels and taints the platform (or the cloud) sets itself win over the
definition's. A definition that reuses one of their keys would be accepted and then have
its value replaced, so validation refuses it, with the path and line of the entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from hybrid_ai_platform.definition import DOCUMENT_PATH, load_stack_file
from hybrid_ai_platform.problems import DefinitionError, format_path
from hybrid_ai_shared import strict_yaml
from tests.conftest import PROJECT_DIR

AWS_GPU = "k8s.amazonaws.com/accelerator"
GKE_PLUGIN = "gke-no-default-nvidia-gpu-device-plugin"
STAGING = PROJECT_DIR / "stacks" / "Pulumi.staging.yaml"
# staging's clusters: 0 train (aws), 1 serve (azure), 2 batch (gcp), 3 onprem (openstack);
# pool 1 of each is its GPU pool.
CASES = [
    ("aws", 0, "labels", {"hybrid.ai/pool": "other"}, "labels.hybrid.ai/pool"),
    ("aws", 0, "labels", {AWS_GPU: "x"}, f"labels.{AWS_GPU}"),
    ("gcp", 2, "labels", {GKE_PLUGIN: "false"}, f"labels.{GKE_PLUGIN}"),
    ("openstack", 3, "labels", {"hybrid.ai/accelerator": "t4"}, "labels.hybrid.ai/accelerator"),
    ("azure", 1, "taints", [{"key": "nvidia.com/gpu", "value": "true"}], "taints[0]"),
    ("openstack", 3, "taints", [{"key": "nvidia.com/gpu", "value": "yes"}], "taints[0]"),
]


def _refused(
    tmp_path: Path, cluster: int, key: str, value: Any, spot: bool = False
) -> DefinitionError:
    document = strict_yaml.load(STAGING.read_text())
    pool = document["config"][DOCUMENT_PATH[1]]["clusters"][cluster]["nodePools"][1]
    pool[key] = value
    if spot:
        pool["spot"] = True
    stack_file = tmp_path / "Pulumi.refused.yaml"
    stack_file.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(stack_file)
    return caught.value


@pytest.mark.parametrize(("cloud", "cluster", "key", "value", "where"), CASES)
def test_a_platform_label_or_taint_in_the_definition_is_refused(
    tmp_path: Path, cloud: str, cluster: int, key: str, value: Any, where: str
) -> None:
    error = _refused(tmp_path, cluster, key, value)
    path = f"environment.clusters[{cluster}].nodePools[1].{where}"
    (problem,) = [p for p in error.problems if format_path(p.path) == path]
    assert "the platform" in problem.message, cloud
    assert error.lines.get(problem.path), f"{path}: no line"


def test_the_label_aks_puts_on_spot_nodes_is_refused_on_an_azure_spot_pool(tmp_path: Path) -> None:
    label = {"kubernetes.azure.com/scalesetpriority": "regular"}
    error = _refused(tmp_path, 1, "labels", label, spot=True)
    paths = [format_path(p.path) for p in error.problems]
    assert paths == [
        "environment.clusters[1].nodePools[1].labels.kubernetes.azure.com/scalesetpriority"
    ]


def test_a_definition_taint_on_another_key_or_effect_is_accepted(tmp_path: Path) -> None:
    document = strict_yaml.load(STAGING.read_text())
    pool = document["config"][DOCUMENT_PATH[1]]["clusters"][0]["nodePools"][1]
    pool["taints"] = [{"key": "nvidia.com/gpu", "value": "x", "effect": "NoExecute"}]
    pool["labels"] = {"team": "research"}
    stack_file = tmp_path / "Pulumi.accepted.yaml"
    stack_file.write_text(yaml.safe_dump(document, sort_keys=False))
    assert load_stack_file(stack_file).clusters[0].node_pools[1].labels == {"team": "research"}
