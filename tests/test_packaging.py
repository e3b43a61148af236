"""How other teams install and type-check the project: the consumer API without the cloud
SDKs, typed packages, and one lock file that matches the pins in pyproject.toml."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: list[str]) -> dict[str, str]:
    found = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} is not pinned exactly"
        found[normalise(match.group(1))] = match.group(2)
    return found


def locked() -> dict[str, list[str]]:
    """Each locked requirement's `name==version` line and the hashes that follow it."""
    entries: dict[str, list[str]] = {}
    current = ""
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        stripped = line.strip().rstrip("\\").strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line.startswith(" "):
            current = stripped
            entries[current] = []
        else:
            entries[current].append(stripped)
    return entries


def test_the_consumer_api_imports_without_the_cloud_sdks():
    """`pip install hybrid-ai-platform` (no extra) is enough for hybrid_ai_platform.consumer: the
    platform extra's packages are made unimportable and the import still succeeds."""
    # PyYAML is also the Pulumi SDK's own dependency: blocking it would test nothing real.
    blocked = sorted(name.replace("-", "_") for name in
                     pins(PYPROJECT["project"]["optional-dependencies"]["platform"])
                     if name != "pyyaml")
    assert "pulumi_aws" in blocked and "rich" in blocked
    program = f"""
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError("not installed: " + name)
sys.meta_path.insert(0, Block())
from hybrid_ai_platform.consumer import PlatformStack, mock_platform_stack
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    base = pins(PYPROJECT["project"]["dependencies"])
    assert set(base) == {"pulumi", "pulumi-kubernetes", "pydantic"}


def test_the_packages_other_teams_type_check_against_are_marked_typed():
    data = PYPROJECT["tool"]["setuptools"]["package-data"]
    for package, folder in (
        ("hybrid_ai_platform", "components/hybrid_ai_platform"),
        ("hap", "hap"),
        ("hybrid_ai_shared", "hybrid_ai_shared"),
    ):
        assert (ROOT / folder / "py.typed").is_file()
        assert "py.typed" in data[package]


def test_the_lock_file_holds_every_pin_of_pyproject_with_hashes():
    declared = pins(PYPROJECT["project"]["dependencies"])
    for extra in PYPROJECT["project"]["optional-dependencies"].values():
        declared |= pins(extra)
    entries = locked()
    versions = {}
    for requirement, hashes in entries.items():
        match = PIN.match(requirement)
        assert match, f"requirements.lock: {requirement!r} is not pinned exactly"
        assert hashes and all(h.startswith("--hash=sha256:") for h in hashes), requirement
        versions[normalise(match.group(1))] = match.group(2)
    drift = {name: (version, versions.get(name)) for name, version in declared.items()
             if versions.get(name) != version}
    assert not drift, f"pyproject.toml pin vs requirements.lock (re-run `make lock`): {drift}"


def test_make_installs_from_the_lock_with_hashes_then_the_project_alone():
    makefile = (ROOT / "Makefile").read_text()
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--no-deps -e ." in makefile


def test_the_policy_pack_requires_this_distribution_and_the_projects_own_pins():
    """A published pack installs `policies/requirements.txt`: the budget rule's estimate
    (`hybrid_ai_shared`) comes with this repository's distribution at its current version,
    which ships it and its price data, and every other pin is the project's."""
    lines = (ROOT / "policies" / "requirements.txt").read_text().splitlines()
    required = pins([line for line in lines if line and not line.startswith("#")])
    project = PYPROJECT["project"]
    assert required.pop("hybrid-ai-platform") == project["version"]
    declared = pins(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared |= pins(extra)
    assert {name: declared.get(name) for name in required} == required
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert "hybrid_ai_shared*" in setuptools["packages"]["find"]["include"]
    assert setuptools["package-data"]["hybrid_ai_shared.catalog"] == ["*.yaml"]
