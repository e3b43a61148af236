"""`GpuCluster`: the skeleton every GPU cluster component fills in (`EksGpuCluster`,
`AksGpuCluster`, `GkeGpuCluster`, `MagnumGpuCluster`).

The skeleton owns what must not differ between clouds: the component registers under its
own type with the definition's cluster name, its children are parented to it and use its
explicit provider (`ProviderComponent`), and it publishes the same outputs on every cloud
(cloud, region, pools, cluster name, API endpoint, a secret kubeconfig, the OIDC issuer)
plus its cloud's own. A cloud fills in `_build`: the control plane, its node pools and the
access grant the kubeconfig waits for, returning what it publishes. The platform, the
in-cluster GPU stack and the output contract read only the common outputs, so a fifth
cloud is one more `_build`.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pulumi

from hybrid_ai_platform.clusters.plan import PoolPlan, describe_pools
from hybrid_ai_platform.options import ProviderComponent


@dataclass(frozen=True)
class Published:
    """What a built cluster publishes, beyond the cloud, region and pools it was given."""

    cluster_name: pulumi.Output[str]
    # `https://host[:port]` of the Kubernetes API server.
    endpoint: pulumi.Output[str]
    # YAML; published as a Pulumi secret whatever the cloud returns.
    kubeconfig: pulumi.Output[str]
    # The issuer of the cluster's service-account tokens (workload identity federation).
    oidc_issuer: pulumi.Output[str]
    # The cloud's own outputs by name (`oidc_provider_arn`, `workload_pool`, ...), also set
    # as attributes by `_build`.
    extra: Mapping[str, Any] = field(default_factory=dict)


class GpuCluster(ProviderComponent, metaclass=abc.ABCMeta):
    """A GPU Kubernetes cluster on one cloud; see the module docstring."""

    # The definition's `cloud` this component builds.
    CLOUD: ClassVar[str]

    cloud: str
    region: str
    pools: tuple[PoolPlan, ...]
    cluster_name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]
    oidc_issuer: pulumi.Output[str]

    def __init__(
        self,
        type_: str,
        name: str,
        region: str,
        pools: tuple[PoolPlan, ...],
        provider: pulumi.ProviderResource,
        opts: pulumi.ResourceOptions | None,
    ) -> None:
        """A subclass sets what its `_build` reads (its args) before calling this."""
        super().__init__(type_, name, None, opts)
        self._name = name
        self._cloud_provider = provider
        self.cloud = self.CLOUD
        self.region = region
        self.pools = pools
        published = self._build()
        self.cluster_name = published.cluster_name
        self.endpoint = published.endpoint
        self.kubeconfig = pulumi.Output.secret(published.kubeconfig)
        self.oidc_issuer = published.oidc_issuer
        self.register_outputs(
            {
                "cloud": self.cloud,
                "region": self.region,
                "pools": describe_pools(self.pools),
                "cluster_name": self.cluster_name,
                "endpoint": self.endpoint,
                "kubeconfig": self.kubeconfig,
                "oidc_issuer": self.oidc_issuer,
                **published.extra,
            }
        )

    @abc.abstractmethod
    def _build(self) -> Published:
        """Create the cluster's resources as children of this component."""
