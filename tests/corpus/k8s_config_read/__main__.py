"""A job that reads an existing ConfigMap (`.get`) and mounts it."""

import pulumi
import pulumi_kubernetes as k8s

settings = k8s.core.v1.ConfigMap.get("settings", "platform/settings")
job = k8s.batch.v1.Job(
    "migrate",
    metadata={"namespace": "platform"},
    spec={
        "backoff_limit": 2,
        "template": {
            "spec": {
                "restart_policy": "Never",
                "containers": [{"name": "migrate", "image": "ghcr.io/acme/migrate:2.0"}],
                "volumes": [{"name": "settings", "config_map": {"name": settings.metadata.name}}],
            }
        },
    },
)

pulumi.export("settingsName", settings.metadata.name)
pulumi.export("jobName", job.metadata.name)
