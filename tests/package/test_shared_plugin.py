"""One plugin process serves every deployment of the session (`engine.py`): the same
component, constructed first in one deployment and then in another with a different
project, stack and config, gives each deployment only its own resources and log messages,
and the second the plan the first got, renamed.

The SDK resets the plugin's runtime from each Construct request (its project, stack,
config and monitor address); the components read none of these, so what a leak would
change, and what these tests look at, is where the plugin registers and logs."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from pulumi.runtime.proto import resource_pb2, resource_pb2_grpc

from hap.plan import Plan
from tests.package import test_endpoints
from tests.package.engine import EngineStandIn, Plugin

NAME = "score"
TYPE, PROPERTIES = test_endpoints.RESOURCES[NAME]
FIRST = ("shared-plugin-one", "first", {"pulumi:disable-default-providers": '["*"]'})
SECOND = ("shared-plugin-two", "second", {"pulumi:disable-default-providers": '["aws"]'})
URN = re.compile(r"urn:pulumi:[^\s,]+")


@dataclass(frozen=True)
class Deployment:
    engine: EngineStandIn
    # The component's URN, as Construct returned it.
    urn: str
    plan: Plan


@pytest.fixture(scope="module")
def deployments(plugin: Plugin) -> tuple[Deployment, Deployment]:
    done = []
    for project, stack, config in (FIRST, SECOND):
        with plugin.deployment(project, stack, config) as engine:
            response = engine.construct(NAME, TYPE, PROPERTIES)
            done.append(Deployment(engine, response.urn, engine.plan()))
    first, second = done
    return first, second


def prefix(engine: EngineStandIn) -> str:
    return f"urn:pulumi:{engine.stack}::{engine.project}::"


def test_each_deployment_holds_only_its_own_resources(
    deployments: tuple[Deployment, Deployment],
) -> None:
    for deployment in deployments:
        plan, engine = deployment.plan, deployment.engine
        assert (plan.project, plan.stack) == (engine.project, engine.stack)
        assert all(r.urn.startswith(prefix(engine)) for r in plan.resources)
        (top,) = plan.of_type(TYPE)
        assert top.urn == deployment.urn
        assert top.parent == engine.root == plan.stack_urn
        assert len(plan.resources) > 10


def test_the_second_deployment_plans_what_the_first_did(
    deployments: tuple[Deployment, Deployment],
) -> None:
    first, second = deployments
    renamed = (
        json.dumps(first.plan.to_json())
        .replace(prefix(first.engine), prefix(second.engine))
        .replace(
            f"{first.engine.project}-{first.engine.stack}",
            f"{second.engine.project}-{second.engine.stack}",
        )
        .replace(f'"project": "{first.engine.project}"', f'"project": "{second.engine.project}"')
        .replace(f'"stack": "{first.engine.stack}"', f'"stack": "{second.engine.stack}"')
    )
    assert json.loads(renamed) == second.plan.to_json()


def test_the_plugins_log_messages_reach_their_own_deployment(
    deployments: tuple[Deployment, Deployment],
) -> None:
    for deployment in deployments:
        logs = deployment.engine.logs
        urns = [urn for message in logs for urn in URN.findall(message)]
        assert deployment.urn in urns
        assert all(urn.startswith(prefix(deployment.engine)) for urn in urns)
        registering = [m for m in logs if m.startswith("registering resource: ")]
        # Every resource but the stack, which the engine registers.
        assert len(registering) == len(deployment.plan.resources) - 1


def test_a_finished_deployments_monitor_answers_no_more(
    deployments: tuple[Deployment, Deployment],
) -> None:
    """What the plugin might still send for a deployment after it ended cannot reach the
    plan of the one running next: each has a monitor address of its own."""
    first = deployments[0].engine
    with grpc.insecure_channel(first.address) as channel:
        monitor = resource_pb2_grpc.ResourceMonitorStub(channel)
        request = resource_pb2.RegisterResourceRequest(type=TYPE, name="late", parent=first.root)
        with pytest.raises(grpc.RpcError) as raised:
            monitor.RegisterResource(request, timeout=5)
    error: Any = raised.value
    assert error.code() == grpc.StatusCode.UNAVAILABLE


def test_deployments_run_one_at_a_time(plugin: Plugin) -> None:
    """The plugin knows one engine address, so two deployments at once would share a log."""
    with (
        plugin.deployment(*FIRST),
        pytest.raises(RuntimeError, match="one deployment at a time"),
        plugin.deployment(*SECOND),
    ):
        pass
