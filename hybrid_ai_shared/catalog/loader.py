"""Load and validate ``accelerators.yaml`` once."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..strict_yaml import SAFE_LOADER
from .catalog import Catalog
from .models import CatalogDocument

DATA_FILE = "accelerators.yaml"


class CatalogError(ValueError):
    """The catalog data file is missing or invalid."""


def parse_catalog(text: str, origin: str = DATA_FILE) -> Catalog:
    """Validate catalog YAML text (used by :func:`load_catalog` and tests)."""
    try:
        raw: Any = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{origin}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{origin}: expected a mapping at the top level")
    try:
        document = CatalogDocument.model_validate(raw)
    except ValueError as exc:
        raise CatalogError(f"{origin}: {exc}") from exc
    return Catalog(document)


def load_catalog_file(path: Path) -> Catalog:
    """Load a catalog from an explicit path (not cached)."""
    return parse_catalog(path.read_text(encoding="utf-8"), origin=str(path))


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalog, validated once per process."""
    data = resources.files(__package__).joinpath(DATA_FILE)
    return parse_catalog(data.read_text(encoding="utf-8"), origin=DATA_FILE)
