"""Property tests: whatever is asked, the catalog answers within its contract or raises the
documented error; it never crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hybrid_ai_shared.catalog import CLOUDS, PRICED_CLOUDS, UnknownAccelerator, load_catalog

CATALOG = load_catalog()
NAMES = CATALOG.names()

wanted_names = st.one_of(
    st.text(max_size=40),
    st.sampled_from(NAMES),
    # near-misses of real names: drop, duplicate or change one character, change case
    st.tuples(st.sampled_from(NAMES), st.integers(0, 20), st.sampled_from(["", "x", "-", "0"])).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
    ),
    st.sampled_from(NAMES).map(str.upper),
)


@settings(max_examples=300, deadline=None)
@given(cloud=st.sampled_from(CLOUDS), wanted=wanted_names, limit=st.integers(-2, 10))
def test_suggestions_only_name_accelerators_available_on_that_cloud(
    cloud: str, wanted: str, limit: int
) -> None:
    result = CATALOG.suggestions(cloud, wanted, limit)
    assert isinstance(result, tuple)
    assert len(result) <= max(limit, 0)
    assert len(set(result)) == len(result)
    available = set(CATALOG.available_on(cloud))
    assert set(result) <= available
    if cloud != "openstack":
        for name in result:
            assert CATALOG.offerings(cloud, name)


@settings(max_examples=200, deadline=None)
@given(cloud=st.sampled_from(PRICED_CLOUDS), wanted=st.sampled_from(NAMES))
def test_an_accelerator_offered_on_a_cloud_is_its_own_best_suggestion(
    cloud: str, wanted: str
) -> None:
    result = CATALOG.suggestions(cloud, wanted)
    if CATALOG.offerings(cloud, wanted):
        assert result[0] == wanted
    else:
        assert wanted not in result
        assert result  # every cloud offers something


@settings(max_examples=200, deadline=None)
@given(name=wanted_names)
def test_accelerator_lookup_returns_or_raises_unknown(name: str) -> None:
    try:
        acc = CATALOG.accelerator(name)
    except UnknownAccelerator as exc:
        assert name not in NAMES
        assert exc.name == name
        assert set(exc.suggestions) <= set(NAMES)
    else:
        assert acc.name == name


@settings(max_examples=200, deadline=None)
@given(
    cloud=st.sampled_from(PRICED_CLOUDS),
    name=st.sampled_from(NAMES),
    gpus=st.integers(-4, 64),
)
def test_offering_by_gpu_count(cloud: str, name: str, gpus: int) -> None:
    offer = CATALOG.offering(cloud, name, gpus)
    counts = {o.gpus for o in CATALOG.offerings(cloud, name)}
    assert (offer is not None) == (gpus in counts)
    if offer is not None:
        assert offer.gpus == gpus


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(NAMES), gpus=st.integers(1, 16))
def test_openstack_extra_specs_format(name: str, gpus: int) -> None:
    specs = CATALOG.openstack_flavor_extra_specs(name, gpus)
    alias, count = specs["pci_passthrough:alias"].rsplit(":", 1)
    assert alias == CATALOG.openstack_alias(name)
    assert int(count) == gpus
