"""Kubernetes support windows per managed service and the add-ons pinned per minor
(`kubernetes_versions.yaml`), typed and validated once. Pure: no Pulumi import."""

from __future__ import annotations

import datetime
import functools
from importlib import resources
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

DATA_FILE = "kubernetes_versions.yaml"
# The managed services with a calendar under `clouds`; Magnum (`openstack`) has its own
# section, `magnum`, because its templates also pin the Kubernetes release (`kubeTag`).
VersionCloud = Literal["aws", "azure", "gcp"]
Minor = str


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", alias_generator=to_camel, populate_by_name=True
    )


def minor_key(minor: Minor) -> tuple[int, int]:
    """`"1.35"` -> `(1, 35)`, for ordering minors numerically ("1.9" < "1.10")."""
    major, _, rest = minor.partition(".")
    return int(major), int(rest)


class SupportWindow(_Model):
    # The first day out of standard support.
    standard_end: datetime.date
    # The end of paid extended support (EKS extended support, AKS LTS), where offered.
    extended_end: datetime.date | None = None

    @model_validator(mode="after")
    def _extended_after_standard(self) -> Self:
        if self.extended_end is not None and self.extended_end <= self.standard_end:
            raise ValueError("extendedEnd must come after standardEnd")
        return self


class ServiceCalendar(_Model):
    service: str = Field(min_length=1)
    source: str = Field(pattern=r"^https://")
    read: datetime.date
    versions: dict[Minor, SupportWindow] = Field(min_length=1)

    def minors(self) -> list[Minor]:
        return sorted(self.versions, key=minor_key)


class MagnumWindow(SupportWindow):
    # The Kubernetes release a Magnum cluster template of this minor runs (its `kube_tag`
    # label); the template's node image must ship the same release.
    kube_tag: str = Field(pattern=r"^v\d+\.\d+\.\d+$")


class MagnumCalendar(ServiceCalendar):
    versions: dict[Minor, MagnumWindow] = Field(min_length=1)  # type: ignore[assignment]

    @model_validator(mode="after")
    def _kube_tag_of_its_minor(self) -> Self:
        for minor, window in self.versions.items():
            if window.kube_tag.removeprefix("v").rsplit(".", 1)[0] != minor:
                raise ValueError(f"magnum {minor}: kubeTag {window.kube_tag} is of another minor")
        return self


class AutoscalerPin(_Model):
    """A cluster-autoscaler chart release and the autoscaler it installs (`appVersion`)."""

    chart: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    app_version: str = Field(pattern=r"^\d+\.\d+\.\d+$")


class AddOns(_Model):
    gpu_operator: str = Field(pattern=r"^v\d+\.\d+\.\d+$")
    # Only the clouds `hybrid_ai_platform.kubernetes.autoscaler_plan.installs_autoscaler` names
    # need a pin (AKS, GKE and Magnum scale node pools themselves).
    cluster_autoscaler: AutoscalerPin | None = None


class VersionCatalog(_Model):
    clouds: dict[VersionCloud, ServiceCalendar]
    magnum: MagnumCalendar
    addons: dict[Minor, AddOns]

    @model_validator(mode="after")
    def _autoscaler_matches_its_minor(self) -> Self:
        for minor, addons in self.addons.items():
            if addons.cluster_autoscaler is None:
                continue
            app_minor = addons.cluster_autoscaler.app_version.rsplit(".", 1)[0]
            if app_minor != minor:
                raise ValueError(
                    f"addons {minor}: the autoscaler supports only its own minor, "
                    f"found appVersion {addons.cluster_autoscaler.app_version}"
                )
        return self

    def calendar(self, cloud: str) -> ServiceCalendar | None:
        """The calendar clusters on `cloud` (the definition's `cloud`) are checked against."""
        if cloud == "openstack":
            return self.magnum
        return self.clouds.get(cloud)  # type: ignore[call-overload]

    def magnum_kube_tag(self, minor: Minor) -> str | None:
        """The Kubernetes release of a Magnum template of `minor`, if the catalog lists it."""
        window = self.magnum.versions.get(minor)
        return window.kube_tag if window else None

    def addons_for(self, minor: Minor) -> AddOns | None:
        """The add-on row of `minor`, if the catalog has one."""
        return self.addons.get(minor)

    def pinned_minors(self) -> list[Minor]:
        return sorted(self.addons, key=minor_key)


def parse_version_catalog(text: str) -> VersionCatalog:
    return VersionCatalog.model_validate(yaml.safe_load(text))


@functools.cache
def load_version_catalog() -> VersionCatalog:
    """The packaged catalog, validated once per process."""
    data = resources.files(__package__).joinpath(DATA_FILE)
    return parse_version_catalog(data.read_text(encoding="utf-8"))


def magnum_kube_tag(minor: Minor) -> str:
    """The `kube_tag` of a Magnum template; validation has refused an unlisted minor."""
    found = load_version_catalog().magnum_kube_tag(minor)
    if found is None:
        listed = ", ".join(load_version_catalog().magnum.minors())
        raise ValueError(
            f"Magnum lists no Kubernetes {minor} (listed: {listed}); add it to "
            f"hybrid_ai_shared/catalog/{DATA_FILE} magnum"
        )
    return found


def addons_for(minor: Minor) -> AddOns:
    """The pinned add-ons of a Kubernetes minor; validation has refused a minor without."""
    found = load_version_catalog().addons_for(minor)
    if found is None:
        pinned = ", ".join(load_version_catalog().pinned_minors())
        raise ValueError(
            f"no add-ons are pinned for Kubernetes {minor} (pinned: {pinned}); add a row to "
            f"hybrid_ai_shared/catalog/{DATA_FILE} addons"
        )
    return found
