"""Variants of the real catalog for tests that need a price added or taken away."""

from __future__ import annotations

import datetime

from hybrid_ai_shared.catalog import Catalog, PriceRef, load_catalog
from hybrid_ai_shared.catalog.models import ServiceEntry

# Test-only prices: an obviously made-up source, so no reader mistakes them for real ones.
TEST_SOURCE = "https://example.com/hap-test-fixture"


def catalog_without(*keys: str) -> Catalog:
    document = load_catalog().document
    services = {key: entry for key, entry in document.services.items() if key not in keys}
    return Catalog(document.model_copy(update={"services": services}))


def catalog_with(key: str, usd: float, unit: str, region: str) -> Catalog:
    """The real catalog plus one test price (replacing any real price of that key)."""
    document = load_catalog().document
    price = PriceRef(
        usd=usd, unit=unit, region=region, source=TEST_SOURCE, as_of=datetime.date(2026, 1, 1)
    )
    entry = ServiceEntry(description="test fixture", price=price)
    return Catalog(document.model_copy(update={"services": {**document.services, key: entry}}))
