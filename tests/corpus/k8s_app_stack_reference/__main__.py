"""A team's app on a cluster another stack owns: the kubeconfig comes by stack reference."""

import pulumi
import pulumi_kubernetes as k8s

config = pulumi.Config()
platform = pulumi.StackReference(config.require("clusterStack"))
provider = k8s.Provider("cluster", kubeconfig=platform.require_output("kubeconfig"))
opts = pulumi.ResourceOptions(provider=provider)

namespace = k8s.core.v1.Namespace("team", metadata={"labels": {"team": "fraud"}}, opts=opts)
labels = {"app": "scorer"}
deployment = k8s.apps.v1.Deployment(
    "scorer",
    metadata={"namespace": namespace.metadata.name, "labels": labels},
    spec={
        "replicas": 2,
        "selector": {"match_labels": labels},
        "template": {
            "metadata": {"labels": labels},
            "spec": {"containers": [{"name": "scorer", "image": "ghcr.io/acme/scorer:1.4.0"}]},
        },
    },
    opts=opts,
)
service = k8s.core.v1.Service(
    "scorer",
    metadata={"namespace": namespace.metadata.name, "labels": labels},
    spec={"selector": labels, "ports": [{"port": 80, "target_port": 8080}]},
    opts=opts,
)

pulumi.export("namespace", namespace.metadata.name)
pulumi.export("service", service.metadata.name)
