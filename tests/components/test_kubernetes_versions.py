"""Kubernetes versions: refused once out of their cloud's standard support, warned about in
the 90 days before, and refused without pinned add-ons; the stacks run supported versions."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml

from hap.cli import main
from hybrid_ai_platform.definition import definition_warnings, load_definition, load_stack_file
from hybrid_ai_platform.kubernetes import autoscaler_plan
from hybrid_ai_platform.kubernetes import plan as gpu_plan
from hybrid_ai_platform.problems import DefinitionError, format_path
from hybrid_ai_platform.validation_versions import (
    addons_cover,
    cluster_version_problems,
    supported_minors,
)
from hybrid_ai_shared.catalog.kubernetes_versions import (
    addons_for,
    load_version_catalog,
    magnum_kube_tag,
)

REPOSITORY = Path(__file__).parents[2]
STACK = "stacks/Pulumi.prod.yaml"
TODAY = datetime.date(2026, 12, 1)


def _prod(versions: dict[int, str], magnum: bool = True) -> tuple[dict[str, object], str]:
    """The prod definition with cluster versions replaced; `magnum=False` drops the Magnum
    cluster, whose upstream calendar ends earlier than the public clouds'."""
    text = (REPOSITORY / STACK).read_text()
    raw = yaml.safe_load(text)["config"]["hybrid-ai-platform:environment"]
    for index, version in versions.items():
        raw["clusters"][index]["kubernetesVersion"] = version
    if not magnum:
        raw["clusters"] = [c for c in raw["clusters"] if c["cloud"] != "openstack"]
        raw["privateCloud"].pop("magnum")  # nothing would use it: refused
    return raw, text


def _problems(
    versions: dict[int, str], today: datetime.date = TODAY, magnum: bool = True
) -> dict[str, str]:
    raw, text = _prod(versions, magnum)
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, STACK, text, today=today)
    return {format_path(p.path): p.message for p in caught.value.problems}


def test_eks_1_31_is_refused_naming_its_end_of_support_and_the_version_to_move_to() -> None:
    message = _problems({0: "1.31"})["environment.clusters[0].kubernetesVersion"]
    assert "Kubernetes 1.31 left EKS standard support on 2025-11-26" in message
    assert "extended support, which this platform does not use, ended 2026-11-26" in message
    assert "move to 1.35 (supported until 2027-03-27" in message


def test_a_version_is_refused_from_the_first_day_out_of_support() -> None:
    # EKS 1.35 ends 2027-03-27 (the first day billed as extended support): supported the
    # day before, refused on the day; AKS and GKE 1.35 last longer.
    raw, text = _prod({}, magnum=False)
    load_definition(raw, STACK, text, today=datetime.date(2027, 3, 26))
    problems = _problems({}, today=datetime.date(2027, 3, 27), magnum=False)
    assert list(problems) == ["environment.clusters[0].kubernetesVersion"]
    assert (
        "left EKS standard support on 2027-03-27"
        in (problems["environment.clusters[0].kubernetesVersion"])
    )


def test_a_minor_older_than_the_cloud_lists_is_out_of_support() -> None:
    message = _problems({2: "1.31"})["environment.clusters[2].kubernetesVersion"]
    assert message.startswith("Kubernetes 1.31 is out of GKE support")
    assert "move to 1.35 (supported until 2027-04-11" in message


def test_a_supported_minor_without_pinned_add_ons_is_refused() -> None:
    """The catalog without its 1.36 row: AKS offers 1.36, nothing is pinned for it."""
    catalog = load_version_catalog()
    without = catalog.model_copy(
        update={"addons": {m: a for m, a in catalog.addons.items() if m != "1.36"}}
    )
    env = load_stack_file(REPOSITORY / "stacks" / "Pulumi.prod.yaml")
    aks = next(c for c in env.clusters if c.cloud == "azure")
    moved = aks.model_copy(update={"kubernetes_version": "1.36"})
    (problem,) = cluster_version_problems(1, moved, TODAY, without)
    assert "no GPU Operator release is pinned for Kubernetes 1.36 on AKS" in str(problem)
    assert "pinned: 1.33, 1.34, 1.35" in str(problem)
    assert list(cluster_version_problems(1, moved, TODAY, catalog)) == []


