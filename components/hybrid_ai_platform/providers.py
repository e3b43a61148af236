"""Explicit providers, one per cloud account and region, created on first use.

Default providers are disabled in every stack (`pulumi:disable-default-providers: ["*"]`),
so a resource that forgets its provider fails loudly instead of deploying with whatever
credentials the operator's shell happens to hold. Providers never read ambient config
here: accounts come from the definition; credentials from the runner's OIDC federation or
login, as each provider's own documented chain resolves them.

Each cloud's SDK is imported when a provider of that cloud is first asked for, not with this
module: a stack on one cloud never loads the others' SDKs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

import pulumi

from hybrid_ai_platform.spec import Accounts

if TYPE_CHECKING:
    import pulumi_aws as aws
    import pulumi_azure_native as azure_native
    import pulumi_gcp as gcp
    import pulumi_openstack as openstack

    # Inside `Providers` the name `openstack` is its method, so annotations there use this.
    OpenStackProvider = openstack.Provider

P = TypeVar("P", bound=pulumi.ProviderResource)


class Providers:
    """Hands out the provider for a (cloud, region); the same pair always gets the same
    provider object and the same logical name (a provider's URN is part of every child's
    provider reference, so renaming one would replace everything on it)."""

    def __init__(
        self, accounts: Accounts, parent: pulumi.Resource | None = None, prefix: str = ""
    ) -> None:
        """`parent` and `prefix` (`<prefix>aws-us-east-1`) for providers a component makes
        for itself (`hybrid_ai_platform.package`): two of them in one program must not collide."""
        self._accounts = accounts
        self._parent = parent
        self._prefix = prefix
        self._made: dict[tuple[str, str], pulumi.ProviderResource] = {}

    def aws(self, region: str) -> aws.Provider:
        import pulumi_aws

        account = self._accounts.aws
        assert account is not None, "validation requires accounts.aws"
        return self._once(
            "aws",
            region,
            lambda: pulumi_aws.Provider(
                self._name(f"aws-{region}"),
                region=region,
                # Refuse to touch any other account, whatever credentials are present.
                allowed_account_ids=[account.account_id],
                opts=self._opts(),
            ),
        )

    def azure(self, location: str) -> azure_native.Provider:
        import pulumi_azure_native

        account = self._accounts.azure
        assert account is not None, "validation requires accounts.azure"
        # One Azure provider per subscription: resources carry their own location.
        return self._once(
            "azure",
            "",
            lambda: pulumi_azure_native.Provider(
                self._name("azure"),
                subscription_id=account.subscription_id,
                tenant_id=account.tenant_id,
                opts=self._opts(),
            ),
        )

    def gcp(self, region: str) -> gcp.Provider:
        import pulumi_gcp

        account = self._accounts.gcp
        assert account is not None, "validation requires accounts.gcp"
        return self._once(
            "gcp",
            region,
            lambda: pulumi_gcp.Provider(
                self._name(f"gcp-{region}"),
                project=account.project,
                region=region,
                opts=self._opts(),
            ),
        )

    def openstack(self, region: str) -> openstack.Provider:
        import pulumi_openstack

        account = self._accounts.openstack
        assert account is not None, "validation requires accounts.openstack"
        return self._once(
            "openstack",
            region,
            lambda: pulumi_openstack.Provider(
                self._name(f"openstack-{region.lower()}"),
                cloud=account.cloud,
                region=region,
                opts=self._opts(),
            ),
        )

    def openstack_project(
        self,
        region: str,
        project: str,
        project_name: pulumi.Input[str],
        depends_on: tuple[pulumi.Resource, ...] = (),
    ) -> OpenStackProvider:
        """The same cloud, scoped to a team project (by its Keystone name): what a Magnum
        cluster in that project is created through. `depends_on`: the deploying identity's
        role in the project, without which the token cannot be scoped."""
        import pulumi_openstack

        account = self._accounts.openstack
        assert account is not None, "validation requires accounts.openstack"
        return self._once(
            "openstack",
            f"{region}/{project}",
            lambda: pulumi_openstack.Provider(
                self._name(f"openstack-{region.lower()}-{project}"),
                cloud=account.cloud,
                region=region,
                tenant_name=project_name,
                opts=self._opts(depends_on),
            ),
        )

    def _name(self, name: str) -> str:
        return f"{self._prefix}{name}"

    def _opts(self, depends_on: tuple[pulumi.Resource, ...] = ()) -> pulumi.ResourceOptions:
        return pulumi.ResourceOptions(parent=self._parent, depends_on=list(depends_on) or None)

    def _once(self, cloud: str, region: str, make: Callable[[], P]) -> P:
        key = (cloud, region)
        if key not in self._made:
            self._made[key] = make()
        return cast(P, self._made[key])
