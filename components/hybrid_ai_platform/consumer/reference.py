"""`PlatformStack`: a typed `StackReference` to a hybrid-ai-platform stack.

A plain `StackReference` hands out `Output[Any]`: a renamed output or a typo surfaces at
deploy time, deep inside someone's kubeconfig. `PlatformStack` reads the same outputs
through the contract models (`hybrid_ai_platform.contract`), so consumers get typed values, an
error naming the known clusters for a wrong name, and a clear refusal of a contract major
version this package does not read.

Secrets: the engine marks a whole top-level output secret when anything inside it is
(`clusters`, because of the kubeconfigs). The contract says what is secret, so the
accessors hand out the kubeconfig as a secret and everything else in the clear.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import pulumi
import pulumi_kubernetes as k8s
from pydantic import TypeAdapter, ValidationError

from hybrid_ai_platform.contract import (
    ClusterOutputs,
    EnvironmentOutputs,
    NetworkOutputs,
    NodePoolOutputs,
    PlatformOutputs,
    UnknownNameError,
    UnsupportedContractError,
    check_supported,
)

T = TypeVar("T")
_NETWORK = TypeAdapter[NetworkOutputs](NetworkOutputs)


class PlatformStackError(pulumi.RunError):
    """The referenced stack does not offer what the program asked for. A `RunError`, so
    Pulumi shows the message without a traceback."""


class PlatformStack:
    """The outputs of one platform stack, e.g. `PlatformStack("acme/hybrid-ai-platform/prod")`.

    Every accessor returns an `Output` that fails with a `PlatformStackError` when the stack
    exports an unsupported contract version or lacks the named cluster or network.
    """

    def __init__(
        self,
        stack_name: str,
        resource_name: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """`stack_name` is the fully qualified `<org>/<project>/<stack>`. `resource_name`
        (default: `stack_name`) is the reference's logical name in the consuming stack:
        keep it stable, it is part of the reference's URN."""
        self.stack_name = stack_name
        self.reference = pulumi.StackReference(resource_name or stack_name, stack_name, opts)
        self.contract_version: pulumi.Output[str] = pulumi.Output.unsecret(
            self.reference.get_output("contractVersion").apply(self._checked_version)
        )

    @property
    def environment(self) -> pulumi.Output[EnvironmentOutputs]:
        return self._section("environment", EnvironmentOutputs.model_validate)

    @property
    def cluster_names(self) -> pulumi.Output[list[str]]:
        return self._section("clusters", lambda clusters: sorted(clusters))

    @property
    def outputs(self) -> pulumi.Output[PlatformOutputs]:
        """The whole contract, validated; secret, since it holds the kubeconfigs."""
        everything = pulumi.Output.all(self.contract_version, self.reference.outputs)
        return pulumi.Output.secret(
            everything.apply(lambda values: self._parse(PlatformOutputs.model_validate, values[1]))
        )

    def cluster(self, name: str) -> ClusterRef:
        """The cluster called `name` in the platform's definition (e.g. "train")."""
        return ClusterRef(
            name,
            self._section(
                "clusters",
                lambda clusters: ClusterOutputs.model_validate(_raw("cluster", name, clusters)),
            ),
        )

    def network(self, name: str) -> pulumi.Output[NetworkOutputs]:
        """A cluster's network by cluster name, or the private cloud's (`"privateCloud"`)."""
        return self._section(
            "networks", lambda networks: _NETWORK.validate_python(_raw("network", name, networks))
        )

    def kubernetes_provider(
        self,
        cluster_name: str,
        resource_name: str | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> k8s.Provider:
        """A Kubernetes provider for the cluster, authenticated by its (secret) kubeconfig.
        `resource_name` defaults to `platform-<cluster>`."""
        return k8s.Provider(
            resource_name or f"platform-{cluster_name}",
            kubeconfig=self.cluster(cluster_name).kubeconfig,
            opts=opts,
        )

    def _section(self, key: str, parse: Callable[[Any], T]) -> pulumi.Output[T]:
        """One top-level output, after the version check, parsed, in the clear."""
        values = pulumi.Output.all(self.contract_version, self.reference.get_output(key))
        return pulumi.Output.unsecret(
            values.apply(lambda pair: self._parse(parse, pair[1], key))
        )

    def _checked_version(self, version: Any) -> str:
        try:
            check_supported(version, reader="this hybrid-ai-platform package")
        except UnsupportedContractError as error:
            raise PlatformStackError(f"{self.stack_name}: {error}") from None
        return str(version)

    def _parse(self, parse: Callable[[Any], T], value: Any, key: str | None = None) -> T:
        if key is not None and value is None:
            raise PlatformStackError(f"{self.stack_name}: the stack exports no {key!r} output")
        try:
            return parse(value)
        except UnknownNameError as error:
            raise PlatformStackError(f"{self.stack_name}: {error}") from None
        except ValidationError as error:
            raise PlatformStackError(
                f"{self.stack_name}: output {key or 'outputs'!r} does not match the contract: "
                f"{error}"
            ) from None


class ClusterRef:
    """One cluster of a platform stack; every attribute is an `Output`."""

    def __init__(self, key: str, cluster: pulumi.Output[ClusterOutputs]) -> None:
        self.key = key
        self._cluster = cluster
        self.name: pulumi.Output[str] = cluster.apply(lambda c: c.name)
        self.cloud: pulumi.Output[str] = cluster.apply(lambda c: c.cloud)
        self.region: pulumi.Output[str] = cluster.apply(lambda c: c.region)
        self.endpoint: pulumi.Output[str] = cluster.apply(lambda c: c.endpoint)
        self.oidc_issuer: pulumi.Output[str] = cluster.apply(lambda c: c.oidc_issuer)
        self.node_pools: pulumi.Output[tuple[NodePoolOutputs, ...]] = cluster.apply(
            lambda c: c.node_pools
        )
        self.kubeconfig: pulumi.Output[str] = pulumi.Output.secret(
            cluster.apply(lambda c: c.kubeconfig.get_secret_value())
        )

    @property
    def outputs(self) -> pulumi.Output[ClusterOutputs]:
        """The whole entry (the kubeconfig inside is a `SecretStr`)."""
        return self._cluster

    def node_pool(self, name: str) -> pulumi.Output[NodePoolOutputs]:
        """The pool called `name`; fails listing the cluster's pools if there is none."""

        def pick(cluster: ClusterOutputs) -> NodePoolOutputs:
            try:
                return cluster.node_pool(name)
            except UnknownNameError as error:
                raise PlatformStackError(f"cluster {self.key!r}: {error}") from None

        return self._cluster.apply(pick)


def _raw(kind: str, name: str, entries: Any) -> Any:
    if not isinstance(entries, dict) or name not in entries:
        raise UnknownNameError(kind, name, entries if isinstance(entries, dict) else {})
    return entries[name]
