"""`DataFactoryPipeline`: an AWS pipeline's curated data copied into ADLS Gen2 on a schedule.

Data Factory's Copy activity reads the curated Parquet from S3 through a read-only IAM
user (`CuratedDataReader`) whose secret access key sits in this pipeline's Key Vault (RBAC
mode, purge protection) and reaches the factory only through a Key Vault reference; the
factory's system-assigned identity writes to the lake (Storage Blob Data Contributor on the
account, no keys: shared-key access is off) and reads that one secret (Key Vault Secrets
User on the secret alone). Factory and vault logs go to a Log Analytics workspace.

The lake is an ADLS Gen2 account (hierarchical namespace). Blob versioning cannot be turned
on for an account with a hierarchical namespace (Azure Storage "Blob versioning" overview
and the feature-support table, read 2026-12-01), so deleted data is recoverable through
blob and container soft delete instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_azure_native as azure_native
from pulumi_azure_native import (
    authorization,
    datafactory,
    keyvault,
    monitor,
    resources,
    storage,
)
from pulumi_azure_native import operationalinsights as insights

from hybrid_ai_platform.naming import physical_name
from hybrid_ai_platform.pipelines.component import PipelineComponent
from hybrid_ai_platform.pipelines.plan import (
    ADLS_CONTAINERS,
    CURATED_PREFIX,
    RECOVERY_DAYS,
    DataFactoryPlan,
)
from hybrid_ai_platform.tiers import TierSettings

TYPE = "hybrid:azure:DataFactoryPipeline"
STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe"
KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
# Key Vault keeps deleted vaults and secrets this long (7..90 days; 90 is the most).
VAULT_SOFT_DELETE_DAYS = 90
# Linked services and datasets are referenced by these names inside the factory.
KEY_VAULT_LINK = "key-vault"
LAKE_LINK = "lake"
S3_LINK = "s3-curated"
S3_DATASET = "s3-curated-parquet"
LAKE_DATASET = "lake-curated-parquet"
COPY_ACTIVITY = "CopyCuratedFromS3"


@dataclass(frozen=True)
class S3Source:
    """The AWS pipeline's curated data and how to read it."""

    bucket: str
    region: str
    access_key_id: pulumi.Input[str]
    # Must be a Pulumi secret (`CuratedDataReader.secret_access_key`).
    secret_access_key: pulumi.Output[str]


@dataclass(frozen=True)
class DataFactoryPipelineArgs:
    plan: DataFactoryPlan
    subscription_id: str
    tenant_id: str
    tags: Mapping[str, str]
    settings: TierSettings
    source: S3Source


