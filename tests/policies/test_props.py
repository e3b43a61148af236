"""`walk`, which the rules that scan every property use: what it yields, in which order, and
that it yields the same through the SDK's proxy, hap's and plain data."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_policy.proxy import UNKNOWN_OBJECT_VALUE, UNKNOWN_STRING_VALUE
from pulumi_policy.proxy import unknown_checking_proxy as sdk_proxy

from hap.policy.proxy import unknown_checking_proxy as hap_proxy
from hybrid_policies.props import Path, is_list, is_mapping, known, walk


def test_walk_goes_depth_first_by_sorted_key_and_skips_unknown_values() -> None:
    props = sdk_proxy(
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


def test_nothing_below_a_pruned_key_is_walked() -> None:
    props = sdk_proxy({"tags": {"team_name": "ml"}, "spec": {"tags": ["a"], "node_pool": "x"}})
    paths = [path for path, _ in walk(props, prune={"tags"})]
    assert paths == [(), ("spec",), ("spec", "node_pool"), ("spec", "tags"), ("tags",)]


def read_key_by_key(value: Any, path: Path = ()) -> list[tuple[Path, Any]]:
    """What `walk` means: every value a policy can read key by key, unknown ones left out."""
    found = [(path, value)]
    if is_mapping(value):
        steps: list[str | int] = sorted(value)
    elif is_list(value):
        steps = list(range(len(value)))
    else:
        return found
    for step in steps:
        is_known, item = known(value, step)
        if is_known:
            found += read_key_by_key(item, (*path, step))
    return found


def leaves(pairs: list[tuple[Path, Any]]) -> list[tuple[Path, Any]]:
    """The pairs with containers as their kind (two proxies of one value are not equal)."""
    kinds = (("mapping", is_mapping), ("list", is_list))
    return [
        (path, next((kind for kind, test in kinds if test(value)), value)) for path, value in pairs
    ]


values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.sampled_from(["a", "", UNKNOWN_STRING_VALUE, UNKNOWN_OBJECT_VALUE]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "tags", "c_d"]), children, max_size=3)
    ),
    max_leaves=15,
)


@settings(max_examples=80, deadline=None)
@given(props=st.dictionaries(st.sampled_from(["a", "tags", "e"]), values, max_size=3))
def test_walk_yields_what_reading_key_by_key_yields_through_any_proxy(
    props: dict[str, Any],
) -> None:
    expected = leaves(read_key_by_key(sdk_proxy(props)))
    assert leaves(list(walk(sdk_proxy(props)))) == expected
    assert leaves(list(walk(hap_proxy(props)))) == expected
    assert leaves(list(walk(props))) == leaves(read_key_by_key(props))
    pruned = [(path, value) for path, value in expected if "tags" not in path[:-1]]
    assert leaves(list(walk(hap_proxy(props), prune={"tags"}))) == pruned
