"""What each platform deploys: archive path -> source file, and the Glue job's files.

Components wrap `function_bundle(target)` as
`pulumi.AssetArchive({k: pulumi.FileAsset(v) for k, v in function_bundle(target).items()})`.
Every archive holds the serving code only (features' row path, the JSON model with its
sha256, the handler core) and no third-party wheel: the Lambda zip runs on the bare
runtime on x86_64 or arm64 alike; Azure Functions and Cloud Functions build remotely and
install the one pinned package of their `requirements.txt` (the platform's own HTTP glue).
Nothing is compiled and nothing is fetched, so the archive is the same on every machine;
`build_zip` writes it byte for byte reproducibly (fixed dates, modes and order).
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

Target = Literal["aws-lambda", "azure-functions", "gcp-cloud-functions"]
TARGETS: tuple[Target, ...] = get_args(Target)

PACKAGE_DIR = Path(__file__).parent
REPO_DIR = PACKAGE_DIR.parents[1]

# Lambda's handler setting and the other platforms' entry points, for the components.
LAMBDA_HANDLER = "workloads.fraud_detection.handlers.aws_lambda.handler"
AZURE_FUNCTION_NAME = "predict"  # served at /api/predict
GCP_ENTRY_POINT = "predict"
# App settings / environment variables the handlers read (all optional).
HANDLER_SETTINGS = (
    "FRAUD_THRESHOLD",  # decision threshold in [0, 1]; default: the model's own
    "FRAUD_MAX_BATCH",  # transactions per request; default 1000
    "FRAUD_MAX_BODY_BYTES",  # default 1 MiB
    "FRAUD_MODEL_SHA256",  # refuse to start unless the model file has this sha256
    "FRAUD_HTTP_AUTH_LEVEL",  # Azure only: function (default) | anonymous
)

_SERVING = (
    "workloads/__init__.py",
    "workloads/fraud_detection/__init__.py",
    "workloads/fraud_detection/features.py",
    "workloads/fraud_detection/model.py",
    "workloads/fraud_detection/model/fraud_model.json",
    "workloads/fraud_detection/model/fraud_model.json.sha256",
    "workloads/fraud_detection/handlers/__init__.py",
    "workloads/fraud_detection/handlers/core.py",
)
_HANDLERS = "workloads/fraud_detection/handlers"
_PER_TARGET: dict[Target, dict[str, str]] = {
    "aws-lambda": {f"{_HANDLERS}/aws_lambda.py": f"{_HANDLERS}/aws_lambda.py"},
    "azure-functions": {
        "function_app.py": f"{_HANDLERS}/azure_function.py",
        "host.json": f"{_HANDLERS}/host.json",
        "requirements.txt": f"{_HANDLERS}/requirements-azure-functions.txt",
    },
    "gcp-cloud-functions": {
        "main.py": f"{_HANDLERS}/cloud_function.py",
        "requirements.txt": f"{_HANDLERS}/requirements-gcp-cloud-functions.txt",
    },
}


def function_bundle(target: Target) -> dict[str, Path]:
    """Archive path -> source file for `target`, sorted by archive path."""
    if target not in _PER_TARGET:
        raise ValueError(f"unknown target {target!r}; one of {', '.join(TARGETS)}")
    files = {name: REPO_DIR / name for name in _SERVING}
    files.update({name: REPO_DIR / source for name, source in _PER_TARGET[target].items()})
    return dict(sorted(files.items()))


# A fixed timestamp (the zip format's earliest) so the same files give the same bytes.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def build_zip(target: Target, out: Path) -> str:
    """Write `target`'s archive to `out` reproducibly; returns its sha256."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, source in function_bundle(target).items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, source.read_bytes(), compresslevel=9)
    return hashlib.sha256(out.read_bytes()).hexdigest()


@dataclass(frozen=True)
class GlueJobFiles:
    """The Glue job's script and the modules it imports (`--extra-py-files`)."""

    script: Path
    extra_py_files: list[Path]


# Job parameters the script reads (Glue passes them as `--name value`).
GLUE_JOB_PARAMETERS = (
    "raw_path",  # s3://raw-bucket/prefix/ with the raw CSV or JSON files
    "curated_path",  # s3://curated-bucket/prefix/ for the Parquet output
    "input_format",  # csv | json
)


def glue_job_files() -> GlueJobFiles:
    return GlueJobFiles(
        script=PACKAGE_DIR / "glue_job.py",
        # Glue puts a listed .py file on the path as a top-level module: `import features`.
        extra_py_files=[PACKAGE_DIR / "features.py"],
    )
