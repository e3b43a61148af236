"""The one preprocessing of fraud detection: raw transaction -> model features.

Three paths compute it and must agree, so every rule is written down here once:
- `parse_transaction` + `row_features`: pure Python, one transaction at a time, for the
  handlers (no numpy at serve time);
- `preprocess`: pandas, a whole frame, for training (tests prove it equal to the row path);
- `glue_job.transform`: PySpark, for the data pipeline (a Spark local-mode test proves it
  equal to `preprocess`). It reads the vocabularies, column names and rules below.

Rules: a row with a missing or invalid value is dropped (the handlers refuse it instead,
naming the field); then duplicate rows (equal parsed values) are dropped; hour, day of week
(Monday = 0) and month come from `transaction_date` in UTC (a timestamp without an offset is UTC);
categories are one-hot encoded against fixed vocabularies, so one row and a batch always
have the same columns. The label is never an input to any feature.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

MERCHANT_CATEGORIES = (
    "electronics",
    "fuel",
    "gift_cards",
    "grocery",
    "online_retail",
    "restaurants",
    "travel",
    "utilities",
)
CHANNELS = ("atm", "in_store", "mobile", "online")

LABEL = "is_fraud"
ID = "transaction_id"
DATE = "transaction_date"
# Fields that must be numbers >= 0; the counts must also be whole numbers.
AMOUNTS = ("amount", "customer_avg_amount_30d")
COUNTS = ("customer_tenure_days", "customer_txn_count_30d")
CATEGORIES = {"merchant_category": MERCHANT_CATEGORIES, "channel": CHANNELS}
# Every field of a raw transaction, in the order the generator writes them.
RAW_COLUMNS = (ID, DATE, "amount", "merchant_category", "channel", *COUNTS,
               "customer_avg_amount_30d")

# The model's inputs, in the order of its coefficients.
NUMERIC_FEATURES = (
    "log_amount",
    "log_amount_ratio",
    "log_customer_txn_count_30d",
    "log_customer_tenure_days",
    "hour",
    "hour_sin",
    "hour_cos",
    "day_of_week",
    "month",
)
ONE_HOT_FEATURES = tuple(
    f"{field}_{value}" for field, values in CATEGORIES.items() for value in values
)
FEATURES = NUMERIC_FEATURES + ONE_HOT_FEATURES
# What the curated data set holds: identity and time for joins and partitions, the
# features, and the label when the raw data had one.
CURATED_KEYS = (ID, DATE)


@dataclass(frozen=True)
class Transaction:
    """One validated raw transaction."""

    transaction_id: str
    transaction_date: datetime  # UTC, aware
    amount: float
    merchant_category: str
    channel: str
    customer_tenure_days: int
    customer_txn_count_30d: int
    customer_avg_amount_30d: float


class InvalidTransaction(ValueError):
    """A transaction that breaks the rules; `problems` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def parse_date(value: str) -> datetime:
    """ISO 8601, as `datetime.fromisoformat`, pandas' `format="ISO8601"` and Spark agree."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_transaction(obj: Any) -> Transaction:
    """Validate one JSON transaction; raises `InvalidTransaction` naming every bad field."""
    if not isinstance(obj, dict):
        raise InvalidTransaction({"": "must be an object with the transaction's fields"})
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}

    def missing(field: str) -> bool:
        if obj.get(field) is None:
            problems[field] = "is required"
            return True
        return False

    if not missing(ID):
        if isinstance(obj[ID], str) and obj[ID].strip():
            values[ID] = obj[ID]
        else:
            problems[ID] = "must be a non-empty string"
    if not missing(DATE):
        try:
            if not isinstance(obj[DATE], str):
                raise ValueError
            values[DATE] = parse_date(obj[DATE])
        except ValueError:
            problems[DATE] = "must be an ISO 8601 timestamp, e.g. 2026-11-30T21:15:00Z"
    for field in AMOUNTS + COUNTS:
        if missing(field):
            continue
        value = obj[field]
        # bool is an int in Python but never a number in JSON.
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        ok = ok and math.isfinite(value) and value >= 0
        if field in COUNTS:
            ok = ok and float(value).is_integer()
            if not ok:
                problems[field] = "must be a whole number >= 0"
                continue
            values[field] = int(value)
        elif not ok:
            problems[field] = "must be a number >= 0"
        else:
            values[field] = float(value)
    for field, allowed in CATEGORIES.items():
        if missing(field):
            continue
        if obj[field] in allowed:
            values[field] = obj[field]
        else:
            problems[field] = f"must be one of {', '.join(allowed)}"
    if problems:
        raise InvalidTransaction(problems)
    return Transaction(**values)


def _time_features(hour: int, day_of_week: int, month: int) -> list[float]:
    angle = 2 * math.pi * hour / 24
    return [float(hour), math.sin(angle), math.cos(angle), float(day_of_week), float(month)]


def row_features(tx: Transaction) -> list[float]:
    """The model's inputs for one transaction, in the order of `FEATURES`."""
    when = tx.transaction_date
    numeric = [
        math.log1p(tx.amount),
        math.log((tx.amount + 1) / (tx.customer_avg_amount_30d + 1)),
        math.log1p(tx.customer_txn_count_30d),
        math.log1p(tx.customer_tenure_days),
        *_time_features(when.hour, when.weekday(), when.month),
    ]
    one_hot = [
        1.0 if getattr(tx, field) == value else 0.0
        for field, allowed in CATEGORIES.items()
        for value in allowed
    ]
    return numeric + one_hot


