"""The deployable archives: complete, reproducible, and free of third-party imports."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from workloads.fraud_detection import bundle
from workloads.fraud_detection.bundle import TARGETS, build_zip, function_bundle, glue_job_files

ENTRY_FILES = {
    "aws-lambda": "workloads/fraud_detection/handlers/aws_lambda.py",
    "azure-functions": "function_app.py",
    "gcp-cloud-functions": "main.py",
}


@pytest.mark.parametrize("target", TARGETS)
def test_each_archive_holds_its_entry_the_model_and_the_core(target: bundle.Target) -> None:
    files = function_bundle(target)
    assert list(files) == sorted(files)
    assert all(path.is_file() for path in files.values())
    assert ENTRY_FILES[target] in files
    assert "workloads/fraud_detection/model/fraud_model.json" in files
    assert "workloads/fraud_detection/model/fraud_model.json.sha256" in files
    # Serving code only: no training, pandas, Spark or generator modules travel.
    assert not {"train.py", "data.py", "glue_job.py", "serve.py"} & {Path(k).name for k in files}


@pytest.mark.parametrize("target", ["azure-functions", "gcp-cloud-functions"])
def test_remote_builds_install_the_same_pin_as_the_fraud_extra(target: bundle.Target) -> None:
    pyproject = tomllib.loads((bundle.REPO_DIR / "pyproject.toml").read_text())
    extra = set(pyproject["project"]["optional-dependencies"]["fraud"])
    lines = function_bundle(target)["requirements.txt"].read_text().splitlines()
    pins = [line for line in lines if line and not line.startswith("#")]
    assert len(pins) == 1 and pins[0] in extra


def test_unknown_target_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown target 'aws-ecs'"):
        function_bundle("aws-ecs")  # type: ignore[arg-type]


@pytest.mark.parametrize("target", TARGETS)
def test_archives_are_byte_for_byte_reproducible(target: bundle.Target, tmp_path: Path) -> None:
    first = build_zip(target, tmp_path / "a.zip")
    second = build_zip(target, tmp_path / "b.zip")
    assert first == second
    # Small enough that size is never the cold-start problem (Lambda allows 50 MB zipped).
    assert (tmp_path / "a.zip").stat().st_size < 100_000


def test_lambda_zip_answers_on_a_bare_interpreter(tmp_path: Path) -> None:
    """Unzipped alone, isolated from this repo and its venv (-I -S), the handler scores."""
    build_zip("aws-lambda", tmp_path / "fn.zip")
    root = tmp_path / "task"
    zipfile.ZipFile(tmp_path / "fn.zip").extractall(root)
    module, function = bundle.LAMBDA_HANDLER.rsplit(".", 1)
    event = {
        "requestContext": {"http": {"method": "POST"}},
        "isBase64Encoded": False,
        "body": json.dumps({
            "transaction_id": "t", "transaction_date": "2026-11-30T21:15:00Z", "amount": 10,
            "merchant_category": "fuel", "channel": "in_store", "customer_tenure_days": 400,
            "customer_txn_count_30d": 20, "customer_avg_amount_30d": 12.5,
        }),
    }
    script = (
        "import importlib, json, sys; sys.path.insert(0, '.'); "
        f"h = getattr(importlib.import_module('{module}'), '{function}'); "
        f"r = h(json.loads(sys.argv[1]), None); "
        "assert not [m for m in sys.modules if m.split('.')[0] in "
        "('numpy', 'pandas', 'sklearn', 'pyspark')], 'third-party import'; "
        "print(json.dumps(r))"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, json.dumps(event)],
        cwd=root, capture_output=True, text=True, check=True,
    )
    reply = json.loads(out.stdout)
    assert reply["statusCode"] == 200
    assert json.loads(reply["body"])["predictions"][0]["transaction_id"] == "t"


def test_glue_job_files_are_the_script_and_the_features_module() -> None:
    files = glue_job_files()
    assert files.script.name == "glue_job.py" and files.script.is_file()
    assert [p.name for p in files.extra_py_files] == ["features.py"]
    # The Glue script imports `features` top-level: that module must need no package.
    text = files.extra_py_files[0].read_text()
    assert "from ." not in text and "import workloads" not in text
