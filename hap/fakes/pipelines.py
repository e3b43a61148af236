"""Data-pipeline fakes: Glue (jobs, crawlers, workflows, triggers, catalog, security
configurations), IAM access keys, Key Vault secrets, Data Factory children and blob
containers, with the ids and ARNs the services return."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from hap.fakes import ids
from hap.fakes.aws import ACCOUNT, arn, region_of
from hap.fakes.azure import resource_group_id
from hap.fakes.registry import FakeEnv, Inputs, resource_fake, text

# Glue type -> ARN resource kind (`arn:aws:glue:<region>:<account>:<kind>/<name>`).
_GLUE_KINDS = {
    "aws:glue/job:Job": "job",
    "aws:glue/crawler:Crawler": "crawler",
    "aws:glue/workflow:Workflow": "workflow",
    "aws:glue/trigger:Trigger": "trigger",
}


def _glue_named(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    physical = text(inputs, "name") or ids.autoname(env.type, name)
    return {
        "id": physical,
        "name": physical,
        "arn": arn("glue", region_of(inputs, env), f"{_GLUE_KINDS[env.type]}/{physical}"),
    }


for _token in _GLUE_KINDS:
    resource_fake(_token)(_glue_named)


@resource_fake("aws:glue/catalogDatabase:CatalogDatabase")
def _catalog_database(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    database = text(inputs, "name") or ids.autoname(env.type, name)
    catalog = text(inputs, "catalogId") or ACCOUNT
    return {
        "id": f"{catalog}:{database}",
        "name": database,
        "catalogId": catalog,
        "arn": arn("glue", region_of(inputs, env), f"database/{database}"),
    }


@resource_fake("aws:glue/securityConfiguration:SecurityConfiguration")
def _security_configuration(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    configuration = text(inputs, "name") or ids.autoname(env.type, name)
    return {"id": configuration, "name": configuration}


@resource_fake("aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings")
def _catalog_encryption(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {"id": text(inputs, "catalogId") or ACCOUNT}


@resource_fake("aws:iam/accessKey:AccessKey")
def _access_key(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    # AKIA + 16 upper-case letters and digits; a 40-character secret, as IAM issues them.
    digest = hashlib.sha256(f"{env.type}\x00{name}\x00secret".encode()).digest()
    return {
        "id": "AKIA" + ids.upper_alnum(env.type, name, 16),
        "secret": base64.b64encode(digest + digest[:2]).decode()[:40],
        "status": "Active",
        "createDate": "2026-01-01T00:00:00Z",
    }


@resource_fake("azure-native:keyvault:Secret")
def _key_vault_secret(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    group = text(inputs, "resourceGroupName") or "resource-group"
    vault = text(inputs, "vaultName") or "vault"
    secret = text(inputs, "secretName") or ids.autoname(env.type, name)
    version = ids.short_hash(env.type, name, 32, "version")
    uri = f"https://{vault}.vault.azure.net/secrets/{secret}"
    return {
        "id": (
            f"{resource_group_id(group)}/providers/Microsoft.KeyVault/vaults/{vault}"
            f"/secrets/{secret}"
        ),
        "name": secret,
        "type": "Microsoft.KeyVault/vaults/secrets",
        "properties": {"secretUri": uri, "secretUriWithVersion": f"{uri}/{version}"},
    }


# Data Factory children: type -> (path segment under the factory, input holding the name).
_FACTORY_CHILDREN = {
    "azure-native:datafactory:LinkedService": ("linkedservices", "linkedServiceName"),
    "azure-native:datafactory:Dataset": ("datasets", "datasetName"),
    "azure-native:datafactory:Pipeline": ("pipelines", "pipelineName"),
    "azure-native:datafactory:Trigger": ("triggers", "triggerName"),
}


def _factory_child(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    segment, key = _FACTORY_CHILDREN[env.type]
    group = text(inputs, "resourceGroupName") or "resource-group"
    factory = text(inputs, "factoryName") or "factory"
    child = text(inputs, key) or ids.autoname(env.type, name)
    return {
        "id": (
            f"{resource_group_id(group)}/providers/Microsoft.DataFactory/factories/{factory}"
            f"/{segment}/{child}"
        ),
        "name": child,
        "type": f"Microsoft.DataFactory/factories/{segment}",
        "etag": ids.short_hash(env.type, name, 16, "etag"),
    }


for _token in _FACTORY_CHILDREN:
    resource_fake(_token)(_factory_child)


@resource_fake("azure-native:storage:BlobContainer")
def _blob_container(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    group = text(inputs, "resourceGroupName") or "resource-group"
    account = text(inputs, "accountName") or "account"
    container = text(inputs, "containerName") or ids.autoname(env.type, name)
    return {
        "id": (
            f"{resource_group_id(group)}/providers/Microsoft.Storage/storageAccounts/{account}"
            f"/blobServices/default/containers/{container}"
        ),
        "name": container,
        "type": "Microsoft.Storage/storageAccounts/blobServices/containers",
    }
