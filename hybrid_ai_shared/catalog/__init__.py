"""Accelerator and price catalog: cloud-neutral GPU names, machine types, prices, flavors.

Pure Python (no pulumi import). Data lives in ``accelerators.yaml`` next to this file.
"""

from .catalog import Catalog, MachinePrice, UnknownAccelerator, UnknownService
from .loader import CatalogError, load_catalog, load_catalog_file, parse_catalog
from .models import (
    CLOUDS,
    PRICED_CLOUDS,
    Accelerator,
    Cloud,
    CpuMachine,
    Offering,
    PriceComponent,
    PricedCloud,
    PriceRef,
    PriceSource,
    ServicePrice,
)

__all__ = [
    "CLOUDS",
    "PRICED_CLOUDS",
    "Accelerator",
    "Catalog",
    "CatalogError",
    "Cloud",
    "CpuMachine",
    "MachinePrice",
    "Offering",
    "PriceComponent",
    "PriceRef",
    "PriceSource",
    "PricedCloud",
    "ServicePrice",
    "UnknownAccelerator",
    "UnknownService",
    "load_catalog",
    "load_catalog_file",
    "parse_catalog",
]
