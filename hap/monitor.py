"""A Pulumi resource monitor that records every request and answers with deterministic fakes.

It replaces `MockMonitor`'s request handlers (not the `Mocks` interface, which never sees
parents, dependencies or options) and returns REAL engine URNs, so parent references, alias
URNs and `resource.urn` outputs in the program are the ones `pulumi preview` would show.

The SDK calls the monitor from executor threads: every write goes through one lock.
"""

from __future__ import annotations

import functools
import json
import threading
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from google.protobuf import empty_pb2, struct_pb2  # type: ignore[import-untyped]
from pulumi.runtime.mocks import MockMonitor, Mocks
from pulumi.runtime.proto import resource_pb2

from hap import wire
from hap.approximations import (
    STACK_REFERENCE_TYPE,
    StackReferenceRead,
    invoke_approximations,
    read_approximations,
    referenced_stack,
    remote_component_approximations,
    stack_reference_approximations,
)
from hap.fakes import FakeEnv, fake_resource, merge_outputs
from hap.fakes.derived import derived_outputs, location_for, project_for
from hap.fakes.registry import answer_invoke, decode_provider_inputs
from hap.plan import (
    PROVIDER_TYPE_PREFIX,
    ROOT_STACK_TYPE,
    UNKNOWN,
    InvokeCall,
    Plan,
    PlannedResource,
    Secret,
    engine_urn,
)

_GET_RESOURCE = "pulumi:pulumi:getResource"


