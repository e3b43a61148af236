"""Lazily loaded SDK subpackages: the program sees the same classes by every import form, and
only the modules it touches are loaded. The imports run once, in a fresh interpreter shared by
the tests below, since this test process has long imported the SDKs eagerly."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from tests.fresh_runs import FreshRun, finished

PROGRAM = """
import json, sys
from hap.lazy_sdk import lazy_sdk_packages
with lazy_sdk_packages():
    import pulumi_aws as aws
    from pulumi_aws.ec2 import SecurityGroup
    import pulumi_aws.ec2.vpc as vpc_module
    aws_loaded = sorted(m for m in sys.modules if m.startswith("pulumi_aws.ec2."))
    from pulumi_aws.sqs import *  # a small subpackage: a star-import loads all of it
    import pulumi_gcp.compute as compute
    try:
        compute.NoSuchThing
        error = ""
    except AttributeError as exc:
        error = str(exc)
    # A submodule imported by name binds itself on the package; the function must win.
    import pulumi_azure_native.authorization.get_client_config
    from pulumi_azure_native import authorization
    import pulumi_kubernetes as k8s
    import pulumi_azure_native as azure
    print(json.dumps({
        "same_vpc": aws.ec2.Vpc is vpc_module.Vpc,
        "security_group": SecurityGroup.__module__,
        "subnet_loaded": "pulumi_aws.ec2.subnet" in sys.modules,
        "aws_loaded": len(aws_loaded),
        "star_queue": Queue.__name__,
        "unknown": error,
        "in_all": "Subnetwork" in compute.__all__,
        "namespace": k8s.core.v1.Namespace.__name__,
        "vnet": azure.network.VirtualNetwork.__name__,
        "vnet_args": azure.network.VirtualNetworkArgs.__name__,
        "function": callable(authorization.get_client_config),
    }))
"""
IMPORTS = FreshRun((sys.executable, "-c", PROGRAM))
FRESH_RUNS = (IMPORTS,)


@pytest.fixture(scope="module")
def seen() -> dict[str, Any]:
    done = finished(IMPORTS)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_class_loads_only_its_own_module_and_is_the_same_by_every_import_form(seen):
    assert seen["same_vpc"] is True
    assert seen["security_group"] == "pulumi_aws.ec2.security_group"
    assert seen["subnet_loaded"] is False
    # vpc, security_group and what they import (_inputs, outputs, _enums), not ~180 modules.
    assert seen["aws_loaded"] < 10


def test_star_import_and_unknown_names_behave_as_in_the_generated_package(seen):
    assert seen["star_queue"] == "Queue"
    assert seen["in_all"] is True
    assert "has no attribute 'NoSuchThing'" in seen["unknown"]


def test_kubernetes_and_azure_native_resource_classes_resolve(seen):
    assert (seen["namespace"], seen["vnet"], seen["vnet_args"]) == (
        "Namespace", "VirtualNetwork", "VirtualNetworkArgs"
    )


def test_a_function_named_like_its_module_stays_the_function(seen):
    assert seen["function"] is True
