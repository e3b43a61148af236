"""Frozen pydantic v2 models for ``accelerators.yaml`` (camelCase in YAML, snake_case in Python)."""

from __future__ import annotations

import datetime
import math
import re
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

Cloud = Literal["aws", "azure", "gcp", "openstack"]
PricedCloud = Literal["aws", "azure", "gcp"]

CLOUDS: tuple[Cloud, ...] = ("aws", "azure", "gcp", "openstack")
PRICED_CLOUDS: tuple[PricedCloud, ...] = ("aws", "azure", "gcp")

# Relative tolerance when checking that price components add up to the stated total.
_COMPONENT_TOLERANCE = 1e-6
_MIG_PROFILE = re.compile(r"^([1-7])g\.([0-9]+)gb$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        alias_generator=to_camel,
        populate_by_name=True,
    )


class PriceComponent(_Model):
    """One separately billed SKU inside a summed price (e.g. GCP host VM + GPUs)."""

    item: str = Field(min_length=1)
    usd: float = Field(gt=0)


class PriceSource(_Model):
    """Where a price comes from: the shared part of many prices (a YAML anchor)."""

    source: str = Field(pattern=r"^https?://")
    as_of: datetime.date | None = None
    retrieved_on: datetime.date | None = None
    region: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    note: str | None = None

    @model_validator(mode="after")
    def _exactly_one_date(self) -> Self:
        if (self.as_of is None) == (self.retrieved_on is None):
            raise ValueError(
                "give exactly one of asOf (date the page states) or retrievedOn "
                "(date the page was read, when it states none)"
            )
        return self

    @property
    def dated(self) -> datetime.date:
        """``as_of`` if the page states a date, else ``retrieved_on``."""
        if self.as_of is not None:
            return self.as_of
        assert self.retrieved_on is not None  # guaranteed by _exactly_one_date
        return self.retrieved_on


class PriceRef(PriceSource):
    """A price in USD with its unit, reference region, source URL and date."""

    usd: float = Field(gt=0)
    components: tuple[PriceComponent, ...] = ()

    @field_validator("usd")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("price must be finite")
        return value

    @model_validator(mode="after")
    def _components_add_up(self) -> Self:
        if self.components:
            total = math.fsum(c.usd for c in self.components)
            if not math.isclose(total, self.usd, rel_tol=_COMPONENT_TOLERANCE, abs_tol=1e-9):
                raise ValueError(f"price components add up to {total}, not {self.usd}")
        return self


class Offering(_Model):
    """One machine type carrying ``gpus`` accelerators of one kind on one cloud."""

    machine_type: str = Field(min_length=1)
    gpus: int = Field(ge=1)
    vcpus: int = Field(ge=1)
    memory_gib: float = Field(gt=0)
    price: PriceRef
    gcp_accelerator_type: str | None = None
    gcp_accelerator_bundled: bool | None = None

    @property
    def hourly_usd(self) -> float:
        return self.price.usd

    @model_validator(mode="after")
    def _gcp_fields_together(self) -> Self:
        if (self.gcp_accelerator_type is None) != (self.gcp_accelerator_bundled is None):
            raise ValueError("gcpAcceleratorType and gcpAcceleratorBundled go together")
        return self


class CpuMachine(_Model):
    """A CPU-only machine type (system node pools)."""

    machine_type: str = Field(min_length=1)
    vcpus: int = Field(ge=1)
    memory_gib: float = Field(gt=0)
    price: PriceRef


