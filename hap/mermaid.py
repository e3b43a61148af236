"""The component graph of a Plan as a Mermaid flowchart.

Nodes are the components (top-level and nested). Solid edges go from a component to the
components it contains; dotted edges say that something in one component depends on
something in another (resource dependencies and provider references lifted to the nearest
enclosing component, looking through top-level resources such as providers).
"""

from __future__ import annotations

from hap.plan import Plan, PlannedResource


def component_graph(plan: Plan) -> str:
    components = [resource for resource in plan.resources if resource.is_component]
    node_ids = {component.urn: f"c{index}" for index, component in enumerate(components)}
    lines = ["flowchart TD"]
    for component in components:
        label = _escape(f"{component.type}<br/>{component.name}")
        lines.append(f'    {node_ids[component.urn]}["{label}"]')
    for component in components:
        if component.parent in node_ids:
            lines.append(f"    {node_ids[component.parent]} --> {node_ids[component.urn]}")
    for source, target in sorted(_component_dependencies(plan, node_ids)):
        lines.append(f"    {node_ids[source]} -.-> {node_ids[target]}")
    return "\n".join(lines) + "\n"


def _component_dependencies(plan: Plan, components: dict[str, str]) -> set[tuple[str, str]]:
    """(dependent component, dependency component) pairs, excluding a component and its own
    ancestors or descendants (containment is already drawn)."""
    edges: set[tuple[str, str]] = set()
    for resource in plan.resources:
        source = _enclosing_component(plan, resource, components)
        if source is None:
            continue
        for target in _components_behind(plan, _direct_dependencies(resource), components):
            if target == source:
                continue
            if _is_ancestor(plan, source, target) or _is_ancestor(plan, target, source):
                continue
            edges.add((source, target))
    return edges


def _direct_dependencies(resource: PlannedResource) -> set[str]:
    """What a resource waits for: explicit and property dependencies, and its provider
    (a Kubernetes provider built from a cluster's kubeconfig ties workloads to the cluster)."""
    urns = set(resource.dependencies)
    for property_urns in resource.property_dependencies.values():
        urns.update(property_urns)
    if resource.provider:
        urns.add(resource.provider)
    return urns


def _components_behind(plan: Plan, urns: set[str], components: dict[str, str]) -> set[str]:
    """The components of `urns`; a resource outside every component (a top-level provider)
    is looked through, to the components it depends on."""
    found: set[str] = set()
    seen: set[str] = set()
    pending = list(urns)
    while pending:
        urn = pending.pop()
        if urn in seen:
            continue
        seen.add(urn)
        resource = _find(plan, urn)
        component = _enclosing_component(plan, resource, components)
        if component is not None:
            found.add(component)
        elif resource is not None:
            pending.extend(_direct_dependencies(resource))
    return found


def _find(plan: Plan, urn: str) -> PlannedResource | None:
    try:
        return plan.resource(urn)
    except KeyError:
        return None


def _enclosing_component(
    plan: Plan, resource: PlannedResource | None, components: dict[str, str]
) -> str | None:
    """The resource itself if it is a component, else its nearest component ancestor."""
    while resource is not None:
        if resource.urn in components:
            return resource.urn
        resource = _find(plan, resource.parent) if resource.parent else None
    return None


def _is_ancestor(plan: Plan, ancestor: str, urn: str) -> bool:
    resource = _find(plan, urn)
    while resource is not None and resource.parent:
        if resource.parent == ancestor:
            return True
        resource = _find(plan, resource.parent)
    return False


def _escape(text: str) -> str:
    # Mermaid labels are quoted; a double quote inside must be an entity.
    return text.replace('"', "#quot;")
