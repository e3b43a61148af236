"""Training end to end through the command, small enough to stay well under a minute."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workloads.fraud_detection import model
from workloads.fraud_detection.__main__ import main
from workloads.fraud_detection.train import train


def test_train_command_writes_a_model_that_beats_the_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--out", str(tmp_path), "--rows", "30000", "--trials", "6"]) == 0
    printed = json.loads(capsys.readouterr().out)
    loaded = model.load(tmp_path)
    assert printed["sha256"] == loaded.sha256
    metrics = loaded.metrics
    assert set(metrics) >= {"precision", "recall", "roc_auc", "pr_auc", "baseline_pr_auc"}
    # ~75 frauds in the held-out quarter: the bar leaves room for that noise.
    assert metrics["pr_auc"] > 0.4 and metrics["pr_auc"] > 10 * metrics["baseline_pr_auc"]
    assert metrics["roc_auc"] > 0.85
    assert 0 < metrics["recall"] <= 1 and 0 < metrics["precision"] <= 1
    doc = json.loads((tmp_path / model.MODEL_FILE).read_text())
    assert set(doc["hyperparameters"]) == {"C", "fraud_weight"}
    assert doc["training"]["trials"] == 6


def test_training_is_deterministic(tmp_path: Path) -> None:
    first = train(tmp_path / "a", rows=6000, trials=2, seed=3)
    second = train(tmp_path / "b", rows=6000, trials=2, seed=3)
    assert first.sha256 == second.sha256