class RejectedByEngine(Exception):
    """A request the Pulumi engine would refuse (duplicate URN, disabled default provider).

    `source` is where the program made it (file inside the project, line), if known.
    """

    def __init__(self, message: str, source: tuple[Path, int] | None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source


class _UnusedMocks(Mocks):
    """`MockMonitor` wants a `Mocks`; the recording monitor answers every request itself."""

    def call(self, args: Any) -> tuple[dict[Any, Any], None]:
        raise NotImplementedError("RecordingMonitor answers invokes itself")

    def new_resource(self, args: Any) -> tuple[str, dict[Any, Any]]:
        raise NotImplementedError("RecordingMonitor answers registrations itself")


@dataclass
class _Registration:
    urn: str
    type: str
    name: str
    custom: bool
    parent: str | None
    dependencies: tuple[str, ...]
    property_dependencies: dict[str, tuple[str, ...]]
    provider: str | None
    protect: bool
    retain_on_delete: bool
    delete_before_replace: bool
    ignore_changes: tuple[str, ...]
    additional_secret_outputs: tuple[str, ...]
    aliases: tuple[str, ...]
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    id: str | None
    external: bool = False
    source_position: str | None = None
    remote: bool = False
    # A read whose state came from the SDK's declared outputs, not a hand-written fake.
    derived_outputs: bool = False
    # What the program got back, for `pulumi:pulumi:getResource` (resource references).
    wire_outputs: struct_pb2.Struct = field(default_factory=struct_pb2.Struct)


class RecordingMonitor(MockMonitor):
    """Records registrations, outputs, reads and invokes of one program run."""

    def __init__(
        self,
        project: str,
        stack: str,
        config: Mapping[str, str],
        project_dir: Path,
        stack_outputs: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(_UnusedMocks())
        self.project_dir = project_dir
        self.project = project
        self.stack = stack
        self.config = dict(config)
        self.stack_outputs = dict(stack_outputs or {})
        self._lock = threading.Lock()
        self._registrations: dict[str, _Registration] = {}
        self._registered_outputs: dict[str, dict[str, Any]] = {}
        self._invokes: list[InvokeCall] = []
        self._provider_inputs: dict[str, dict[str, Any]] = {}
        self._disabled_default_providers = _disabled_default_providers(self.config)

    # -- URNs -----------------------------------------------------------------------------

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        return engine_urn(self.stack, self.project, parent or None, type_, name)

    # -- requests -------------------------------------------------------------------------

    def RegisterResource(self, request: Any) -> resource_pb2.RegisterResourceResponse:
        urn = self.make_urn(request.parent, request.type, request.name)
        inputs = wire.from_struct(request.object)
        provider = _provider_urn(request.provider)
        custom = bool(request.custom) and not request.remote
        resource_id: str | None = None
        extra: dict[str, Any] = {}
        if custom:
            self._require_explicit_provider(request.type, provider, urn, request)
            resource_id, extra = fake_resource(
                request.type, request.name, inputs, self._env(request.type, provider)
            )
        secret_outputs = tuple(request.additionalSecretOutputs)
        extra = _mark_secret(extra, inputs, secret_outputs)
        response_struct = struct_pb2.Struct()
        response_struct.CopyFrom(request.object)
        wire.merge_into_struct(response_struct, extra)
        registration = _Registration(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=custom,
            parent=request.parent or None,
            dependencies=tuple(sorted(set(request.dependencies))),
            property_dependencies={
                key: tuple(sorted(set(deps.urns)))
                for key, deps in sorted(request.propertyDependencies.items())
            },
            provider=provider,
            protect=bool(request.protect),
            retain_on_delete=bool(request.retainOnDelete),
            delete_before_replace=bool(request.deleteBeforeReplace),
            ignore_changes=tuple(request.ignoreChanges),
            additional_secret_outputs=secret_outputs,
            aliases=self._aliases(request, urn),
            inputs=inputs,
            outputs=merge_outputs(inputs, extra) if custom else {},
            id=resource_id,
            source_position=self._source_position(request),
            wire_outputs=response_struct,
            remote=bool(request.remote) and not request.custom,
        )
        with self._lock:
            self._register(urn, registration, request)
            if request.type.startswith(PROVIDER_TYPE_PREFIX):
                self._provider_inputs[urn] = decode_provider_inputs(inputs)
        if request.type == ROOT_STACK_TYPE:
            return resource_pb2.RegisterResourceResponse(urn=urn)
        return resource_pb2.RegisterResourceResponse(
            urn=urn, id=resource_id or "", object=response_struct
        )

    def ReadResource(self, request: Any) -> resource_pb2.ReadResourceResponse:
        urn = self.make_urn(request.parent, request.type, request.name)
        state = wire.from_struct(request.properties)
        provider = _provider_urn(request.provider)
        self._require_explicit_provider(request.type, provider, urn, request)
        env = self._env(request.type, provider)
        _, extra = fake_resource(request.type, request.name, state, env)
        # A read returns the existing resource's whole state: every output the SDK
        # declares, derived from its types, under what a hand-written fake models
        # (listed as an approximation: nobody looked at the real resource).
        derived = derived_outputs(
            request.type,
            request.name,
            state,
            location_for(request.type, state, env),
            project_for(state, env),
        )
        if derived is not None:
            extra = merge_outputs({k: v for k, v in derived.items() if k not in state}, extra)
        extra = _mark_secret(extra, state, tuple(request.additionalSecretOutputs))
        response_struct = struct_pb2.Struct()
        response_struct.CopyFrom(request.properties)
        wire.merge_into_struct(response_struct, extra)
        registration = _Registration(
            urn=urn,
            type=request.type,
            name=request.name,
            custom=True,
            parent=request.parent or None,
            dependencies=tuple(sorted(set(request.dependencies))),
            property_dependencies={},
            provider=provider,
            protect=False,
            retain_on_delete=False,
            delete_before_replace=False,
            ignore_changes=(),
            additional_secret_outputs=tuple(request.additionalSecretOutputs),
            aliases=(),
            inputs=state,
            outputs=merge_outputs(state, extra),
            id=request.id,
            external=True,
            source_position=self._source_position(request),
            wire_outputs=response_struct,
            derived_outputs=derived is not None,
        )
        with self._lock:
            self._register(urn, registration, request)
        return resource_pb2.ReadResourceResponse(urn=urn, properties=response_struct)

    def RegisterResourceOutputs(self, request: Any) -> empty_pb2.Empty:
        outputs = wire.from_struct(request.outputs)
        with self._lock:
            self._registered_outputs[request.urn] = outputs
        return empty_pb2.Empty()

    def Invoke(self, request: Any) -> resource_pb2.ResourceInvokeResponse:
        if request.tok == _GET_RESOURCE:
            return self._get_resource(request)
        args = wire.from_struct(request.args)
        provider = _provider_urn(request.provider)
        self._require_explicit_provider(request.tok, provider, f"invoke {request.tok}", request)
        result, made_from = answer_invoke(request.tok, args, self._env(request.tok, provider))
        with self._lock:
            self._invokes.append(
                InvokeCall(
                    token=request.tok,
                    args=args,
                    result=result,
                    provider=provider,
                    made_from=made_from,
                )
            )
        return resource_pb2.ResourceInvokeResponse(
            failures=[], **{"return": wire.to_struct(result)}
        )

    # -- results --------------------------------------------------------------------------

    def plan(self, config: Mapping[str, Any]) -> Plan:
        """The recorded run as a Plan (call after the program finished)."""
        with self._lock:
            registrations = sorted(self._registrations.values(), key=lambda r: r.urn)
            registered_outputs = dict(self._registered_outputs)
            invokes = sorted(self._invokes, key=lambda call: (call.token, repr(call.args)))
        stack_urn = self.make_urn("", ROOT_STACK_TYPE, f"{self.project}-{self.stack}")
        resources = tuple(_planned(r, registered_outputs.get(r.urn)) for r in registrations)
        return Plan(
            project=self.project,
            stack=self.stack,
            resources=resources,
            outputs=registered_outputs.get(stack_urn, {}),
            config=dict(config),
            invokes=tuple(invokes),
            approximations=tuple(
                sorted(
                    [
                        *stack_reference_approximations(
                            (
                                (resource.urn, resource.inputs)
                                for resource in resources
                                if resource.type == STACK_REFERENCE_TYPE
                            ),
                            set(self.stack_outputs),
                        ),
                        *remote_component_approximations(
                            (resource.urn, resource.type)
                            for resource in resources
                            if resource.remote
                        ),
                        *invoke_approximations(invokes),
                        *read_approximations(
                            (r.urn, r.type) for r in registrations if r.derived_outputs
                        ),
                    ]
                )
            ),
        )

    def stack_references(self) -> list[StackReferenceRead]:
        """The stack references read so far (also from a run that failed), by URN."""
        with self._lock:
            reads = sorted(
                (r for r in self._registrations.values() if r.type == STACK_REFERENCE_TYPE),
                key=lambda r: r.urn,
            )
        found = []
        for read in reads:
            stack = referenced_stack(read.urn, read.inputs)
            found.append(
                StackReferenceRead(stack, read.source_position, self.stack_outputs.get(stack))
            )
        return found

    # -- helpers --------------------------------------------------------------------------

    def _env(self, type_: str, provider: str | None) -> FakeEnv:
        with self._lock:
            provider_inputs = self._provider_inputs.get(provider, {}) if provider else {}
        return FakeEnv(
            type=type_,
            provider=provider_inputs,
            config=self.config,
            stack_outputs=self.stack_outputs,
        )

    def _register(self, urn: str, registration: _Registration, request: Any) -> None:
        """Record a resource; a second one with the same URN fails, as in the engine."""
        if urn in self._registrations:
            raise RejectedByEngine(
                f"duplicate resource URN {urn}: give each resource a unique logical name",
                self._source(request),
            )
        self._registrations[urn] = registration

    def _require_explicit_provider(
        self, token: str, provider: str | None, subject: str, request: Any
    ) -> None:
        """Fail like the engine when `pulumi:disable-default-providers` covers this package."""
        package = token.split(":", 1)[0]
        if provider is not None or package == "pulumi" or token.startswith(PROVIDER_TYPE_PREFIX):
            return
        if not {"*", package} & self._disabled_default_providers:
            return
        raise RejectedByEngine(
            f"{subject} must use an explicit provider: the default provider for "
            f"'{package}' is disabled (pulumi:disable-default-providers)",
            self._source(request),
        )

    def _source_position(self, request: Any) -> str | None:
        if not request.HasField("sourcePosition"):
            return None
        position = request.sourcePosition
        found = _project_file(position.uri, self.project_dir)
        return None if found is None else f"{found[1]}:{position.line}"

    def _source(self, request: Any) -> tuple[Path, int] | None:
        """The file (inside the project) and line where the program made this request."""
        if not request.HasField("sourcePosition"):
            return None
        position = request.sourcePosition
        found = _project_file(position.uri, self.project_dir)
        return None if found is None else (found[0], position.line)

    def _aliases(self, request: Any, urn: str) -> tuple[str, ...]:
        """Every alias as the URN the engine would resolve it to."""
        aliases = list(request.aliasURNs)
        for alias in request.aliases:
            if alias.WhichOneof("alias") == "urn":
                aliases.append(alias.urn)
                continue
            spec = alias.spec
            if spec.noParent:
                parent = None
            elif spec.parentUrn:
                parent = spec.parentUrn
            else:
                parent = request.parent or None
            aliases.append(
                engine_urn(
                    spec.stack or self.stack,
                    spec.project or self.project,
                    parent,
                    spec.type or request.type,
                    spec.name or request.name,
                )
            )
        return tuple(sorted(set(aliases) - {urn}))

    def _get_resource(self, request: Any) -> resource_pb2.ResourceInvokeResponse:
        urn = wire.from_struct(request.args).get("urn")
        with self._lock:
            registration = self._registrations.get(urn) if isinstance(urn, str) else None
        if registration is None:
            raise KeyError(f"unknown resource {urn}")
        result = struct_pb2.Struct()
        result.update({"urn": registration.urn, "id": registration.id or ""})
        result.get_or_create_struct("state").CopyFrom(registration.wire_outputs)
        return resource_pb2.ResourceInvokeResponse(failures=[], **{"return": result})


@functools.lru_cache(maxsize=4096)
def _project_file(uri: str, project_dir: Path) -> tuple[Path, str] | None:
    """The file a source position names, and its path relative to the project, if it is a
    file of the project. Cached: a program's resources come from a few dozen files (10 for
    a generated stack of 5,000), and parsing every resource's URI into a path took 0.09 s of
    CPU there, 0.015 s cached."""
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = Path(urllib.request.url2pathname(parsed.path))
    # The SDK's guess lands in its own files for some classes (providers): not useful.
    if not path.is_relative_to(project_dir) or "site-packages" in path.parts:
        return None
    return path, path.relative_to(project_dir).as_posix()


def _disabled_default_providers(config: Mapping[str, str]) -> frozenset[str]:
    raw = config.get("pulumi:disable-default-providers")
    if not raw:
        return frozenset()
    try:
        packages = json.loads(raw)
    except ValueError:
        packages = [part.strip() for part in raw.split(",")]
    return (
        frozenset(str(package) for package in packages)
        if isinstance(packages, list)
        else frozenset()
    )


def _provider_urn(reference: str) -> str | None:
    """A provider reference is `<urn>::<id>` on the wire; the plan keeps the URN."""
    return reference.rsplit("::", 1)[0] if reference else None


def _mark_secret(
    extra: dict[str, Any], inputs: Mapping[str, Any], keys: tuple[str, ...]
) -> dict[str, Any]:
    """Wrap `additional_secret_outputs` in `Secret`, as the engine does."""
    if not keys:
        return extra
    marked = dict(extra)
    for key in keys:
        value = marked.get(key, inputs.get(key))
        if value is not None and value is not UNKNOWN and not isinstance(value, Secret):
            marked[key] = Secret(value)
    return marked


def _planned(
    registration: _Registration, registered_outputs: dict[str, Any] | None
) -> PlannedResource:
    outputs = registration.outputs if registration.custom else (registered_outputs or {})
    return PlannedResource(
        urn=registration.urn,
        type=registration.type,
        name=registration.name,
        custom=registration.custom,
        parent=registration.parent,
        dependencies=registration.dependencies,
        property_dependencies=registration.property_dependencies,
        provider=registration.provider,
        protect=registration.protect,
        retain_on_delete=registration.retain_on_delete,
        aliases=registration.aliases,
        inputs=registration.inputs,
        outputs=outputs,
        id=registration.id,
        delete_before_replace=registration.delete_before_replace,
        ignore_changes=registration.ignore_changes,
        additional_secret_outputs=registration.additional_secret_outputs,
        external=registration.external,
        source_position=registration.source_position,
        remote=registration.remote,
    )
