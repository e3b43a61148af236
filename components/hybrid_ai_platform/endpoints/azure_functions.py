"""`AzureFunctionEndpoint`: a workload served by Azure Functions on the Flex Consumption plan.

The app has a system-assigned identity and uses it for everything: the host's storage
(`AzureWebJobsStorage__accountName`), the deployment container its code package is read
from, and Application Insights (local authentication off, `Authorization=AAD`). The
storage account therefore refuses shared keys. HTTPS only, TLS 1.2 minimum on the site and
its SCM endpoint, FTP(S) off and basic publishing credentials off; callers present a
function key (the HTTP trigger's `FUNCTION` auth level) unless the definition says
`public: true` (`ANONYMOUS`). `minInstances` keeps that many
instances of the `http` trigger group always ready.

The code package is published into the deployment container by the deploy step with the
deployer's Entra identity (`az functionapp deploy`): pulumi-azure-native's `Blob` can only
write with an account key (pulumi/pulumi-azure-native#2015), which this account refuses.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pulumi
import pulumi_azure_native as azure_native

from hybrid_ai_platform.endpoints.plan import AZURE_HTTP_GROUP, AZURE_SITE_NAME_LIMIT, EndpointPlan
from hybrid_ai_platform.options import ProviderComponent

TYPE = "hybrid:azure:FunctionEndpoint"
DEPLOYMENT_CONTAINER = "app-package"
# Built-in role definition ids ("Azure built-in roles").
STORAGE_BLOB_DATA_OWNER = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"
MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb"
MIN_TLS = "1.2"
# The app setting the fraud-detection adapter reads its HTTP auth level from
# (`workloads/fraud_detection/handlers/azure_function.py`).
AUTH_LEVEL_SETTING = "FRAUD_HTTP_AUTH_LEVEL"


@dataclass(frozen=True)
class AzureFunctionEndpointArgs:
    plan: EndpointPlan
    subscription_id: str


class AzureFunctionEndpoint(ProviderComponent):
    url: pulumi.Output[str]
    app_name: pulumi.Output[str]
    resource_group_name: pulumi.Output[str]
    principal_id: pulumi.Output[str]
    auth_mode: str

    def __init__(
        self,
        name: str,
        args: AzureFunctionEndpointArgs,
        provider: azure_native.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        plan = args.plan
        self._name = name
        self._plan = plan
        self._cloud_provider = provider
        self._subscription_id = args.subscription_id
        tags = dict(plan.tags)

        group = azure_native.resources.ResourceGroup(
            f"{name}-rg",
            resource_group_name=plan.name_for("fn-rg", max_length=90),
            location=plan.region,
            tags=tags,
            # Deleting the group deletes the app, its storage and its monitoring with it.
            opts=self._opts(protect=plan.protect),
        )
        storage = azure_native.storage.StorageAccount(
            f"{name}-storage",
            account_name=plan.storage_account_name,
            resource_group_name=group.name,
            location=plan.region,
            kind="StorageV2",
            sku={"name": "Standard_LRS"},
            # Entra ID only: the app reaches it with its identity, people with theirs.
            allow_shared_key_access=False,
            default_to_o_auth_authentication=True,
            allow_blob_public_access=False,
            enable_https_traffic_only=True,
            minimum_tls_version="TLS1_2",
            tags=tags,
            opts=self._opts(protect=plan.protect, retain_on_delete=plan.retain_on_delete),
        )
        container = azure_native.storage.BlobContainer(
            f"{name}-package",
            container_name=DEPLOYMENT_CONTAINER,
            account_name=storage.name,
            resource_group_name=group.name,
            public_access=azure_native.storage.PublicAccess.NONE,
            # Holds the deployed code packages: the app cannot start again without them.
            opts=self._opts(protect=plan.protect, retain_on_delete=plan.retain_on_delete),
        )
        workspace = azure_native.operationalinsights.Workspace(
            f"{name}-logs",
            workspace_name=plan.name_for("fn-logs"),
            resource_group_name=group.name,
            location=plan.region,
            sku={"name": "PerGB2018"},
            retention_in_days=plan.log_retention_days,
            tags=tags,
            opts=self._opts(protect=plan.protect, retain_on_delete=plan.retain_on_delete),
        )
        insights = azure_native.applicationinsights.Component(
            f"{name}-insights",
            resource_name_=plan.name_for("fn-insights"),
            resource_group_name=group.name,
            location=plan.region,
            kind="web",
            application_type="web",
            workspace_resource_id=workspace.id,
            ingestion_mode="LogAnalytics",
            # Telemetry only from identities granted Monitoring Metrics Publisher.
            disable_local_auth=True,
            tags=tags,
            opts=self._opts(),
        )
        service_plan = azure_native.web.AppServicePlan(
            f"{name}-plan",
            name=plan.name_for("fn-plan"),
            resource_group_name=group.name,
            location=plan.region,
            kind="functionapp",
            # Linux: Flex Consumption runs only Linux apps.
            reserved=True,
            sku={"name": "FC1", "tier": "FlexConsumption"},
            tags=tags,
            opts=self._opts(),
        )
        package_url = pulumi.Output.concat(
            storage.primary_endpoints.apply(lambda endpoints: endpoints.blob),
            DEPLOYMENT_CONTAINER,
        )
        app = azure_native.web.WebApp(
            f"{name}-app",
            name=plan.name_for("fn", max_length=AZURE_SITE_NAME_LIMIT),
            resource_group_name=group.name,
            location=plan.region,
            kind="functionapp,linux",
            server_farm_id=service_plan.id,
            identity=azure_native.web.ManagedServiceIdentityArgs(
                type=azure_native.web.ManagedServiceIdentityType.SYSTEM_ASSIGNED
            ),
            https_only=True,
            site_config=azure_native.web.SiteConfigArgs(
                min_tls_version=MIN_TLS,
                scm_min_tls_version=MIN_TLS,
                ftps_state=azure_native.web.FtpsState.DISABLED,
                http20_enabled=True,
                app_settings=self._app_settings(storage.name, insights.connection_string),
            ),
            function_app_config=azure_native.web.FunctionAppConfigArgs(
                deployment=azure_native.web.FunctionsDeploymentArgs(
                    storage=azure_native.web.FunctionsDeploymentStorageArgs(
                        type=azure_native.web.FunctionsDeploymentStorageType.BLOB_CONTAINER,
                        value=package_url,
                        authentication=azure_native.web.FunctionsDeploymentStorageAuthenticationArgs(
                            type=azure_native.web.AuthenticationType.SYSTEM_ASSIGNED_IDENTITY
                        ),
                    )
                ),
                runtime=azure_native.web.FunctionsRuntimeArgs(
                    name=plan.runtime.identifier, version=plan.runtime.python
                ),
                scale_and_concurrency=azure_native.web.FunctionsScaleAndConcurrencyArgs(
                    maximum_instance_count=plan.max_instances,
                    instance_memory_mb=plan.memory_mb,
                    always_ready=(
                        [
                            azure_native.web.FunctionsAlwaysReadyConfigArgs(
                                name=AZURE_HTTP_GROUP, instance_count=plan.min_instances
                            )
                        ]
                        if plan.min_instances > 0
                        else None
                    ),
                ),
            ),
            tags=tags,
            opts=pulumi.ResourceOptions.merge(
                self._opts(depends_on=[container]),
                # The app settings hold the Application Insights connection string.
                pulumi.ResourceOptions(additional_secret_outputs=["siteConfig"]),
            ),
        )
        principal = app.identity.apply(lambda identity: identity.principal_id if identity else "")
        self._grant(f"{name}-storage-access", storage.id, STORAGE_BLOB_DATA_OWNER, principal)
        self._grant(f"{name}-telemetry", insights.id, MONITORING_METRICS_PUBLISHER, principal)
        # Basic-auth publishing credentials (FTP and the SCM site) off: deployments use Entra.
        azure_native.web.WebAppFtpAllowed(
            f"{name}-ftp-off",
            name=app.name,
            resource_group_name=group.name,
            allow=False,
            opts=self._opts(),
        )
        azure_native.web.WebAppScmAllowed(
            f"{name}-scm-basic-auth-off",
            name=app.name,
            resource_group_name=group.name,
            allow=False,
            opts=self._opts(),
        )

        self.url = pulumi.Output.concat("https://", app.default_host_name, "/")
        self.app_name = app.name
        self.resource_group_name = group.name
        self.principal_id = principal
        self.auth_mode = plan.auth_mode
        self.register_outputs(
            {
                "url": self.url,
                "app_name": self.app_name,
                "resource_group_name": self.resource_group_name,
                "principal_id": self.principal_id,
                "auth_mode": self.auth_mode,
            }
        )

    def _app_settings(
        self, account_name: pulumi.Output[str], connection_string: pulumi.Output[str]
    ) -> list[azure_native.web.NameValuePairArgs]:
        plan = self._plan
        settings: dict[str, pulumi.Input[str]] = {
            # Identity-based host storage: the account name and no key.
            "AzureWebJobsStorage__accountName": account_name,
            "APPLICATIONINSIGHTS_CONNECTION_STRING": pulumi.Output.secret(connection_string),
            "APPLICATIONINSIGHTS_AUTHENTICATION_STRING": "Authorization=AAD",
            # host.json's functionTimeout, from the definition's timeoutSeconds.
            "AzureFunctionsJobHost__functionTimeout": plan.azure_function_timeout,
            # The HTTP trigger's auth level, which the workload's adapter reads at start:
            # a function key unless the definition says public.
            AUTH_LEVEL_SETTING: "anonymous" if plan.public else "function",
            **plan.variables,
        }
        return [
            azure_native.web.NameValuePairArgs(name=key, value=value)
            for key, value in sorted(settings.items())
        ]

    def _grant(
        self, name: str, scope: pulumi.Output[str], role: str, principal: pulumi.Output[str]
    ) -> None:
        azure_native.authorization.RoleAssignment(
            name,
            # A GUID derived from stable names: a rerun never adds a second assignment.
            role_assignment_name=str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"{self._plan.physical_name}/{name}")
            ),
            scope=scope,
            role_definition_id=(
                f"/subscriptions/{self._subscription_id}/providers/"
                f"Microsoft.Authorization/roleDefinitions/{role}"
            ),
            principal_id=principal,
            principal_type="ServicePrincipal",
            opts=self._opts(),
        )
