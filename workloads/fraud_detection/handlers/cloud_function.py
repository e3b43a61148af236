"""Cloud Functions (gen2) adapter for functions-framework (shipped as `main.py`).

Entry point: `predict` (an HTTP function).
"""

from __future__ import annotations

import flask
import functions_framework

from workloads.fraud_detection.handlers.core import handle


@functions_framework.http
def predict(request: flask.Request) -> tuple[str, int, dict[str, str]]:
    response = handle(request.method, request.get_data(cache=False))
    return response.text(), response.status, response.headers
