"""Size of each serverless archive and the fraud handler's cold start, per platform.

For each target of `workloads.fraud_detection.bundle`: build the zip twice (same sha256 =
reproducible), report zipped and unzipped bytes, unzip it to a scratch directory and time,
in N fresh interpreters, what a cold start pays before the first answer: importing the
entry module (with the platform's own HTTP package for Azure and GCP, which their hosts
import anyway), loading and hash-checking the model, and scoring one request. Lambda runs on
a bare interpreter (-I -S: no site-packages at all), proving the zip needs no wheel.

    .venv/bin/python benchmarks/serverless_artifacts.py [--runs 9]

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from workloads.fraud_detection.bundle import TARGETS, Target, build_zip

ZIP_TARGET_BYTES = 100_000  # Lambda allows 50 MB zipped, 250 MB unzipped
COLD_START_TARGET_MS = 150.0  # import + model load + first answer, median

_ENTRY = {
    "aws-lambda": ("workloads.fraud_detection.handlers.aws_lambda", ["-I", "-S"]),
    "azure-functions": ("function_app", ["-I"]),
    "gcp-cloud-functions": ("main", ["-I"]),
}

_PROBE = """
import json, sys, time
sys.path.insert(0, '.')
start = time.perf_counter()
import importlib
module = importlib.import_module(sys.argv[1])
imported = time.perf_counter()
from workloads.fraud_detection.handlers import core
assert module.__file__.startswith(sys.argv[2]), module.__file__
tx = {"transaction_id": "t", "transaction_date": "2026-11-30T21:15:00Z", "amount": 10,
      "merchant_category": "fuel", "channel": "in_store", "customer_tenure_days": 400,
      "customer_txn_count_30d": 20, "customer_avg_amount_30d": 12.5}
answer = core.handle("POST", json.dumps(tx))
done = time.perf_counter()
assert answer.status == 200, answer
print(json.dumps({"import_ms": (imported - start) * 1e3, "first_ms": (done - start) * 1e3}))
"""


def measure(target: Target, runs: int, scratch: Path) -> dict[str, float | str | bool]:
    first = build_zip(target, scratch / f"{target}.zip")
    second = build_zip(target, scratch / f"{target}-again.zip")
    archive = scratch / f"{target}.zip"
    root = scratch / target
    with zipfile.ZipFile(archive) as zf:
        unzipped = sum(info.file_size for info in zf.infolist())
        zf.extractall(root)
    module, flags = _ENTRY[target]
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, *flags, "-c", _PROBE, module, str(root)],
            cwd=root, capture_output=True, text=True, check=True,
        )
        samples.append(json.loads(out.stdout))
    return {
        "target": target,
        "zip_bytes": archive.stat().st_size,
        "unzipped_bytes": unzipped,
        "reproducible": first == second,
        "sha256": first[:12],
        "import_ms": statistics.median(s["import_ms"] for s in samples),
        "first_answer_ms": statistics.median(s["first_ms"] for s in samples),
        "first_answer_max_ms": max(s["first_ms"] for s in samples),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    failed = False
    print("| target | zip | unzipped | reproducible | import (median) | first answer "
          "(median / max) |")
    print("| --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as scratch:
        for target in TARGETS:
            r = measure(target, args.runs, Path(scratch))
            print(
                f"| {target} | {r['zip_bytes']:,} B | {r['unzipped_bytes']:,} B | "
                f"{'yes' if r['reproducible'] else 'NO'} ({r['sha256']}) | "
                f"{r['import_ms']:.1f} ms | {r['first_answer_ms']:.1f} / "
                f"{r['first_answer_max_ms']:.1f} ms |"
            )
            failed |= not r["reproducible"] or int(r["zip_bytes"]) > ZIP_TARGET_BYTES
            failed |= target == "aws-lambda" and float(r["first_answer_ms"]) > (
                COLD_START_TARGET_MS
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
