"""The package's provider: Pulumi's component provider over `COMPONENTS`, the schema it
serves (`provider/schema.json`, committed), and the one thing it does differently.

`provider/__main__.py` serves it (`pulumi.provider.main`, as `component_provider_host`
does). `python -m hybrid_ai_platform.package.provider` rewrites the committed schema
(`make package-schema`); `tests/package` fails while the two differ.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pulumi
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.provider import ConstructResult
from pulumi.provider.server import ComponentInitError

from hybrid_ai_platform.package import clusters, endpoints, pipelines
from hybrid_ai_platform.package.component import PACKAGE

# The package's version, in its schema and generated SDKs: bump it with every change of
# the schema a consumer would notice.
VERSION = "0.2.0"
SCHEMA_FILE = Path(__file__).parents[3] / "provider" / "schema.json"
COMPONENTS = (*clusters.COMPONENTS, *endpoints.COMPONENTS, *pipelines.COMPONENTS)


class HybridProvider(ComponentProvider):
    """Pulumi's `ComponentProvider`, except that a definition problem (the components raise
    `pulumi.InputPropertiesError`) reaches the engine as errors on the properties that
    caused them. The SDK wraps every exception of a component's constructor, so the server
    would report it as a crash with this package's traceback instead."""

    def construct(
        self,
        name: str,
        resource_type: str,
        inputs: pulumi.Inputs,
        options: pulumi.ResourceOptions | None = None,
    ) -> ConstructResult:
        try:
            return super().construct(name, resource_type, inputs, options)
        except ComponentInitError as error:
            if isinstance(error.inner, pulumi.InputPropertiesError):
                raise error.inner from None
            raise


def hybrid_provider() -> HybridProvider:
    return HybridProvider(list(COMPONENTS), PACKAGE, None, VERSION)


def schema() -> dict[str, Any]:
    """The package schema, as `pulumi package get-schema provider` would print it."""
    text = hybrid_provider().schema
    assert text is not None
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema_text() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text())
    print(f"wrote {SCHEMA_FILE}", file=sys.stderr)
