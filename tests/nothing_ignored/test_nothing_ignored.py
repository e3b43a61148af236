"""Nothing of the definition is validated and then ignored: every field of every model
reachable from `StackEnvironment` (a stack's definition) either lands in the preview (a
resource input or output, a data-source call, the cost report) wherever a stack sets it, or
is refused with its path and line. Where each field lands is the table in `table.py`; a
field added to `components/hybrid_ai_platform/spec.py` without an entry there fails
`test_every_field_is_in_the_table`.

The stacks are the project's own and the cluster, tier-override and endpoint fixtures,
each previewed once per session (`tests/conftest.py`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from hap.plan import Plan
from hybrid_ai_platform import spec
from hybrid_ai_platform.definition import DOCUMENT_PATH, load_stack_file
from hybrid_ai_platform.problems import DefinitionError, format_path
from hybrid_ai_shared import strict_yaml
from tests.conftest import PROJECT_DIR, cached_plan
from tests.nothing_ignored.support import (
    Occurrence,
    PerCloud,
    Refused,
    landings_of,
    leaf_fields,
    occurrences,
    sections,
)
from tests.nothing_ignored.table import TABLE

FIXTURES = PROJECT_DIR / "tests" / "fixtures"
# name -> (project directory, stack)
STACKS: dict[str, tuple[Path, str]] = {
    **{stack: (PROJECT_DIR, stack) for stack in ("dev", "staging", "prod")},
    "clusters/public": (FIXTURES / "clusters", "public"),
    "clusters/onprem": (FIXTURES / "clusters", "onprem"),
    "overrides": (FIXTURES / "overrides", "overrides"),
    "endpoints/public": (FIXTURES / "endpoints", "public"),
}


def _stack_file(name: str) -> Path:
    directory, stack = STACKS[name]
    folder = directory / "stacks" if directory == PROJECT_DIR else directory
    return folder / f"Pulumi.{stack}.yaml"


DEFINITIONS = {name: load_stack_file(_stack_file(name)) for name in STACKS}
# The entries that name a cloud, by the section they are listed under.
CLOUD_SECTIONS = {"clusters": spec.Cluster, "endpoints": spec.Endpoint, "pipelines": spec.Pipeline}


def _plan(name: str) -> Plan:
    directory, stack = STACKS[name]
    return cached_plan(stack, directory)


def _clouds(field: str) -> tuple[str, ...]:
    model = CLOUD_SECTIONS[field.split("[]", 1)[0]]
    return typing.get_args(model.model_fields["cloud"].annotation)


def _uses(field: str) -> Iterator[Occurrence]:
    for name, env in DEFINITIONS.items():
        yield from occurrences(name, env, field)


def test_every_field_is_in_the_table() -> None:
    fields = leaf_fields(spec.StackEnvironment)
    missing = sorted(set(fields) - set(TABLE))
    assert not missing, (
        "fields of the definition that nothing says where they land (add each to "
        f"tests/nothing_ignored/table.py): {', '.join(missing)}"
    )
    assert not sorted(set(TABLE) - set(fields)), "table entries for fields that do not exist"


@pytest.mark.parametrize(
    "field", sorted(f for f, where in TABLE.items() if isinstance(where, PerCloud))
)
def test_a_per_cloud_field_says_where_it_lands_on_every_cloud(field: str) -> None:
    where = TABLE[field]
    assert isinstance(where, PerCloud)
    assert field.split("[]", 1)[0] in CLOUD_SECTIONS, f"{field}: not inside a cloud's entry"
    unsaid = [cloud for cloud in _clouds(field) if where.on(cloud) is None]
    assert not unsaid, f"{field}: neither a landing nor a refusal on {', '.join(unsaid)}"


@pytest.mark.parametrize("field", sorted(TABLE))
def test_the_field_lands_wherever_a_stack_sets_it(field: str) -> None:
    failures = []
    for occ in _uses(field):
        landings = landings_of(TABLE[field], occ.cloud)
        if landings is None:
            failures.append(f"{occ.stack} sets {occ.path} on {occ.cloud}, which has no landing")
            continue
        for landing in landings:
            if isinstance(landing, Refused):
                continue
            failure = landing.failure(_plan(occ.stack), occ)
            if failure:
                failures.append(f"{occ.stack} sets {occ.value!r} at {occ.path} but {failure}")
    assert not failures, f"{field}:\n  " + "\n  ".join(failures)


def _landing_clouds() -> list[tuple[str, str | None]]:
    """(field, cloud) for every landing (cloud None: the same on every cloud)."""
    pairs: list[tuple[str, str | None]] = []
    for field, where in TABLE.items():
        if not isinstance(where, PerCloud):
            pairs.append((field, None))
            continue
        for cloud in _clouds(field):
            landings = where.on(cloud) or ()
            if any(not isinstance(landing, Refused) for landing in landings):
                pairs.append((field, cloud))
    return sorted(pairs, key=lambda pair: (pair[0], pair[1] or ""))


@pytest.mark.parametrize(("field", "cloud"), _landing_clouds())
def test_every_landing_is_shown_by_a_stack(field: str, cloud: str | None) -> None:
    """A landing no stack exercises proves nothing: some stack sets the field there."""
    used = [occ for occ in _uses(field) if cloud is None or occ.cloud == cloud]
    on = f" on {cloud}" if cloud else ""
    assert used, f"{field}{on}: no stack sets it, so nothing shows where it lands"


def _refusals() -> list[tuple[str, str, Refused]]:
    found = []
    for field, where in TABLE.items():
        if isinstance(where, PerCloud):
            for cloud in _clouds(field):
                for landing in where.on(cloud) or ():
                    if isinstance(landing, Refused):
                        found.append((field, cloud, landing))
    return found


def _base_entry(field: str, cloud: str, refused: Refused) -> tuple[str, str]:
    """(stack, concrete path of the entry) of the first entry on `cloud` that can hold
    `field`: where the refused value is written."""
    section = field.rsplit(".", 1)[0]
    for name, env in DEFINITIONS.items():
        for path, entry in sections(name, env, section.removesuffix("[]")):
            if _owner_with_cloud(env, path).cloud == cloud and refused.where(entry):
                return name, path
    raise LookupError(f"no stack has an entry on {cloud} for {field}")


def _owner_with_cloud(
    env: spec.Environment, path: str
) -> spec.Cluster | spec.Endpoint | spec.Pipeline:
    """The cluster, endpoint or pipeline the concrete `path` is inside."""
    section, index = path.split(".", 1)[0].split("[")
    entries: tuple[spec.Cluster | spec.Endpoint | spec.Pipeline, ...] = getattr(env, section)
    return entries[int(index.rstrip("]"))]


def _at(document: dict, path: str) -> dict:
    node = document
    for part in path.split("."):
        key, _, index = part.partition("[")
        node = node[key]
        if index:
            node = node[int(index.rstrip("]"))]
    return node


@pytest.mark.parametrize(
    ("field", "cloud", "refused"),
    _refusals(),
    ids=[f"{field}-{cloud}" for field, cloud, _ in _refusals()],
)
def test_a_refused_field_is_refused_with_its_path_and_line(
    tmp_path: Path, field: str, cloud: str, refused: Refused
) -> None:
    stack, entry_path = _base_entry(field, cloud, refused)
    document = strict_yaml.load(_stack_file(stack).read_text())
    entry = _at(document["config"][DOCUMENT_PATH[1]], entry_path)
    key = field.rsplit(".", 1)[1]
    for name, value in {key: refused.value, **refused.alongside}.items():
        entry[name] = list(value) if isinstance(value, tuple) else value
    stack_file = tmp_path / "Pulumi.refused.yaml"
    stack_file.write_text(yaml.safe_dump(document, sort_keys=False))
    with pytest.raises(DefinitionError) as caught:
        load_stack_file(stack_file)
    wanted = f"environment.{entry_path}.{key}"
    problems = {format_path(p.path): p for p in caught.value.problems}
    assert wanted in problems, f"{field} on {cloud}: no problem at {wanted}: {caught.value}"
    line = caught.value.lines.get(problems[wanted].path)
    assert line, f"{field} on {cloud}: the problem has no line"
    assert f"{key}:" in stack_file.read_text().splitlines()[line - 1]
