"""Which runner deploys a stack, and how it reaches each cluster: read from the definition,
for `.github/workflows/deploy-stack.yml`.

    python -m hybrid_ai_platform.deploy_runner <stack>
        -> stdout: the deploy runner's labels as a JSON array, for
           `runs-on: ${{ fromJSON(needs.runner.outputs.labels) }}`
    python -m hybrid_ai_platform.deploy_runner <stack> --summary
        -> stdout: a Markdown table of every cluster's deploy path (the job summary)

The definition is validated first, so the workflow never deploys on a runner from a
definition that `pulumi preview` would refuse (exit 2, the same message as `hap preview`).
Needs only pydantic and PyYAML: the job that runs it has no cloud credentials.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hybrid_ai_platform.definition import load_stack_file
from hybrid_ai_platform.problems import DefinitionError
from hybrid_ai_platform.spec import Environment

REPOSITORY = Path(__file__).parents[2]

# What each path means for the runner, in the words of the job summary.
PATH_SUMMARY = {
    "runner-in-network": "runner inside the network; its ranges admitted to the private endpoint",
    "restricted-public-endpoint": "public endpoint admitting only the runner's egress ranges",
    "gke-dns-endpoint": "GKE DNS-based endpoint, authorised by IAM (no network path)",
}


def runner_labels(env: Environment) -> list[str]:
    """The `runs-on` labels of the job that deploys `env`."""
    return list(env.deploy_runner.labels)


def deploy_paths_markdown(env: Environment) -> str:
    """One row per cluster: its cloud, path and the runner ranges it admits."""
    rows = [
        f"Deploy runner: `{', '.join(env.deploy_runner.labels)}`",
        "",
        "| cluster | cloud | deploy path | runner ranges |",
        "|---|---|---|---|",
    ]
    for cluster in env.clusters:
        access = cluster.deploy_access
        if access is None:  # refused by validation; kept total for a partial definition
            continue
        ranges = ", ".join(access.runner_cidrs) or "—"
        rows.append(
            f"| {cluster.name} | {cluster.cloud} | {access.path}: {PATH_SUMMARY[access.path]} "
            f"| {ranges} |"
        )
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 2) or (len(argv) == 2 and argv[1] != "--summary"):
        print(
            "usage: python -m hybrid_ai_platform.deploy_runner STACK [--summary]",
            file=sys.stderr,
        )
        return 2
    stack_file = REPOSITORY / "stacks" / f"Pulumi.{argv[0]}.yaml"
    if not stack_file.is_file():
        print(f"error: {stack_file.relative_to(REPOSITORY)}: no such stack file", file=sys.stderr)
        return 2
    try:
        env = load_stack_file(stack_file)
    except DefinitionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if len(argv) == 2:
        sys.stdout.write(deploy_paths_markdown(env))
    else:
        print(json.dumps(runner_labels(env)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