class Accelerator(_Model):
    name: str = Field(pattern=_NAME.pattern)
    vendor: str = Field(min_length=1)
    model: str = Field(min_length=1)
    gpu_memory_gb: int = Field(ge=1)
    supports_mig: bool
    mig_profiles: tuple[str, ...] = ()
    offerings: dict[PricedCloud, tuple[Offering, ...]] = Field(default_factory=dict)

    @field_validator("offerings")
    @classmethod
    def _sorted_by_gpus(
        cls, value: dict[PricedCloud, tuple[Offering, ...]]
    ) -> dict[PricedCloud, tuple[Offering, ...]]:
        return {
            cloud: tuple(sorted(offers, key=lambda o: (o.gpus, o.machine_type)))
            for cloud, offers in value.items()
            if offers
        }

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not any(self.offerings.values()):
            raise ValueError(f"{self.name}: needs at least one offering")
        self._check_mig()
        for cloud, offers in self.offerings.items():
            counts = [o.gpus for o in offers]
            if len(counts) != len(set(counts)):
                raise ValueError(f"{self.name}/{cloud}: one offering per GPU count")
            for offer in offers:
                has_gcp = offer.gcp_accelerator_type is not None
                if cloud == "gcp" and not has_gcp:
                    raise ValueError(
                        f"{self.name}/gcp/{offer.machine_type}: gcpAcceleratorType is required"
                    )
                if cloud != "gcp" and has_gcp:
                    raise ValueError(
                        f"{self.name}/{cloud}/{offer.machine_type}: gcpAccelerator* is GCP only"
                    )
        return self

    def _check_mig(self) -> None:
        if not self.supports_mig:
            if self.mig_profiles:
                raise ValueError(f"{self.name}: MIG profiles on a model without MIG support")
            return
        if not self.mig_profiles:
            raise ValueError(f"{self.name}: supportsMig needs its MIG profiles")
        if len(set(self.mig_profiles)) != len(self.mig_profiles):
            raise ValueError(f"{self.name}: duplicate MIG profiles")
        for profile in self.mig_profiles:
            match = _MIG_PROFILE.match(profile)
            if match is None:
                raise ValueError(f"{self.name}: MIG profile {profile!r} is not like '1g.10gb'")
            if int(match.group(2)) > self.gpu_memory_gb:
                raise ValueError(f"{self.name}: MIG profile {profile!r} exceeds GPU memory")


class ServicePrice(_Model):
    key: str = Field(pattern=r"^(aws|azure|gcp)\.[a-z0-9-]+(\.[a-z0-9-]+)+$")
    description: str = Field(min_length=1)
    price: PriceRef


class ServiceEntry(_Model):
    """A ``services`` entry in YAML (the key is the mapping key)."""

    description: str = Field(min_length=1)
    price: PriceRef


class OpenStackMapping(_Model):
    extra_spec_key: Literal["pci_passthrough:alias"] = "pci_passthrough:alias"
    aliases: dict[str, str]

    @field_validator("aliases")
    @classmethod
    def _alias_names(cls, value: dict[str, str]) -> dict[str, str]:
        for accelerator, alias in value.items():
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", alias):
                raise ValueError(f"{accelerator}: bad PCI alias name {alias!r}")
        return value


class CatalogDocument(_Model):
    """The whole YAML file."""

    schema_version: Literal[1]
    reference_regions: dict[PricedCloud, str]
    sources: dict[str, PriceSource]
    accelerators: tuple[Accelerator, ...]
    cpu_machines: dict[PricedCloud, tuple[CpuMachine, ...]]
    services: dict[str, ServiceEntry]
    openstack: OpenStackMapping

    @model_validator(mode="after")
    def _check(self) -> Self:
        names = [a.name for a in self.accelerators]
        if len(names) != len(set(names)):
            raise ValueError("duplicate accelerator names")
        for cloud in PRICED_CLOUDS:
            if cloud not in self.reference_regions:
                raise ValueError(f"referenceRegions lacks {cloud}")
        seen: dict[str, set[str]] = {cloud: set() for cloud in PRICED_CLOUDS}
        for cloud, machine_type, region in self._machine_rows():
            if machine_type in seen[cloud]:
                raise ValueError(f"{cloud}: machine type {machine_type} listed twice")
            seen[cloud].add(machine_type)
            if region != self.reference_regions[cloud]:
                raise ValueError(
                    f"{cloud}/{machine_type}: priced in {region}, "
                    f"not the reference region {self.reference_regions[cloud]}"
                )
        for key in self.services:
            ServicePrice(key=key, description="-", price=self.services[key].price)
        missing = set(names) - set(self.openstack.aliases)
        unknown = set(self.openstack.aliases) - set(names)
        if missing or unknown:
            raise ValueError(
                f"openstack.aliases: missing {sorted(missing)}, unknown {sorted(unknown)}"
            )
        return self

    def _machine_rows(self) -> list[tuple[PricedCloud, str, str]]:
        rows: list[tuple[PricedCloud, str, str]] = []
        for acc in self.accelerators:
            for cloud, offers in acc.offerings.items():
                rows.extend((cloud, o.machine_type, o.price.region) for o in offers)
        for cloud, machines in self.cpu_machines.items():
            rows.extend((cloud, m.machine_type, m.price.region) for m in machines)
        return rows
