"""Kubeconfig documents. Pure: no Pulumi import.

Every kubeconfig here authenticates with a short-lived token from the cloud's own CLI
(client-go's `exec` credential plugin), never with a stored credential: the document
names a cluster and how to log in, and holds no secret itself. It is still handled as a
Pulumi secret end to end, because it maps the private network and the cloud account.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"
# kubelogin's login mode for the Azure CLI's own session: works on a laptop after
# `az login` and in CI after the `azure/login` OIDC step, without a browser prompt.
AZURE_CLI_LOGIN = "azurecli"


def exec_kubeconfig(
    name: str,
    server: str,
    certificate_authority_data: str,
    command: str,
    args: Sequence[str],
    install_hint: str,
    provide_cluster_info: bool = False,
) -> str:
    """A single-cluster kubeconfig whose user runs `command args...` for a token. Without
    `certificate_authority_data` the server's certificate is checked against the system's
    trusted roots."""
    cluster: dict[str, str] = {"server": server}
    if certificate_authority_data:
        cluster["certificate-authority-data"] = certificate_authority_data
    document = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": name, "cluster": cluster}],
        "contexts": [{"name": name, "context": {"cluster": name, "user": name}}],
        "current-context": name,
        "preferences": {},
        "users": [
            {
                "name": name,
                "user": {
                    "exec": {
                        "apiVersion": EXEC_API_VERSION,
                        "command": command,
                        "args": list(args),
                        "installHint": install_hint,
                        "interactiveMode": "Never",
                        "provideClusterInfo": provide_cluster_info,
                    }
                },
            }
        ],
    }
    return yaml.safe_dump(document, sort_keys=False)


def eks_kubeconfig(cluster_name: str, region: str, endpoint: str, ca_data: str) -> str:
    """`aws eks get-token`: the caller's AWS identity, mapped by the cluster's access
    entries."""
    return exec_kubeconfig(
        cluster_name,
        endpoint,
        ca_data,
        "aws",
        [
            "eks",
            "get-token",
            "--cluster-name",
            cluster_name,
            "--region",
            region,
            "--output",
            "json",
        ],
        "Install the AWS CLI v2: https://docs.aws.amazon.com/cli/latest/userguide/"
        "getting-started-install.html",
    )


def gke_kubeconfig(context_name: str, endpoint: str, ca_data: str) -> str:
    """`gke-gcloud-auth-plugin`, the only supported GKE credential plugin since 1.26."""
    return exec_kubeconfig(
        context_name,
        f"https://{endpoint}",
        ca_data,
        "gke-gcloud-auth-plugin",
        [],
        "Install gke-gcloud-auth-plugin: `gcloud components install gke-gcloud-auth-plugin` "
        "(https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl)",
        provide_cluster_info=True,
    )


def with_azure_cli_login(kubeconfig: str) -> str:
    """The AKS user kubeconfig (format `exec`) logging in through the Azure CLI.

    AKS returns a `kubelogin get-token ... --login devicecode` user, which would wait for
    someone to type a code in a browser; this is what `kubelogin convert-kubeconfig -l
    azurecli` does to it. Users without a kubelogin exec section are left alone.
    """
    document: dict[str, Any] = yaml.safe_load(kubeconfig)
    for user in document.get("users") or []:
        exec_section = (user.get("user") or {}).get("exec")
        if not exec_section or exec_section.get("command") != "kubelogin":
            continue
        args = list(exec_section.get("args") or [])
        if "--login" in args and args.index("--login") + 1 < len(args):
            args[args.index("--login") + 1] = AZURE_CLI_LOGIN
        else:
            args += ["--login", AZURE_CLI_LOGIN]
        exec_section["args"] = args
    return yaml.safe_dump(document, sort_keys=False)
