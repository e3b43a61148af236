"""Deterministic fake outputs for resources and provider functions, one module per cloud.

Importing this package registers every fake. See `hap.fakes.registry` to add one.
"""

from hap.fakes import aws, azure, gcp, generic, kubernetes, openstack, pipelines, serverless
from hap.fakes.registry import (
    FakeEnv,
    InvokeFake,
    ResourceFake,
    fake_invoke,
    fake_resource,
    invoke_fake,
    merge_outputs,
    package_fake,
    registered_resource_types,
    resource_fake,
)

__all__ = [
    "FakeEnv",
    "InvokeFake",
    "ResourceFake",
    "aws",
    "azure",
    "fake_invoke",
    "fake_resource",
    "gcp",
    "generic",
    "invoke_fake",
    "kubernetes",
    "merge_outputs",
    "openstack",
    "package_fake",
    "pipelines",
    "registered_resource_types",
    "resource_fake",
    "serverless",
]