class DataFactoryPipeline(PipelineComponent):
    resource_group_name: pulumi.Output[str]
    storage_account_name: pulumi.Output[str]
    containers: dict[str, pulumi.Output[str]]
    key_vault_name: pulumi.Output[str]
    factory_name: pulumi.Output[str]
    pipeline_name: pulumi.Output[str]
    trigger_name: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        args: DataFactoryPipelineArgs,
        provider: azure_native.Provider,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE, name, None, opts)
        self._name = name
        self._args = args
        self._cloud_provider = provider
        self._settings = args.settings
        plan = args.plan

        group = resources.ResourceGroup(
            f"{name}-group",
            resource_group_name=plan.resource_group,
            location=plan.location,
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        self._group = group
        workspace = insights.Workspace(
            f"{name}-logs",
            workspace_name=physical_name(plan.factory, "logs"),
            resource_group_name=group.name,
            location=plan.location,
            sku={"name": insights.WorkspaceSkuNameEnum.PER_GB2018},
            retention_in_days=args.settings.log_retention_days,
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        account, containers = self._lake()
        vault, secret = self._vault()
        factory = datafactory.Factory(
            f"{name}-factory",
            factory_name=plan.factory,
            resource_group_name=group.name,
            location=plan.location,
            identity={"type": datafactory.FactoryIdentityType.SYSTEM_ASSIGNED},
            tags=dict(args.tags),
            opts=self._child(),
        )
        principal = factory.identity.apply(
            lambda identity: identity.principal_id if identity else ""
        )
        lake_access = self._role_assignment(
            "lake-writer", account.id, STORAGE_BLOB_DATA_CONTRIBUTOR, principal
        )
        secret_access = self._role_assignment(
            "secret-reader", secret.id, KEY_VAULT_SECRETS_USER, principal
        )
        links = self._linked_services(factory, account, vault, lake_access, secret_access)
        datasets = self._datasets(factory, links)
        pipeline = self._pipeline(factory, datasets)
        trigger = datafactory.Trigger(
            f"{name}-schedule",
            trigger_name=plan.trigger,
            factory_name=factory.name,
            resource_group_name=group.name,
            properties=datafactory.ScheduleTriggerArgs(
                type="ScheduleTrigger",
                description=(
                    f"{plan.workload}: copy {plan.copy_from}'s curated data ({plan.cron.text} UTC)"
                ),
                recurrence=_recurrence(plan.recurrence),
                pipelines=[
                    datafactory.TriggerPipelineReferenceArgs(
                        pipeline_reference=datafactory.PipelineReferenceArgs(
                            reference_name=plan.pipeline, type="PipelineReference"
                        )
                    )
                ],
            ),
            opts=self._child(pipeline),
        )
        for resource, what in ((factory, "factory"), (vault, "vault")):
            monitor.DiagnosticSetting(
                f"{name}-{what}-diagnostics",
                name="to-log-analytics",
                resource_uri=resource.id,
                workspace_id=workspace.id,
                log_analytics_destination_type="Dedicated",
                logs=[{"category_group": "allLogs", "enabled": True}],
                metrics=[{"category": "AllMetrics", "enabled": True}],
                opts=self._child(),
            )

        self.resource_group_name = group.name
        self.storage_account_name = account.name
        self.containers = {role: container.name for role, container in containers.items()}
        self.key_vault_name = vault.name
        self.factory_name = factory.name
        self.pipeline_name = pipeline.name
        self.trigger_name = trigger.name
        self.register_outputs(
            {
                "resource_group_name": self.resource_group_name,
                "storage_account_name": self.storage_account_name,
                "containers": self.containers,
                "key_vault_name": self.key_vault_name,
                "factory_name": self.factory_name,
                "pipeline_name": self.pipeline_name,
                "trigger_name": self.trigger_name,
            }
        )

    def _lake(self) -> tuple[storage.StorageAccount, dict[str, storage.BlobContainer]]:
        args, plan = self._args, self._args.plan
        account = storage.StorageAccount(
            f"{self._name}-lake",
            account_name=plan.storage_account,
            resource_group_name=self._group.name,
            location=plan.location,
            kind=storage.Kind.STORAGE_V2,
            # Zone-redundant where the tier pays for availability.
            sku={
                "name": storage.SkuName.STANDARD_ZRS
                if args.settings.high_availability
                else storage.SkuName.STANDARD_LRS
            },
            is_hns_enabled=True,
            enable_https_traffic_only=True,
            minimum_tls_version=storage.MinimumTlsVersion.TLS1_2,
            allow_blob_public_access=False,
            # Entra ID only: no account keys, no SAS signed with them.
            allow_shared_key_access=False,
            default_to_o_auth_authentication=True,
            allow_cross_tenant_replication=False,
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        storage.BlobServiceProperties(
            f"{self._name}-lake-recovery",
            account_name=account.name,
            resource_group_name=self._group.name,
            blob_services_name="default",
            delete_retention_policy={"enabled": True, "days": RECOVERY_DAYS},
            container_delete_retention_policy={"enabled": True, "days": RECOVERY_DAYS},
            # Not available with a hierarchical namespace (see the module docstring).
            is_versioning_enabled=False,
            opts=self._child(),
        )
        containers = {
            role: storage.BlobContainer(
                f"{self._name}-{role}",
                container_name=role,
                account_name=account.name,
                resource_group_name=self._group.name,
                public_access=storage.PublicAccess.NONE,
                opts=self._stateful(),
            )
            for role in ADLS_CONTAINERS
        }
        return account, containers

    def _vault(self) -> tuple[keyvault.Vault, keyvault.Secret]:
        args, plan = self._args, self._args.plan
        vault = keyvault.Vault(
            f"{self._name}-vault",
            vault_name=plan.key_vault,
            resource_group_name=self._group.name,
            location=plan.location,
            properties={
                "tenant_id": args.tenant_id,
                "sku": {"family": keyvault.SkuFamily.A, "name": keyvault.SkuName.STANDARD},
                # Access by Azure RBAC role assignments, not vault access policies.
                "enable_rbac_authorization": True,
                "enable_soft_delete": True,
                "soft_delete_retention_in_days": VAULT_SOFT_DELETE_DAYS,
                # Once on, it cannot be turned off: a deleted secret is recoverable for the
                # whole retention, whoever deletes it.
                "enable_purge_protection": True,
            },
            tags=dict(args.tags),
            opts=self._stateful(),
        )
        secret = keyvault.Secret(
            f"{self._name}-s3-secret",
            secret_name=plan.s3_secret_name,
            vault_name=vault.name,
            resource_group_name=self._group.name,
            properties={
                "value": args.source.secret_access_key,
                "content_type": "AWS secret access key of the curated-data reader",
            },
            tags=dict(args.tags),
            # The value is a Pulumi secret already; listing the property keeps the secret
            # marking on what the provider returns, whatever the value's origin.
            opts=pulumi.ResourceOptions.merge(
                self._child(), pulumi.ResourceOptions(additional_secret_outputs=["properties"])
            ),
        )
        return vault, secret

    def _role_assignment(
        self, purpose: str, scope: pulumi.Input[str], role: str, principal: pulumi.Input[str]
    ) -> authorization.RoleAssignment:
        args = self._args
        return authorization.RoleAssignment(
            f"{self._name}-{purpose}",
            # GUID names derived from stable names: a rerun never adds a second assignment.
            role_assignment_name=str(
                uuid.uuid5(uuid.NAMESPACE_URL, f"{args.plan.factory}/{purpose}")
            ),
            scope=scope,
            role_definition_id=(
                f"/subscriptions/{args.subscription_id}/providers/"
                f"Microsoft.Authorization/roleDefinitions/{role}"
            ),
            principal_id=principal,
            principal_type=authorization.PrincipalType.SERVICE_PRINCIPAL,
            opts=self._child(),
        )

    def _linked_services(
        self,
        factory: datafactory.Factory,
        account: storage.StorageAccount,
        vault: keyvault.Vault,
        lake_access: authorization.RoleAssignment,
        secret_access: authorization.RoleAssignment,
    ) -> dict[str, datafactory.LinkedService]:
        source = self._args.source
        common = {"factory_name": factory.name, "resource_group_name": self._group.name}
        key_vault = datafactory.LinkedService(
            f"{self._name}-link-vault",
            linked_service_name=KEY_VAULT_LINK,
            properties=datafactory.AzureKeyVaultLinkedServiceArgs(
                type="AzureKeyVault",
                base_url=vault.properties.apply(lambda p: p.vault_uri or ""),
            ),
            opts=self._child(),
            **common,
        )
        lake = datafactory.LinkedService(
            f"{self._name}-link-lake",
            linked_service_name=LAKE_LINK,
            # No credential: the factory's system-assigned identity.
            properties=datafactory.AzureBlobFSLinkedServiceArgs(
                type="AzureBlobFS",
                url=account.primary_endpoints.apply(lambda e: e.dfs),
            ),
            opts=self._child(lake_access),
            **common,
        )
        s3 = datafactory.LinkedService(
            f"{self._name}-link-s3",
            linked_service_name=S3_LINK,
            properties=datafactory.AmazonS3LinkedServiceArgs(
                type="AmazonS3",
                authentication_type="AccessKey",
                access_key_id=source.access_key_id,
                service_url=f"https://s3.{source.region}.amazonaws.com",
                secret_access_key=datafactory.AzureKeyVaultSecretReferenceArgs(
                    type="AzureKeyVaultSecret",
                    store=datafactory.LinkedServiceReferenceArgs(
                        reference_name=KEY_VAULT_LINK, type="LinkedServiceReference"
                    ),
                    secret_name=self._args.plan.s3_secret_name,
                ),
            ),
            opts=self._child(key_vault, secret_access),
            **common,
        )
        return {KEY_VAULT_LINK: key_vault, LAKE_LINK: lake, S3_LINK: s3}

    def _datasets(
        self, factory: datafactory.Factory, links: Mapping[str, datafactory.LinkedService]
    ) -> list[datafactory.Dataset]:
        source = self._args.source
        folder = CURATED_PREFIX.rstrip("/")
        s3 = datafactory.Dataset(
            f"{self._name}-dataset-s3",
            dataset_name=S3_DATASET,
            factory_name=factory.name,
            resource_group_name=self._group.name,
            properties=datafactory.ParquetDatasetArgs(
                type="Parquet",
                linked_service_name=_link(S3_LINK),
                location=datafactory.AmazonS3LocationArgs(
                    type="AmazonS3Location", bucket_name=source.bucket, folder_path=folder
                ),
            ),
            opts=self._child(links[S3_LINK]),
        )
        lake = datafactory.Dataset(
            f"{self._name}-dataset-lake",
            dataset_name=LAKE_DATASET,
            factory_name=factory.name,
            resource_group_name=self._group.name,
            properties=datafactory.ParquetDatasetArgs(
                type="Parquet",
                linked_service_name=_link(LAKE_LINK),
                location=datafactory.AzureBlobFSLocationArgs(
                    type="AzureBlobFSLocation", file_system="curated", folder_path=folder
                ),
            ),
            opts=self._child(links[LAKE_LINK]),
        )
        return [s3, lake]

    def _pipeline(
        self, factory: datafactory.Factory, datasets: list[datafactory.Dataset]
    ) -> datafactory.Pipeline:
        plan = self._args.plan
        copy = datafactory.CopyActivityArgs(
            name=COPY_ACTIVITY,
            type="Copy",
            inputs=[
                datafactory.DatasetReferenceArgs(reference_name=S3_DATASET, type="DatasetReference")
            ],
            outputs=[
                datafactory.DatasetReferenceArgs(
                    reference_name=LAKE_DATASET, type="DatasetReference"
                )
            ],
            source=datafactory.ParquetSourceArgs(
                type="ParquetSource",
                store_settings=datafactory.AmazonS3ReadSettingsArgs(
                    type="AmazonS3ReadSettings", recursive=True, wildcard_file_name="*.parquet"
                ),
            ),
            sink=datafactory.ParquetSinkArgs(
                type="ParquetSink",
                store_settings=datafactory.AzureBlobFSWriteSettingsArgs(
                    type="AzureBlobFSWriteSettings", copy_behavior="PreserveHierarchy"
                ),
            ),
            data_integration_units=plan.data_integration_units,
            # Parquet read through and written back unchanged; checksums compared.
            validate_data_consistency=True,
            policy=datafactory.ActivityPolicyArgs(
                timeout=plan.timeout,
                retry=2,
                retry_interval_in_seconds=300,
                # Activity inputs and outputs name buckets and paths, never secrets; keep
                # them out of run history anyway.
                secure_input=True,
                secure_output=True,
            ),
        )
        return datafactory.Pipeline(
            f"{self._name}-pipeline",
            pipeline_name=plan.pipeline,
            factory_name=factory.name,
            resource_group_name=self._group.name,
            description=(
                f"Copy the curated {plan.workload} data of {plan.copy_from} from S3 to ADLS"
            ),
            activities=[copy],
            # One run at a time; a late run queues behind the one still copying.
            concurrency=1,
            opts=self._child(*datasets),
        )


def _link(name: str) -> datafactory.LinkedServiceReferenceArgs:
    return datafactory.LinkedServiceReferenceArgs(
        reference_name=name, type="LinkedServiceReference"
    )


def _recurrence(recurrence: Mapping[str, Any]) -> datafactory.ScheduleTriggerRecurrenceArgs:
    schedule = recurrence["schedule"]
    return datafactory.ScheduleTriggerRecurrenceArgs(
        frequency=recurrence["frequency"],
        interval=recurrence["interval"],
        start_time=recurrence["startTime"],
        time_zone=recurrence["timeZone"],
        schedule=datafactory.RecurrenceScheduleArgs(
            hours=schedule.get("hours"),
            minutes=schedule.get("minutes"),
            week_days=schedule.get("weekDays"),
            month_days=schedule.get("monthDays"),
        ),
    )
