"""AWS Lambda adapter: Function URL and API Gateway HTTP API (payload format 2.0) events.

Handler setting: `workloads.fraud_detection.handlers.aws_lambda.handler` (the archive keeps
the package layout; see `bundle.LAMBDA_HANDLER`). The runtime needs nothing beyond the
standard library, so the zip holds only this package and the model.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from workloads.fraud_detection.handlers.core import JSON_HEADERS, Response, handle


def _reply(response: Response) -> dict[str, Any]:
    return {
        "statusCode": response.status,
        "headers": response.headers,
        "body": response.text(),
        "isBase64Encoded": False,
    }


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    # Payload 2.0 puts the method under requestContext.http (REST API v1 used httpMethod).
    method = event.get("requestContext", {}).get("http", {}).get("method", "")
    body: bytes | str | None = event.get("body")
    if event.get("isBase64Encoded") and isinstance(body, str):
        try:
            body = base64.b64decode(body, validate=True)
        except binascii.Error:
            return _reply(Response(400, {"error": "body is not valid base64"}, JSON_HEADERS))
    return _reply(handle(method, body))
