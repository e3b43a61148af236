"""What `hap preview` prints and what `hap graph` draws."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from rich.console import Console

from hap.mermaid import component_graph
from hap.plan import ROOT_STACK_TYPE, UNKNOWN, Plan, PlannedResource, Secret, engine_urn
from hap.render import format_value, render_plan


def _rendered(plan: Plan) -> list[str]:
    buffer = io.StringIO()
    render_plan(plan, Console(file=buffer, no_color=True, width=10_000, soft_wrap=True))
    return buffer.getvalue().splitlines()


def test_tree_groups_resources_under_their_components(minimal_plan: Plan) -> None:
    lines = _rendered(minimal_plan)
    assert lines[0] == "Preview of hap-minimal (stack test)"
    assert lines[1] == "pulumi:pulumi:Stack hap-minimal-test"
    storage = lines.index("└── minimal:index:Storage logs")
    assert (
        "    ├── aws:s3/bucketV2:BucketV2 logs-bucket  bucketPrefix=minimal-logs  [protected]"
        in lines
    )
    guardrails = lines.index("    └── minimal:index:Guardrails logs-guardrails")
    nested = next(i for i, line in enumerate(lines) if "logs-guardrails-public-access" in line)
    assert storage < guardrails < nested
    assert lines[nested].startswith(
        "        └── aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock "
    )
    assert "├── aws:ec2/vpc:Vpc shared-vpc  [read]" in lines


def test_providers_are_listed_once_outside_the_tree(minimal_plan: Plan) -> None:
    lines = _rendered(minimal_plan)
    provider_lines = [line for line in lines if "pulumi:providers:aws" in line]
    assert provider_lines == ["  pulumi:providers:aws logs-aws  region=eu-west-1"]
    assert lines.index("Providers") < lines.index(provider_lines[0]) < lines.index("Outputs")


def test_outputs_mask_secrets_and_summary_counts(minimal_plan: Plan) -> None:
    lines = _rendered(minimal_plan)
    outputs = lines[lines.index("Outputs") + 1 : -1]
    assert "  apiToken: [secret]" in outputs
    assert "  tokenVersion: [unknown]" in outputs
    assert "  retentionDays: 30" in outputs
    assert not any("hap-placeholder-secret" in line for line in lines)
    assert lines[-1] == "8 resources: 2 components, 5 custom, 1 provider"


def test_values_render_compactly() -> None:
    assert format_value({"minSize": 1, "maxSize": 3}) == "{maxSize=3, minSize=1}"
    assert format_value(["g5.xlarge", Secret("x"), UNKNOWN]) == "[g5.xlarge, [secret], [unknown]]"
    assert format_value("x" * 100, 10) == "x" * 9 + "…"


def _resource(urn: str, parent: str | None, custom: bool, **extra: Any) -> PlannedResource:
    type_, name = urn.split("::")[2].split("$")[-1], urn.split("::")[3]
    fields: dict[str, Any] = {
        "urn": urn,
        "type": type_,
        "name": name,
        "custom": custom,
        "parent": parent,
        "dependencies": (),
        "property_dependencies": {},
        "provider": None,
        "protect": False,
        "retain_on_delete": False,
        "aliases": (),
        "inputs": {},
        "outputs": {},
    }
    fields.update(extra)
    return PlannedResource(**fields)


def test_graph_lifts_dependencies_to_components() -> None:
    stack = engine_urn("dev", "p", None, ROOT_STACK_TYPE, "p-dev")
    network = engine_urn("dev", "p", stack, "x:net:Network", "net")
    cluster = engine_urn("dev", "p", stack, "x:k8s:Cluster", "gpu")
    pools = engine_urn("dev", "p", cluster, "x:k8s:Pools", "gpu-pools")
    subnet = engine_urn("dev", "p", network, "aws:ec2/subnet:Subnet", "a")
    node_group = engine_urn("dev", "p", pools, "aws:eks/nodeGroup:NodeGroup", "ng")
    control_plane = engine_urn("dev", "p", cluster, "aws:eks/cluster:Cluster", "cp")
    apps = engine_urn("dev", "p", stack, "x:apps:Apps", "apps")
    kubernetes = engine_urn("dev", "p", stack, "pulumi:providers:kubernetes", "k8s")
    namespace = engine_urn("dev", "p", apps, "kubernetes:core/v1:Namespace", "ns")
    resources = [
        _resource(stack, None, False),
        _resource(network, stack, False),
        _resource(cluster, stack, False),
        _resource(pools, cluster, False),
        _resource(subnet, network, True),
        # Depends on a subnet of another component and on its own ancestor's resource.
        _resource(
            node_group,
            pools,
            True,
            dependencies=(control_plane,),
            property_dependencies={"subnetIds": (subnet,)},
        ),
        _resource(control_plane, cluster, True, dependencies=(subnet,)),
        # A top-level provider built from the cluster ties the apps to the cluster.
        _resource(apps, stack, False),
        _resource(kubernetes, stack, True, property_dependencies={"kubeconfig": (control_plane,)}),
        _resource(namespace, apps, True, provider=kubernetes),
    ]
    plan = Plan(
        project="p",
        stack="dev",
        resources=tuple(sorted(resources, key=lambda r: r.urn)),
        outputs={},
        config={},
    )
    graph = component_graph(plan).splitlines()
    assert graph[0] == "flowchart TD"
    nodes = dict(
        (match.group(2), match.group(1))
        for match in (re.fullmatch(r'\s+(\w+)\["(.+)"\]', line) for line in graph)
        if match
    )
    assert set(nodes) == {
        "x:k8s:Cluster<br/>gpu",
        "x:k8s:Pools<br/>gpu-pools",
        "x:net:Network<br/>net",
        "x:apps:Apps<br/>apps",
    }
    cluster_id = nodes["x:k8s:Cluster<br/>gpu"]
    pools_id = nodes["x:k8s:Pools<br/>gpu-pools"]
    network_id = nodes["x:net:Network<br/>net"]
    apps_id = nodes["x:apps:Apps<br/>apps"]
    edges = [line.strip() for line in graph if "->" in line]
    assert sorted(edges) == sorted(
        [
            f"{cluster_id} --> {pools_id}",
            f"{pools_id} -.-> {network_id}",
            f"{cluster_id} -.-> {network_id}",
            f"{apps_id} -.-> {cluster_id}",
        ]
    )


def test_graph_of_the_fixture_shows_nested_components(minimal_plan: Plan) -> None:
    graph = component_graph(minimal_plan)
    assert graph.startswith("flowchart TD\n")
    assert '    c1["minimal:index:Storage<br/>logs"]' in graph
    assert '    c0["minimal:index:Guardrails<br/>logs-guardrails"]' in graph
    assert "    c1 --> c0" in graph


def _reference_tree(plan: Plan, console: Console) -> None:
    """The tree as `rich.tree.Tree` prints it (hap printed one until the tree got too big
    for it): the render must stay the same text."""
    from rich.tree import Tree

    from hap.render import _label, _stack_or_placeholder

    def add(tree: Tree, urn: str) -> None:
        children = [child for child in plan.children(urn) if not child.is_provider]
        children.sort(key=lambda child: (not child.custom, child.type, child.name))
        for child in children:
            branch = tree.add(_label(child))
            if not child.custom:
                add(branch, child.urn)

    root = Tree(_label(_stack_or_placeholder(plan)))
    add(root, plan.stack_urn)
    console.print(root)


@pytest.mark.parametrize(
    "console_options",
    [
        {"no_color": True, "width": 10_000},  # what a script or CI log reads
        {"force_terminal": True, "color_system": "truecolor", "width": 90},  # long lines crop
    ],
)
@pytest.mark.parametrize("stack", ["dev", "prod"])
def test_the_tree_is_the_text_rich_trees_print(
    stack: str, console_options: dict[str, Any], plan_of: Callable[[str], Plan]
) -> None:
    plan = plan_of(stack)
    printed, reference = io.StringIO(), io.StringIO()
    render_plan(plan, Console(file=printed, highlight=False, soft_wrap=True, **console_options))
    _reference_tree(
        plan, Console(file=reference, highlight=False, soft_wrap=True, **console_options)
    )
    tree = reference.getvalue().splitlines()
    assert printed.getvalue().splitlines()[1 : 1 + len(tree)] == tree


def test_a_console_without_unicode_gets_rich_trees_ascii_guides(minimal_plan: Plan) -> None:
    def ascii_console() -> tuple[Console, io.BytesIO]:
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding="ascii", errors="replace", write_through=True)
        return Console(file=text, no_color=True, width=10_000, soft_wrap=True), raw

    printed, printed_bytes = ascii_console()
    reference, reference_bytes = ascii_console()
    render_plan(minimal_plan, printed)
    _reference_tree(minimal_plan, reference)
    tree = reference_bytes.getvalue().splitlines()
    assert "`-- " in reference_bytes.getvalue().decode()
    assert printed_bytes.getvalue().splitlines()[1 : 1 + len(tree)] == tree
