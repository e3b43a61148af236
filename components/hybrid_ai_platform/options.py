"""Resource options for a component's children: one helper for every component."""

from __future__ import annotations

from collections.abc import Sequence

import pulumi


def child_options(
    parent: pulumi.Resource,
    provider: pulumi.ProviderResource,
    *,
    depends_on: Sequence[pulumi.Resource] = (),
    protect: bool = False,
    retain_on_delete: bool = False,
    ignore_changes: Sequence[str] = (),
    delete_before_replace: bool = False,
) -> pulumi.ResourceOptions:
    """`parent` and the explicit `provider`, nothing inherited from the component's own
    options (its aliases or protect flag are about the component, not each child).

    `ignore_changes` paths are the engine's property paths (camelCase, e.g.
    `scalingConfig.desiredSize`): the SDK translates only top-level Python names.
    """
    return pulumi.ResourceOptions(
        parent=parent,
        provider=provider,
        depends_on=list(depends_on) or None,
        protect=protect,
        retain_on_delete=retain_on_delete or None,
        ignore_changes=list(ignore_changes) or None,
        delete_before_replace=delete_before_replace or None,
    )


class ProviderComponent(pulumi.ComponentResource):
    """A component whose children are parented to it and use its explicit cloud provider; a
    subclass sets `_cloud_provider` before it creates any."""

    _cloud_provider: pulumi.ProviderResource

    def _opts(
        self,
        *,
        protect: bool = False,
        retain_on_delete: bool = False,
        depends_on: Sequence[pulumi.Resource] = (),
        ignore_changes: Sequence[str] = (),
        delete_before_replace: bool = False,
    ) -> pulumi.ResourceOptions:
        return child_options(
            self,
            self._cloud_provider,
            protect=protect,
            retain_on_delete=retain_on_delete,
            depends_on=depends_on,
            ignore_changes=ignore_changes,
            delete_before_replace=delete_before_replace,
        )
