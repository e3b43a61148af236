"""Resource options for a network component's children."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi


def child_options(
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource,
    depends_on: Sequence[pulumi.Resource] = (),
    protect: bool = False,
) -> pulumi.ResourceOptions:
    """`parent` and the explicit `provider`, nothing inherited: the component's own options
    (aliases, protect, ...) are about the component, and merging them into every child
    would, for example, alias each child to the component's old name. `protect` is the
    tier's (`components.tiers`), for the children that cannot be replaced without an outage."""
    return pulumi.ResourceOptions(
        parent=parent, provider=provider, depends_on=list(depends_on) or None, protect=protect
    )
