"""Which resource types carry tags (labels), and in which property, read from the SDKs.

A rule that requires tags must also catch a resource that has none at all, so it cannot
rely on the tag property being present: the provider SDK's own `<Type>Args` says whether
a type accepts `tags` (AWS, Azure, OpenStack), `labels` or `resourceLabels` (GCP). No
hand-written list to fall behind the providers: an ECS service, a load balancer, a
Redshift cluster or a Cloud Function is taggable because its SDK says so.

Where the SDK is not importable (the pack installed without the provider packages), a
resource is checked when it sets the property, as before: nothing is invented.
"""

from __future__ import annotations

import functools
import importlib
import inspect

# Python argument -> property on the wire, per package, in the order they are tried. Google
# resources keep labels in `labels` (GKE clusters: `resource_labels`); their `tags` are
# network tags, not labels.
_TAG_ARGUMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "gcp": (("labels", "labels"), ("resource_labels", "resourceLabels")),
}
_DEFAULT_TAG_ARGUMENTS = (("tags", "tags"),)


@functools.cache
def tag_property(resource_type: str) -> str | None:
    """The input property that holds a type's tags or labels, per its SDK; None when the
    type takes none, or its SDK is not installed."""
    args_class = _args_class(resource_type)
    if args_class is None:
        return None
    try:
        parameters = inspect.signature(args_class).parameters
    except (TypeError, ValueError):
        return None
    package = resource_type.split(":", 1)[0]
    for argument, wire in _TAG_ARGUMENTS.get(package, _DEFAULT_TAG_ARGUMENTS):
        if argument in parameters:
            return wire
    return None


def _args_class(resource_type: str) -> type | None:
    """`aws:ecs/service:Service` -> `pulumi_aws.ecs.ServiceArgs`;
    `azure-native:network:VirtualNetwork` -> `pulumi_azure_native.network.VirtualNetworkArgs`."""
    parts = resource_type.split(":")
    if len(parts) != 3:
        return None
    package, module, member = parts
    path = module.split("/")
    if len(path) > 1 and path[-1].lower() == member.lower():
        path = path[:-1]
    if path == ["index"]:
        path = []
    name = ".".join(["pulumi_" + package.replace("-", "_"), *path])
    try:
        sdk_module = importlib.import_module(name)
    except ImportError:
        return None
    found = getattr(sdk_module, f"{member}Args", None)
    return found if isinstance(found, type) else None


# Kubernetes: every API object has metadata.labels; these types are not API objects.
KUBERNETES_NOT_OBJECTS = ("kubernetes:helm.sh/", "kubernetes:yaml/", "kubernetes:kustomize/")


def is_kubernetes_object(resource_type: str) -> bool:
    return resource_type.startswith("kubernetes:") and not resource_type.startswith(
        KUBERNETES_NOT_OBJECTS
    )
