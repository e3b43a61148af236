"""Build the stack outputs of `hybrid_ai_platform.contract` from the components' Outputs.

Each top-level key is one `pulumi.export`. Each network and each cluster is its own Output
(built with `Output.all(...).apply`), so an unknown value during a real preview hides only
the entry it belongs to. Every entry is validated by its contract model before it is
exported: a shape drift fails the program instead of surprising a consumer.

Kubeconfigs stay secret: the cluster entry is assembled from the unsecreted kubeconfig and
the model's `SecretStr` fields are wrapped again in `Output.secret`, so in the stack only
`clusters.<name>.kubeconfig` is secret, not the whole cluster entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import pulumi

from hybrid_ai_platform.clusters.plan import PoolPlan
from hybrid_ai_platform.clusters.skeleton import GpuCluster
from hybrid_ai_platform.contract import (
    CONTRACT_VERSION,
    PRIVATE_CLOUD_NETWORK,
    AwsNetworkIds,
    AwsNetworkOutputs,
    AzureNetworkIds,
    AzureNetworkOutputs,
    ClusterOutputs,
    ContractModel,
    DeployAccessOutputs,
    EndpointOutputs,
    EnvironmentOutputs,
    GcpNetworkIds,
    GcpNetworkOutputs,
    GpuSharing,
    NodePoolOutputs,
    OpenStackNetworkIds,
    OpenStackNetworkOutputs,
    PrivateCloudOutputs,
    TaintOutputs,
    plain_values,
)
from hybrid_ai_platform.endpoints.plan import EndpointPlan
from hybrid_ai_platform.pipelines.contract import pipeline_outputs
from hybrid_ai_platform.spec import Cloud, Cluster, StackEnvironment

if TYPE_CHECKING:
    # Annotations only: a stack on some clouds never loads the others' components.
    from hybrid_ai_platform.endpoints.build import EndpointComponent
    from hybrid_ai_platform.network.aws import AwsNetwork
    from hybrid_ai_platform.network.azure import AzureNetwork
    from hybrid_ai_platform.network.gcp import GcpNetwork
    from hybrid_ai_platform.network.openstack import OpenStackNetwork
    from hybrid_ai_platform.platform import Platform
    from hybrid_ai_platform.private_cloud.openstack import OpenStackPrivateCloud

    AnyNetwork = AwsNetwork | AzureNetwork | GcpNetwork | OpenStackNetwork


def contract_exports(platform: Platform) -> dict[str, Any]:
    """Top-level key -> exported value (plain values and Outputs), exactly `PlatformOutputs`."""
    env = platform.env
    definitions = {cluster.name: cluster for cluster in env.clusters}
    definitions_of_pipelines = {pipeline.name: pipeline for pipeline in env.pipelines}
    networks: dict[str, pulumi.Output[Any]] = {}
    for name, network in platform.networks.items():
        cluster = definitions[name]
        networks[name] = _network(cluster.cloud, cluster.region, cluster.network_cidr, network)
    if env.private_cloud and platform.private_cloud_network:
        private = env.private_cloud
        networks[PRIVATE_CLOUD_NETWORK] = _network(
            "openstack", private.region, private.network_cidr, platform.private_cloud_network
        )
    exports: dict[str, Any] = {
        "contractVersion": CONTRACT_VERSION,
        "environment": _exported(_environment(env)),
        "networks": dict(sorted(networks.items())),
        "clusters": {
            name: _cluster(definitions[name], cluster)
            for name, cluster in sorted(platform.clusters.items())
        },
        "endpoints": {
            name: _endpoint(plan, endpoint)
            for name, (plan, endpoint) in sorted(platform.endpoints.items())
        },
        "pipelines": {
            name: pipeline_outputs(definitions_of_pipelines[name], component)
            for name, component in sorted(platform.pipelines.items())
        },
    }
    if env.private_cloud and platform.private_cloud:
        exports["privateCloud"] = _private_cloud(env.private_cloud.region, platform.private_cloud)
    return exports


def _private_cloud(region: str, private: OpenStackPrivateCloud) -> pulumi.Output[Any]:
    return pulumi.Output.all(
        project_ids=pulumi.Output.all(**private.project_ids),
        flavor_ids=pulumi.Output.all(**private.flavor_ids),
        security_group_ids=pulumi.Output.all(**private.security_group_ids),
        bastion_address=private.bastion_address,
        server_group_id=private.server_group_id,
        container=private.container_name,
    ).apply(
        lambda values: _exported(
            PrivateCloudOutputs(
                region=region,
                project_ids=dict(sorted(values["project_ids"].items())),
                gpu_flavor_ids=dict(sorted(values["flavor_ids"].items())),
                security_group_ids=dict(sorted(values["security_group_ids"].items())),
                bastion_address=values["bastion_address"],
                gpu_worker_server_group_id=values["server_group_id"],
                datasets_container=values["container"],
                encrypted_volume_type=private.encrypted_volume_type,
            )
        )
    )


def _exported(model: ContractModel) -> dict[str, Any]:
    return plain_values(model, secret=pulumi.Output.secret)


def _environment(env: StackEnvironment) -> EnvironmentOutputs:
    return EnvironmentOutputs(
        name=env.name,
        tier=env.tier,
        owner=env.owner,
        cost_center=env.cost_center,
        monthly_budget_usd=env.monthly_budget_usd,
    )


# Each cloud's network component's contract entry and ids model (a cloud has one network
# component: `hybrid_ai_platform.platform.build_cluster_network`). The ids model's fields are the
# component's attribute names: one Output each, or a mapping of Outputs (subnets by zone).
_NETWORK_MODELS: dict[Cloud, tuple[type[ContractModel], type[ContractModel]]] = {
    "aws": (AwsNetworkOutputs, AwsNetworkIds),
    "azure": (AzureNetworkOutputs, AzureNetworkIds),
    "gcp": (GcpNetworkOutputs, GcpNetworkIds),
    "openstack": (OpenStackNetworkOutputs, OpenStackNetworkIds),
}


def _network(cloud: Cloud, region: str, cidr: str, network: AnyNetwork) -> pulumi.Output[Any]:
    outputs_model, ids_model = _NETWORK_MODELS[cloud]
    ids: dict[str, Any] = {}
    for field in ids_model.model_fields:
        value = getattr(network, field)
        ids[field] = pulumi.Output.all(**value) if isinstance(value, dict) else value
    return pulumi.Output.all(**ids).apply(
        lambda values: _exported(
            outputs_model(cloud=cloud, region=region, cidr=cidr, ids=ids_model(**values))
        )
    )


def _cluster(definition: Cluster, cluster: GpuCluster) -> pulumi.Output[Any]:
    node_pools = tuple(_node_pool(pool) for pool in cluster.pools)
    access = definition.deploy_access
    deploy_access = (
        DeployAccessOutputs(path=access.path, runner_cidrs=tuple(sorted(access.runner_cidrs)))
        if access
        else None
    )
    return pulumi.Output.all(
        name=cluster.cluster_name,
        endpoint=cluster.endpoint,
        # Unsecret for assembly only: `_exported` wraps the kubeconfig (a `SecretStr` in the
        # model) in `Output.secret` again, and nothing else of the entry is secret.
        kubeconfig=pulumi.Output.unsecret(cluster.kubeconfig),
        oidc_issuer=cluster.oidc_issuer,
    ).apply(
        lambda values: _exported(
            ClusterOutputs(
                cloud=definition.cloud,
                region=definition.region,
                name=values["name"],
                endpoint=values["endpoint"],
                kubeconfig=values["kubeconfig"],
                oidc_issuer=values["oidc_issuer"],
                node_pools=node_pools,
                deploy_access=deploy_access,
            )
        )
    )


def _node_pool(pool: PoolPlan) -> NodePoolOutputs:
    return NodePoolOutputs(
        name=pool.name,
        machine_type=pool.machine_type,
        accelerator=pool.accelerator,
        gpus_per_node=pool.gpus_per_node,
        min=pool.min,
        max=pool.max,
        spot=pool.spot,
        labels=dict(sorted(pool.labels.items())),
        taints=tuple(
            TaintOutputs(key=taint.key, value=taint.value, effect=taint.effect)
            for taint in pool.taints
        ),
        # The plan holds the definition's validated value; pydantic checks it again here.
        sharing=cast(GpuSharing, pool.sharing),
        sharing_replicas=pool.sharing_replicas,
        mig_profile=pool.mig_profile,
    )


def _endpoint(plan: EndpointPlan, endpoint: EndpointComponent) -> pulumi.Output[Any]:
    invoker: pulumi.Input[str | None] = None
    if plan.cloud == "gcp":
        from hybrid_ai_platform.endpoints.cloud_functions import CloudFunctionEndpoint

        assert isinstance(endpoint, CloudFunctionEndpoint), "a gcp endpoint's component"
        invoker = endpoint.caller_email
    return pulumi.Output.all(url=endpoint.url, invoker=invoker).apply(
        lambda values: _exported(
            EndpointOutputs(
                cloud=plan.cloud,
                region=plan.region,
                workload=plan.workload,
                url=values["url"],
                auth_mode=plan.auth_mode,
                invoker=values["invoker"],
            )
        )
    )
