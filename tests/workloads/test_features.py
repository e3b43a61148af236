"""Preprocessing: one set of rules, the same answer for a row, a batch and a re-run."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workloads.fraud_detection import data
from workloads.fraud_detection.features import (
    FEATURES,
    LABEL,
    RAW_COLUMNS,
    InvalidTransaction,
    parse_transaction,
    preprocess,
    row_features,
)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return data.generate(20_000, seed=11)


@pytest.fixture(scope="module")
def curated(raw: pd.DataFrame) -> pd.DataFrame:
    return preprocess(raw)


def test_generator_is_deterministic_with_about_one_percent_fraud(raw: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(raw, data.generate(20_000, seed=11))
    assert not raw.equals(data.generate(20_000, seed=12))
    assert 0.007 < raw[LABEL].mean() < 0.013
    assert raw["transaction_date"].dropna().str.match(r"2026-\d\d-\d\dT\d\d:\d\d:\d\dZ").all()


def test_rows_with_missing_values_and_duplicates_are_dropped(
    raw: pd.DataFrame, curated: pd.DataFrame
) -> None:
    incomplete = raw[list(RAW_COLUMNS)].isna().any(axis=1)
    assert incomplete.sum() > 0 and raw.duplicated().sum() > 0
    assert len(curated) == len(raw[~incomplete].drop_duplicates())
    assert curated["transaction_id"].is_unique


def test_preprocessing_is_idempotent(raw: pd.DataFrame, curated: pd.DataFrame) -> None:
    kept = raw[raw["transaction_id"].isin(curated["transaction_id"])].drop_duplicates()
    pd.testing.assert_frame_equal(preprocess(kept), curated)


def test_the_label_never_changes_a_feature(raw: pd.DataFrame, curated: pd.DataFrame) -> None:
    flipped = raw.assign(**{LABEL: 1 - raw[LABEL].fillna(0)})
    without = preprocess(raw.drop(columns=[LABEL]))
    pd.testing.assert_frame_equal(preprocess(flipped)[list(FEATURES)], curated[list(FEATURES)])
    assert LABEL not in without.columns
    assert len(without) == len(curated)


def test_one_row_and_a_batch_have_the_same_columns(raw: pd.DataFrame) -> None:
    one = preprocess(raw.iloc[[0]])
    batch = preprocess(raw)
    assert list(one.columns) == list(batch.columns)
    assert list(one.columns) == ["transaction_id", "transaction_date", *FEATURES, LABEL]


def test_the_row_path_equals_the_pandas_path(raw: pd.DataFrame, curated: pd.DataFrame) -> None:
    """What the handlers compute for each transaction is what training saw."""
    sample = curated.sample(2_000, random_state=3)
    by_id = raw.drop_duplicates().set_index("transaction_id")
    for _, row in sample.iterrows():
        record = by_id.loc[row["transaction_id"]].to_dict()
        record["transaction_id"] = row["transaction_id"]
        for count in ("customer_tenure_days", "customer_txn_count_30d"):
            record[count] = int(record[count])
        features = row_features(parse_transaction(record))
        expected = row[list(FEATURES)].to_numpy(dtype="float64")
        assert all(
            math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
            for a, b in zip(features, expected, strict=True)
        )


def test_strings_are_parsed_by_the_same_rules_as_the_handlers() -> None:
    """CSV gives strings: valid ones count, invalid ones drop the row the handler refuses."""
    good = {
        "transaction_id": "a", "transaction_date": "2026-03-01T23:30:00+02:00",
        "amount": "12.5", "merchant_category": "fuel", "channel": "atm",
        "customer_tenure_days": "10", "customer_txn_count_30d": "3",
        "customer_avg_amount_30d": "20",
    }
    bad = [
        {**good, "transaction_id": "b", "amount": "-1"},
        {**good, "transaction_id": "c", "customer_txn_count_30d": "2.5"},
        {**good, "transaction_id": "d", "channel": "fax"},
        {**good, "transaction_id": "e", "transaction_date": "yesterday"},
        {**good, "transaction_id": "f", "amount": "inf"},
    ]
    out = preprocess(pd.DataFrame([good, *bad]))
    assert out["transaction_id"].tolist() == ["a"]
    # 23:30 at +02:00 is 21:30 UTC on the same Sunday.
    assert (out.at[0, "hour"], out.at[0, "day_of_week"], out.at[0, "month"]) == (21, 6, 3)
    for row in bad:
        typed = {
            k: (float(v) if k.startswith(("amount", "customer")) else v) for k, v in row.items()
        }
        with pytest.raises(InvalidTransaction):
            parse_transaction(typed)
