"""Provider SDK subpackages that load only the resource modules a program touches.

A generated Pulumi provider SDK exports each subpackage's resources by star-importing every
module of it in `__init__.py` (`pulumi_aws.ec2` runs ~180 modules, `pulumi_gcp.compute`
~200), so a program that uses `aws.ec2.Vpc` pays for every EC2 class. Under `hap`, such an
`__init__` is not executed: the package gets a module-level `__getattr__` that imports the
module defining a name on first access, found from the `__all__` list each generated module
declares. User programs are written exactly as before (`aws.ec2.Vpc`, `from pulumi_aws.ec2
import Vpc`, `import pulumi_aws.ec2.vpc`), and a package whose `__init__` holds anything but
those generated lines is loaded normally.
"""

from __future__ import annotations

import ast
import importlib
import importlib.abc
import importlib.machinery
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

# The SDKs the platform uses; any `pulumi_<name>` generated the same way qualifies.
_SDK_PACKAGE = re.compile(r"^pulumi_[a-z0-9_]+(\.[a-z0-9_]+)+$")
# What a generated subpackage `__init__` may contain, and nothing else.
_HEADER = {
    "import builtins as _builtins",
    "from .. import _utilities",
    "import typing",
}
_STAR = re.compile(r"^from \.([A-Za-z0-9_]+) import \*$")
_SUBMODULE = re.compile(r"^from \. import ([A-Za-z0-9_]+)$")
_ALL = re.compile(r"^__all__ = (\[[^\]]*\])", re.MULTILINE)


class _LazySdkFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if not _SDK_PACKAGE.match(fullname):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if (
            spec is None
            or spec.origin is None
            or not spec.origin.endswith("__init__.py")
            or not isinstance(spec.loader, importlib.abc.Loader)
        ):
            return None
        # The `__init__` is read when the package executes, not here: a provider's
        # top-level `__init__` finds every subpackage (`pulumi_aws` ~240) through the SDKs'
        # own `lazy_import`, and reading each one's modules for names nobody asks for cost
        # about a second per process.
        spec.loader = _LazyPackageLoader(Path(spec.origin), spec.loader)
        return spec


_EXPORTS = "_hap_lazy_exports"


class _LazyPackage(ModuleType):
    """Importing `pkg.get_thing` binds the submodule as `pkg.get_thing`; in the generated
    package the star-import that follows rebinds that name to the function. Here the
    function replaces the submodule when the name is read: the binding can also arrive while
    the SDKs' own `lazy_import` holds the package, which copies it back after loading."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if isinstance(value, ModuleType) and not name.startswith("__"):
            namespace = super().__getattribute__("__dict__")
            exported_from = namespace.get(_EXPORTS, {}).get(name)
            if exported_from == name and value.__name__ == f"{namespace['__name__']}.{name}":
                value = getattr(value, name)
                namespace[name] = value
        return value


class _LazyPackageLoader(importlib.abc.Loader):
    def __init__(self, init: Path, generated: importlib.abc.Loader) -> None:
        self._init = init
        self._generated = generated  # runs an `__init__` that is not purely generated

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module object; exec_module gives it its class

    def exec_module(self, module: ModuleType) -> None:
        exports = _generated_exports(self._init)
        if exports is None:
            self._generated.exec_module(module)
            return
        (names, submodules), package = exports, module.__name__
        # Set here, not in create_module: the SDKs' own `lazy_import` wraps this loader in
        # importlib's LazyLoader, which resets the module's class just before exec_module.
        module.__class__ = _LazyPackage
        module.__dict__[_EXPORTS] = names

        def __getattr__(name: str) -> Any:
            owner = names.get(name)
            if owner is None:
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            value = getattr(importlib.import_module(f"{package}.{owner}"), name)
            setattr(module, name, value)
            return value

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__all__ = sorted(names)  # type: ignore[attr-defined]
        for submodule in submodules:
            importlib.import_module(f"{package}.{submodule}")


def _generated_exports(init: Path) -> tuple[dict[str, str], tuple[str, ...]] | None:
    """name -> defining module for a generated `__init__`, and its `from . import x`
    submodules; None when the file holds anything else (then it runs as written)."""
    names: dict[str, str] = {}
    submodules: list[str] = []
    for raw in init.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line in _HEADER:
            continue
        if star := _STAR.match(line):
            declared = _declared_names(init.parent / f"{star.group(1)}.py")
            if declared is None:
                return None
            for name in declared:
                names[name] = star.group(1)  # a later star-import wins, as in Python
            continue
        if submodule := _SUBMODULE.match(line):
            submodules.append(submodule.group(1))
            continue
        return None
    return (names, tuple(submodules)) if names else None


def _declared_names(module_file: Path) -> list[str] | None:
    if not module_file.is_file():
        return None
    found = _ALL.search(module_file.read_text(encoding="utf-8"))
    if found is None:
        return None
    value = ast.literal_eval(found.group(1))
    return [str(name) for name in value] if isinstance(value, list) else None


_FINDER = _LazySdkFinder()


@contextmanager
def lazy_sdk_packages() -> Iterator[None]:
    """Installs the finder for SDK subpackages imported inside the block."""
    if _FINDER in sys.meta_path:
        yield
        return
    sys.meta_path.insert(0, _FINDER)
    try:
        yield
    finally:
        sys.meta_path.remove(_FINDER)
