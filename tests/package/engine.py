"""The engine's side of a multi-language component, for tests: what the Pulumi CLI does
when a program declares a package resource, minus the CLI.

The plugin runs as the CLI runs it: `provider/__main__.py` in its own process, in the
plugin's folder, given the engine's address; it prints its port and serves the provider
protocol over gRPC. This stand-in serves the engine and the resource monitor the plugin
calls back (the monitor is `hap`'s recording mock, so the plugin's registrations become a
`Plan`), registers the program's stack, and sends `GetSchema` and `Construct` requests as
the engine would, with a program's literal properties encoded as the engine encodes them.

Not done here: the YAML language host's evaluation of the program (only literal properties
are supported) and the CLI's making of the plugin's virtualenv (this venv is used).
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from concurrent import futures
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2, struct_pb2
from pulumi.runtime import rpc
from pulumi.runtime.proto import (
    engine_pb2,
    engine_pb2_grpc,
    provider_pb2,
    provider_pb2_grpc,
    resource_pb2,
    resource_pb2_grpc,
)

from hap.monitor import RecordingMonitor
from hap.plan import Plan

REPOSITORY = Path(__file__).parents[2]
PLUGIN_DIR = REPOSITORY / "provider"
# A preview: what `pulumi preview` sends (`dryRun`), with the CLI's default parallelism.
PARALLEL = 16


class _Engine(engine_pb2_grpc.EngineServicer):
    """Keeps the plugin's log messages; knows the stack, the root of every resource."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.logs: list[str] = []

    def Log(self, request: Any, context: Any) -> empty_pb2.Empty:
        self.logs.append(request.message)
        return empty_pb2.Empty()

    def GetRootResource(self, request: Any, context: Any) -> Any:
        return engine_pb2.GetRootResourceResponse(urn=self.root)

    def SetRootResource(self, request: Any, context: Any) -> Any:
        return engine_pb2.SetRootResourceResponse()


def _monitor_servicer(monitor: RecordingMonitor) -> resource_pb2_grpc.ResourceMonitorServicer:
    """Every ResourceMonitor RPC the mock monitor answers, served over gRPC."""

    def forward(name: str) -> Any:
        return lambda self, request, context: getattr(monitor, name)(request)

    rpcs = inspect.getmembers(resource_pb2_grpc.ResourceMonitorServicer, inspect.isfunction)
    methods = {name: forward(name) for name, _ in rpcs if hasattr(monitor, name)}
    servicer_type = type("Monitor", (resource_pb2_grpc.ResourceMonitorServicer,), methods)
    servicer: resource_pb2_grpc.ResourceMonitorServicer = servicer_type()
    return servicer


class EngineStandIn:
    """One deployment (project, stack, config) with the plugin started for it."""

    def __init__(
        self,
        project: str,
        stack: str,
        config: dict[str, str],
        address: str,
        plugin: provider_pb2_grpc.ResourceProviderStub,
        monitor: RecordingMonitor,
        engine: _Engine,
    ) -> None:
        self.project = project
        self.stack = stack
        self.config = config
        self.address = address
        self.plugin = plugin
        self.monitor = monitor
        self.engine = engine

    def get_schema(self) -> str:
        """What `pulumi package get-schema` prints."""
        response = self.plugin.GetSchema(provider_pb2.GetSchemaRequest(version=0))
        schema: str = response.schema
        return schema

    def construct(self, name: str, type_: str, properties: dict[str, Any]) -> Any:
        """The Construct request for a program's resource with literal `properties`;
        raises `grpc.RpcError` as the engine would receive it."""
        expression = _first_expression(properties)
        if expression is not None:
            raise ValueError(
                f"only literal properties; evaluating {expression!r} is the YAML host's work"
            )
        inputs = struct_pb2.Struct()
        inputs.update(properties)
        request = provider_pb2.ConstructRequest(
            project=self.project,
            stack=self.stack,
            config=self.config,
            dryRun=True,
            parallel=PARALLEL,
            monitorEndpoint=self.address,
            type=type_,
            name=name,
            parent=self.engine.root,
            inputs=inputs,
            organization="organization",
        )
        return self.plugin.Construct(request, timeout=120)

    def plan(self) -> Plan:
        return self.monitor.plan(self.config)


def _first_expression(value: Any) -> str | None:
    """A Pulumi YAML interpolation (`${...}`) or function (`fn::...`) in `value`, if any."""
    if isinstance(value, str):
        return value if "${" in value else None
    if isinstance(value, dict):
        functions = [key for key in value if key.startswith("fn::")]
        if functions:
            return str(functions[0])
        value = list(value.values())
    if isinstance(value, list):
        return next((found for item in value if (found := _first_expression(item))), None)
    return None


@contextmanager
def engine_with_plugin(project: str, stack: str, config: dict[str, str]) -> Iterator[EngineStandIn]:
    monitor = RecordingMonitor(project, stack, config, REPOSITORY)
    root = monitor.RegisterResource(
        resource_pb2.RegisterResourceRequest(type="pulumi:pulumi:Stack", name=f"{project}-{stack}")
    ).urn
    engine = _Engine(root)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    resource_pb2_grpc.add_ResourceMonitorServicer_to_server(_monitor_servicer(monitor), server)
    engine_pb2_grpc.add_EngineServicer_to_server(engine, server)
    address = f"127.0.0.1:{server.add_insecure_port('127.0.0.1:0')}"
    server.start()
    # This checkout's packages, as the plugin's venv (`-e ..[platform]`) would hold them.
    paths = [str(REPOSITORY), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    plugin = subprocess.Popen(
        [sys.executable, "__main__.py", address],
        cwd=PLUGIN_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert plugin.stdout is not None
        port = int(plugin.stdout.readline())
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        stub = provider_pb2_grpc.ResourceProviderStub(channel)
        yield EngineStandIn(project, stack, config, address, stub, monitor, engine)
        channel.close()
    finally:
        plugin.terminate()
        plugin.wait(timeout=30)
        server.stop(None)


def construct_each(
    project: str, components: Mapping[str, tuple[str, dict[str, Any]]]
) -> tuple[Plan, dict[str, dict[str, Any]]]:
    """One preview through the plugin of each component, `name: (type, properties)`, with
    default providers off as the package's programs run: the plan and each one's state."""
    config = {"pulumi:disable-default-providers": '["*"]'}
    states = {}
    with engine_with_plugin(project, "dev", config) as engine:
        for name, (type_, properties) in components.items():
            response = engine.construct(name, type_, properties)
            states[name] = rpc.deserialize_properties(response.state, keep_unknowns=True)
        return engine.plan(), states
