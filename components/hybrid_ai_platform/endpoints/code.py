"""The code an endpoint deploys: the workload's function bundle for the endpoint's cloud.

`workloads.<workload>.bundle.function_bundle(target)` maps each archive path to a source
file (the handler adapter, the handler core, the model JSON and, for the clouds that build
remotely, a requirements.txt). It is deterministic, so the archive and its digest are the
same on every preview.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Final, Literal

import pulumi

from hybrid_ai_platform.spec import PublicCloud

BundleTarget = Literal["aws-lambda", "azure-functions", "gcp-cloud-functions"]
TARGETS: Final[dict[PublicCloud, BundleTarget]] = {
    "aws": "aws-lambda",
    "azure": "azure-functions",
    "gcp": "gcp-cloud-functions",
}
# The Lambda adapter's file and entry point in the workload's handlers
# (`handlers/aws_lambda.py`, function `handler`).
LAMBDA_ADAPTER: Final = "aws_lambda.py"
LAMBDA_ENTRY: Final = "handler"
# functions-framework's entry point in the Cloud Functions adapter.
GCP_ENTRY: Final = "predict"
# The model's sha256 travels in the bundle as `<model>.json.sha256` (sha256sum format); the
# handler refuses to start when the setting of this name differs from the model it loads.
MODEL_DIGEST_SUFFIX: Final = ".json.sha256"
MODEL_SHA256_SETTING: Final = "FRAUD_MODEL_SHA256"


def bundle_files(workload: str, cloud: PublicCloud) -> dict[str, Path]:
    """Archive path -> source file, from the workload's own `bundle` module."""
    module = importlib.import_module(f"workloads.{workload.replace('-', '_')}.bundle")
    files: Mapping[str, Path] = module.function_bundle(TARGETS[cloud])
    return {path: Path(source) for path, source in sorted(files.items())}


def archive(files: Mapping[str, Path]) -> pulumi.AssetArchive:
    return pulumi.AssetArchive(
        {path: pulumi.FileAsset(str(source)) for path, source in sorted(files.items())}
    )


def digest(files: Mapping[str, Path]) -> str:
    """sha256 over every archive path and its bytes: the object name of a Cloud Functions
    source, so a code change is a new object and a new build (the same bytes, no build)."""
    hasher = hashlib.sha256()
    for path, source in sorted(files.items()):
        hasher.update(path.encode() + b"\0" + source.read_bytes() + b"\0")
    return hasher.hexdigest()


def lambda_handler(files: Mapping[str, Path]) -> str:
    """`package.module.handler` of the Lambda adapter, wherever the bundle puts it."""
    paths = [path for path in files if PurePosixPath(path).name == LAMBDA_ADAPTER]
    if len(paths) != 1:
        raise ValueError(f"the Lambda bundle has {len(paths)} {LAMBDA_ADAPTER} files, not one")
    module = str(PurePosixPath(paths[0]).with_suffix("")).replace("/", ".")
    return f"{module}.{LAMBDA_ENTRY}"


def model_settings(files: Mapping[str, Path]) -> dict[str, str]:
    """`FRAUD_MODEL_SHA256` pinned to the model this preview packaged: a package published
    out of band (Azure's deploy step) with another model is refused at cold start."""
    digests = [path for path in files if path.endswith(MODEL_DIGEST_SUFFIX)]
    if len(digests) != 1:
        return {}
    digest_text = files[digests[0]].read_text().split()
    return {MODEL_SHA256_SETTING: digest_text[0]} if digest_text else {}
