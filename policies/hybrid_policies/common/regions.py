"""Resources only in allowed regions (data residency), one rule per cloud.

Where the region comes from differs: AWS takes it from the resource's own `region` (AWS
provider 7 accepts one per resource) or else its provider; Azure resources carry a
`location` (child resources inherit their parent's, and are skipped); GCP resources name a
`region`, a `location` (a region, a zone or a multi-region such as `US`) or a `zone`, else
their provider's region; OpenStack a `region` or the provider's.
"""

from __future__ import annotations

import re

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import get
from hybrid_policies.rule import of_packages, resource_rule
from hybrid_policies.settings import allowed_regions_property, string_list

# AWS services that are global: a resource of theirs has no region, whatever the provider's.
_AWS_GLOBAL_SERVICES = ("aws:iam/", "aws:organizations/", "aws:route53/", "aws:cloudfront/")
# GCP resources without a place of their own that take the provider's region; the others
# are global (networks, firewalls, IAM) or live where their parent does (a key in its ring).
_GCP_REGIONAL_FROM_PROVIDER = frozenset({
    "gcp:compute/address:Address",
    "gcp:compute/router:Router",
    "gcp:compute/routerNat:RouterNat",
    "gcp:compute/subnetwork:Subnetwork",
})  # fmt: skip
REMEDIATION = (
    "Move the resource to an allowed region, or widen allowedRegions in the stack's pack config."
)
_GCP_ZONE = re.compile(r"^([a-z]+-[a-z]+\d+)-[a-z]$")


def _provider_region(args: ResourceValidationArgs) -> str | None:
    if args.provider is None:
        return None
    region = get(args.provider.props, "region")
    return region if isinstance(region, str) and region else None


def _own(args: ResourceValidationArgs, *names: str) -> str | None:
    for name in names:
        value = get(args.props, name)
        if isinstance(value, str) and value:
            return value
    return None


def _check(args: ResourceValidationArgs, report: ReportViolation, region: str | None) -> None:
    if region is None:
        return
    allowed = string_list(args.get_config(), "allowedRegions")
    if _normalise(region) not in {_normalise(item) for item in allowed}:
        report(
            f"{args.resource_type} '{args.name}' is in {region!r}; allowed: {', '.join(allowed)}",
            None,
        )


def _normalise(region: str) -> str:
    # Azure accepts display names ("East US") for locations; compare their API form.
    return region.replace(" ", "").lower()


def _aws(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type.startswith(_AWS_GLOBAL_SERVICES):
        return
    _check(args, report, _own(args, "region") or _provider_region(args))


def _azure(args: ResourceValidationArgs, report: ReportViolation) -> None:
    location = _own(args, "location")
    # `global` is how Azure spells resources that have no region (DNS zones, Front Door).
    _check(args, report, None if location == "global" else location)


def _gcp(args: ResourceValidationArgs, report: ReportViolation) -> None:
    place = _own(args, "region", "location", "zone")
    if place is None and args.resource_type in _GCP_REGIONAL_FROM_PROVIDER:
        place = _provider_region(args)
    if place is not None:
        zone = _GCP_ZONE.match(place)
        place = zone.group(1) if zone else place
    _check(args, report, place)


def _openstack(args: ResourceValidationArgs, report: ReportViolation) -> None:
    _check(args, report, _own(args, "region") or _provider_region(args))


aws_allowed_regions = resource_rule(
    name="aws-all-allowed-regions",
    description="AWS resources are created only in allowed regions.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=REMEDIATION,
    applies_to=of_packages("aws"),
    validate=_aws,
    config={"allowedRegions": allowed_regions_property("aws")},
    tags=("data-residency",),
)

azure_allowed_locations = resource_rule(
    name="azure-all-allowed-locations",
    description="Azure resources are created only in allowed locations.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=REMEDIATION,
    applies_to=of_packages("azure-native"),
    validate=_azure,
    config={"allowedRegions": allowed_regions_property("azure")},
    tags=("data-residency",),
)

gcp_allowed_regions = resource_rule(
    name="gcp-all-allowed-regions",
    description="GCP resources are created only in allowed regions (zones by their region).",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=REMEDIATION,
    applies_to=of_packages("gcp"),
    validate=_gcp,
    config={"allowedRegions": allowed_regions_property("gcp")},
    tags=("data-residency",),
)

openstack_allowed_regions = resource_rule(
    name="openstack-all-allowed-regions",
    description="OpenStack resources are created only in allowed regions.",
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=REMEDIATION,
    applies_to=of_packages("openstack"),
    validate=_openstack,
    config={"allowedRegions": allowed_regions_property("openstack")},
    tags=("data-residency",),
)

POLICIES = (
    aws_allowed_regions,
    azure_allowed_locations,
    gcp_allowed_regions,
    openstack_allowed_regions,
)
