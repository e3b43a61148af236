"""From the definition's `privateCloud` and its network to the `OpenStackPrivateCloud`
component: the one place that maps the definition onto the component's arguments."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_openstack as openstack

from hybrid_ai_platform.network.openstack import OpenStackNetwork
from hybrid_ai_platform.private_cloud import plan
from hybrid_ai_platform.private_cloud.openstack import (
    OpenStackPrivateCloud,
    OpenStackPrivateCloudArgs,
)
from hybrid_ai_platform.spec import Environment
from hybrid_ai_platform.tags import component_tags
from hybrid_ai_platform.tiers import settings_for


def build_private_cloud(
    env: Environment,
    network: OpenStackNetwork,
    provider: openstack.Provider,
    tags: Mapping[str, str],
    name: str,
    opts: pulumi.ResourceOptions | None = None,
) -> OpenStackPrivateCloud:
    """`name`, the private cloud's projects, flavors and compute baseline on `network`;
    `opts` for the component itself (a parent that wraps it)."""
    private = env.private_cloud
    assert private is not None, "called only for a definition with privateCloud"
    return OpenStackPrivateCloud(
        name,
        OpenStackPrivateCloudArgs(
            env_name=env.name,
            region=private.region,
            projects=plan.plan_projects(env.name, private),
            flavors=plan.plan_flavors(private),
            security_groups=plan.plan_security_groups(env.name, private),
            bastion=private.bastion,
            encrypted_volume_type=private.encrypted_volume_type,
            external_network=private.external_network,
            network_id=network.network_id,
            subnet_id=network.subnet_id,
            tags=component_tags(tags, name),
            settings=settings_for(env),
            cluster_projects=tuple(
                c.project for c in env.clusters if c.cloud == "openstack" and c.project
            ),
            wait_for=(network,),
        ),
        provider=provider,
        opts=opts,
    )