def test_within_90_days_of_the_end_a_warning_names_the_date_and_the_next_version() -> None:
    raw, text = _prod({0: "1.34"}, magnum=False)
    env = load_definition(raw, STACK, text, today=TODAY)
    (warning,) = definition_warnings(env, STACK, text, today=TODAY)
    assert warning.startswith(f"{STACK}:36: environment.clusters[0].kubernetesVersion")
    assert "leaves EKS standard support on 2026-12-02 (in 1 day)" in warning
    assert "move to 1.35" in warning
    # 91 days before the end: no warning yet.
    earlier = datetime.date(2026, 9, 2)
    assert definition_warnings(env, STACK, text, today=earlier) == []


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_every_stack_runs_supported_versions_without_warnings(stack: str) -> None:
    path = REPOSITORY / "stacks" / f"Pulumi.{stack}.yaml"
    env = load_stack_file(path)
    assert definition_warnings(env, str(path), path.read_text(), today=TODAY) == []
    catalog = load_version_catalog()
    for cluster in env.clusters:
        calendar = catalog.calendar(cluster.cloud)
        assert calendar is not None
        assert cluster.kubernetes_version in supported_minors(
            cluster.cloud, calendar, TODAY, catalog
        )


def test_magnum_may_run_a_minor_whose_autoscaler_is_not_pinned_and_eks_may_not() -> None:
    """Only EKS installs the cluster-autoscaler chart: 1.36 has a GPU Operator pin and no
    autoscaler pin, so Magnum, AKS and GKE clusters take it and EKS clusters would not (the
    EKS calendar is given 1.36 here, as it will list it)."""
    catalog = load_version_catalog()
    assert addons_cover(catalog, "1.36", "openstack")
    assert addons_cover(catalog, "1.36", "azure")
    assert not addons_cover(catalog, "1.36", "aws")
    eks = catalog.clouds["aws"]
    aks_136 = catalog.clouds["azure"].versions["1.36"]
    with_136 = catalog.model_copy(update={"clouds": {
        **catalog.clouds,
        "aws": eks.model_copy(update={"versions": {**eks.versions, "1.36": aks_136}}),
    }})
    env = load_stack_file(REPOSITORY / "stacks" / "Pulumi.prod.yaml")
    train = next(c for c in env.clusters if c.cloud == "aws")
    moved = train.model_copy(update={"kubernetes_version": "1.36"})
    (problem,) = cluster_version_problems(0, moved, TODAY, with_136)
    message = str(problem)
    assert "no GPU Operator and cluster-autoscaler releases are pinned for Kubernetes 1.36" in (
        message
    )
    assert "pinned: 1.33, 1.34, 1.35)" in message


def test_add_ons_come_from_the_table_keyed_by_minor() -> None:
    assert gpu_plan.operator_chart_version("1.35") == "v26.7.0"
    assert autoscaler_plan.chart_for("1.35") == autoscaler_plan.ChartPin("9.59.0", "1.35.0")
    with pytest.raises(ValueError, match=r"no add-ons are pinned for Kubernetes 1\.39"):
        addons_for("1.39")


def test_every_calendar_is_sourced_and_ordered() -> None:
    catalog = load_version_catalog()
    assert set(catalog.clouds) == {"aws", "azure", "gcp"}
    assert catalog.calendar("openstack") is catalog.magnum
    for calendar in (*catalog.clouds.values(), catalog.magnum):
        assert calendar.source.startswith("https://")
        ends = [calendar.versions[m].standard_end for m in calendar.minors()]
        assert ends == sorted(ends)


def test_a_magnum_template_pins_the_release_of_its_minor() -> None:
    assert magnum_kube_tag("1.35") == "v1.35.7"
    with pytest.raises(ValueError, match=r"Magnum lists no Kubernetes 1\.33"):
        magnum_kube_tag("1.33")


def test_a_magnum_cluster_on_a_minor_magnum_does_not_list_is_refused() -> None:
    index = 3
    raw, _ = _prod({})
    assert raw["clusters"][index]["cloud"] == "openstack"  # type: ignore[index]
    message = _problems({index: "1.34"})[f"environment.clusters[{index}].kubernetesVersion"]
    assert message.startswith("Kubernetes 1.34 is out of Magnum support")
    assert "2027-02-28" in message


def test_hap_preview_of_a_stack_on_1_31_exits_2_naming_the_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(REPOSITORY / name, tmp_path / name)
    (tmp_path / "stacks").mkdir()
    dev = (REPOSITORY / "stacks" / "Pulumi.dev.yaml").read_text()
    (tmp_path / "stacks" / "Pulumi.old.yaml").write_text(
        dev.replace('kubernetesVersion: "1.35"', 'kubernetesVersion: "1.31"')
    )
    assert main(["preview", "old", "--project-dir", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert "Kubernetes 1.31 left EKS standard support on 2025-11-26" in error
    assert "Traceback" not in error
