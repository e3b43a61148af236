"""AWS Glue 5.0 job (Spark 3.5, Python 3.11): raw CSV/JSON -> curated, partitioned Parquet.

`transform` is `features.preprocess` in PySpark: the same parsing rules, vocabularies and
columns, read from `features` (shipped beside this script with `--extra-py-files`). A Spark
local-mode test runs the same synthetic data through both and compares them row by row.

`main` is the Glue entry point. Job parameters: `--raw_path`, `--curated_path`,
`--input_format` (csv | json), plus Glue's own `--JOB_NAME`. The source and the sink carry a
`transformation_ctx` and the job calls `Job.init`/`Job.commit`, so with
`--job-bookmark-option job-bookmark-enable` each run reads only files it has not processed
yet. Output is partitioned by `year` and `month` of `transaction_date` (UTC).
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING

try:  # in the repository (tests, local runs)
    from workloads.fraud_detection import features
except ImportError:  # on Glue, --extra-py-files puts features.py on the path
    import features  # type: ignore[no-redef]

if TYPE_CHECKING:
    from pyspark.sql import Column, DataFrame

PARTITION_KEYS = ("year", "month")


def _number(column: Column, whole: bool) -> Column:
    from pyspark.sql import functions as F

    value = column.cast("double")
    bad = F.isnan(value) | (value < 0) | (value == float("inf"))
    if whole:
        bad = bad | (value != F.floor(value))
    return F.when(~bad, value)


def transform(raw: DataFrame) -> DataFrame:
    """The curated frame, as `features.preprocess` computes it, from raw string or typed columns."""
    from pyspark.sql import functions as F

    missing = sorted(set(features.RAW_COLUMNS) - set(raw.columns))
    if missing:
        raise ValueError(f"raw data lacks the columns {', '.join(missing)}")
    # hour/day/month are UTC, as in the other paths; timestamps without an offset are UTC.
    raw.sparkSession.conf.set("spark.sql.session.timeZone", "UTC")
    has_label = features.LABEL in raw.columns

    ident = F.col(features.ID).cast("string")
    parsed_columns = [
        F.when(F.trim(ident) != "", ident).alias(features.ID),
        F.to_timestamp(F.col(features.DATE).cast("string")).alias(features.DATE),
        *(_number(F.col(c), whole=False).alias(c) for c in features.AMOUNTS),
        *(_number(F.col(c), whole=True).alias(c) for c in features.COUNTS),
        *(
            F.when(F.col(c).isin(list(allowed)), F.col(c)).alias(c)
            for c, allowed in features.CATEGORIES.items()
        ),
    ]
    if has_label:
        label = F.col(features.LABEL).cast("double")
        parsed_columns.append(F.when(label.isin(0.0, 1.0), label).alias(features.LABEL))
    parsed = raw.select(*parsed_columns).dropna().dropDuplicates()

    date = F.col(features.DATE)
    hour = F.hour(date)
    angle = F.lit(2 * math.pi) * hour / F.lit(24)
    amount, average = F.col("amount"), F.col("customer_avg_amount_30d")
    numeric = {
        "log_amount": F.log1p(amount),
        "log_amount_ratio": F.log((amount + 1) / (average + 1)),
        "log_customer_txn_count_30d": F.log1p(F.col("customer_txn_count_30d")),
        "log_customer_tenure_days": F.log1p(F.col("customer_tenure_days")),
        "hour": hour.cast("long"),
        "hour_sin": F.sin(angle),
        "hour_cos": F.cos(angle),
        "day_of_week": F.weekday(date).cast("long"),  # Monday = 0, as pandas' day_of_week
        "month": F.month(date).cast("long"),
    }
    one_hot = [
        F.when(F.col(field) == value, 1.0).otherwise(0.0).alias(f"{field}_{value}")
        for field, allowed in features.CATEGORIES.items()
        for value in allowed
    ]
    out = [
        F.col(features.ID),
        date,
        *(column.alias(name) for name, column in numeric.items()),
        *one_hot,
    ]
    if has_label:
        out.append(F.col(features.LABEL).cast("long").alias(features.LABEL))
    return parsed.select(*out)


def main(argv: list[str]) -> None:  # pragma: no cover - runs on Glue only
    from awsglue.context import GlueContext
    from awsglue.dynamicframe import DynamicFrame
    from awsglue.job import Job
    from awsglue.utils import getResolvedOptions
    from pyspark.context import SparkContext
    from pyspark.sql import functions as F

    args = getResolvedOptions(argv, ["JOB_NAME", "raw_path", "curated_path", "input_format"])
    fmt = args["input_format"]
    if fmt not in ("csv", "json"):
        raise ValueError(f"--input_format {fmt}: use csv or json")
    glue = GlueContext(SparkContext.getOrCreate())
    job = Job(glue)
    job.init(args["JOB_NAME"], args)
    source = glue.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [args["raw_path"]], "recurse": True},
        format=fmt,
        format_options={"withHeader": True} if fmt == "csv" else {},
        transformation_ctx="raw_transactions",  # the bookmark's key for this source
    )
    raw = source.toDF()
    if raw.columns:  # a run with no new files (bookmark) has nothing to write
        curated = transform(raw).withColumn("year", F.year(features.DATE))
        glue.write_dynamic_frame.from_options(
            frame=DynamicFrame.fromDF(curated, glue, "curated_transactions"),
            connection_type="s3",
            connection_options={
                "path": args["curated_path"],
                "partitionKeys": list(PARTITION_KEYS),
            },
            format="glueparquet",
            format_options={"compression": "snappy"},
            transformation_ctx="curated_transactions",
        )
    job.commit()


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv)
