"""`serve`: the local server answers like the serverless adapters."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from tests.workloads.test_handlers import transaction
from workloads.fraud_detection.serve import make_server


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/predict"
    server.shutdown()
    server.server_close()


def _post(url: str, body: bytes) -> tuple[int, dict[str, object]]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return reply.status, json.loads(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_local_server_answers_a_batch_and_refuses_bad_ones(url: str) -> None:
    status, body = _post(url, json.dumps([transaction(), transaction(transaction_id="b")]).encode())
    assert status == 200 and len(body["predictions"]) == 2  # type: ignore[arg-type]
    assert _post(url, b"{")[0] == 400
    assert _post(url, json.dumps([transaction(amount=-3)]).encode())[0] == 422
    assert _post(url, json.dumps([transaction()] * 1001).encode())[0] == 413
