"""A Linux web app with its plan and a storage account, keyed to the caller's tenant."""

import pulumi
from pulumi_azure_native import authorization, resources, storage, web

client = authorization.get_client_config()
group = resources.ResourceGroup("app")
account = storage.StorageAccount(
    "appdata",
    resource_group_name=group.name,
    sku={"name": storage.SkuName.STANDARD_LRS},
    kind=storage.Kind.STORAGE_V2,
    minimum_tls_version=storage.MinimumTlsVersion.TLS1_2,
    allow_blob_public_access=False,
)
plan = web.AppServicePlan(
    "app",
    resource_group_name=group.name,
    kind="linux",
    reserved=True,
    sku={"name": "B1", "tier": "Basic"},
)
app = web.WebApp(
    "app",
    resource_group_name=group.name,
    server_farm_id=plan.id,
    https_only=True,
    site_config={"linux_fx_version": "PYTHON|3.12", "min_tls_version": "1.2"},
    tags={"tenant": client.tenant_id},
)

pulumi.export("tenant", client.tenant_id)
pulumi.export("hostname", app.default_host_name)
pulumi.export("storageAccount", account.name)
