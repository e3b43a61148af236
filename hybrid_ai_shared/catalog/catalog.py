"""Query API over the validated catalog document."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from pydantic import Field

from .models import (
    CLOUDS,
    PRICED_CLOUDS,
    Accelerator,
    CatalogDocument,
    Cloud,
    Offering,
    PriceRef,
    ServicePrice,
    _Model,
)

# difflib ratio above which an unknown name is treated as a typo of a known one.
_TYPO_CUTOFF = 0.6


class MachinePrice(_Model):
    """Price and shape of any catalogued machine type, GPU or CPU."""

    machine_type: str
    cloud: Cloud
    vcpus: int = Field(ge=1)
    memory_gib: float = Field(gt=0)
    gpus: int = Field(ge=0)
    accelerator: str | None
    price: PriceRef

    @property
    def hourly_usd(self) -> float:
        return self.price.usd


class UnknownAccelerator(KeyError):
    """Raised for an accelerator name the catalog does not know; carries close names."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:
        message = f"unknown accelerator {self.name!r}"
        if self.suggestions:
            message += f"; did you mean {', '.join(self.suggestions)}?"
        return message


class UnknownService(KeyError):
    """Raised by :meth:`Catalog.service_price` for a key that is not in the catalog."""

    def __init__(self, key: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(key)
        self.key = key
        self.suggestions = suggestions

    def __str__(self) -> str:
        message = f"unknown service price {self.key!r}"
        if self.suggestions:
            message += f"; did you mean {', '.join(self.suggestions)}?"
        return message


def _check_cloud(cloud: str) -> Cloud:
    for known in CLOUDS:
        if cloud == known:
            return known
    raise ValueError(f"unknown cloud {cloud!r}; expected one of {', '.join(CLOUDS)}")


def _normalise(wanted: str) -> str:
    return "-".join(wanted.strip().lower().replace("_", "-").split())


class Catalog:
    """Accelerators, machine prices, service prices and OpenStack flavor mapping."""

    def __init__(self, document: CatalogDocument) -> None:
        self.document = document
        self._accelerators: Mapping[str, Accelerator] = MappingProxyType(
            {acc.name: acc for acc in sorted(document.accelerators, key=lambda a: a.name)}
        )
        machines: dict[tuple[str, str], MachinePrice] = {}
        for acc in document.accelerators:
            for cloud, offers in acc.offerings.items():
                for offer in offers:
                    machines[(cloud, offer.machine_type)] = MachinePrice(
                        machine_type=offer.machine_type,
                        cloud=cloud,
                        vcpus=offer.vcpus,
                        memory_gib=offer.memory_gib,
                        gpus=offer.gpus,
                        accelerator=acc.name,
                        price=offer.price,
                    )
        for cloud, cpu_machines in document.cpu_machines.items():
            for machine in cpu_machines:
                machines[(cloud, machine.machine_type)] = MachinePrice(
                    machine_type=machine.machine_type,
                    cloud=cloud,
                    vcpus=machine.vcpus,
                    memory_gib=machine.memory_gib,
                    gpus=0,
                    accelerator=None,
                    price=machine.price,
                )
        self._machines: Mapping[tuple[str, str], MachinePrice] = MappingProxyType(machines)
        self._services: Mapping[str, ServicePrice] = MappingProxyType(
            {
                key: ServicePrice(key=key, description=entry.description, price=entry.price)
                for key, entry in sorted(document.services.items())
            }
        )

    # -- accelerators ---------------------------------------------------------------------

    def names(self) -> tuple[str, ...]:
        """Sorted accelerator names."""
        return tuple(self._accelerators)

    def accelerator(self, name: str) -> Accelerator:
        """The accelerator called ``name``; raises :class:`UnknownAccelerator` with suggestions."""
        found = self._accelerators.get(name)
        if found is None:
            resolved = self._resolve(name)
            hints = (resolved,) if resolved is not None else self._typo_matches(name)[:3]
            raise UnknownAccelerator(name, hints)
        return found

    def offerings(self, cloud: str, accelerator: str) -> tuple[Offering, ...]:
        """Machine types carrying ``accelerator`` on ``cloud``, sorted by GPU count; () if none.

        OpenStack has no priced offerings (see :meth:`openstack_flavor_extra_specs`).
        """
        checked = _check_cloud(cloud)
        acc = self.accelerator(accelerator)
        if checked == "openstack":
            return ()
        return acc.offerings.get(checked, ())

    def offering(self, cloud: str, accelerator: str, gpus: int) -> Offering | None:
        """The offering with exactly ``gpus`` accelerators, or None."""
        for offer in self.offerings(cloud, accelerator):
            if offer.gpus == gpus:
                return offer
        return None

    def clouds_offering(self, accelerator: str) -> tuple[str, ...]:
        """Priced clouds (aws, azure, gcp, in that order) with at least one offering."""
        acc = self.accelerator(accelerator)
        return tuple(cloud for cloud in PRICED_CLOUDS if acc.offerings.get(cloud))

    def available_on(self, cloud: str) -> tuple[str, ...]:
        """Sorted accelerator names usable on ``cloud``.

        For aws/azure/gcp: those with at least one offering. For openstack: those with a PCI
        alias (any accelerator the operator has boards for).
        """
        checked = _check_cloud(cloud)
        if checked == "openstack":
            return tuple(n for n in self.names() if n in self.document.openstack.aliases)
        return tuple(n for n in self.names() if self._accelerators[n].offerings.get(checked))

    def suggestions(self, cloud: str, wanted: str, limit: int = 3) -> tuple[str, ...]:
        """Accelerators available on ``cloud`` closest to ``wanted``, best first.

        * ``wanted`` is a known accelerator (possibly missing on ``cloud``): the ones available
          on ``cloud`` ranked by GPU-memory closeness (ties: name similarity), e.g.
          ``nvidia-a10g`` on gcp gives ``nvidia-l4`` first.
        * ``wanted`` looks like a typo of known names (difflib): the typo matches available on
          ``cloud``, best first, then the rest by GPU-memory closeness to the best match
          (``nvidia-a100-80g`` gives ``nvidia-a100-80gb`` first).
        * otherwise: ().
        """
        available = self.available_on(cloud)
        if limit <= 0 or not available:
            return ()
        known = self._resolve(wanted)
        if known is not None:
            return self._by_memory(known, available)[:limit]
        matches = self._typo_matches(wanted)
        if not matches:
            return ()
        typo = [m for m in matches if m in available]
        rest = [m for m in self._by_memory(matches[0], available) if m not in typo]
        return tuple(typo + rest)[:limit]

    def _resolve(self, wanted: str) -> str | None:
        """Exact name after normalising case/spaces, with or without the vendor prefix."""
        key = _normalise(wanted)
        if key in self._accelerators:
            return key
        for name, acc in self._accelerators.items():
            if f"{acc.vendor}-{key}" == name:
                return name
        return None

    def _typo_matches(self, wanted: str) -> tuple[str, ...]:
        """Known names whose model part (name without vendor prefix) is close to ``wanted``."""
        by_model: dict[str, str] = {}
        for name, acc in self._accelerators.items():
            by_model[name.removeprefix(f"{acc.vendor}-")] = name
        key = _normalise(wanted)
        for vendor in {acc.vendor for acc in self._accelerators.values()}:
            key = key.removeprefix(f"{vendor}-")
        close = difflib.get_close_matches(key, list(by_model), n=len(by_model), cutoff=_TYPO_CUTOFF)
        return tuple(by_model[model] for model in close)

    def _by_memory(self, reference: str, pool: Iterable[str]) -> tuple[str, ...]:
        ref = self._accelerators[reference]

        def score(name: str) -> tuple[int, float, str]:
            other = self._accelerators[name]
            similarity = difflib.SequenceMatcher(None, reference, name).ratio()
            return (abs(other.gpu_memory_gb - ref.gpu_memory_gb), -similarity, name)

        return tuple(sorted(pool, key=score))

    # -- machines and services --------------------------------------------------------------

    def machine(self, cloud: str, machine_type: str) -> MachinePrice | None:
        """Shape and price of any catalogued GPU or CPU machine type, or None."""
        return self._machines.get((_check_cloud(cloud), machine_type))

    def machines(self, cloud: str) -> tuple[MachinePrice, ...]:
        """Every catalogued machine type of ``cloud``, sorted by type name."""
        checked = _check_cloud(cloud)
        return tuple(
            m for (c, _), m in sorted(self._machines.items(), key=lambda kv: kv[0]) if c == checked
        )

    def service_keys(self) -> tuple[str, ...]:
        """Sorted service price keys."""
        return tuple(self._services)

    def service_price(self, key: str) -> ServicePrice:
        """Service price by key, e.g. ``aws.eks.control-plane-hour``; raises UnknownService."""
        found = self._services.get(key)
        if found is None:
            close = difflib.get_close_matches(key, list(self._services), n=3, cutoff=0.5)
            raise UnknownService(key, tuple(close))
        return found

    # -- openstack -------------------------------------------------------------------------

    def openstack_alias(self, accelerator: str) -> str:
        """The PCI alias name (nova.conf ``[pci] alias``) used for ``accelerator``."""
        self.accelerator(accelerator)
        return self.document.openstack.aliases[accelerator]

    def openstack_flavor_extra_specs(self, accelerator: str, gpus: int) -> dict[str, str]:
        """Nova flavor extra specs requesting ``gpus`` boards by PCI passthrough.

        ``{"pci_passthrough:alias": "<alias>:<gpus>"}``
        """
        if isinstance(gpus, bool) or not isinstance(gpus, int) or gpus < 1:
            raise ValueError(f"gpus must be a positive integer, got {gpus!r}")
        alias = self.openstack_alias(accelerator)
        return {self.document.openstack.extra_spec_key: f"{alias}:{gpus}"}
