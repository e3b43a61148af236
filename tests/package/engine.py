"""The engine's side of a multi-language component, for tests: what the Pulumi CLI does
when a program declares a package resource, minus the CLI.

The plugin runs as the CLI runs it: `provider/__main__.py` in its own process, in the
plugin's folder, given the engine's address; it prints its port and serves the provider
protocol over gRPC. This stand-in serves the engine and the resource monitor the plugin
calls back (the monitor is `hap`'s recording mock, so the plugin's registrations become a
`Plan`), registers the program's stack, and sends `GetSchema` and `Construct` requests as
the engine would, with a program's literal properties encoded as the engine encodes them.

What differs from the CLI: the CLI starts the plugin anew for each deployment (each
`pulumi preview`); here one plugin process serves every deployment of the test session,
one after another, because each new process imports the SDK and the cloud provider SDKs
again (most of what a preview through it costs). Each deployment still has its own
project, stack, config, stack resource, engine log and resource monitor (served at an
address of its own, named in its Construct requests as the CLI names it). That is sound
because the SDK's `Construct` (`pulumi.provider.server`) resets the runtime from each
request (project, stack, monitor address, dry run, parallelism; the root resource; the
config and its secret keys) and waits for the RPCs it started before it answers. The one
address the plugin keeps is the engine's, given at start: the engine here answers for
whichever deployment is running. `test_shared_plugin.py` checks that deployments do not
mix.

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
    """The engine at the address the plugin was started with. The SDK hands that address to
    every Construct, so it answers for the deployment running now and refuses a call
    outside any (as the CLI's engine is gone once its deployment ends)."""

    def __init__(self) -> None:
        self.running: EngineStandIn | None = None

    def _deployment(self, context: Any) -> EngineStandIn:
        running = self.running
        if running is None:
            context.abort(grpc.StatusCode.FAILED_PRECONDITION, "no deployment is running")
        assert running is not None
        return running

    def Log(self, request: Any, context: Any) -> empty_pb2.Empty:
        self._deployment(context).logs.append(request.message)
        return empty_pb2.Empty()

    def GetRootResource(self, request: Any, context: Any) -> Any:
        return engine_pb2.GetRootResourceResponse(urn=self._deployment(context).root)

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
    """One deployment (project, stack, config) through the plugin: its resource monitor (at
    `address`), its stack resource (`root`) and the plugin's log messages to it."""

    def __init__(
        self,
        project: str,
        stack: str,
        config: dict[str, str],
        address: str,
        plugin: provider_pb2_grpc.ResourceProviderStub,
        monitor: RecordingMonitor,
        root: str,
    ) -> None:
        self.project = project
        self.stack = stack
        self.config = config
        self.address = address
        self.plugin = plugin
        self.monitor = monitor
        self.root = root
        self.logs: list[str] = []

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
            parent=self.root,
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


class Plugin:
    """The package's plugin process, started as the CLI starts it, with the engine it
    calls back: serves one deployment at a time."""

    def __init__(
        self,
        process: subprocess.Popen[str],
        stub: provider_pb2_grpc.ResourceProviderStub,
        engine: _Engine,
    ) -> None:
        self._process = process
        self._stub = stub
        self._engine = engine

    @contextmanager
    def deployment(
        self, project: str, stack: str, config: dict[str, str]
    ) -> Iterator[EngineStandIn]:
        """A deployment of its own: a fresh monitor at a fresh address, so an RPC the
        plugin still sends for an earlier deployment can never reach this one's plan."""
        if self._engine.running is not None:
            raise RuntimeError("one deployment at a time: the plugin has one engine address")
        if (code := self._process.poll()) is not None:
            raise RuntimeError(f"the plugin exited with status {code}")
        monitor = RecordingMonitor(project, stack, config, REPOSITORY)
        root = monitor.RegisterResource(
            resource_pb2.RegisterResourceRequest(
                type="pulumi:pulumi:Stack", name=f"{project}-{stack}"
            )
        ).urn
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        resource_pb2_grpc.add_ResourceMonitorServicer_to_server(_monitor_servicer(monitor), server)
        address = f"127.0.0.1:{server.add_insecure_port('127.0.0.1:0')}"
        server.start()
        deployment = EngineStandIn(project, stack, config, address, self._stub, monitor, root)
        self._engine.running = deployment
        try:
            yield deployment
        finally:
            self._engine.running = None
            server.stop(None)


@contextmanager
def running_plugin() -> Iterator[Plugin]:
    """The plugin started as the CLI starts it, stopped on leaving."""
    engine = _Engine()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    engine_pb2_grpc.add_EngineServicer_to_server(engine, server)
    address = f"127.0.0.1:{server.add_insecure_port('127.0.0.1:0')}"
    server.start()
    # This checkout's packages, as the plugin's venv (`-e ..[platform]`) would hold them.
    paths = [str(REPOSITORY), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    process = subprocess.Popen(
        [sys.executable, "__main__.py", address],
        cwd=PLUGIN_DIR,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield Plugin(process, provider_pb2_grpc.ResourceProviderStub(channel), engine)
    finally:
        process.terminate()
        process.wait(timeout=30)
        server.stop(None)


def construct_each(
    plugin: Plugin, project: str, components: Mapping[str, tuple[str, dict[str, Any]]]
) -> tuple[Plan, dict[str, dict[str, Any]]]:
    """One preview through the plugin of each component, `name: (type, properties)`, with
    default providers off as the package's programs run: the plan and each one's state."""
    config = {"pulumi:disable-default-providers": '["*"]'}
    states = {}
    with plugin.deployment(project, "dev", config) as engine:
        for name, (type_, properties) in components.items():
            response = engine.construct(name, type_, properties)
            states[name] = rpc.deserialize_properties(response.state, keep_unknowns=True)
        return engine.plan(), states
