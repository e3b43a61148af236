"""The accelerator and price catalog loads, is well-formed and answers the documented queries."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from hybrid_ai_shared.catalog import (
    CLOUDS,
    PRICED_CLOUDS,
    Catalog,
    CatalogError,
    MachinePrice,
    Offering,
    PriceRef,
    UnknownAccelerator,
    load_catalog,
    parse_catalog,
)
from hybrid_ai_shared.catalog.catalog import UnknownService

DATA = Path(__file__).parents[2] / "hybrid_ai_shared" / "catalog" / "accelerators.yaml"

SIX = (
    "nvidia-t4",
    "nvidia-l4",
    "nvidia-a10g",
    "nvidia-a100-40gb",
    "nvidia-a100-80gb",
    "nvidia-h100-80gb",
)

MACHINE_TYPE = {
    "aws": re.compile(r"^[a-z][a-z0-9-]*\.([0-9]*x?large|metal(-[0-9]+xl)?)$"),
    "azure": re.compile(r"^Standard_[A-Za-z0-9_]+$"),
    "gcp": re.compile(r"^[a-z0-9]+-[a-z]+-[0-9]+g?$"),
}
REFERENCE_REGION = {"aws": "us-east-1", "azure": "eastus", "gcp": "us-central1"}
GCP_ACCELERATOR_TYPES = {
    "nvidia-tesla-t4",
    "nvidia-l4",
    "nvidia-tesla-a100",
    "nvidia-a100-80gb",
    "nvidia-h100-80gb",
}

SERVICE_KEYS = (
    "aws.eks.control-plane-hour",
    "azure.aks.standard-cluster-hour",
    "gcp.gke.cluster-management-hour",
    "aws.vpc.nat-gateway-hour",
    "gcp.cloud-nat.gateway-hour",
    "gcp.cloud-nat.vm-hour",
    "aws.vpc.public-ipv4-hour",
    "azure.nat-gateway.gateway-hour",
    "azure.public-ip.standard-hour",
    "gcp.kms.key-version-month",
    "aws.kms.key-month",
    "aws.cloudwatch-logs.ingestion-gb",
    "azure.log-analytics.ingestion-gb",
    "aws.lambda.gb-second",
    "aws.lambda.million-requests",
    "azure.functions.flex.gb-second",
    "gcp.cloud-run.vcpu-second",
    "gcp.cloud-run.gib-second",
    "aws.glue.dpu-hour",
    "aws.glue.crawler-dpu-hour",
    "azure.key-vault.10k-operations",
    "azure.data-factory.orchestration-1000-runs",
    "azure.data-factory.diu-hour",
    "aws.s3.standard-gb-month",
    "azure.blob.hot-lrs-gb-month",
    "gcp.gcs.standard-gb-month",
    "aws.ebs.gp3-gb-month",
    "aws.elb.application-lb-hour",
    "aws.elb.network-lb-hour",
    "aws.elb.gateway-lb-hour",
    "aws.lambda.provisioned-concurrency-gb-second",
    "aws.lambda.arm-provisioned-concurrency-gb-second",
    "aws.lambda.arm-gb-second",
    "azure.functions.flex.always-ready-gb-second",
    "azure.private-link.endpoint-hour",
    "azure.dns.private-zone-month",
    "gcp.load-balancing.forwarding-rule-hour",
    "gcp.cloud-logging.storage-gib",
    "gcp.cloud-logging.retention-gib-month",
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _raw() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _assert_price(price: PriceRef, cloud: str | None = None) -> None:
    assert price.usd > 0
    assert price.source.startswith(("https://", "http://"))
    assert price.unit
    assert (price.as_of is None) != (price.retrieved_on is None)
    # Never dated in the future.
    assert datetime.date(2020, 1, 1) <= price.dated <= datetime.datetime.now(datetime.UTC).date()
    if cloud is not None:
        assert price.region == REFERENCE_REGION[cloud]


def test_loads_once(catalog: Catalog) -> None:
    assert load_catalog() is catalog


def test_six_accelerators_exist(catalog: Catalog) -> None:
    assert set(SIX) <= set(catalog.names())
    assert list(catalog.names()) == sorted(catalog.names())
    for name in SIX:
        acc = catalog.accelerator(name)
        assert acc.name == name
        assert acc.gpu_memory_gb > 0
        assert catalog.clouds_offering(name)


@pytest.mark.parametrize("name", SIX)
@pytest.mark.parametrize("cloud", PRICED_CLOUDS)
def test_offerings_well_formed(catalog: Catalog, cloud: str, name: str) -> None:
    offers = catalog.offerings(cloud, name)
    assert [o.gpus for o in offers] == sorted(o.gpus for o in offers)
    assert len({o.gpus for o in offers}) == len(offers)
    for offer in offers:
        assert isinstance(offer, Offering)
        assert MACHINE_TYPE[cloud].match(offer.machine_type), offer.machine_type
        assert offer.gpus >= 1 and offer.vcpus >= 1 and offer.memory_gib > 0
        assert offer.hourly_usd == offer.price.usd
        _assert_price(offer.price, cloud)
        assert catalog.offering(cloud, name, offer.gpus) == offer
        machine = catalog.machine(cloud, offer.machine_type)
        assert machine is not None
        assert (machine.accelerator, machine.gpus) == (name, offer.gpus)
        if cloud == "gcp":
            assert offer.gcp_accelerator_type in GCP_ACCELERATOR_TYPES
            assert offer.gcp_accelerator_bundled is (not offer.machine_type.startswith("n1-"))
        else:
            assert offer.gcp_accelerator_type is None
            assert offer.gcp_accelerator_bundled is None
    assert (cloud in catalog.clouds_offering(name)) == bool(offers)


def test_known_machine_types(catalog: Catalog) -> None:
    expected = {
        ("aws", "p4d.24xlarge"): ("nvidia-a100-40gb", 8),
        ("aws", "p4de.24xlarge"): ("nvidia-a100-80gb", 8),
        ("aws", "p5.48xlarge"): ("nvidia-h100-80gb", 8),
        ("aws", "g5.12xlarge"): ("nvidia-a10g", 4),
        ("aws", "g4dn.xlarge"): ("nvidia-t4", 1),
        ("aws", "g6.xlarge"): ("nvidia-l4", 1),
        ("azure", "Standard_NC4as_T4_v3"): ("nvidia-t4", 1),
        ("azure", "Standard_ND96asr_v4"): ("nvidia-a100-40gb", 8),
        ("azure", "Standard_ND96amsr_A100_v4"): ("nvidia-a100-80gb", 8),
        ("azure", "Standard_NC24ads_A100_v4"): ("nvidia-a100-80gb", 1),
        ("azure", "Standard_ND96isr_H100_v5"): ("nvidia-h100-80gb", 8),
        ("gcp", "a2-highgpu-8g"): ("nvidia-a100-40gb", 8),
        ("gcp", "a2-ultragpu-1g"): ("nvidia-a100-80gb", 1),
        ("gcp", "a3-highgpu-8g"): ("nvidia-h100-80gb", 8),
        ("gcp", "g2-standard-4"): ("nvidia-l4", 1),
    }
    for (cloud, machine_type), (acc, gpus) in expected.items():
        machine = catalog.machine(cloud, machine_type)
        assert machine is not None, machine_type
        assert (machine.accelerator, machine.gpus) == (acc, gpus)


def test_gcp_n1_t4_needs_guest_accelerator(catalog: Catalog) -> None:
    for offer in catalog.offerings("gcp", "nvidia-t4"):
        assert offer.machine_type.startswith("n1-")
        assert offer.gcp_accelerator_type == "nvidia-tesla-t4"
        assert offer.gcp_accelerator_bundled is False


def test_cpu_machines(catalog: Catalog) -> None:
    wanted = {
        "aws": ("m6i.large", "m6i.xlarge", "m7i.xlarge"),
        "azure": ("Standard_D4s_v5", "Standard_D8s_v5"),
        "gcp": ("e2-standard-4", "n2-standard-4", "n2-standard-8"),
    }
    for cloud, types in wanted.items():
        for machine_type in types:
            machine = catalog.machine(cloud, machine_type)
            assert isinstance(machine, MachinePrice)
            assert machine.gpus == 0 and machine.accelerator is None
            assert MACHINE_TYPE[cloud].match(machine_type)
            _assert_price(machine.price, cloud)
    assert catalog.machine("aws", "m6i.large").vcpus == 2  # type: ignore[union-attr]
    assert catalog.machine("aws", "no.such") is None
    assert catalog.machine("openstack", "m6i.large") is None


def test_a10g_is_aws_only_and_l4_is_suggested_on_gcp(catalog: Catalog) -> None:
    assert catalog.clouds_offering("nvidia-a10g") == ("aws",)
    assert catalog.offerings("gcp", "nvidia-a10g") == ()
    assert catalog.offerings("azure", "nvidia-a10g") == ()
    assert catalog.offering("gcp", "nvidia-a10g", 1) is None
    assert catalog.suggestions("gcp", "nvidia-a10g")[0] == "nvidia-l4"
    assert "nvidia-l4" not in catalog.suggestions("azure", "nvidia-a10g")


def test_typo_suggests_the_real_name(catalog: Catalog) -> None:
    for cloud in PRICED_CLOUDS:
        assert catalog.suggestions(cloud, "nvidia-a100-80g")[0] == "nvidia-a100-80gb"
    assert catalog.suggestions("gcp", "NVIDIA-A100-80GB")[0] == "nvidia-a100-80gb"
    assert catalog.suggestions("aws", "t4")[0] == "nvidia-t4"
    assert catalog.suggestions("aws", "completely-unrelated-thing") == ()
    assert catalog.suggestions("aws", "nvidia-l4", limit=0) == ()
    assert len(catalog.suggestions("aws", "nvidia-l4", limit=1)) == 1


def test_unknown_accelerator_carries_suggestions(catalog: Catalog) -> None:
    with pytest.raises(UnknownAccelerator) as info:
        catalog.accelerator("nvidia-a100-80g")
    assert isinstance(info.value, KeyError)
    assert info.value.name == "nvidia-a100-80g"
    assert info.value.suggestions[0] == "nvidia-a100-80gb"
    assert "nvidia-a100-80gb" in str(info.value)
    with pytest.raises(UnknownAccelerator):
        catalog.offerings("aws", "nvidia-b200")
    with pytest.raises(ValueError, match="unknown cloud"):
        catalog.offerings("ibm", "nvidia-t4")


def test_mig_profiles_only_on_mig_models(catalog: Catalog) -> None:
    assert catalog.accelerator("nvidia-a100-40gb").mig_profiles[0] == "1g.5gb"
    assert "7g.40gb" in catalog.accelerator("nvidia-a100-40gb").mig_profiles
    assert "1g.10gb" in catalog.accelerator("nvidia-a100-80gb").mig_profiles
    assert "7g.80gb" in catalog.accelerator("nvidia-h100-80gb").mig_profiles
    for name in ("nvidia-t4", "nvidia-l4", "nvidia-a10g"):
        assert catalog.accelerator(name).mig_profiles == ()


@pytest.mark.parametrize("key", SERVICE_KEYS)
def test_service_prices(catalog: Catalog, key: str) -> None:
    service = catalog.service_price(key)
    assert service.key == key
    assert service.description
    # Service prices, like machine prices, are quoted in their cloud's reference region.
    _assert_price(service.price, key.split(".")[0])


def test_service_keys_are_exactly_the_documented_ones(catalog: Catalog) -> None:
    assert set(catalog.service_keys()) == set(SERVICE_KEYS)


def test_unknown_service(catalog: Catalog) -> None:
    with pytest.raises(UnknownService) as info:
        catalog.service_price("aws.eks.control-plane-hours")
    assert info.value.suggestions[0] == "aws.eks.control-plane-hour"


def test_openstack_extra_specs(catalog: Catalog) -> None:
    assert catalog.openstack_flavor_extra_specs("nvidia-a100-80gb", 2) == {
        "pci_passthrough:alias": "nvidia-a100-80gb:2"
    }
    for name in catalog.names():
        specs = catalog.openstack_flavor_extra_specs(name, 1)
        assert list(specs) == ["pci_passthrough:alias"]
        assert re.fullmatch(r"[A-Za-z0-9_.-]+:1", specs["pci_passthrough:alias"])
    assert catalog.offerings("openstack", "nvidia-t4") == ()
    for bad in (0, -1, True):
        with pytest.raises(ValueError):
            catalog.openstack_flavor_extra_specs("nvidia-t4", bad)
    with pytest.raises(UnknownAccelerator):
        catalog.openstack_flavor_extra_specs("nvidia-b200", 1)


def test_summed_prices_add_up(catalog: Catalog) -> None:
    summed = [
        o
        for name in catalog.names()
        for cloud in PRICED_CLOUDS
        for o in catalog.offerings(cloud, name)
        if o.price.components
    ]
    assert summed
    for offer in summed:
        assert abs(sum(c.usd for c in offer.price.components) - offer.hourly_usd) < 1e-6


def test_models_are_frozen(catalog: Catalog) -> None:
    offer = catalog.offerings("aws", "nvidia-t4")[0]
    with pytest.raises(ValueError):
        offer.gpus = 3  # type: ignore[misc]


# -- validation of broken data ---------------------------------------------------------------


def _broken(mutate) -> str:  # type: ignore[no-untyped-def]
    raw = _raw()
    mutate(raw)
    return yaml.safe_dump(raw)


def _first(raw: dict, name: str) -> dict:
    return next(a for a in raw["accelerators"] if a["name"] == name)


BREAKAGES = {
    "extra key": lambda r: r.update(surprise=1),
    "extra offering key": lambda r: _first(r, "nvidia-t4")["offerings"]["aws"][0].update(x=1),
    "zero gpus": lambda r: _first(r, "nvidia-t4")["offerings"]["aws"][0].update(gpus=0),
    "zero price": lambda r: _first(r, "nvidia-t4")["offerings"]["aws"][0]["price"].update(usd=0),
    "no offerings": lambda r: _first(r, "nvidia-a10g").update(offerings={}),
    "mig on t4": lambda r: _first(r, "nvidia-t4").update(migProfiles=["1g.5gb"]),
    "bad mig": lambda r: _first(r, "nvidia-a100-40gb").update(migProfiles=["1g.50gb"]),
    "duplicate machine": lambda r: r["cpuMachines"]["aws"].append(dict(r["cpuMachines"]["aws"][0])),
    "gpu machine reused as cpu": lambda r: r["cpuMachines"]["aws"].append(
        {**r["cpuMachines"]["aws"][0], "machineType": "g5.xlarge"}
    ),
    "gcp without accelerator type": lambda r: [
        o.pop("gcpAcceleratorType") for o in _first(r, "nvidia-l4")["offerings"]["gcp"]
    ],
    "aws with gcp accelerator": lambda r: _first(r, "nvidia-l4")["offerings"]["aws"][0].update(
        gcpAcceleratorType="nvidia-l4", gcpAcceleratorBundled=True
    ),
    "components do not add up": lambda r: _first(r, "nvidia-l4")["offerings"]["gcp"][0][
        "price"
    ].update(usd=9.99),
    "two dates": lambda r: r["services"]["aws.kms.key-month"]["price"].update(
        asOf=datetime.date(2026, 1, 1)
    ),
    "wrong region": lambda r: r["cpuMachines"]["gcp"][0]["price"].update(region="europe-west4"),
    "same gpu count twice": lambda r: _first(r, "nvidia-t4")["offerings"]["aws"].append(
        {**_first(r, "nvidia-t4")["offerings"]["aws"][0], "machineType": "g4dn.2xlarge"}
    ),
    "alias missing": lambda r: r["openstack"]["aliases"].pop("nvidia-t4"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_invalid_data_is_rejected(breakage: str) -> None:
    with pytest.raises(CatalogError):
        parse_catalog(_broken(BREAKAGES[breakage]))


def test_round_trip_of_the_data_file_is_valid() -> None:
    assert parse_catalog(_broken(lambda r: None)).names() == load_catalog().names()


def test_clouds_constant() -> None:
    assert CLOUDS == ("aws", "azure", "gcp", "openstack")
