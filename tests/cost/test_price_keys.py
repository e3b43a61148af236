"""Every price a cost rule asks the catalog for exists there, with a source and a date.

A rule whose key is missing leaves every resource of its type unpriced: this is how every
AWS load balancer once went unpriced without anyone noticing. The keys are read from the
rules' source, so a new rule is checked the day it is written.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from hybrid_ai_shared.catalog import load_catalog

COST_RULES = Path(__file__).parents[2] / "hybrid_ai_shared" / "cost"
# `<cloud>.<service>.<meter>`, the catalog's key convention (hybrid_ai_shared.catalog).
_KEY = re.compile(r"^(aws|azure|gcp|openstack)\.[a-z0-9][a-z0-9.-]*[a-z0-9]$")
# Keys a rule uses whose price no source found so far gives: the resource stays listed as
# unpriced with the key named. Remove an entry once its price is in the catalog.
NOT_YET_SOURCED: dict[str, str] = {}


def _keys_used_by_rules() -> dict[str, str]:
    keys: dict[str, str] = {}
    for module in sorted(COST_RULES.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and _KEY.match(node.value)
            ):
                keys.setdefault(node.value, module.name)
    return keys


def test_rules_use_price_keys() -> None:
    keys = _keys_used_by_rules()
    # The scan must find what the rules are known to use, or it checks nothing.
    assert {"aws.elb.application-lb-hour", "aws.eks.control-plane-hour"} <= set(keys)
    assert len(keys) >= 30


def test_every_price_key_a_rule_uses_is_in_the_catalog() -> None:
    catalog = load_catalog()
    missing = []
    for key, module in sorted(_keys_used_by_rules().items()):
        if key in NOT_YET_SOURCED:
            continue
        try:
            price = catalog.service_price(key).price
        except KeyError:
            missing.append(f"{key} (used in hybrid_ai_shared/cost/{module})")
            continue
        assert price.source.startswith("http"), key
        assert price.as_of is not None or price.retrieved_on is not None, key
    assert missing == []


def test_not_yet_sourced_keys_are_still_used_and_still_missing() -> None:
    catalog = load_catalog()
    used = _keys_used_by_rules()
    for key in NOT_YET_SOURCED:
        assert key in used, f"{key} is no longer used: drop it from NOT_YET_SOURCED"
        try:
            catalog.service_price(key)
        except KeyError:
            continue
        raise AssertionError(f"{key} is in the catalog now: drop it from NOT_YET_SOURCED")
