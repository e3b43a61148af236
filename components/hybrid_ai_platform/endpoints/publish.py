"""What the deploy step publishes to Azure Functions after `pulumi up`.

pulumi-azure-native cannot upload a Flex Consumption app's code package: its `Blob` writes
only with an account key (pulumi/pulumi-azure-native#2015), and the app's storage account
refuses shared keys (`components/hybrid_ai_platform/endpoints/azure_functions.py`). So the
deploy workflow publishes each Azure endpoint's bundle with the deployer's Entra identity:

    python -m hybrid_ai_platform.endpoints.publish <stack> <out-dir>
        -> one line per Azure endpoint: <resource group> <function app> <zip path>
    az functionapp deploy --resource-group <rg> --name <app> --src-path <zip> --type zip

The names are the ones the component gives the resources (`EndpointPlan.name_for`), and the
zip is the workload's bundle module's reproducible archive (`build_zip`) of the same files the
preview pins by sha256. Pure apart from writing the zips: no cloud call.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.endpoints.code import TARGETS
from hybrid_ai_platform.endpoints.plan import AZURE_SITE_NAME_LIMIT, endpoint_plans

REPOSITORY = Path(__file__).parents[3]
# Azure resource group names: at most 90 characters.
RESOURCE_GROUP_NAME_LIMIT = 90


@dataclass(frozen=True)
class AzurePublication:
    """One `az functionapp deploy`: where the package goes and which file it is."""

    endpoint: str
    resource_group: str
    app_name: str
    package: Path
    sha256: str


def azure_publications(stack: str, out_dir: Path) -> list[AzurePublication]:
    """The stack's Azure endpoints, each with its code package written under `out_dir`."""
    env = load_stack_file(REPOSITORY / "stacks" / f"Pulumi.{stack}.yaml")
    publications = []
    for plan in endpoint_plans(env):
        if plan.cloud != "azure":
            continue
        package = out_dir / f"{plan.name}.zip"
        bundle = importlib.import_module(f"workloads.{plan.workload.replace('-', '_')}.bundle")
        publications.append(
            AzurePublication(
                endpoint=plan.name,
                resource_group=plan.name_for("fn-rg", max_length=RESOURCE_GROUP_NAME_LIMIT),
                app_name=plan.name_for("fn", max_length=AZURE_SITE_NAME_LIMIT),
                package=package,
                sha256=str(bundle.build_zip(TARGETS["azure"], package)),
            )
        )
    return publications


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(
            "usage: python -m hybrid_ai_platform.endpoints.publish STACK OUT_DIR", file=sys.stderr
        )
        return 2
    stack, out_dir = argv
    for publication in azure_publications(stack, Path(out_dir)):
        print(publication.resource_group, publication.app_name, publication.package)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
