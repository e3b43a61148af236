"""Every rule of the pack: at least one compliant and one violating stack, run through
the harness exactly as `hap policy` runs the pack."""

from __future__ import annotations

import pytest

from hap.policy import LoadedPack
from hap.policy.harness import run_policy
from tests.policies import (
    cases_aws,
    cases_azure,
    cases_common,
    cases_gcp,
    cases_hardening,
    cases_kubernetes_openstack,
    cases_pipelines,
    cases_serverless,
)
from tests.policies.cases import Case

ALL_CASES: list[Case] = [
    *cases_common.CASES,
    *cases_aws.CASES,
    *cases_azure.CASES,
    *cases_gcp.CASES,
    *cases_kubernetes_openstack.CASES,
    *cases_serverless.CASES,
    *cases_hardening.CASES,
    *cases_pipelines.CASES,
]


def _ids(case: Case) -> str:
    return f"{case.rule}:{case.id}"


@pytest.mark.parametrize("case", [c for c in ALL_CASES if c.compliant], ids=_ids)
def test_compliant_stack_passes(pack: LoadedPack, case: Case) -> None:
    report = run_policy(pack.policy(case.rule), case.target, case.config)
    assert [v.message for v in report.violations] == []


@pytest.mark.parametrize("case", [c for c in ALL_CASES if not c.compliant], ids=_ids)
def test_violating_stack_is_reported(pack: LoadedPack, case: Case) -> None:
    policy = pack.policy(case.rule)
    report = run_policy(policy, case.target, case.config)
    details = [v.detail for v in report.violations]
    assert any(case.expect in detail for detail in details), details
    assert all(v.policy == case.rule for v in report.violations)
    # Reported at the level the rule declares, with the rule's description first.
    assert {v.enforcement_level for v in report.violations} == {policy.enforcement_level.value}
    assert all(v.message.startswith(policy.description + "\n") for v in report.violations)


def test_every_rule_has_a_compliant_and_a_violating_case(pack: LoadedPack) -> None:
    compliant = {case.rule for case in ALL_CASES if case.compliant}
    violating = {case.rule for case in ALL_CASES if not case.compliant}
    names = {policy.name for policy in pack.policies}
    assert names - compliant == set()
    assert names - violating == set()
    assert (compliant | violating) - names == set()
