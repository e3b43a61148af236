"""The lazily filled proxy a policy reads its properties through behaves like the SDK's eager
one: the same values, the same "unknown during preview" errors with the same paths, the
same types, and a policy's writes stay in its own copy."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, _DictProxy, _ListProxy
from pulumi_policy.proxy import unknown_checking_proxy as sdk_proxy

from hap.policy.proxy import unknown_checking_proxy

PROPS: dict[str, Any] = {
    "name": "gpu",
    "tags": {"team": "ml", "owner": UNKNOWN_STRING_VALUE},
    "rules": [{"port": 443.0, "cidrs": ["10.0.0.0/8", UNKNOWN_STRING_VALUE]}, UNKNOWN_STRING_VALUE],
}


def read(props: Any, path: tuple[Any, ...]) -> Any:
    """What a policy gets at `path`: the value's shape, or the error it would see."""
    current = props
    try:
        for step in path:
            current = current[step]
    except UnknownValueError as error:
        return ("unknown", error.message)
    except (KeyError, IndexError, TypeError) as error:
        return (type(error).__name__,)
    return shape(current)


def shape(value: Any) -> Any:
    """A proxy as its SDK class and length (a policy sees nothing else before reading on)."""
    if isinstance(value, _DictProxy):
        return ("mapping", len(value))
    if isinstance(value, _ListProxy):
        return ("sequence", len(value))
    if isinstance(value, list):  # a slice of a list proxy
        return [shape(item) for item in value]
    return value


PATHS = [
    ("name",),
    ("tags",),
    ("tags", "team"),
    ("tags", "owner"),
    ("rules", 0, "cidrs", 1),
    ("rules", -2, "cidrs", 0),
    ("rules", 1),
    ("rules", 5),
    ("rules", 0, "port"),
    ("missing",),
    ("rules", slice(0, 1)),
]


@pytest.mark.parametrize("path", PATHS, ids=str)
def test_a_read_gives_what_the_sdk_proxy_gives(path: tuple[Any, ...]) -> None:
    assert read(unknown_checking_proxy(PROPS), path) == read(sdk_proxy(PROPS), path)


def test_an_unknown_value_names_its_full_path() -> None:
    with pytest.raises(UnknownValueError) as raised:
        unknown_checking_proxy(PROPS)["rules"][0]["cidrs"][1]
    assert raised.value.message == "string value at .rules.0.cidrs.1 can't be known during preview"


def test_a_policy_write_stays_in_its_own_copy_and_reads_back() -> None:
    source = copy.deepcopy(PROPS)
    first = unknown_checking_proxy(source)
    first["tags"]["team"] = "changed"
    first["extra"] = {"x": 1.0}
    assert first["tags"]["team"] == "changed"
    assert first["extra"] == {"x": 1.0}
    assert source == PROPS
    assert unknown_checking_proxy(source)["tags"]["team"] == "ml"


def test_the_sdk_unwrapping_sees_proxied_children_as_with_the_sdk() -> None:
    target = unknown_checking_proxy(PROPS)["__target"]
    assert isinstance(target["tags"], _DictProxy)
    assert isinstance(target["rules"], _ListProxy)


values = st.recursive(
    st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.sampled_from(["a", UNKNOWN_STRING_VALUE]),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=3)
    ),
    max_leaves=12,
)
steps = st.lists(st.sampled_from(["a", "b", "c", 0, 1, -1]), max_size=4)


@settings(max_examples=60, deadline=None)
@given(props=st.dictionaries(st.sampled_from(["a", "b", "c"]), values, max_size=3), path=steps)
def test_any_read_matches_the_sdk_proxy(props: dict[str, Any], path: list[Any]) -> None:
    assert read(unknown_checking_proxy(props), tuple(path)) == read(sdk_proxy(props), tuple(path))
