"""The Glue job's Spark transform equals the pandas preprocessing (Spark local mode).

Marked `spark`: a JVM starts (~10 s). `pytest` alone skips these; `make test` runs them
after the rest (`pytest -m spark`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from workloads.fraud_detection import data, glue_job
from workloads.fraud_detection.features import DATE, FEATURES, LABEL, preprocess

pytestmark = pytest.mark.spark

ROWS = 4_000


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("fraud-glue-job-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def raw_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("raw")
    frame = data.generate(ROWS, seed=5)
    frame.to_csv(directory / "transactions.csv", index=False)
    frame.to_json(directory / "transactions.json", orient="records", lines=True)
    return {"csv": directory / "transactions.csv", "json": directory / "transactions.json"}


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.sort_values("transaction_id").reset_index(drop=True)
    out[DATE] = pd.to_datetime(out[DATE], utc=True).dt.tz_localize(None).astype("datetime64[us]")
    return out


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_spark_transform_gives_the_pandas_rows_and_columns(
    spark: object, raw_files: dict[str, Path], fmt: str
) -> None:
    from pyspark.sql import SparkSession

    assert isinstance(spark, SparkSession)
    path = str(raw_files[fmt])
    # As Glue's DynamicFrame reads CSV: every value a string, the header names the columns.
    raw = spark.read.csv(path, header=True) if fmt == "csv" else spark.read.json(path)
    got = _normalise(glue_job.transform(raw).toPandas())
    want = _normalise(preprocess(pd.read_csv(raw_files["csv"], dtype=str)))

    assert list(got.columns) == ["transaction_id", DATE, *FEATURES, LABEL]
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want) > 0.98 * ROWS
    assert got["transaction_id"].tolist() == want["transaction_id"].tolist()
    assert (got[DATE] == want[DATE]).all()
    assert (got[LABEL] == want[LABEL]).all()
    pd.testing.assert_frame_equal(
        got[list(FEATURES)].astype("float64"),
        want[list(FEATURES)].astype("float64"),
        rtol=1e-12,
        atol=1e-12,
    )


def test_raw_data_without_a_required_column_is_refused(spark: object) -> None:
    from pyspark.sql import SparkSession

    assert isinstance(spark, SparkSession)
    frame = spark.createDataFrame([("t-1", "2026-01-01T00:00:00Z")], ["transaction_id", DATE])
    with pytest.raises(ValueError, match="lacks the columns amount, channel"):
        glue_job.transform(frame)
