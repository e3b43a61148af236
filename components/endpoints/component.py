"""What the three endpoint components share: children under the endpoint, on its provider."""

from __future__ import annotations

import pulumi

from components.options import child_options


class EndpointComponent(pulumi.ComponentResource):
    """An endpoint's children are parented to it and use its explicit cloud provider; a
    subclass sets `_cloud_provider` before it creates any."""

    _cloud_provider: pulumi.ProviderResource

    def _opts(
        self,
        *,
        protect: bool = False,
        retain_on_delete: bool = False,
        depends_on: list[pulumi.Resource] | None = None,
    ) -> pulumi.ResourceOptions:
        return child_options(
            self,
            self._cloud_provider,
            protect=protect,
            retain_on_delete=retain_on_delete,
            depends_on=depends_on or (),
        )
