"""Which Python each cloud runs an endpoint on, from each vendor's published calendar.

One Python for every cloud, so the handler, its tests and the model are the same wherever
an endpoint runs. 3.12 is the newest version all three offer with support that outlasts
this program's next two years (read 2026-12-01):

- AWS Lambda `python3.12`: deprecated 2028-10-31, creation blocked 2028-11-30, updates
  blocked 2029-01-10 (https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html).
- Azure Functions Python 3.12 on Flex Consumption: end of support follows Python's own end
  of life, 2028-10 (https://learn.microsoft.com/azure/azure-functions/language-support-policy,
  https://peps.python.org/pep-0693/).
- Cloud Run functions `python312` (google-22 stack): GA; Google stops supporting a language
  version when its community does ("Runtime support"), and Python 3.12's end of life is
  2028-10 (PEP 693). The same calendar gives python314 2030-10-10
  (https://cloud.google.com/run/docs/runtimes/python).

Pure: no Pulumi import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from hybrid_ai_platform.spec import PublicCloud


@dataclass(frozen=True)
class Runtime:
    # The identifier the cloud's API takes (`runtime`, `functionAppConfig.runtime`).
    identifier: str
    # `major.minor`, for wheels built for the target (`--python-version`).
    python: str
    # When the vendor stops supporting it (deprecation / end of support), ISO date or month
    # as the vendor publishes it.
    supported_until: str
    source: str


PYTHON: Final = "3.12"

RUNTIMES: Final[dict[PublicCloud, Runtime]] = {
    "aws": Runtime(
        "python3.12",
        PYTHON,
        "2028-10-31",
        "https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html",
    ),
    "azure": Runtime(
        "python",
        PYTHON,
        "2028-10",
        "https://learn.microsoft.com/azure/azure-functions/language-support-policy",
    ),
    "gcp": Runtime(
        "python312",
        PYTHON,
        "2028-10",
        "https://cloud.google.com/run/docs/runtimes/python",
    ),
}


def runtime_for(cloud: PublicCloud) -> Runtime:
    return RUNTIMES[cloud]
