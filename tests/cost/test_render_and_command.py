"""What `hap cost` prints and writes, and the short section `hap preview` shows."""

from __future__ import annotations

import io
import json
import textwrap
from pathlib import Path

import pytest
from rich.console import Console

from hap.cli import main
from hap.cost import cost_markdown, render_cost_report, render_cost_section
from hybrid_ai_shared.catalog import load_catalog
from hybrid_ai_shared.cost import estimate
from tests.cost.plans import PlanBuilder

P4DE = load_catalog().machine("aws", "p4de.24xlarge")


def report_of_small_plan():
    plan = PlanBuilder(stack="demo")
    cluster = plan.component("hybrid:aws:EksGpuCluster", "train")
    plan.resource("aws:eks/cluster:Cluster", "eks", {}, parent=cluster)
    plan.resource(
        "aws:eks/nodeGroup:NodeGroup",
        "a100",
        {"instanceTypes": ["p4de.24xlarge"], "scalingConfig": {"minSize": 1, "maxSize": 4}},
        parent=cluster,
    )
    plan.resource("aws:rds/instance:Instance", "db", {})
    return estimate(plan.build())


def plain_output(render, report) -> str:
    buffer = io.StringIO()
    render(report, Console(file=buffer, force_terminal=False, no_color=True, width=10_000))
    return buffer.getvalue()


def test_plain_report_lists_components_total_sources_and_unpriced():
    assert P4DE is not None
    text = plain_output(render_cost_report, report_of_small_plan())
    assert "train" in text and "hybrid:aws:EksGpuCluster" in text
    assert f"{P4DE.price.usd:.5f}".rstrip("0") in text  # the catalog's rate, unrounded
    assert P4DE.price.source in text
    assert "db" in text and "not modelled" in text
    assert "Total: $" in text and "plus 1 unpriced" in text
    assert "730 hours" in text
    assert not set(text) & set("┃━│─┏┓")  # no box drawing when not a terminal


def test_terminal_report_is_a_rich_table():
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200)
    render_cost_report(report_of_small_plan(), console)
    assert set(buffer.getvalue()) & set("┃━│─┏┓")


def test_preview_section_is_short_and_points_to_hap_cost():
    report = report_of_small_plan()
    text = plain_output(render_cost_section, report)
    assert "train" in text and "Total: $" in text and "plus 1 unpriced" in text
    assert "hap cost demo" in text
    assert "Basis" not in text  # the per-resource detail stays in `hap cost`


def test_markdown_has_the_total_and_tables():
    markdown = cost_markdown(report_of_small_plan())
    assert markdown.startswith("## Monthly cost estimate: `demo`")
    assert "| Component | Type | Min / month | Max / month |" in markdown
    assert "| --- | --- | ---: | ---: | --- |" in markdown  # money right-aligned


PROGRAM = """\
import pulumi_aws as aws

aws.kms.Key("key", description="demo")
aws.eks.NodeGroup(
    "gpu",
    cluster_name="demo",
    node_role_arn="arn:aws:iam::123456789012:role/nodes",
    subnet_ids=["subnet-1"],
    instance_types=["p4de.24xlarge"],
    scaling_config=aws.eks.NodeGroupScalingConfigArgs(min_size=1, max_size=4, desired_size=1),
)
aws.rds.Instance("db", instance_class="db.r6g.large", engine="postgres", allocated_storage=20)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Pulumi.yaml").write_text("name: cost-demo\nruntime: python\n")
    (tmp_path / "Pulumi.demo.yaml").write_text("config:\n  aws:region: us-east-1\n")
    (tmp_path / "__main__.py").write_text(textwrap.dedent(PROGRAM))
    return tmp_path


def test_hap_cost_prints_and_writes_json_and_markdown(project: Path, capsys):
    assert P4DE is not None
    json_file, summary = project / "cost.json", project / "summary.md"
    summary.write_text("earlier step\n")
    code = main(["cost", "demo", "--project-dir", str(project), "--json", str(json_file),
                 "--markdown", str(summary)])
    assert code == 0
    out = capsys.readouterr().out
    assert "node group gpu (p4de.24xlarge)" in out
    document = json.loads(json_file.read_text())
    assert document["stack"] == "demo"
    assert document["monthlyMinUsd"] == pytest.approx(round(1 + P4DE.hourly_usd * 730, 2))
    assert document["monthlyMaxUsd"] == pytest.approx(round(1 + 4 * P4DE.hourly_usd * 730, 2))
    assert [entry["name"] for entry in document["unpriced"]] == ["db"]
    assert summary.read_text().startswith("earlier step\n## Monthly cost estimate")


def test_hap_cost_of_a_missing_stack_is_a_definition_error(project: Path, capsys):
    assert main(["cost", "nope", "--project-dir", str(project)]) == 2
    assert "Pulumi.nope.yaml" in capsys.readouterr().err
