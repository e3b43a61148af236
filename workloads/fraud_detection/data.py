"""A deterministic synthetic card-transaction generator, so everything runs offline.

The same (rows, seed) always gives the same frame. About 1% of transactions are fraud. The
label is drawn first and each field is drawn from a distribution that depends on it, with
wide overlap, so no single field gives fraud away: fraud skews to new customers, amounts
far above the customer's own average, online and mobile channels, resellable goods (gift
cards, electronics) and night hours. Like real raw feeds, a few rows miss a value and a few
are delivered twice, which the preprocessing must drop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .features import CHANNELS, LABEL, MERCHANT_CATEGORIES, RAW_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

FRAUD_RATE = 0.01
MISSING_RATE = 0.005  # share of rows with one value blanked
DUPLICATE_RATE = 0.003  # share of rows delivered a second time
START = "2026-01-01T00:00:00"
DAYS = 334  # to the end of November 2026

# Probabilities in the order of MERCHANT_CATEGORIES / CHANNELS.
_CATEGORY_P = {
    0: (0.08, 0.15, 0.02, 0.30, 0.12, 0.20, 0.05, 0.08),
    1: (0.22, 0.06, 0.18, 0.10, 0.20, 0.08, 0.12, 0.04),
}
_CHANNEL_P = {0: (0.05, 0.50, 0.20, 0.25), 1: (0.12, 0.13, 0.27, 0.48)}


def generate(rows: int, seed: int = 7) -> pd.DataFrame:
    """`rows` raw transactions (plus duplicates) in the columns of `RAW_COLUMNS` + label."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    label = (rng.random(rows) < FRAUD_RATE).astype("int64")
    fraud = label == 1

    def by_label(legit: np.ndarray, bad: np.ndarray) -> np.ndarray:
        return np.where(fraud, bad, legit)

    new_account = rng.random(rows) < 0.35
    tenure = by_label(
        np.round(rng.lognormal(6.3, 0.9, rows)),
        np.where(new_account, rng.integers(0, 30, rows), np.round(rng.lognormal(6.0, 1.0, rows))),
    )
    txn_count = by_label(rng.poisson(24, rows), rng.poisson(14, rows))
    average = np.round(rng.lognormal(3.8, 0.7, rows), 2)
    amount = np.round(
        average * by_label(rng.lognormal(0.0, 0.55, rows), rng.lognormal(0.7, 0.9, rows)), 2
    )
    category = by_label(
        rng.choice(len(MERCHANT_CATEGORIES), rows, p=_CATEGORY_P[0]),
        rng.choice(len(MERCHANT_CATEGORIES), rows, p=_CATEGORY_P[1]),
    )
    channel = by_label(
        rng.choice(len(CHANNELS), rows, p=_CHANNEL_P[0]),
        rng.choice(len(CHANNELS), rows, p=_CHANNEL_P[1]),
    )
    day_hour = np.mod(np.round(rng.normal(14, 4.5, rows)), 24)
    night = rng.random(rows) < 0.35
    hour = by_label(day_hour, np.where(night, rng.integers(0, 6, rows), day_hour))
    seconds = (
        rng.integers(0, DAYS, rows) * 86400 + hour.astype("int64") * 3600
        + rng.integers(0, 3600, rows)
    )
    when = pd.Timestamp(START) + pd.to_timedelta(seconds, unit="s")

    frame = pd.DataFrame(
        {
            "transaction_id": [f"tx-{seed}-{i:08d}" for i in range(rows)],
            "transaction_date": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "amount": amount,
            "merchant_category": np.asarray(MERCHANT_CATEGORIES)[category],
            "channel": np.asarray(CHANNELS)[channel],
            "customer_tenure_days": tenure.astype("int64"),
            "customer_txn_count_30d": txn_count.astype("int64"),
            "customer_avg_amount_30d": average,
            LABEL: label,
        },
        columns=[*RAW_COLUMNS, LABEL],
    ).astype({"customer_tenure_days": "object", "customer_txn_count_30d": "object"})

    blanked = np.flatnonzero(rng.random(rows) < MISSING_RATE)
    fields = rng.integers(1, len(RAW_COLUMNS), len(blanked))
    for row, field in zip(blanked, fields, strict=True):
        frame.iat[row, field] = None
    again = np.flatnonzero(rng.random(rows) < DUPLICATE_RATE)
    frame = pd.concat([frame, frame.iloc[again]], ignore_index=True)
    return frame
