"""The committed model: safe to load, pinned by its hash, and better than guessing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from workloads.fraud_detection import model
from workloads.fraud_detection.features import FEATURES


def test_committed_model_loads_and_beats_the_baseline_on_held_out_data() -> None:
    loaded = model.load()
    assert loaded.features == FEATURES
    metrics = loaded.metrics
    # Held-out synthetic split; a classifier that knows nothing scores the fraud rate.
    assert metrics["baseline_pr_auc"] < 0.02
    assert metrics["pr_auc"] > 0.5 > 10 * metrics["baseline_pr_auc"]
    assert metrics["roc_auc"] > 0.9
    assert 0 < loaded.threshold < 1


def _copy(tmp_path: Path) -> Path:
    shutil.copytree(model.MODEL_DIR, tmp_path / "m")
    return tmp_path / "m"


def test_an_altered_model_file_is_refused(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / model.MODEL_FILE
    doc = json.loads(path.read_text())
    doc["intercept"] += 5
    path.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    with pytest.raises(model.ModelError, match="sidecar says"):
        model.load(directory)


def test_a_pinned_hash_must_match(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = model.load().sha256
    monkeypatch.setenv("FRAUD_MODEL_SHA256", "0" * 64)
    with pytest.raises(model.ModelError, match="FRAUD_MODEL_SHA256 says"):
        model.load()
    monkeypatch.setenv("FRAUD_MODEL_SHA256", digest)
    assert model.load().sha256 == digest


def test_probability_never_overflows() -> None:
    loaded = model.load()
    big = [1e6] * len(FEATURES)
    assert 0.0 <= loaded.probability(big) <= 1.0
    assert 0.0 <= loaded.probability([-v for v in big]) <= 1.0
