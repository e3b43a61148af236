"""Names the NVIDIA stack and Kubernetes agree on, and the one way to tolerate a taint:
shared by the cluster plans, the in-cluster GPU stack, the autoscaler tags and the output
contract, so they cannot drift apart. Pure: standard library only."""

from __future__ import annotations

from typing import Final

# The extended resource the NVIDIA device plugin advertises and pods request.
GPU_RESOURCE: Final = "nvidia.com/gpu"
# Read by the NVIDIA GPU operator: the device-plugin ConfigMap entry for the node's pool.
DEVICE_PLUGIN_CONFIG_LABEL: Final = "nvidia.com/device-plugin.config"


def toleration(key: str, value: str, effect: str) -> dict[str, str]:
    """The Kubernetes toleration (wire form) that matches exactly this taint: `Equal` to
    its value, or `Exists` for a taint without one (which `Equal` with "" also matches,
    but `Exists` is how Kubernetes documents it)."""
    if value:
        return {"key": key, "operator": "Equal", "value": value, "effect": effect}
    return {"key": key, "operator": "Exists", "effect": effect}
