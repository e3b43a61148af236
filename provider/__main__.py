"""The plugin's entry point: serve the package `hybrid` to the Pulumi engine.

What `component_provider_host` does (its gRPC server, `pulumi.provider.main`), with the
provider of `hybrid_ai_platform.package.provider`, which reports definition problems as property
errors. The components and the schema live there, importable and tested.
"""

import sys

from pulumi.provider import main

from hybrid_ai_platform.package.provider import hybrid_provider

if __name__ == "__main__":
    main(hybrid_provider(), sys.argv[1:])
