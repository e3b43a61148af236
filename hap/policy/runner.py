"""Run a policy pack over a Plan the way the engine and the policy SDK run it.

Per the engine and `pulumi_policy`'s analyzer:
- every registered resource (root stack, components, providers, custom resources; not
  resources read with `.get()`) goes to each resource policy; each stack policy sees all
  of them at once, after the program finished;
- a policy's level comes from the reconciled config; `disabled` ones do not run,
  `remediate` ones report as `mandatory`, remediation-only ones are "not applicable";
- a policy that reads a value unknown during preview gets an advisory "can't run policy"
  diagnostic; `args.not_applicable(...)` is recorded; any other exception fails the run,
  as it fails `pulumi preview`;
- the pack reads the stack's config like a program does (`pulumi.Config`), and gets it the
  way the engine hands it over (`PULUMI_CONFIG`, secrets in plaintext).

One shortcut: a resource policy that declares the types it looks at (`applies_to`, see
`hybrid_policies.rule`) is not called for other types. It would ignore them anyway.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable, Mapping, Sequence
from inspect import isawaitable
from typing import Any

from pulumi.runtime.config import set_all_config
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    ResourceValidationPolicy,
    StackValidationPolicy,
)
from pulumi_policy.policy import _NotApplicableError
from pulumi_policy.proxy import UnknownValueError

from hap.errors import ProgramError
from hap.plan import Plan, PlannedResource, reveal
from hap.policy.args import ArgsBuilder
from hap.policy.config import PolicySettings, reconcile
from hap.policy.pack import LoadedPack
from hap.policy.report import (
    ADVISORY,
    MANDATORY,
    NotApplicable,
    NotInspected,
    PolicyReport,
    Violation,
)
from hap.project import config_string


def run_pack(
    plan: Plan, config: Mapping[str, Any] | None = None, *, pack: LoadedPack
) -> PolicyReport:
    """Evaluate `pack` on `plan` with `config` (the JSON structure of
    `--policy-pack-config`; None: the pack's defaults)."""
    settings = reconcile(pack, config)
    context = contextvars.copy_context()
    return context.run(_evaluate, plan, pack, settings)


def _evaluate(plan: Plan, pack: LoadedPack, settings: Mapping[str, PolicySettings]) -> PolicyReport:
    set_all_config(program_config(plan.config))
    run = _Run(pack, plan)
    with pack.on_path():
        for policy in pack.policies:
            level = _effective_level(settings[policy.name].enforcement_level)
            if level is None:
                continue
            properties = settings[policy.name].properties
            if isinstance(policy, ResourceValidationPolicy):
                run.resource_policy(policy, level, properties)
            elif isinstance(policy, StackValidationPolicy):
                run.stack_policy(policy, level, properties)
    return PolicyReport(
        pack_name=pack.name,
        pack_version=pack.version,
        project=plan.project,
        stack=plan.stack,
        violations=tuple(run.violations),
        not_applicable=tuple(run.not_applicable),
        policies_run=tuple(run.ran),
        not_inspected=tuple(
            NotInspected(resource.urn, resource.type, resource.name)
            for resource in plan.not_expanded
        ),
    )


def program_config(config: Mapping[str, Any]) -> dict[str, str]:
    """Config as the engine passes it to a policy pack: every value a string, structured
    values as JSON, secrets decrypted."""
    return {key: config_string(reveal(value)) for key, value in config.items()}


def _effective_level(level: EnforcementLevel) -> str | None:
    if level == EnforcementLevel.DISABLED:
        return None
    # A violation left after remediation is reported as mandatory (the SDK downgrades it).
    return ADVISORY if level == EnforcementLevel.ADVISORY else MANDATORY


class _Run:
    """Collects diagnostics across policies."""

    def __init__(self, pack: LoadedPack, plan: Plan) -> None:
        self.pack = pack
        self.plan = plan
        self.by_urn = {resource.urn: resource for resource in plan.resources}
        self.build = ArgsBuilder(plan.resources)
        self.violations: list[Violation] = []
        self.not_applicable: list[NotApplicable] = []
        self.ran: list[str] = []
        # What the policies see: every resource the stack manages (not those read with
        # `.get()`), and where each type is among them.
        self.managed = [resource for resource in plan.resources if not resource.external]
        self.in_stack = {resource.urn: resource for resource in self.managed}
        self.positions: dict[str, list[int]] = {}
        for position, resource in enumerate(self.managed):
            self.positions.setdefault(resource.type, []).append(position)

    def resource_policy(
        self,
        policy: ResourceValidationPolicy,
        level: str,
        properties: Mapping[str, Any],
    ) -> None:
        if not policy.has_validation():
            self.not_applicable.append(
                NotApplicable(policy.name, None, "Policy does not implement validate")
            )
            return
        self.ran.append(policy.name)
        for resource in self._applicable(policy):
            args = self.build.validation_args(resource, properties)

            def report(
                message: str, urn: str | None = None, _resource: PlannedResource = resource
            ) -> None:
                # The engine files a resource policy's diagnostic under that resource.
                self._violation(policy, level, message, _resource)

            self._call(policy, args, report, resource.urn)

    def _applicable(self, policy: ResourceValidationPolicy) -> Sequence[PlannedResource]:
        """The managed resources without the types the policy says it ignores, in their
        order: asked once per type, not per resource (a stack has a few dozen types), and
        without a pass over every resource per rule (most rules look at a few types)."""
        applies_to: Callable[[str], bool] | None = getattr(policy, "applies_to", None)
        if applies_to is None:
            return self.managed
        chosen = [
            position
            for type_, positions in self.positions.items()
            if applies_to(type_)
            for position in positions
        ]
        return [self.managed[position] for position in sorted(chosen)]

    def stack_policy(
        self,
        policy: StackValidationPolicy,
        level: str,
        properties: Mapping[str, Any],
    ) -> None:
        self.ran.append(policy.name)
        args = self.build.stack_args(self.managed, properties)
        in_stack = self.in_stack
        root = in_stack.get(self.plan.stack_urn)

        def report(message: str, urn: str | None = None) -> None:
            # Unknown or missing URN: the engine files it under the root stack.
            target = in_stack.get(urn) if urn else None
            self._violation(
                policy, level, message, target or root, fallback_urn=self.plan.stack_urn
            )

        self._call(policy, args, report, None)

    def _call(
        self,
        policy: ResourceValidationPolicy | StackValidationPolicy,
        args: Any,
        report: Callable[..., None],
        urn: str | None,
    ) -> None:
        try:
            result = policy.validate(args, report)
            if isawaitable(result):
                loop = asyncio.new_event_loop()
                try:
                    loop.run_until_complete(result)
                finally:
                    loop.close()
        except UnknownValueError as error:
            # The SDK's own diagnostic: advisory, whatever the policy's level.
            message = (
                f"can't run policy '{policy.name}' from policy pack "
                f"'{self.pack.name}@v{self.pack.version}' during preview: {error.message}"
            )
            resource = self.by_urn.get(urn) if urn else self.by_urn.get(self.plan.stack_urn)
            self._violation(
                policy, ADVISORY, message, resource, self.plan.stack_urn, severity=False
            )
        except _NotApplicableError as error:
            self.not_applicable.append(NotApplicable(policy.name, urn, error.reason or ""))
        except Exception as error:
            where = f" on {urn}" if urn else ""
            raise ProgramError(
                f"policy '{policy.name}' of pack '{self.pack.name}' failed{where}: "
                f"{type(error).__name__}: {error}",
                exception_type=type(error).__name__,
            ) from error

    def _violation(
        self,
        policy: Policy,
        level: str,
        message: str,
        resource: PlannedResource | None,
        fallback_urn: str | None = None,
        severity: bool = True,
    ) -> None:
        if message and not isinstance(message, str):
            raise TypeError("Expected message to be a string")
        self.violations.append(
            Violation(
                policy=policy.name,
                description=policy.description,
                detail=message or "",
                enforcement_level=level,
                severity=policy.severity.value
                if severity and policy.severity is not None
                else None,
                urn=resource.urn if resource is not None else (fallback_urn or ""),
                resource_type=resource.type if resource is not None else "pulumi:pulumi:Stack",
                resource_name=resource.name if resource is not None else self.plan.stack,
            )
        )
