"""Fixtures of the hap tests: the minimal fixture project, previewed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from hap.plan import Plan
from tests.conftest import cached_plan

FIXTURES = Path(__file__).parents[1] / "fixtures"
MINIMAL = FIXTURES / "minimal"
STACK_URN = "urn:pulumi:test::hap-minimal::pulumi:pulumi:Stack::hap-minimal-test"
STORAGE_URN = "urn:pulumi:test::hap-minimal::minimal:index:Storage::logs"
PROVIDER_URN = "urn:pulumi:test::hap-minimal::minimal:index:Storage$pulumi:providers:aws::logs-aws"
BUCKET_URN = (
    "urn:pulumi:test::hap-minimal::minimal:index:Storage$aws:s3/bucketV2:BucketV2::logs-bucket"
)
GUARDRAILS_URN = (
    "urn:pulumi:test::hap-minimal::minimal:index:Storage$minimal:index:Guardrails::logs-guardrails"
)
PUBLIC_ACCESS_URN = (
    "urn:pulumi:test::hap-minimal::minimal:index:Storage$minimal:index:Guardrails"
    "$aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::logs-guardrails-public-access"
)


@pytest.fixture(scope="session")
def minimal_plan() -> Plan:
    return cached_plan("test", MINIMAL)


def write_project(directory: Path, main: str, stack_config: str, name: str = "tmp-project") -> Path:
    """A throw-away Pulumi project (pulumi only, no provider SDK: fast to preview)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
    (directory / "Pulumi.test.yaml").write_text(stack_config)
    (directory / "__main__.py").write_text(main)
    return directory
