"""The URN stability gate: a committed snapshot of every URN a stack registers.

A URN is a resource's identity in the Pulumi state. When a refactor changes it (a renamed
logical name, a resource moved under another component, a component's type token
changed), `pulumi up` deletes the resource under the old URN and creates a new one: for
a database, a bucket or a cluster, that is data loss or an outage. `aliases` tell the
engine that the new registration IS the old resource.

`tests/snapshots/<stack>.urns` holds each stack's sorted URNs; `compare` reports the URNs
that disappeared without an alias pointing at them, and the ones no snapshot knows yet.
`hap urns STACK --update` records the current URNs on purpose.

Pure: reads a `Plan`, no pulumi import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from hap.plan import Plan, PlannedResource, engine_urn, qualified_type, urn_name

SNAPSHOT_DIR = Path("tests") / "snapshots"
_HEADER = (
    "# URNs of the stack {stack}, sorted: the identity of every resource in its state.\n"
    "# A URN that changes means delete + create on `pulumi up`. Refresh on purpose only:\n"
    "#   hap urns {stack} --update\n"
)


def snapshot_path(project_dir: Path, stack: str) -> Path:
    return project_dir / SNAPSHOT_DIR / f"{stack}.urns"


def plan_urns(plan: Plan) -> tuple[str, ...]:
    """Every URN of the plan, sorted, the root stack and providers included (a provider's
    URN is part of every resource's provider reference)."""
    return tuple(sorted(resource.urn for resource in plan.resources))


def render_snapshot(stack: str, urns: Iterable[str]) -> str:
    return _HEADER.format(stack=stack) + "".join(f"{urn}\n" for urn in sorted(urns))


def read_snapshot(path: Path) -> tuple[str, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(sorted(line for line in lines if line and not line.startswith("#")))


@dataclass(frozen=True)
class UrnDiff:
    """How a plan's URNs differ from its snapshot."""

    stack: str
    # In the snapshot, gone from the plan, and no registration aliases it: a replacement.
    missing: tuple[str, ...]
    # Old URN -> the new URN whose registration carries an alias to it: identity kept.
    aliased: Mapping[str, str]
    # In the plan, unknown to the snapshot, not explained by an alias: new resources.
    added: tuple[str, ...]

    @property
    def breaks_identity(self) -> bool:
        return bool(self.missing)


def compare(snapshot: Iterable[str], plan: Plan) -> UrnDiff:
    old = set(snapshot)
    current = set(plan_urns(plan))
    previous = resolve_aliases(plan)
    aliases = {alias: urn for urn in sorted(current - old) for alias in sorted(previous[urn])}
    gone = sorted(old - current)
    aliased = {urn: aliases[urn] for urn in gone if urn in aliases}
    return UrnDiff(
        stack=plan.stack,
        missing=tuple(urn for urn in gone if urn not in aliased),
        aliased=aliased,
        added=tuple(sorted(current - old - set(aliased.values()))),
    )


def resolve_aliases(plan: Plan) -> dict[str, frozenset[str]]:
    """URN -> every URN the engine would accept as that resource's previous identity.

    Its own aliases (the recording monitor stores them resolved to URNs) and the ones it
    inherits from its parent's aliases, derived the way the engine does: the child's type
    under the parent alias's type chain, and a child named after its parent
    (`{parent}-vpc`) renamed along with it.
    """
    resolved: dict[str, frozenset[str]] = {}

    def resolve(resource: PlannedResource) -> frozenset[str]:
        if resource.urn in resolved:
            return resolved[resource.urn]
        found = set(resource.aliases)
        parent = _parent(plan, resource)
        if parent is not None:
            for parent_alias in resolve(parent):
                name = resource.name
                if name.startswith(parent.name):
                    name = urn_name(parent_alias) + name[len(parent.name) :]
                found.add(engine_urn(plan.stack, plan.project, parent_alias, resource.type, name))
        resolved[resource.urn] = frozenset(found - {resource.urn})
        return resolved[resource.urn]

    for resource in plan.resources:
        resolve(resource)
    return resolved


def _parent(plan: Plan, resource: PlannedResource) -> PlannedResource | None:
    if resource.parent is None:
        return None
    try:
        return plan.resource(resource.parent)
    except KeyError:
        return None


def explain(diff: UrnDiff, snapshot: str) -> str:
    """A report a developer can act on: what changed, why it matters, what to do."""
    lines: list[str] = []
    if diff.missing:
        lines += [
            f"{len(diff.missing)} URN(s) of stack {diff.stack!r} recorded in {snapshot} are gone.",
            "`pulumi up` would DELETE each of these resources and create a new one (data loss "
            "for anything stateful, an outage for anything serving):",
            "",
        ]
        for urn in diff.missing:
            lines.append(f"  - {urn}")
            successor = _likely_successor(urn, diff.added)
            if successor:
                lines.append(f"  + {successor}   (same resource, renamed or moved?)")
        lines += [
            "",
            "To keep a resource's identity, give its new registration an alias to the old URN:",
            '    opts=pulumi.ResourceOptions(aliases=["<old URN above>"])',
            '  or describe what changed: pulumi.Alias(name="<old name>"), '
            'pulumi.Alias(parent=<old parent>), pulumi.Alias(type_="<old type>").',
            "Children named after a renamed component inherit its aliases.",
            f"If the replacement or deletion is intended: hap urns {diff.stack} --update",
        ]
    if diff.added:
        if lines:
            lines.append("")
        lines += [
            f"{len(diff.added)} URN(s) of stack {diff.stack!r} are not recorded in {snapshot} yet:",
            "",
            *(f"  + {urn}" for urn in diff.added),
            "",
            f"Record them (after checking none of them replaces a resource above): "
            f"hap urns {diff.stack} --update",
        ]
    return "\n".join(lines)


def _likely_successor(old: str, added: Iterable[str]) -> str | None:
    """The one added URN of the same type (a rename) or the same name (a move), if unique."""
    old_type = qualified_type(old).rsplit("$", 1)[-1]
    same_type = [urn for urn in added if qualified_type(urn).rsplit("$", 1)[-1] == old_type]
    same_name = [urn for urn in same_type if urn_name(urn) == urn_name(old)]
    for candidates in (same_name, same_type):
        if len(candidates) == 1:
            return candidates[0]
    return None
