"""The three adapters and the handler core, on recorded request shapes of each platform.

Every case runs through every adapter: the status and the body a caller sees must be the
same on Lambda (Function URL and API Gateway HTTP API events), Azure Functions (v2
programming model) and Cloud Functions (functions-framework).
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import azure.functions as func
import functions_framework
import pytest

from workloads.fraud_detection.bundle import REPO_DIR
from workloads.fraud_detection.handlers import aws_lambda, azure_function, core

EVENTS = Path(__file__).parent / "events"
Call = Callable[[bytes, str], tuple[int, dict[str, Any]]]


def transaction(**changes: Any) -> dict[str, Any]:
    tx: dict[str, Any] = {
        "transaction_id": "tx-1",
        "transaction_date": "2026-11-30T21:15:00Z",
        "amount": 42.5,
        "merchant_category": "grocery",
        "channel": "in_store",
        "customer_tenure_days": 900,
        "customer_txn_count_30d": 31,
        "customer_avg_amount_30d": 45.0,
    }
    tx.update(changes)
    return {k: v for k, v in tx.items() if v is not None}


def _recorded(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())


def lambda_function_url(body: bytes, method: str) -> tuple[int, dict[str, Any]]:
    event = copy.deepcopy(_recorded("lambda_function_url.json"))
    event["requestContext"]["http"]["method"] = method
    event["body"] = body.decode("utf-8", errors="surrogateescape")
    event["headers"]["content-length"] = str(len(body))
    reply = aws_lambda.handler(event, object())
    assert reply["headers"]["Content-Type"] == "application/json"
    return reply["statusCode"], json.loads(reply["body"])


def apigw_http_api(body: bytes, method: str) -> tuple[int, dict[str, Any]]:
    # API Gateway base64-encodes bodies it does not treat as text; the recording does.
    event = copy.deepcopy(_recorded("apigw_http_api_v2.json"))
    event["requestContext"]["http"]["method"] = method
    event["body"] = base64.b64encode(body).decode()
    reply = aws_lambda.handler(event, object())
    return reply["statusCode"], json.loads(reply["body"])


def azure_functions(body: bytes, method: str) -> tuple[int, dict[str, Any]]:
    recorded = _recorded("azure_functions_http.json")
    request = func.HttpRequest(
        method=method,
        url=recorded["url"],
        headers=recorded["headers"],
        params=recorded["params"],
        route_params=recorded["route_params"],
        body=body,
    )
    reply = azure_function.predict(request)
    assert reply.mimetype == "application/json" or reply.headers["Content-Type"] == (
        "application/json"
    )
    return reply.status_code, json.loads(reply.get_body())


@pytest.fixture(scope="module")
def gcp_client() -> Any:
    source = REPO_DIR / "workloads/fraud_detection/handlers/cloud_function.py"
    app = functions_framework.create_app(target="predict", source=str(source))
    return app.test_client()


ADAPTERS = ["lambda_function_url", "apigw_http_api", "azure_functions", "gcp_cloud_functions"]


@pytest.fixture(params=ADAPTERS)
def call(request: pytest.FixtureRequest, gcp_client: Any) -> Call:
    if request.param == "gcp_cloud_functions":
        recorded = _recorded("gcp_cloud_functions_http.json")

        def gcp(body: bytes, method: str) -> tuple[int, dict[str, Any]]:
            reply = gcp_client.open(
                recorded["path"], method=method, headers=recorded["headers"], data=body
            )
            return reply.status_code, json.loads(reply.get_data())

        return gcp
    adapters: dict[str, Call] = {
        "lambda_function_url": lambda_function_url,
        "apigw_http_api": apigw_http_api,
        "azure_functions": azure_functions,
    }
    return adapters[request.param]


def post(call: Call, doc: Any) -> tuple[int, dict[str, Any]]:
    return call(json.dumps(doc).encode(), "POST")


def test_a_batch_gets_one_prediction_per_transaction(call: Call) -> None:
    risky = transaction(
        transaction_id="tx-2", transaction_date="2026-11-30T03:10:00Z", amount=900.0,
        merchant_category="gift_cards", channel="online", customer_tenure_days=3,
        customer_txn_count_30d=1, customer_avg_amount_30d=30.0,
    )
    status, body = post(call, {"transactions": [transaction(), risky]})
    assert status == 200
    assert [p["transaction_id"] for p in body["predictions"]] == ["tx-1", "tx-2"]
    usual, fraud = body["predictions"]
    assert usual["is_fraud"] is False and usual["fraud_probability"] < body["threshold"]
    assert fraud["is_fraud"] is True and fraud["fraud_probability"] > body["threshold"]
    assert body["model_sha256"] == core.model().sha256


def test_one_transaction_or_a_list_is_a_batch_too(call: Call) -> None:
    single = post(call, transaction())
    listed = post(call, [transaction()])
    assert single[0] == listed[0] == 200
    assert single[1]["predictions"] == listed[1]["predictions"]


def test_bad_json_is_400(call: Call) -> None:
    status, body = call(b'{"transactions": [', "POST")
    assert status == 400
    assert body["error"].startswith("body is not valid JSON")


def test_every_missing_or_mistyped_field_is_listed_in_a_422(call: Call) -> None:
    batch = [
        transaction(),
        transaction(amount="12", channel="fax", transaction_date=None),
        transaction(customer_txn_count_30d=2.5, customer_tenure_days=True),
        "not an object",
    ]
    status, body = post(call, {"transactions": batch})
    assert status == 422
    assert [(p["path"], p["message"]) for p in body["problems"]] == [
        ("transactions[1].transaction_date", "is required"),
        ("transactions[1].amount", "must be a number >= 0"),
        ("transactions[1].channel", "must be one of atm, in_store, mobile, online"),
        ("transactions[2].customer_tenure_days", "must be a whole number >= 0"),
        ("transactions[2].customer_txn_count_30d", "must be a whole number >= 0"),
        ("transactions[3]", "must be an object with the transaction's fields"),
    ]


def test_a_batch_over_the_limit_is_413(call: Call) -> None:
    status, body = post(call, {"transactions": [transaction()] * 1001})
    assert status == 413
    assert body == {"error": "1001 transactions, at most 1000 per request"}


@pytest.mark.parametrize("doc", [{"transactions": []}, {"transactions": "tx-1"}, 7])
def test_a_body_that_holds_no_transactions_is_422(call: Call, doc: Any) -> None:
    assert post(call, doc)[0] == 422


def test_a_failure_inside_answers_500_without_a_stack_trace(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_tx: object) -> list[float]:
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(core, "row_features", broken)
    status, body = post(call, transaction())
    assert status == 500
    assert body == {"error": "internal error"}


def test_lambda_refuses_a_body_that_is_not_base64_when_it_says_so() -> None:
    event = _recorded("apigw_http_api_v2.json")
    event["body"] = "not base64!"
    reply = aws_lambda.handler(event, object())
    assert reply["statusCode"] == 400


def test_core_answers_405_to_anything_but_post() -> None:
    response = core.handle("GET", b"")
    assert response.status == 405 and response.headers["Allow"] == "POST"


def test_threshold_and_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAUD_THRESHOLD", "0")
    monkeypatch.setenv("FRAUD_MAX_BATCH", "2")
    core.settings.cache_clear()
    try:
        assert core.handle("POST", json.dumps([transaction()] * 3)).status == 413
        answer = core.handle("POST", json.dumps([transaction()]))
        assert answer.body["threshold"] == 0 and answer.body["predictions"][0]["is_fraud"]
    finally:
        core.settings.cache_clear()


def test_azure_app_indexes_one_post_trigger_with_a_function_key_by_default() -> None:
    (function,) = azure_function.app.get_functions()
    (trigger, _out) = function.get_bindings_dict()["bindings"]
    assert function.get_function_name() == "predict"
    assert (trigger["type"], trigger["route"], trigger["authLevel"]) == (
        "httpTrigger", "predict", func.AuthLevel.FUNCTION,
    )
    assert [str(m.value) for m in trigger["methods"]] == ["POST"]


def test_azure_auth_level_is_anonymous_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAUD_HTTP_AUTH_LEVEL", "anonymous")
    assert azure_function.auth_level() is func.AuthLevel.ANONYMOUS
    monkeypatch.setenv("FRAUD_HTTP_AUTH_LEVEL", "admin")
    with pytest.raises(ValueError, match="use one of"):
        azure_function.auth_level()
