"""Parts of the definition's shape whose components have not landed are refused by
validation (`components.validation.UNBUILT`) with the file, the line, the path and the
reason, together with every other problem, never silently ignored or half-built."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from components.definition import DOCUMENT_PATH, load_definition, load_stack_file
from components.problems import DefinitionError, format_path

SOURCE = "stacks/Pulumi.prod.yaml"
PROD_TEXT = (Path(__file__).parents[2] / SOURCE).read_text()


def _refusal(text: str) -> DefinitionError:
    raw = yaml.safe_load(text)[DOCUMENT_PATH[0]][DOCUMENT_PATH[1]]
    with pytest.raises(DefinitionError) as caught:
        load_definition(raw, SOURCE, text)
    return caught.value


def _line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def test_the_real_stacks_use_only_what_is_built() -> None:
    for stack in ("dev", "staging", "prod"):
        load_stack_file(Path(__file__).parents[2] / "stacks" / f"Pulumi.{stack}.yaml")


def test_a_magnum_cluster_is_refused_at_its_cloud_with_its_line() -> None:
    text = PROD_TEXT.replace("        cloud: aws", "        cloud: openstack", 1)
    error = _refusal(text)
    path = ("environment", "clusters", 0, "cloud")
    messages = {p.path: p.message for p in error.problems}
    assert (
        "a Magnum cluster (cloud: openstack) is part of the definition's shape but not "
        in (messages[path])
    )
    assert error.lines[path] == _line_of(text, "        cloud: openstack")
    assert f"environment.clusters[0].cloud ({SOURCE}:{error.lines[path]})" in str(error)


def test_private_cloud_flavors_and_projects_are_refused_beside_other_problems() -> None:
    anchor = "      dnsNameservers: [10.0.0.53, 10.0.1.53]\n"
    text = PROD_TEXT.replace(
        anchor,
        anchor
        + (
            "      gpuFlavors:\n"
            "        - {name: g1.a100.1, accelerator: nvidia-a100-80gb, gpus: 1, vcpus: 16,"
            " ramGb: 120, diskGb: 200}\n"
            "      projects:\n"
            "        - {name: fraud, instances: 40, cores: 640, ramGb: 4800}\n"
        ),
        1,
    )
    # A cross-field problem elsewhere is reported in the same run.
    text = text.replace("networkCidr: 10.39.0.0/16", "networkCidr: 10.30.0.0/16", 1)
    error = _refusal(text)
    refused = {format_path(p.path): p.message for p in error.problems}
    assert "privateCloud builds the network" in refused["environment.privateCloud.gpuFlavors"]
    assert "privateCloud builds the network" in refused["environment.privateCloud.projects"]
    assert "overlaps" in refused["environment.privateCloud.networkCidr"]
    assert error.lines[("environment", "privateCloud", "projects")] == _line_of(
        text, "      projects:"
    )
