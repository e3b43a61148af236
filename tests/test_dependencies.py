"""Dependencies point one way. The engine (`hap`) previews any Pulumi program and imports no
package of this one; the program (`hybrid_ai_platform`, `workloads`, `__main__.py`) runs under the
real CLI without the engine; the policy pack is published alone, so it never reaches into
the repository through `sys.path`; and `hybrid_ai_shared`, which all three read, imports
none of them (nor a Pulumi SDK: the estimate and the catalog are pure).

Read from the source, imports inside functions included, so a lazy import cannot hide.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PROJECT_PACKAGES = {"hybrid_ai_platform", "hap", "hybrid_policies", "workloads"}


def _modules(folder: str) -> list[Path]:
    if folder.endswith(".py"):
        return [ROOT / folder]
    return sorted(path for path in (ROOT / folder).rglob("*.py") if "venv" not in path.parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, top-level name) of every import, and of `importlib.import_module("...")`."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.partition(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.partition(".")[0]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value.partition(".")[0]


def _offending(folder: str, forbidden: set[str]) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{line}: imports {name}"
        for path in _modules(folder)
        for line, name in _imports(path)
        if name in forbidden
    ]


def test_the_engine_imports_no_project_package() -> None:
    assert _offending("hap", PROJECT_PACKAGES - {"hap"}) == []


@pytest.mark.parametrize("part", ["components", "workloads", "__main__.py"])
def test_the_program_imports_neither_the_engine_nor_the_pack(part: str) -> None:
    assert _offending(part, {"hap", "hybrid_policies"}) == []


def test_the_shared_package_imports_no_project_package_and_no_pulumi_sdk() -> None:
    imported = {name for path in _modules("hybrid_ai_shared") for _, name in _imports(path)}
    assert _offending("hybrid_ai_shared", PROJECT_PACKAGES) == []
    assert sorted(name for name in imported if name.startswith("pulumi")) == []


def test_the_policy_pack_imports_no_other_project_package() -> None:
    assert _offending("policies", PROJECT_PACKAGES - {"hybrid_policies"}) == []


def test_the_policy_pack_never_edits_sys_path() -> None:
    edits = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in _modules("policies")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr == "path"
        and isinstance(node.value, ast.Name)
        and node.value.id == "sys"
    ]
    assert edits == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        (
            "def f():\n    from hybrid_ai_platform.catalog import load_catalog\n",
            ["hybrid_ai_platform"],
        ),
        ("import importlib\nimportlib.import_module('hap.cost')\n", ["importlib", "hap"]),
        ("from . import sibling\nimport pulumi_aws.eks\n", ["pulumi_aws"]),
    ],
)
def test_the_reader_sees_lazy_and_dynamic_imports(
    tmp_path: Path, source: str, found: list[str]
) -> None:
    module = tmp_path / "module.py"
    module.write_text(source)
    assert [name for _, name in _imports(module)] == found
