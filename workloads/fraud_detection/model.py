"""The trained model as data: JSON coefficients scored in pure Python.

Nothing executable is loaded: the file holds numbers and names, and its sha256 must match
the sidecar written beside it (and `FRAUD_MODEL_SHA256` when the deployment pins one), so a
swapped or corrupted file is refused at cold start instead of scoring traffic. Scoring is
the exported scikit-learn pipeline (StandardScaler, then LogisticRegression) written out:
p = 1 / (1 + exp(-(b + sum(w_i * (x_i - mean_i) / scale_i)))).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .features import FEATURES

FORMAT = "fraud-logistic-regression/1"
MODEL_DIR = Path(__file__).parent / "model"
MODEL_FILE = "fraud_model.json"
HASH_SUFFIX = ".sha256"


class ModelError(RuntimeError):
    """The model file is missing, altered, or was trained on other features."""


@dataclass(frozen=True)
class FraudModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float
    sha256: str
    metrics: dict[str, float]

    def probability(self, x: list[float]) -> float:
        z = self.intercept
        for value, mean, scale, weight in zip(
            x, self.mean, self.scale, self.coefficients, strict=True
        ):
            z += weight * (value - mean) / scale
        # Written to never overflow exp() for any finite z.
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


def sha256_line(digest: str, name: str = MODEL_FILE) -> str:
    """The sidecar's text, in `sha256sum`'s format so `sha256sum -c` checks it too."""
    return f"{digest}  {name}\n"


def load(directory: Path = MODEL_DIR, expected_sha256: str | None = None) -> FraudModel:
    path = directory / MODEL_FILE
    try:
        raw = path.read_bytes()
        sidecar = (directory / (MODEL_FILE + HASH_SUFFIX)).read_text().split()[0]
    except (OSError, IndexError) as exc:
        raise ModelError(f"cannot read the model and its hash in {directory}: {exc}") from exc
    digest = hashlib.sha256(raw).hexdigest()
    pinned = expected_sha256 or os.environ.get("FRAUD_MODEL_SHA256")
    for name, want in (("sidecar", sidecar), ("FRAUD_MODEL_SHA256", pinned)):
        if want is not None and want != digest:
            raise ModelError(f"{path} has sha256 {digest}, {name} says {want}")
    doc: dict[str, Any] = json.loads(raw)
    if doc.get("format") != FORMAT:
        raise ModelError(f"{path}: format {doc.get('format')!r}, expected {FORMAT!r}")
    if tuple(doc["features"]) != FEATURES:
        raise ModelError(f"{path} was trained on other features than features.FEATURES")
    return FraudModel(
        features=tuple(doc["features"]),
        mean=tuple(doc["mean"]),
        scale=tuple(doc["scale"]),
        coefficients=tuple(doc["coefficients"]),
        intercept=float(doc["intercept"]),
        threshold=float(doc["threshold"]),
        sha256=digest,
        metrics=dict(doc["metrics"]),
    )
