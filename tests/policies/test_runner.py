"""The credential-free runner gives policies what the engine and the policy SDK give them,
and reports what they report the way `pulumi preview` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime
import pytest
from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from hap.errors import DefinitionError, ProgramError
from hap.plan import UNKNOWN, Plan, Secret
from hap.policy import LoadedPack, run_pack
from hap.policy.harness import ROOT_URN, component, provider, resource, run_policy, stack

BUCKET = "aws:s3/bucket:Bucket"


def _recording_policy(
    seen: list[ResourceValidationArgs], **options: Any
) -> ResourceValidationPolicy:
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        seen.append(args)

    return ResourceValidationPolicy(
        name="record", description="Records its arguments.", validate=validate, **options
    )


def _pack(*policies: Any, initial_config: dict[str, Any] | None = None) -> LoadedPack:
    return LoadedPack(
        directory=Path.cwd(),
        name="test-pack",
        version="1.2.3",
        policies=tuple(policies),
        enforcement_level=EnforcementLevel.ADVISORY,
        initial_config=initial_config or {},
    )


def _args_of(target: Plan, name: str) -> ResourceValidationArgs:
    seen: list[ResourceValidationArgs] = []
    run_policy(_recording_policy(seen), target)
    return next(args for args in seen if args.name == name)


def test_resource_policies_see_inputs_as_the_sdk_delivers_them() -> None:
    aws = provider("aws", {"region": "us-east-1"})
    bucket = resource(
        BUCKET,
        {
            "bucket": "data",
            "password": Secret("hunter22"),
            "sizeGb": 3,
            "versioning": {"enabled": True},
            "code": {"fn::fileArchive": "./app"},
            "__defaults": ["bucket"],
        },
        outputs={"arn": "arn:aws:s3:::data"},
        provider=aws,
        protect=True,
        additional_secret_outputs=["password"],
    )
    args = _args_of(stack([bucket]), "bucket")
    # Secrets in plaintext (pulumi-policy #241), numbers as floats, engine keys dropped.
    assert args.props["password"] == "hunter22"
    assert args.props["sizeGb"] == 3.0 and isinstance(args.props["sizeGb"], float)
    assert "__defaults" not in set(args.props)
    assert isinstance(args.props["code"], pulumi.FileArchive)
    assert args.props["versioning"]["enabled"] is True
    # Inputs, not outputs.
    assert "arn" not in set(args.props)
    assert args.opts.protect is True
    assert args.opts.additional_secret_outputs == ["password"]
    assert args.opts.parent == ROOT_URN
    assert args.provider is not None
    assert (args.provider.resource_type, args.provider.props["region"]) == (
        "pulumi:providers:aws",
        "us-east-1",
    )
    assert args.urn == bucket.urn and args.resource_type == BUCKET


def test_every_registered_resource_is_analyzed_but_not_reads() -> None:
    seen: list[ResourceValidationArgs] = []
    parent = component("my:index:Thing", "thing")
    child = resource(BUCKET, {}, name="child", parent=parent)
    read = resource("aws:ec2/vpc:Vpc", {}, name="existing", external=True)
    run_policy(_recording_policy(seen), stack([parent, child, read]))
    assert sorted(args.name for args in seen) == ["child", "harness-test", "thing"]
    assert next(args for args in seen if args.name == "child").urn.endswith(
        "my:index:Thing$aws:s3/bucket:Bucket::child"
    )


def test_reading_an_unknown_value_is_an_advisory_cannot_run_diagnostic() -> None:
    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type == BUCKET and args.props.get("bucket") != "data":
            report("wrong name", None)

    policy = ResourceValidationPolicy(
        name="named",
        description="Buckets are named data.",
        validate=validate,
        enforcement_level=EnforcementLevel.MANDATORY,
    )
    report = run_policy(policy, resource(BUCKET, {"bucket": UNKNOWN}))
    [violation] = report.violations
    assert violation.enforcement_level == "advisory"
    assert (
        "can't run policy 'named' from policy pack 'harness@v0.0.1' during preview"
        in violation.detail
    )
    assert "string value at .bucket can't be known during preview" in violation.detail
    assert report.passed


def test_stack_policies_see_outputs_linked_to_parents_and_dependencies() -> None:
    captured: list[StackValidationArgs] = []

    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        captured.append(args)

    parent = component("my:index:Thing", "thing")
    bucket = resource(
        BUCKET, {"bucket": "b"}, outputs={"bucket": "b", "arn": "arn:b"}, name="b", parent=parent
    )
    policy_doc = resource(
        "aws:s3/bucketPolicy:BucketPolicy",
        {"bucket": "b"},
        name="p",
        parent=parent,
        dependencies=[bucket],
        property_dependencies={"bucket": [bucket], "policy": []},
    )
    run_policy(
        StackValidationPolicy(name="s", description="Sees the stack.", validate=validate),
        stack([parent, bucket, policy_doc]),
    )
    [args] = captured
    by_name = {resource.name: resource for resource in args.resources}
    assert by_name["b"].props["arn"] == "arn:b"
    assert by_name["p"].parent is by_name["thing"]
    assert by_name["p"].dependencies == [by_name["b"]]
    assert by_name["p"].property_dependencies == {"bucket": [by_name["b"]]}
    assert by_name["thing"].parent is by_name["harness-test"]


def test_stack_violation_without_a_known_urn_goes_to_the_root_stack() -> None:
    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        report("about the stack", None)
        report("about a stranger", "urn:pulumi:test::harness::aws:s3/bucket:Bucket::nobody")
        report(
            "about the bucket",
            args.resources[0].urn if args.resources[0].name == "b" else args.resources[1].urn,
        )

    report = run_policy(
        StackValidationPolicy(name="s", description="d", validate=validate),
        resource(BUCKET, name="b"),
    )
    assert [(v.detail, v.resource_name) for v in report.violations] == [
        ("about the stack", "harness-test"),
        ("about a stranger", "harness-test"),
        ("about the bucket", "b"),
    ]


def test_config_is_reconciled_like_the_engine() -> None:
    seen: list[dict[str, Any]] = []

    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type == BUCKET:
            seen.append(dict(args.get_config()))
            report("always", None)

    schema = PolicyConfigSchema(
        properties={
            "ports": {"type": "array", "items": {"type": "integer"}, "default": [22]},
            "label": {"type": "string"},
        }
    )
    policy = ResourceValidationPolicy(
        name="conf", description="d", validate=validate, config_schema=schema
    )
    pack = _pack(policy, initial_config={"conf": {"label": "initial"}})
    plan = stack([resource(BUCKET)])

    report = run_pack(plan, None, pack=pack)
    # Schema defaults and the pack's initial config; numbers as a protobuf Struct makes them.
    assert seen.pop() == {"ports": [22.0], "label": "initial"}
    assert report.violations[0].enforcement_level == "advisory"

    report = run_pack(plan, {"all": "mandatory", "conf": {"label": "file"}}, pack=pack)
    assert seen.pop() == {"ports": [22.0], "label": "file"}
    assert report.violations[0].enforcement_level == "mandatory" and not report.passed

    report = run_pack(plan, {"all": "mandatory", "conf": "disabled"}, pack=pack)
    assert report.violations == () and "conf" not in report.policies_run

    # `remediate` violations are reported as mandatory, as the SDK does after remediating.
    report = run_pack(plan, {"conf": {"enforcementLevel": "remediate"}}, pack=pack)
    assert report.violations[0].enforcement_level == "mandatory"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"conf": {"ports": ["ssh"]}}, "conf: ports[0]: 'ssh' is not of type 'integer'"),
        ({"conf": {"ports": [70000]}}, "conf: ports[0]: 70000 is greater than the maximum"),
        ({"conf": {"mode": "loose"}}, "conf: mode: 'loose' is not one of ['strict', 'audit']"),
        ({"conf": "loud"}, "'loud' is not a valid enforcement level"),
        ({"conf": 3}, "must be a string or object"),
    ],
)
def test_invalid_config_is_refused_before_anything_runs(
    config: dict[str, Any], message: str
) -> None:
    schema = PolicyConfigSchema(
        properties={
            "ports": {"type": "array", "items": {"type": "integer", "maximum": 65535}},
            "mode": {"enum": ["strict", "audit"]},
        }
    )
    policy = ResourceValidationPolicy(
        name="conf", description="d", validate=lambda a, r: None, config_schema=schema
    )
    with pytest.raises(DefinitionError, match=message.replace("[", r"\[").replace("]", r"\]")):
        run_pack(stack([]), config, pack=_pack(policy))


def test_policies_read_the_stack_config_like_a_program_and_it_does_not_leak() -> None:
    seen: list[Any] = []

    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        seen.append(pulumi.Config("hybrid-ai-platform").get_object("environment"))
        seen.append(pulumi.Config("app").get("token"))

    plan = stack(
        [],
        config={"hybrid-ai-platform:environment": {"tier": "prod"}, "app:token": Secret("s3cr3t")},
    )
    run_policy(ResourceValidationPolicy(name="c", description="d", validate=validate), plan)
    assert seen == [{"tier": "prod"}, "s3cr3t"]
    assert pulumi.runtime.get_config("app:token") is None


def test_not_applicable_and_crashes() -> None:
    def skip(args: ResourceValidationArgs, report: ReportViolation) -> None:
        args.not_applicable("nothing to see")

    report = run_policy(
        ResourceValidationPolicy(name="skip", description="d", validate=skip), resource(BUCKET)
    )
    assert {(entry.policy, entry.reason) for entry in report.not_applicable} == {
        ("skip", "nothing to see")
    }

    def crash(args: ResourceValidationArgs, report: ReportViolation) -> None:
        raise ValueError("boom")

    with pytest.raises(
        ProgramError, match=r"policy 'crash' of pack 'harness' failed on .*: ValueError: boom"
    ):
        run_policy(
            ResourceValidationPolicy(name="crash", description="d", validate=crash),
            resource(BUCKET),
        )


def test_async_validations_are_awaited() -> None:
    async def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        if args.resource_type == BUCKET:
            report("from a coroutine", None)

    report = run_policy(
        ResourceValidationPolicy(name="a", description="d", validate=validate), resource(BUCKET)
    )
    assert [v.detail for v in report.violations] == ["from a coroutine"]


def test_declared_resource_types_change_no_result(pack: LoadedPack, plan_of: Any) -> None:
    """Skipping a rule for types it does not look at is only a shortcut: the same rules
    called for every resource (as the real engine calls them) report exactly the same."""
    plan = plan_of("prod")
    unscoped = tuple(
        ResourceValidationPolicy(
            name=policy.name,
            description=policy.description,
            validate=policy.validate,
            enforcement_level=policy.enforcement_level,
            config_schema=policy.config_schema,
            severity=policy.severity,
        )
        if isinstance(policy, ResourceValidationPolicy)
        else policy
        for policy in pack.policies
    )
    plain = LoadedPack(pack.directory, pack.name, pack.version, unscoped, pack.enforcement_level)
    assert run_pack(plan, pack=plain).violations == run_pack(plan, pack=pack).violations


def test_each_stack_policy_gets_its_own_resources_read_the_same_each_time() -> None:
    captured: list[StackValidationArgs] = []

    def validate(args: StackValidationArgs, report: ReportViolation) -> None:
        captured.append(args)

    parent = component("my:index:Thing", "thing")
    bucket = resource(
        BUCKET,
        {"bucket": "b"},
        outputs={"bucket": "b", "tags": {"team": "ml"}},
        name="b",
        provider=provider("aws", {"region": "eu-west-1"}),
        parent=parent,
    )
    versioning = resource(
        "aws:s3/bucketVersioning:BucketVersioning",
        {"bucket": "b"},
        name="v",
        dependencies=[bucket],
        property_dependencies={"bucket": [bucket]},
    )
    pack = LoadedPack(
        directory=Path.cwd(),
        name="two",
        version="0.0.1",
        policies=tuple(
            StackValidationPolicy(name=name, description="Sees the stack.", validate=validate)
            for name in ("first", "second")
        ),
        enforcement_level=EnforcementLevel.ADVISORY,
    )
    run_pack(stack([parent, bucket, versioning]), pack=pack)
    first_stack, second_stack = ({r.name: r for r in args.resources} for args in captured)
    first, second = first_stack["b"], second_stack["b"]
    # Links lead to the policy's own objects.
    assert first.parent is first_stack["thing"] and second.parent is second_stack["thing"]
    assert first_stack["v"].dependencies == [first]
    assert second_stack["v"].property_dependencies == {"bucket": [second]}
    first.props["tags"]["team"] = "changed"  # a policy's write stays its own
    assert first.props["tags"]["team"] == "changed"
    assert second.props["tags"]["team"] == "ml"
    assert first.opts is first.opts and first.opts is not second.opts
    assert (first.opts.protect, first.opts.aliases, first.opts.parent) == (False, [], parent.urn)
    assert first.provider is first.provider
    assert first.provider is not None and first.provider is not second.provider
    assert first.provider.urn == second.provider.urn


def test_a_run_reads_its_own_environment_definition_not_an_earlier_runs(
    pack: LoadedPack,
) -> None:
    """`hap preview --watch` runs the pack again in the same process after each edit: what
    the pack read from the last definition (its tier here) must not answer for the new one."""
    volume = resource("aws:ebs/volume:Volume", {"size": 10})

    def unprotected_in_production(tier: str) -> bool:
        target = stack([volume], config={"hybrid-ai-platform:environment": {"tier": tier}})
        return any(
            violation.policy == "common-lifecycle-stateful-protected-in-production"
            for violation in run_pack(target, pack=pack).violations
        )

    assert [unprotected_in_production(tier) for tier in ("dev", "prod", "dev")] == [
        False,
        True,
        False,
    ]
