"""Rules of the `endpoints` entries that the shape alone cannot say: limits of the cloud
each endpoint runs on. Called from `hybrid_ai_platform.validation.check_environment`; yields
`Problem`s (path + message), never raises. Pure: no Pulumi import.
"""

from __future__ import annotations

from collections.abc import Iterator

from hybrid_ai_platform.endpoints.plan import AZURE_HTTP_TIMEOUT_SECONDS, FLEX_INSTANCE_MEMORY_MB
from hybrid_ai_platform.problems import Path, Problem
from hybrid_ai_platform.spec import Endpoint


def check_endpoint(path: Path, endpoint: Endpoint) -> Iterator[Problem]:
    """Every problem of one `endpoints[i]` entry at `path`."""
    if endpoint.min_instances > endpoint.max_instances:
        yield Problem(
            path + ("minInstances",),
            f"found {endpoint.min_instances}; must be at most maxInstances "
            f"({endpoint.max_instances})",
        )
    if endpoint.cloud == "azure":
        yield from _check_azure(path, endpoint)


def _check_azure(path: Path, endpoint: Endpoint) -> Iterator[Problem]:
    if endpoint.memory_mb not in FLEX_INSTANCE_MEMORY_MB:
        sizes = ", ".join(str(size) for size in FLEX_INSTANCE_MEMORY_MB)
        yield Problem(
            path + ("memoryMb",),
            f"found {endpoint.memory_mb}; Azure Functions Flex Consumption instances have "
            f"{sizes} MB",
        )
    if endpoint.timeout_seconds > AZURE_HTTP_TIMEOUT_SECONDS:
        yield Problem(
            path + ("timeoutSeconds",),
            f"found {endpoint.timeout_seconds}; at most {AZURE_HTTP_TIMEOUT_SECONDS} on azure "
            "(the front end ends an HTTP request after 230 s whatever the function's timeout)",
        )
