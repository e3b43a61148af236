"""`walk`, which the rules that scan every property use: what it yields, in which order."""

from __future__ import annotations

from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, unknown_checking_proxy

from hybrid_policies.props import walk


def test_walk_goes_depth_first_by_sorted_key_and_skips_unknown_values() -> None:
    props = unknown_checking_proxy(
        {
            "b": [{"y": 1.0, "x": UNKNOWN_STRING_VALUE}, "s"],
            "a": {"password": "p", "tags": {}},
        }
    )
    paths = [path for path, _ in walk(props)]
    assert paths == [
        (),
        ("a",),
        ("a", "password"),
        ("a", "tags"),
        ("b",),
        ("b", 0),
        ("b", 0, "y"),
        ("b", 1),
    ]
