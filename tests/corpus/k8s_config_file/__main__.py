"""Plain manifests applied from a file in the project (yaml.ConfigFile)."""

import pulumi
import pulumi_kubernetes as k8s

manifests = k8s.yaml.ConfigFile("monitoring", file="manifests.yaml")
deployment = manifests.get_resource("apps/v1/Deployment", "exporter", "monitoring")

pulumi.export("image", deployment.spec.template.spec.containers[0].image)
