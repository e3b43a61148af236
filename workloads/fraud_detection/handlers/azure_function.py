"""Azure Functions adapter, Python v2 programming model (shipped as `function_app.py`).

One HTTP trigger, POST /api/predict. Its auth level comes from the app setting
`FRAUD_HTTP_AUTH_LEVEL`: `function` (a function key, the default) or `anonymous`, which
the endpoint component sets only for `public: true` or when Entra ID authentication
(App Service authentication) guards the app in front of the function.
"""

from __future__ import annotations

import os

import azure.functions as func

from workloads.fraud_detection.handlers.core import handle

AUTH_LEVELS = {"function": func.AuthLevel.FUNCTION, "anonymous": func.AuthLevel.ANONYMOUS}


def auth_level() -> func.AuthLevel:
    name = os.environ.get("FRAUD_HTTP_AUTH_LEVEL", "function")
    if name not in AUTH_LEVELS:
        # Refusing to start beats serving with an auth level nobody chose.
        raise ValueError(f"FRAUD_HTTP_AUTH_LEVEL={name!r}: use one of {sorted(AUTH_LEVELS)}")
    return AUTH_LEVELS[name]


app = func.FunctionApp(http_auth_level=auth_level())


def predict(req: func.HttpRequest) -> func.HttpResponse:
    response = handle(req.method, req.get_body())
    return func.HttpResponse(
        response.text(), status_code=response.status, headers=response.headers
    )


# Registered by call rather than as a decorator so `predict` stays a plain, typed function.
app.route(route="predict", methods=[func.HttpMethod.POST])(predict)
