"""Bad endpoint definitions: every mistake at once, each with file, line, path and what is
allowed; `hap` exits 2 with no traceback and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from hap.cli import main

FIXTURE = Path(__file__).parents[1] / "fixtures" / "endpoints"

EXPECTED = {
    "environment.endpoints[0].minInstances (Pulumi.bad.yaml:21)": (
        "found 5; must be at most maxInstances (2)"
    ),
    "environment.endpoints[1].memoryMb (Pulumi.bad.yaml:27)": (
        "found 1024; Azure Functions Flex Consumption instances have 512, 2048, 4096 MB"
    ),
    "environment.endpoints[1].timeoutSeconds (Pulumi.bad.yaml:28)": (
        "found 300; at most 230 on azure"
    ),
    "environment.endpoints[2].region (Pulumi.bad.yaml:31)": (
        "found 'uscentral'; must be a GCP region such as us-central1"
    ),
    "environment.accounts.gcp (Pulumi.bad.yaml:10)": (
        "required: environment.endpoints[2] deploys to gcp"
    ),
}


def test_every_endpoint_mistake_is_reported_at_once_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.json"
    code = main(["preview", "bad", "--project-dir", str(FIXTURE), "--json", str(plan_file)])
    err = capsys.readouterr().err
    assert code == 2
    assert "Pulumi.bad.yaml: 5 problems in the environment definition" in err
    lines = {line.strip() for line in err.splitlines()}
    for location, message in EXPECTED.items():
        assert any(line.startswith(f"- {location}: {message}") for line in lines), (location, err)
    assert "Traceback" not in err
    assert not plan_file.exists()
