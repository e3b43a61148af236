"""Which code a preview runs: the program's own modules, never hap's copies of them.

The Python language host starts a fresh interpreter with the project directory first on
`sys.path`, so `import components` in a program finds the project's own `components/`. hap
runs programs in its own process, where a package of the same name may already be loaded
(the platform's, from hap's install or a test that imported it). Two rules keep the
program's view the language host's:

- `own_modules(directory)`: while a program or a policy pack from `directory` runs, every
  loaded module whose top-level name `directory` provides, but that was loaded from
  elsewhere, is set aside; afterwards it is put back.
- `platform_module(name)`: hap itself reads the platform's data (the price catalog, the
  stack-file line index) without ever registering the platform's packages under their
  own names, so nothing hap loads can shadow a program's module of the same name.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

# hap and the platform packages (`components`, `hybrid_policies`) are installed side by
# side: the repository root in development, site-packages from a wheel.
_INSTALL_ROOT = Path(__file__).resolve().parents[1]
# What `platform_module` loaded, by module name; never in `sys.modules` outside it.
_platform: dict[str, ModuleType] = {}
_active: set[str] = set()  # top-level names inside a `platform()` block right now


def provided_names(directory: Path) -> frozenset[str]:
    """Top-level module names that `import` would find first in `directory`."""
    names: set[str] = set()
    for entry in directory.iterdir():
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


@contextlib.contextmanager
def platform(top: str = "components") -> Iterator[None]:
    """While inside, `top` and its submodules are the platform's (loaded from hap's install
    root, once); whatever held those names before is set aside and put back after.

    Call platform code that imports lazily (`importlib.resources.files(__package__)`)
    inside this block; `platform_module` is enough for plain attribute access.
    """
    if top in _active:
        yield
        return
    _active.add(top)
    saved_path = list(sys.path)
    set_aside = {n: m for n, m in list(sys.modules.items()) if _top(n) == top}
    for loaded_name in set_aside:
        del sys.modules[loaded_name]
    sys.modules.update({n: m for n, m in _platform.items() if _top(n) == top})
    sys.path.insert(0, str(_INSTALL_ROOT))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path[:] = saved_path
        for loaded_name in [n for n in sys.modules if _top(n) == top]:
            _platform[loaded_name] = sys.modules.pop(loaded_name)
        sys.modules.update(set_aside)
        _active.discard(top)


def platform_module(name: str) -> ModuleType:
    """The platform's module `name` (e.g. `components.catalog`), loaded from hap's install
    root and kept out of `sys.modules`, so a program's own `components` is never shadowed
    by, nor confused with, the platform's."""
    if name in _platform:
        return _platform[name]
    with platform(_top(name)):
        return importlib.import_module(name)
