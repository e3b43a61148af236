"""What a policy pack run found: violations (advisory or mandatory) and policies that did
not apply, in the engine's terms, plus its JSON form and terminal rendering."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.markup import escape

ADVISORY = "advisory"
MANDATORY = "mandatory"


@dataclass(frozen=True)
class Violation:
    """One diagnostic a policy reported, like the engine's AnalyzeDiagnostic."""

    policy: str
    description: str
    # What the policy passed to report_violation (empty when it passed nothing).
    detail: str
    enforcement_level: str  # advisory | mandatory
    severity: str | None
    urn: str
    resource_type: str
    resource_name: str

    @property
    def message(self) -> str:
        """The engine's message: the policy's description, then the detail on a new line."""
        return f"{self.description}\n{self.detail}" if self.detail else self.description

    @property
    def mandatory(self) -> bool:
        return self.enforcement_level == MANDATORY

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": self.policy,
            "description": self.description,
            "detail": self.detail,
            "enforcementLevel": self.enforcement_level,
            "severity": self.severity,
            "urn": self.urn,
            "type": self.resource_type,
            "name": self.resource_name,
        }


@dataclass(frozen=True)
class NotApplicable:
    policy: str
    urn: str | None
    reason: str


@dataclass(frozen=True)
class NotInspected:
    """A multi-language component the preview could not expand: no policy saw inside it."""

    urn: str
    type: str
    name: str

    reason = (
        "multi-language component not expanded (its provider plugin builds its resources): "
        "no policy could see inside it"
    )

    def to_json(self) -> dict[str, str]:
        return {"urn": self.urn, "type": self.type, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class PolicyReport:
    pack_name: str
    pack_version: str
    project: str
    stack: str
    violations: tuple[Violation, ...]
    not_applicable: tuple[NotApplicable, ...]
    # Policies that ran (neither disabled nor remediation-only).
    policies_run: tuple[str, ...]
    # What the policies could not see: a pass says nothing about these.
    not_inspected: tuple[NotInspected, ...] = ()

    @property
    def mandatory(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.mandatory)

    @property
    def advisory(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if not v.mandatory)

    @property
    def passed(self) -> bool:
        """True when no mandatory policy is violated (the engine would go ahead)."""
        return not self.mandatory

    def violated_policies(self) -> tuple[str, ...]:
        return tuple(sorted({violation.policy for violation in self.violations}))

    def to_json(self) -> dict[str, Any]:
        return {
            "policyPack": {"name": self.pack_name, "version": self.pack_version},
            "project": self.project,
            "stack": self.stack,
            "passed": self.passed,
            "mandatoryViolations": len(self.mandatory),
            "advisoryViolations": len(self.advisory),
            "policiesRun": list(self.policies_run),
            "violations": [violation.to_json() for violation in self.violations],
            "notApplicable": [
                {"policy": entry.policy, "urn": entry.urn, "reason": entry.reason}
                for entry in self.not_applicable
            ],
            "notInspected": [entry.to_json() for entry in self.not_inspected],
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n"


def render_report(report: PolicyReport, console: Console, pack_label: str = "") -> None:
    """A `Policies:` section like `pulumi preview` prints, grouped by enforcement level."""
    if not report.passed:
        mark = "[red]✗[/]"
    else:
        # Never a plain ✓ over resources nobody looked at.
        mark = "[yellow]?[/]" if report.not_inspected else "[green]✓[/]"
    where = f" ({escape(pack_label)})" if pack_label else ""
    console.print("Policies:")
    console.print(f"    {mark} {escape(report.pack_name)}@v{escape(report.pack_version)}{where}")
    for violation in _ordered(report.violations):
        colour = "red" if violation.mandatory else "yellow"
        console.print(
            f"        - [{colour}]\\[{violation.enforcement_level}][/]  "
            f"[bold]{escape(violation.policy)}[/]  "
            f"({escape(violation.resource_type)}: {escape(violation.resource_name)})"
        )
        for line in violation.message.splitlines():
            console.print(f"          {escape(line)}", highlight=False)
    violated = len(report.violated_policies())
    summary = (
        f"{len(report.mandatory)} mandatory and {len(report.advisory)} advisory "
        f"{_plural(len(report.violations), 'violation', 'violations')} of {violated} "
        f"{_plural(violated, 'policy', 'policies')}; {len(report.policies_run)} policies ran"
    )
    console.print(f"    {summary}", highlight=False)
    for entry in report.not_inspected:
        console.print(
            f"    [yellow]not inspected[/]  {escape(entry.type)} {escape(entry.name)}: "
            f"{escape(entry.reason)}",
            highlight=False,
        )


def _ordered(violations: Sequence[Violation]) -> list[Violation]:
    return sorted(violations, key=lambda v: (not v.mandatory, v.policy, v.urn, v.detail))


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many