def preprocess(raw: pd.DataFrame) -> pd.DataFrame:
    """The curated frame: valid, de-duplicated rows; keys, `FEATURES` and the label if any.

    Values may arrive as strings (CSV): they are parsed by the same rules as
    `parse_transaction`, and a row with any value missing or invalid is dropped.
    """
    import numpy as np
    import pandas as pd

    has_label = LABEL in raw.columns
    columns = list(RAW_COLUMNS) + ([LABEL] if has_label else [])
    df = raw[columns]
    parsed = pd.DataFrame(index=df.index)
    ident = df[ID].astype("string")
    parsed[ID] = ident.where(ident.str.strip() != "")
    parsed[DATE] = pd.to_datetime(df[DATE], utc=True, format="ISO8601", errors="coerce")
    for field in AMOUNTS + COUNTS:
        number = pd.to_numeric(df[field], errors="coerce").astype("float64")
        bad = ~np.isfinite(number) | (number < 0)
        if field in COUNTS:
            bad |= number != np.floor(number)
        parsed[field] = number.mask(bad)
    for field, allowed in CATEGORIES.items():
        parsed[field] = df[field].where(df[field].isin(allowed))
    if has_label:
        label = pd.to_numeric(df[LABEL], errors="coerce")
        parsed[LABEL] = label.where(label.isin([0, 1]))
    # Duplicates are judged on parsed values, so "12.5" and "12.50" are one transaction.
    parsed = parsed.dropna().drop_duplicates()

    out = pd.DataFrame(index=parsed.index)
    out[ID] = parsed[ID].astype(str)
    out[DATE] = parsed[DATE]
    amount, average = parsed["amount"], parsed["customer_avg_amount_30d"]
    out["log_amount"] = np.log1p(amount)
    out["log_amount_ratio"] = np.log((amount + 1) / (average + 1))
    out["log_customer_txn_count_30d"] = np.log1p(parsed["customer_txn_count_30d"])
    out["log_customer_tenure_days"] = np.log1p(parsed["customer_tenure_days"])
    hour = parsed[DATE].dt.hour
    angle = 2 * np.pi * hour / 24
    out["hour"] = hour.astype("int64")
    out["hour_sin"] = np.sin(angle)
    out["hour_cos"] = np.cos(angle)
    out["day_of_week"] = parsed[DATE].dt.day_of_week.astype("int64")
    out["month"] = parsed[DATE].dt.month.astype("int64")
    for field, allowed in CATEGORIES.items():
        for value in allowed:
            out[f"{field}_{value}"] = (parsed[field] == value).astype("float64")
    if has_label:
        out[LABEL] = parsed[LABEL].astype("int64")
    return out.reset_index(drop=True)
