"""The one handler core: HTTP method and body in, status and JSON body out.

Every adapter (Lambda, Azure Functions, Cloud Functions, the local server) only translates
its platform's request into `handle(method, body)` and the `Response` back, so the rules
below hold everywhere:

- POST only (405 otherwise);
- body over `FRAUD_MAX_BODY_BYTES` (default 1 MiB) or more than `FRAUD_MAX_BATCH`
  transactions (default 1000) -> 413;
- not JSON -> 400;
- a body that is one transaction object, a list of them, or `{"transactions": [...]}`;
  any field missing, mistyped or out of range -> 422 listing every problem with its path;
- otherwise 200: per transaction its id, fraud probability and decision at the threshold
  (`FRAUD_THRESHOLD`, default the model's own, chosen in training);
- anything unexpected -> 500 with a fixed message; the traceback goes to the log only.

The model is loaded once per process (cold start) and reused by warm invocations.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..features import InvalidTransaction, parse_transaction, row_features
from ..model import FraudModel, load

log = logging.getLogger("fraud_detection")

DEFAULT_MAX_BATCH = 1000
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
JSON_HEADERS = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Response:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=lambda: dict(JSON_HEADERS))

    def text(self) -> str:
        return json.dumps(self.body, separators=(",", ":"))


@dataclass(frozen=True)
class Settings:
    threshold: float
    max_batch: int
    max_body_bytes: int


def _setting(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = float(raw)
    if not low <= value <= high:
        raise ValueError(f"{name}={raw} is outside [{low}, {high}]")
    return value


@lru_cache(maxsize=1)
def model() -> FraudModel:
    return load()


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings(
        threshold=_setting("FRAUD_THRESHOLD", model().threshold, 0.0, 1.0),
        max_batch=int(_setting("FRAUD_MAX_BATCH", DEFAULT_MAX_BATCH, 1, 100_000)),
        max_body_bytes=int(
            _setting("FRAUD_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1024, 6 * 1024 * 1024)
        ),
    )


def _error(status: int, message: str, **extra: Any) -> Response:
    return Response(status, {"error": message, **extra})


def _transactions(doc: Any) -> list[Any] | None:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and "transactions" in doc:
        batch = doc["transactions"]
        return batch if isinstance(batch, list) else None
    if isinstance(doc, dict):
        return [doc]
    return None


def handle(method: str, body: bytes | str | None) -> Response:
    try:
        return _handle(method.upper(), body)
    except Exception:  # the last line of defence: no stack trace ever reaches a caller
        log.exception("fraud_detection: unexpected error")
        return _error(500, "internal error")


def _handle(method: str, body: bytes | str | None) -> Response:
    if method != "POST":
        return Response(405, {"error": "use POST"}, {**JSON_HEADERS, "Allow": "POST"})
    config = settings()
    raw = body.encode() if isinstance(body, str) else (body or b"")
    if len(raw) > config.max_body_bytes:
        return _error(413, f"body is over {config.max_body_bytes} bytes")
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _error(400, f"body is not valid JSON: {exc}")
    batch = _transactions(doc)
    if batch is None:
        return _error(
            422,
            "expected a transaction object, a list of them, or {\"transactions\": [...]}",
        )
    if not batch:
        return _error(422, "no transactions")
    if len(batch) > config.max_batch:
        return _error(413, f"{len(batch)} transactions, at most {config.max_batch} per request")

    problems: list[dict[str, str]] = []
    parsed = []
    for index, item in enumerate(batch):
        try:
            parsed.append(parse_transaction(item))
        except InvalidTransaction as invalid:
            for name, message in invalid.problems.items():
                path = f"transactions[{index}]" + (f".{name}" if name else "")
                problems.append({"path": path, "message": message})
    if problems:
        return _error(422, "invalid transactions", problems=problems)

    scorer = model()
    predictions = []
    for tx in parsed:
        probability = scorer.probability(row_features(tx))
        predictions.append(
            {
                "transaction_id": tx.transaction_id,
                "fraud_probability": round(probability, 6),
                "is_fraud": probability >= config.threshold,
            }
        )
    return Response(
        200,
        {
            "model_sha256": scorer.sha256,
            "threshold": config.threshold,
            "predictions": predictions,
        },
    )
