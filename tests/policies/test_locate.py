"""Violations point at the stack-file line of the definition entry their resource came
from: the cluster, or the node pool / team inside it."""

from __future__ import annotations

from pathlib import Path

from hap.policy.harness import component, resource, stack
from hap.policy.locate import StackFileLocator

STACK_FILE = """\
config:
  hybrid-ai-platform:environment:
    name: dev
    clusters:
      - name: lab
        nodePools:
          - name: system
          - name: gpu
        teams:
          - name: research
      - name: lab-gcp
        nodePools:
          - name: l4
    privateCloud:
      gpuFlavors:
        - name: g1.a100.1
"""


def _line(*names: str) -> int:
    """The line of the last resource, nested under components named by the others."""
    parent = None
    made = []
    for name in names[:-1]:
        parent = component("my:index:Component", name, parent=parent)
        made.append(parent)
    leaf = resource("aws:s3/bucket:Bucket", name=names[-1], parent=parent)
    plan = stack([*made, leaf])
    return StackFileLocator(Path("Pulumi.dev.yaml"), STACK_FILE).line_of(leaf, plan)


def test_cluster_children_point_at_the_cluster() -> None:
    assert _line("lab-network", "lab-network-vpc") == 5


def test_the_longest_matching_name_wins() -> None:
    assert _line("lab-gcp-network") == 11
    assert _line("lab-gcp-l4") == 13


def test_node_pools_and_teams_inside_their_cluster() -> None:
    assert _line("lab", "lab-system") == 7
    # `gpu` is also a segment here, but the team comes last in the name.
    assert _line("lab-gpu", "lab-gpu-team-research-ns") == 10


def test_named_sections_and_unmatched_resources() -> None:
    assert _line("private-cloud-network", "private-cloud-network-router") == 14
    assert _line("somebody-else") == 1


def test_another_programs_config_key_is_searched_too() -> None:
    """The engine knows no project's config: any structured config value holds entries."""
    text = (
        "config:\n  other:region: us-east-1\n  other:settings:\n    services:\n      - name: api\n"
    )
    api = resource("aws:s3/bucket:Bucket", name="api-logs")
    assert StackFileLocator(Path("Pulumi.dev.yaml"), text).line_of(api, stack([api])) == 5
