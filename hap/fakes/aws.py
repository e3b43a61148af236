"""AWS fakes: ids, ARNs and endpoints in the shapes AWS returns them, account 123456789012."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from hap.fakes import ids
from hap.fakes.registry import (
    FakeEnv,
    Inputs,
    invoke_fake,
    mapping,
    package_fake,
    resource_fake,
    text,
)
from hap.plan import reveal

ACCOUNT = ids.AWS_ACCOUNT_ID
DEFAULT_REGION = "us-east-1"


def region_of(inputs: Inputs, env: FakeEnv) -> str:
    """pulumi-aws v7 resources take an optional `region`; else the provider's, else aws:region."""
    return env.setting(inputs, "region", "aws:region", DEFAULT_REGION)


def arn(service: str, region: str, resource: str) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT}:{resource}"


def _named(inputs: Inputs, type_: str, name: str, key: str = "name") -> str:
    """The physical name: the input, else `namePrefix` + hash, else Pulumi's auto-name."""
    explicit = text(inputs, key)
    if explicit:
        return explicit
    prefix = text(inputs, f"{key}Prefix")
    if prefix:
        return prefix + ids.short_hash(type_, name, 26, "prefix")
    return ids.autoname(type_, name)


def _tags_all(inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """`tagsAll`: the provider's default tags under the resource's own tags, as AWS reports."""
    if "tags" not in inputs:
        return {}
    default_tags = mapping(env.provider, "defaultTags")
    merged = {**mapping(default_tags, "tags"), **mapping(inputs, "tags")}
    return {"tagsAll": merged}


def _ec2(prefix: str, arn_kind: str) -> Any:
    def fake(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
        region = region_of(inputs, env)
        resource_id = ids.prefixed_hex(prefix, env.type, name)
        return {
            "id": resource_id,
            "arn": arn("ec2", region, f"{arn_kind}/{resource_id}"),
            "ownerId": ACCOUNT,
            **_tags_all(inputs, env),
        }

    return fake


resource_fake("aws:ec2/routeTable:RouteTable")(_ec2("rtb", "route-table"))
resource_fake("aws:ec2/internetGateway:InternetGateway")(_ec2("igw", "internet-gateway"))
resource_fake("aws:ec2/networkAcl:NetworkAcl")(_ec2("acl", "network-acl"))


@resource_fake("aws:ec2/vpc:Vpc")
def _vpc(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _ec2("vpc", "vpc")(name, inputs, env)
    main_route_table = ids.prefixed_hex("rtb", env.type, name)
    return {
        **outputs,
        "defaultRouteTableId": main_route_table,
        "mainRouteTableId": main_route_table,
        "defaultSecurityGroupId": ids.prefixed_hex("sg", env.type, name),
        "defaultNetworkAclId": ids.prefixed_hex("acl", env.type, name),
        "dhcpOptionsId": ids.prefixed_hex("dopt", env.type, name),
    }


@resource_fake("aws:ec2/subnet:Subnet")
def _subnet(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _ec2("subnet", "subnet")(name, inputs, env)
    zone = text(inputs, "availabilityZone") or f"{region_of(inputs, env)}a"
    return {**outputs, "availabilityZone": zone}


@resource_fake("aws:ec2/securityGroup:SecurityGroup")
def _security_group(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        **_ec2("sg", "security-group")(name, inputs, env),
        "name": _named(inputs, env.type, name),
    }


@resource_fake("aws:ec2/eip:Eip")
def _eip(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = region_of(inputs, env)
    allocation = ids.prefixed_hex("eipalloc", env.type, name)
    address = ids.public_ip(env.type, name)
    dns_zone = (
        "compute-1.amazonaws.com" if region == "us-east-1" else f"{region}.compute.amazonaws.com"
    )
    return {
        "id": allocation,
        "allocationId": allocation,
        "arn": arn("ec2", region, f"elastic-ip/{allocation}"),
        "publicIp": address,
        "publicDns": f"ec2-{address.replace('.', '-')}.{dns_zone}",
        "domain": "vpc",
        **_tags_all(inputs, env),
    }


@resource_fake("aws:ec2/natGateway:NatGateway")
def _nat_gateway(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    resource_id = ids.prefixed_hex("nat", env.type, name)
    return {
        "id": resource_id,
        "publicIp": ids.public_ip(env.type, name),
        "networkInterfaceId": ids.prefixed_hex("eni", env.type, name),
        **_tags_all(inputs, env),
    }


@resource_fake("aws:cloudwatch/logGroup:LogGroup")
def _log_group(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    group = _named(inputs, env.type, name)
    return {
        "id": group,
        "name": group,
        "arn": arn("logs", region_of(inputs, env), f"log-group:{group}"),
        **_tags_all(inputs, env),
    }


def _iam(kind: str, unique_prefix: str) -> Any:
    def fake(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
        physical = _named(inputs, env.type, name)
        path = text(inputs, "path") or "/"
        resource_arn = f"arn:aws:iam::{ACCOUNT}:{kind}{path}{physical}"
        return {
            "id": resource_arn if kind == "policy" else physical,
            "name": physical,
            "arn": resource_arn,
            "uniqueId": unique_prefix + ids.upper_alnum(env.type, name, 17),
            **_tags_all(inputs, env),
        }

    return fake


resource_fake("aws:iam/role:Role")(_iam("role", "AROA"))
resource_fake("aws:iam/instanceProfile:InstanceProfile")(_iam("instance-profile", "AIPA"))
resource_fake("aws:iam/user:User")(_iam("user", "AIDA"))


@resource_fake("aws:iam/policy:Policy")
def _iam_policy(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    outputs = _iam("policy", "ANPA")(name, inputs, env)
    return {**outputs, "policyId": outputs.pop("uniqueId")}


@resource_fake("aws:iam/openIdConnectProvider:OpenIdConnectProvider")
def _oidc_provider(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    url = text(inputs, "url") or f"oidc.example/{name}"
    host_path = url.removeprefix("https://")
    provider_arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{host_path}"
    return {"id": provider_arn, "arn": provider_arn, **_tags_all(inputs, env)}


@resource_fake("aws:kms/key:Key")
def _kms_key(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    key_id = ids.uuid_for(env.type, name)
    return {
        "id": key_id,
        "keyId": key_id,
        "arn": arn("kms", region_of(inputs, env), f"key/{key_id}"),
        **_tags_all(inputs, env),
    }


@resource_fake("aws:kms/alias:Alias")
def _kms_alias(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    alias = text(inputs, "name") or f"alias/{ids.autoname(env.type, name)}"
    return {"id": alias, "name": alias, "arn": arn("kms", region_of(inputs, env), alias)}


@resource_fake("aws:eks/cluster:Cluster")
def _eks_cluster(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = region_of(inputs, env)
    cluster = _named(inputs, env.type, name)
    endpoint_id = ids.short_hash(env.type, name, 32, "endpoint").upper()
    oidc_id = ids.short_hash(env.type, name, 32, "oidc").upper()
    return {
        "id": cluster,
        "name": cluster,
        "arn": arn("eks", region, f"cluster/{cluster}"),
        "clusterId": ids.uuid_for(env.type, name),
        "endpoint": f"https://{endpoint_id}.gr7.{region}.eks.amazonaws.com",
        "certificateAuthority": {"data": ids.base64_text(ids.pem_certificate(env.type, name))},
        "identities": [
            {"oidcs": [{"issuer": f"https://oidc.eks.{region}.amazonaws.com/id/{oidc_id}"}]}
        ],
        "status": "ACTIVE",
        "vpcConfig": {"clusterSecurityGroupId": ids.prefixed_hex("sg", env.type, name)},
        **_tags_all(inputs, env),
    }


@resource_fake("aws:eks/nodeGroup:NodeGroup")
def _eks_node_group(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    cluster = text(inputs, "clusterName") or "cluster"
    node_group = _named(inputs, env.type, name, "nodeGroupName")
    group_uuid = ids.uuid_for(env.type, name)
    return {
        "id": f"{cluster}:{node_group}",
        "nodeGroupName": node_group,
        "arn": arn("eks", region_of(inputs, env), f"nodegroup/{cluster}/{node_group}/{group_uuid}"),
        "status": "ACTIVE",
        "resources": [{"autoscalingGroups": [{"name": f"eks-{node_group}-{group_uuid}"}]}],
        **_tags_all(inputs, env),
    }


@resource_fake("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
def _s3_bucket(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = region_of(inputs, env)
    bucket = _named(inputs, env.type, name, "bucket").lower()
    return {
        "id": bucket,
        "bucket": bucket,
        "arn": f"arn:aws:s3:::{bucket}",
        "bucketDomainName": f"{bucket}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{bucket}.s3.{region}.amazonaws.com",
        "bucketRegion": region,
        "region": region,
        **_tags_all(inputs, env),
    }


@resource_fake("aws:lambda/function:Function")
def _lambda_function(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = region_of(inputs, env)
    function = _named(inputs, env.type, name)
    function_arn = arn("lambda", region, f"function:{function}")
    # `publish: true` creates version 1 on the first deployment; otherwise only $LATEST.
    version = "1" if inputs.get("publish") is True else "$LATEST"
    return {
        "id": function,
        "name": function,
        "arn": function_arn,
        "qualifiedArn": f"{function_arn}:{version}",
        "version": version,
        "invokeArn": (
            f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations"
        ),
        **_tags_all(inputs, env),
    }


@resource_fake("aws:ecr/repository:Repository")
def _ecr_repository(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = region_of(inputs, env)
    repository = _named(inputs, env.type, name).lower()
    return {
        "id": repository,
        "name": repository,
        "arn": arn("ecr", region, f"repository/{repository}"),
        "registryId": ACCOUNT,
        "repositoryUrl": f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/{repository}",
        **_tags_all(inputs, env),
    }


@package_fake("aws:")
def _any_aws(name: str, inputs: Inputs, env: FakeEnv) -> dict[str, Any]:
    """Unmodelled AWS types: an ARN in the service's namespace so `.arn` reads work."""
    module = env.type.split(":")[1].split("/")[0]
    kind = env.type.rsplit(":", 1)[-1].lower()
    physical = text(inputs, "name") or ids.autoname(env.type, name)
    return {
        "arn": arn(module, region_of(inputs, env), f"{kind}/{physical}"),
        **_tags_all(inputs, env),
    }


# Who runs the preview: a CI deploy role's session, the usual identity of `pulumi up`.
DEPLOYER_ROLE = "hap-preview-deployer"
DEPLOYER_SESSION = "hap-preview"
_DEPLOYER_ROLE_ID = "AROA" + ids.upper_alnum("aws:iam/role:Role", DEPLOYER_ROLE, 17)


@invoke_fake("aws:index/getCallerIdentity:getCallerIdentity")
def _caller_identity(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "id": ACCOUNT,
        "accountId": ACCOUNT,
        "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/{DEPLOYER_ROLE}/{DEPLOYER_SESSION}",
        "userId": f"{_DEPLOYER_ROLE_ID}:{DEPLOYER_SESSION}",
    }


@invoke_fake("aws:iam/getSessionContext:getSessionContext")
def _session_context(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    """An assumed-role session ARN -> the role's IAM ARN; any other ARN is its own issuer."""
    session_arn = text(args, "arn") or ""
    prefix, _, rest = session_arn.partition(":assumed-role/")
    if not rest or "/" not in rest:
        return {"id": session_arn, "arn": session_arn, "issuerArn": session_arn}
    role, _, session = rest.partition("/")
    account = prefix.rsplit(":", 1)[-1] or ACCOUNT
    return {
        "id": session_arn,
        "arn": session_arn,
        "issuerArn": f"arn:aws:iam::{account}:role/{role}",
        "issuerName": role,
        "issuerId": "AROA" + ids.upper_alnum("aws:iam/role:Role", role, 17),
        "sessionName": session,
    }


@invoke_fake("aws:index/getPartition:getPartition")
def _partition(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    return {
        "id": "aws",
        "partition": "aws",
        "dnsSuffix": "amazonaws.com",
        "reverseDnsPrefix": "com.amazonaws",
    }


@invoke_fake("aws:index/getRegion:getRegion")
def _region(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    region = text(args, "region") or text(args, "name") or region_of({}, env)
    return {
        "id": region,
        "name": region,
        "region": region,
        "endpoint": f"ec2.{region}.amazonaws.com",
    }


@invoke_fake("aws:index/getAvailabilityZones:getAvailabilityZones")
def _availability_zones(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    # Three zones: every commercial AWS region has at least three.
    region = region_of(args, env)
    names = [f"{region}{letter}" for letter in "abc"]
    return {"id": region, "region": region, "names": names, "state": args.get("state")}


@invoke_fake("aws:iam/getPolicyDocument:getPolicyDocument")
def _policy_document(args: Inputs, env: FakeEnv) -> dict[str, Any]:
    statements = [
        _policy_statement(statement) for statement in reveal(args.get("statements") or [])
    ]
    document = {"Version": text(args, "version") or "2012-10-17", "Statement": statements}
    return {
        "id": ids.short_hash("aws:iam/getPolicyDocument", json.dumps(document, sort_keys=True), 10),
        "json": json.dumps(document, indent=2),
        "minifiedJson": json.dumps(document, separators=(",", ":")),
        "statements": args.get("statements") or [],
        "version": document["Version"],
    }


def _policy_statement(statement: Mapping[str, Any]) -> dict[str, Any]:
    """One statement in IAM JSON: single-element lists collapse to a string, like AWS's own."""
    rendered: dict[str, Any] = {}
    if statement.get("sid"):
        rendered["Sid"] = statement["sid"]
    rendered["Effect"] = statement.get("effect") or "Allow"
    for wire_key, json_key in (
        ("actions", "Action"),
        ("notActions", "NotAction"),
        ("resources", "Resource"),
        ("notResources", "NotResource"),
    ):
        if statement.get(wire_key):
            rendered[json_key] = _collapse(sorted(statement[wire_key]))
    for wire_key, json_key in (("principals", "Principal"), ("notPrincipals", "NotPrincipal")):
        if statement.get(wire_key):
            rendered[json_key] = _principals(statement[wire_key])
    if statement.get("conditions"):
        conditions: dict[str, dict[str, Any]] = {}
        for condition in statement["conditions"]:
            values = _collapse(list(condition.get("values") or []))
            conditions.setdefault(condition.get("test", ""), {})[condition.get("variable", "")] = (
                values
            )
        rendered["Condition"] = conditions
    return rendered


def _principals(principals: list[Mapping[str, Any]]) -> Any:
    if len(principals) == 1 and principals[0].get("type") == "*":
        return "*"
    grouped: dict[str, list[str]] = {}
    for principal in principals:
        grouped.setdefault(principal.get("type", ""), []).extend(principal.get("identifiers") or [])
    return {kind: _collapse(sorted(identifiers)) for kind, identifiers in grouped.items()}


def _collapse(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values
