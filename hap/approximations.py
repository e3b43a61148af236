"""What a preview had to make up, said out loud.

A credential-free preview answers some questions without the cloud: a referenced stack's
outputs, for one. Where the answer is a guess, the plan lists it as an approximation, so a
user never mistakes a null for what the real engine would give.

Pure: reads a finished run's resources and what the caller supplied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hap.plan import InvokeCall

STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference"


@dataclass(frozen=True, order=True)
class Approximation:
    """One thing the preview could not know. `subject`: the URN, or the option at fault."""

    subject: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"subject": self.subject, "message": self.message}


def referenced_stack(urn: str, inputs: Mapping[str, Any]) -> str:
    """The stack a `StackReference` reads: its `name` input, else its logical name."""
    name = inputs.get("name")
    return name if isinstance(name, str) else urn.rsplit("::", 1)[-1]


def supply_outputs(stack: str) -> str:
    """How a user gives a preview the outputs of a referenced stack."""
    return (
        f"--stack-outputs {stack}=FILE (`pulumi stack output --json --show-secrets -s {stack}` "
        "writes FILE)"
    )


def stack_reference_approximations(
    references: Iterable[tuple[str, Mapping[str, Any]]], given: Set[str]
) -> list[Approximation]:
    """Referenced stacks without supplied outputs, and supplied outputs nobody references.

    `references`: (URN, inputs) of each `StackReference` the program read; `given`: the
    stack names `--stack-outputs` supplied.
    """
    found: list[Approximation] = []
    referenced: set[str] = set()
    for urn, inputs in references:
        stack = referenced_stack(urn, inputs)
        referenced.add(stack)
        if stack not in given:
            found.append(
                Approximation(
                    urn,
                    f"stack reference {stack!r}: no outputs given, so every output read "
                    f"from it is null in this preview; supply them with "
                    f"{supply_outputs(stack)}",
                )
            )
    for stack in sorted(given - referenced):
        found.append(
            Approximation(
                "--stack-outputs",
                f"outputs given for {stack!r}, but the program references no such stack "
                f"(it references: {', '.join(sorted(referenced)) or 'none'})",
            )
        )
    return sorted(found)


@dataclass(frozen=True)
class StackReferenceRead:
    """A `StackReference` the program read: the stack it names, where the program made it
    (`path:line` inside the project, if known), and the outputs `--stack-outputs` gave for
    that stack (None: none were given)."""

    stack: str
    source_position: str | None
    outputs: Mapping[str, Any] | None


def missing_required_output(output: str, references: Sequence[StackReferenceRead]) -> str | None:
    """What to tell a user whose `require_output(output)` found no such output (the SDK
    raises a bare KeyError), or None if every reference has it (the KeyError is another)."""
    lacking = [r for r in references if r.outputs is None or output not in r.outputs]
    if not lacking:
        return None
    lines = []
    for reference in lacking:
        where = f"{reference.source_position}: " if reference.source_position else ""
        if reference.outputs is None:
            why = (
                f"no outputs were given for {reference.stack!r}, and a credential-free "
                f"preview cannot read them; supply them with {supply_outputs(reference.stack)}"
            )
        else:
            having = ", ".join(sorted(reference.outputs)) or "none"
            why = (
                f"the outputs given for {reference.stack!r} with --stack-outputs have no "
                f"{output!r} (they have: {having})"
            )
        lines.append(f"{where}stack reference {reference.stack!r}: {why}")
    return (
        f"the program requires the output {output!r} of a stack reference (require_output), "
        "and this preview has no such output:\n  " + "\n  ".join(lines)
    )


def remote_component_approximations(components: Iterable[tuple[str, str]]) -> list[Approximation]:
    """Multi-language components (URN, type): their provider plugin would build what is
    inside them, and a credential-free preview has no plugin to run."""
    return sorted(
        Approximation(
            urn,
            f"{type_} is a multi-language component: its provider plugin "
            f"(pulumi-resource-{type_.split(':', 1)[0]}) builds its resources, and a "
            "credential-free preview cannot run plugins; not expanded: its resources are "
            "not in this plan, its outputs are unknown, and policies and cost could not see "
            "inside it",
        )
        for urn, type_ in components
    )


def invoke_approximations(invokes: Iterable[InvokeCall]) -> list[Approximation]:
    """Provider functions (data sources): the real preview calls the provider and gets
    real data; this one cannot, so each function's result is invented. One entry per
    function, saying what from."""
    made_from: dict[str, set[str | None]] = {}
    for call in invokes:
        if call.made_from != "exact":  # computed as the provider computes it
            made_from.setdefault(call.token, set()).add(call.made_from)
    found = []
    for token, sources in sorted(made_from.items()):
        if None in sources:
            how = "the installed SDKs have no such function, so the result is empty"
        elif sources == {"modelled"}:
            how = "its result is hap's model of it (hap/fakes), with made-up ids and names"
        else:
            classes = ", ".join(sorted(str(source) for source in sources - {"modelled"}))
            how = f"its result is invented from the SDK's {classes} type: typed, not real"
        found.append(
            Approximation(f"invoke {token}", f"data source not called (no cloud here); {how}")
        )
    return found


def read_approximations(reads: Iterable[tuple[str, str]]) -> list[Approximation]:
    """Existing resources read with `.get()`: their state is invented (from the SDK's
    declared output types, with hap's model of the type where it has one)."""
    return [
        Approximation(
            urn,
            f"read of an existing {type_}: its state is invented from the SDK's output "
            "types (typed, not real)",
        )
        for urn, type_ in sorted(reads)
    ]
