"""The Python SDK's alias URNs, collapsed when something reads them rather than for every alias.

`pulumi.Resource.__init__` (pulumi 3.272.0) turns each alias in its options into an
`Output[str]` URN with `collapse_alias_to_urn` and keeps the list as `Resource._aliases`:
about ten Outputs, and their tasks, per alias. Its only reader is `all_aliases`, which the SDK
calls for a monitor without alias specs; hap's monitor supports them (`MockMonitor`'s
features), so the engine gets each alias as a spec from the options instead, and every one
of those Outputs is computed for nothing. Generated azure-native classes declare an alias per
API version (60 for `VirtualNetwork`): in a prod preview 1,374 aliases made 17,862 of its
27,559 Outputs, a third of a re-preview's CPU time.

`collapse_alias_to_urn` below hands back an awaitable that runs the SDK's function when
awaited (`Output.from_input` accepts it where the URN is read), for each alias whose
collapse cannot fail: a URN string, or an `Alias` whose name and type are strings or left to
their defaults, whose project and stack are strings or unset, and whose parent is a resource,
a URN string or none (a parent's URN fails only when the parent's own registration failed,
which fails the child's registration too). Any other alias is collapsed at once, as the SDK
does, so an error in it is raised at the end of the program as before.

Upstream-ready: `Resource.__init__` can keep the options' aliases and collapse them in
`all_aliases`, on first use. Until then `hap` swaps this function in for the length of one
program run only.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from typing import Any

from pulumi import resource as sdk_resource
from pulumi.resource import Alias, Resource
from pulumi.runtime.resource import collapse_alias_to_urn as collapse_now


class DeferredAliasUrn:
    """An alias's URN, collapsed by the SDK's own function once something awaits it."""

    __slots__ = ("_alias", "_name", "_parent", "_type")

    def __init__(self, alias: str | Alias, name: str, type_: str, parent: Resource | None) -> None:
        self._alias, self._name, self._type, self._parent = alias, name, type_, parent

    def __await__(self) -> Generator[Any, None, str | None]:
        urn = collapse_now(self._alias, self._name, self._type, self._parent)
        return urn.future().__await__()


def collapse_alias_to_urn(
    alias: Any, default_name: str, default_type: str, default_parent: Resource | None
) -> Any:
    """Same contract as the SDK's function of that name (see the module's docstring)."""
    if _cannot_fail(alias, default_parent):
        return DeferredAliasUrn(alias, default_name, default_type, default_parent)
    return collapse_now(alias, default_name, default_type, default_parent)


def _cannot_fail(alias: Any, default_parent: Resource | None) -> bool:
    if isinstance(alias, str):
        return True
    if not isinstance(alias, Alias):
        return False  # an Output or awaitable of an alias: its value may fail
    parent = default_parent if alias.parent is ... else alias.parent
    return (
        all(field is ... or isinstance(field, str) for field in (alias.name, alias.type_))
        and all(
            field is ... or field is None or isinstance(field, str)
            for field in (alias.project, alias.stack)
        )
        and (parent is None or isinstance(parent, str | Resource))
    )


@contextmanager
def deferred_alias_urns() -> Iterator[None]:
    """`Resource.__init__` calls the name it imported into `pulumi.resource`."""
    original = sdk_resource.collapse_alias_to_urn
    sdk_resource.collapse_alias_to_urn = collapse_alias_to_urn  # type: ignore[assignment]
    try:
        yield
    finally:
        sdk_resource.collapse_alias_to_urn = original
