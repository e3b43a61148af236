"""What a preview had to make up, said out loud.

A credential-free preview answers some questions without the cloud: a referenced stack's
outputs, for one. Where the answer is a guess, the plan lists it as an approximation, so a
user never mistakes a null for what the real engine would give.

Pure: reads a finished run's resources and what the caller supplied.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
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
        name = inputs.get("name")
        stack = name if isinstance(name, str) else urn.rsplit("::", 1)[-1]
        referenced.add(stack)
        if stack not in given:
            found.append(
                Approximation(
                    urn,
                    f"stack reference {stack!r}: no outputs given, so every output read "
                    f"from it is null in this preview; supply them with "
                    f"--stack-outputs {stack}=FILE (`pulumi stack output --json "
                    f"--show-secrets -s {stack}` writes FILE)",
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
