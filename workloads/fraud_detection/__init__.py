"""Fraud detection: synthetic transactions, one preprocessing, a tuned logistic regression.

Serving imports nothing heavier than the standard library from this package (the handlers,
`features`' row path and `model`), so the function archives need no third-party wheels and
start fast. Training (`train`), the pandas path (`features.preprocess`) and the Spark job
(`glue_job`) import numpy, pandas, scikit-learn, Optuna or PySpark lazily, only when used.
"""
