"""What the Glue and Data Factory pipelines share: children on the pipeline's provider, the
stateful ones protected as the tier says."""

from __future__ import annotations

import pulumi

from hybrid_ai_platform.options import ProviderComponent
from hybrid_ai_platform.tiers import TierSettings


class PipelineComponent(ProviderComponent):
    """A subclass sets `_cloud_provider` and `_settings` before it creates any child."""

    _settings: TierSettings

    def _child(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        return self._opts(depends_on=depends_on)

    def _stateful(self, *depends_on: pulumi.Resource) -> pulumi.ResourceOptions:
        """Data, keys and logs: kept by `pulumi destroy` and protected where the tier says."""
        return self._opts(
            protect=self._settings.protect,
            retain_on_delete=self._settings.retain_on_delete,
            depends_on=depends_on,
        )
