"""The platform's policy pack on programs it never saw: the required tag keys are the
pack config's, and a type is taggable when its SDK says so (no hand-written list)."""

from __future__ import annotations

from hap.policy import LoadedPack, run_pack
from hap.policy.report import PolicyReport
from tests.corpus.test_corpus import NETWORK_OUTPUTS, plan_of

TEAM_KEYS = {"aws-all-required-tags": {"requiredTags": ["app"]}}


def _tag_findings(report: PolicyReport) -> dict[tuple[str, str], str]:
    return {
        (v.resource_type, v.resource_name): v.message
        for v in report.violations
        if v.policy == "aws-all-required-tags"
    }


def test_required_keys_come_from_the_pack_config(pack: LoadedPack) -> None:
    findings = _tag_findings(run_pack(plan_of("aws_web_lookup"), TEAM_KEYS, pack=pack))
    # Tagged `app`: compliant under this config. The untagged target group is named.
    assert ("aws:ec2/securityGroup:SecurityGroup", "web") not in findings
    assert ("aws:lb/loadBalancer:LoadBalancer", "web") not in findings
    message = findings[("aws:lb/targetGroup:TargetGroup", "web")]
    assert message.endswith("is missing required tags: app")


def test_the_platforms_keys_are_the_default(pack: LoadedPack) -> None:
    findings = _tag_findings(run_pack(plan_of("aws_web_lookup"), pack=pack))
    assert ("aws:ec2/securityGroup:SecurityGroup", "web") in findings
    assert all("cost-center" in message for message in findings.values())


def test_types_the_old_lists_missed_are_checked(pack: LoadedPack) -> None:
    plan = plan_of("aws_ecs_stack_reference", NETWORK_OUTPUTS)
    findings = _tag_findings(run_pack(plan, TEAM_KEYS, pack=pack))
    # ECS clusters, services and task definitions take `tags` in the SDK: untagged here.
    assert {
        ("aws:ecs/cluster:Cluster", "apps"),
        ("aws:ecs/service:Service", "api"),
        ("aws:ecs/taskDefinition:TaskDefinition", "api"),
    } <= set(findings)
