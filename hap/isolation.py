"""Which code a preview runs: the program's own modules, never hap's copies of them.

The Python language host starts a fresh interpreter with the project directory first on
`sys.path` (and the project installed in its virtualenv: `source_roots`), so a program's
`import hybrid_ai_platform` finds the project's own `components/hybrid_ai_platform/`. hap
runs programs in its own process, where a package of the same name may already be loaded
(the platform's, from a test that imported it, or another project's). So while a program
or a policy pack from `directory` runs (`own_modules(directory)`), every loaded module whose
top-level name `directory` provides, but that was loaded from elsewhere, is set aside;
afterwards it is put back.

hap itself imports no project package, only the neutral `hybrid_ai_shared` (the catalog,
the cost estimate): a program that ships its own copy of it runs with that copy, and hap
keeps the one it loaded.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType


def source_roots(directory: Path) -> list[Path]:
    """The folders below `directory` that its pyproject.toml declares as package roots
    (`[tool.setuptools.packages.find] where`), the directory itself excepted.

    The language host runs a program in the project's virtualenv, where a project laid out
    this way is installed (`pip install -e .` from its requirements.txt): packages in those
    folders are the program's own as much as the ones beside `__main__.py`.
    """
    try:
        with (directory / "pyproject.toml").open("rb") as file:
            project = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError):
        return []
    found = project.get("tool", {}).get("setuptools", {}).get("packages", {}).get("find", {})
    roots = [directory / where for where in found.get("where", ()) if isinstance(where, str)]
    return [root for root in roots if root.resolve() != directory.resolve() and root.is_dir()]


def provided_names(directory: Path) -> frozenset[str]:
    """Top-level module names that `import` would find first in `directory` or in one of
    its source roots."""
    names: set[str] = set()
    for root in (directory, *source_roots(directory)):
        for entry in root.iterdir():
            if entry.is_dir() and entry.name.isidentifier():
                names.add(entry.name)  # a package, regular or namespace
            elif entry.suffix == ".py" and entry.stem.isidentifier():
                names.add(entry.stem)
    return frozenset(names - {"__main__", "__pycache__"})


def _top(name: str) -> str:
    return name.partition(".")[0]


def _loaded_from(module: ModuleType | None, directory: Path) -> bool:
    file = getattr(module, "__file__", None)
    if isinstance(file, str):
        return Path(file).resolve().is_relative_to(directory)
    # Namespace packages have no __file__: their search path says where they come from.
    paths = list(
        getattr(getattr(module, "__spec__", None), "submodule_search_locations", None) or ()
    )
    return bool(paths) and all(Path(path).resolve().is_relative_to(directory) for path in paths)


@contextlib.contextmanager
def own_modules(directory: Path) -> Iterator[set[str]]:
    """Set aside loaded modules that `directory`'s own would shadow; put them back after.

    Yields the set of top-level names set aside. On exit the modules `directory` loaded
    under those names are dropped (they would otherwise replace the restored ones); the
    caller learns which via that set.
    """
    directory = directory.resolve()
    names = provided_names(directory) if directory.is_dir() else frozenset()
    set_aside = {
        name: module
        for name, module in list(sys.modules.items())
        if _top(name) in names and not _loaded_from(module, directory)
    }
    for name in set_aside:
        del sys.modules[name]
    tops = {_top(name) for name in set_aside}
    importlib.invalidate_caches()
    try:
        yield tops
    finally:
        for name in [name for name in sys.modules if _top(name) in tops]:
            del sys.modules[name]
        sys.modules.update(set_aside)

