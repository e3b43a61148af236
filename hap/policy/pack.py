"""Load a Python policy pack the way `pulumi preview --policy-pack DIR` does, without a server.

The CLI reads `PulumiPolicy.yaml` and runs the pack's `__main__.py` with the pack directory
as working directory and first on `sys.path`; `PolicyPack(...)` then starts a gRPC server
and blocks. Here `PolicyPack` is replaced, for the duration of that run, by a recorder of
its arguments, so any pack (ours or another team's) loads unchanged and its policies can be
run in-process.
"""

from __future__ import annotations

import contextlib
import os
import re
import runpy
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi_policy
import pulumi_policy.policy
import yaml
from pulumi_policy import EnforcementLevel, Policy

from hap.errors import DefinitionError, display_path
from hap.isolation import own_modules

PACK_FILE = "PulumiPolicy.yaml"
# PolicyPack's own name rule (pulumi_policy.policy._POLICY_PACK_NAME_RE).
_PACK_NAME = re.compile(r"^[a-zA-Z0-9-_.]{1,100}$")
# The version the SDK reports when PulumiPolicy.yaml has none (PolicyPack.__init__).
SDK_DEFAULT_VERSION = "0.0.1"


@dataclass(frozen=True)
class LoadedPack:
    """What `PolicyPack(...)` was called with, plus the pack's directory and version."""

    directory: Path
    name: str
    version: str
    policies: tuple[Policy, ...]
    enforcement_level: EnforcementLevel
    initial_config: Mapping[str, Any] = field(default_factory=dict)
    description: str | None = None

    def policy(self, name: str) -> Policy:
        for policy in self.policies:
            if policy.name == name:
                return policy
        raise KeyError(f"policy pack {self.name!r} has no policy {name!r}")

    @contextlib.contextmanager
    def on_path(self) -> Iterator[None]:
        """The pack directory first on sys.path and its own modules loaded, as while the
        CLI runs it (policies may import pack-local modules lazily)."""
        saved = list(sys.path)
        with own_modules(self.directory):
            sys.path.insert(0, str(self.directory))
            try:
                yield
            finally:
                sys.path[:] = saved


class _Captured(Exception):
    """Raised by the stand-in PolicyPack to stop the pack's program right there."""

    def __init__(self, arguments: dict[str, Any]) -> None:
        super().__init__("PolicyPack constructed")
        self.arguments = arguments


def _recording_policy_pack(name: str, policies: list[Policy], *args: Any, **kwargs: Any) -> None:
    names = ("enforcement_level", "initial_config", "description")
    arguments = {
        "name": name,
        "policies": policies,
        **dict(zip(names, args, strict=False)),
        **kwargs,
    }
    raise _Captured(arguments)


_loaded: dict[Path, LoadedPack] = {}


def project_pack_dir(project_dir: Path) -> Path | None:
    """The project's own pack, `policies/` beside its Pulumi.yaml, if it has one."""
    directory = Path(project_dir) / "policies"
    return directory if (directory / PACK_FILE).is_file() else None


def load_pack(directory: Path) -> LoadedPack:
    """Run the pack in `directory` up to its `PolicyPack(...)` call and return what it got.

    Loaded once per directory and process: a pack's program is deterministic.
    """
    directory = directory.resolve()
    if directory not in _loaded:
        _loaded[directory] = _load(directory)
    return _loaded[directory]


def forget_loaded_packs() -> None:
    """Load packs afresh next time: their files changed (`hap preview --watch`)."""
    _loaded.clear()


def _load(directory: Path) -> LoadedPack:
    manifest = _read_manifest(directory)
    program = directory / "__main__.py"
    if not program.is_file():
        raise DefinitionError(f"{display_path(directory)}: no __main__.py in the policy pack")
    arguments = _capture(directory, program)
    _check_arguments(program, arguments)
    policies = tuple(arguments["policies"])
    names = [policy.name for policy in policies]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise DefinitionError(f"{display_path(program)}: duplicate policy names {duplicates}")
    level = arguments.get("enforcement_level") or EnforcementLevel.ADVISORY
    version = manifest.get("version")
    return LoadedPack(
        directory=directory,
        name=str(arguments["name"]),
        version=str(version) if version else SDK_DEFAULT_VERSION,
        policies=policies,
        enforcement_level=level,
        initial_config=dict(arguments.get("initial_config") or {}),
        description=arguments.get("description") or manifest.get("description"),
    )


def _check_arguments(program: Path, arguments: Mapping[str, Any]) -> None:
    """What PolicyPack's constructor refuses (it raises before serving)."""
    name = arguments.get("name")
    if not isinstance(name, str) or not _PACK_NAME.match(name):
        raise DefinitionError(f"{display_path(program)}: invalid policy pack name {name!r}")
    policies = arguments.get("policies")
    if not isinstance(policies, list) or not policies:
        raise DefinitionError(
            f"{display_path(program)}: PolicyPack needs a non-empty list of policies"
        )
    for policy in policies:
        if not isinstance(policy, Policy):
            raise DefinitionError(f"{display_path(program)}: {policy!r} is not a Policy")
    level = arguments.get("enforcement_level")
    if level is not None and not isinstance(level, EnforcementLevel):
        raise DefinitionError(
            f"{display_path(program)}: enforcement_level must be an EnforcementLevel"
        )


def _read_manifest(directory: Path) -> dict[str, Any]:
    file = directory / PACK_FILE
    if not file.is_file():
        raise DefinitionError(f"{display_path(directory)}: no {PACK_FILE} (not a policy pack)")
    try:
        manifest = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise DefinitionError(f"{display_path(file)}: invalid YAML: {error}") from error
    runtime = manifest.get("runtime")
    runtime_name = runtime.get("name") if isinstance(runtime, dict) else runtime
    if runtime_name != "python":
        raise DefinitionError(
            f"{display_path(file)}: runtime is {runtime_name!r}; hap runs python packs"
        )
    return dict(manifest)


def _capture(directory: Path, program: Path) -> dict[str, Any]:
    saved_cwd, saved_path = os.getcwd(), list(sys.path)
    saved_classes = (pulumi_policy.PolicyPack, pulumi_policy.policy.PolicyPack)
    pulumi_policy.PolicyPack = pulumi_policy.policy.PolicyPack = _recording_policy_pack  # type: ignore[assignment,misc]
    os.chdir(directory)
    sys.path.insert(0, str(directory))
    try:
        # The pack's own modules (a copy of `hybrid_policies`), not ones loaded before.
        with own_modules(directory):
            runpy.run_path(str(program), run_name="__main__")
    except _Captured as captured:
        return captured.arguments
    finally:
        pulumi_policy.PolicyPack, pulumi_policy.policy.PolicyPack = saved_classes  # type: ignore[misc]
        os.chdir(saved_cwd)
        sys.path[:] = saved_path
    raise DefinitionError(f"{display_path(program)}: the program never constructs a PolicyPack")
