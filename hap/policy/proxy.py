"""The policy SDK's unknown-checking proxy, copied level by level as a policy reads it.

`pulumi_policy.proxy.unknown_checking_proxy` (pulumi-policy 1.21) copies a resource's whole
property tree into `_DictProxy` / `_ListProxy` objects before a policy runs, and the analyzer
does that once per policy per resource, so that one policy cannot alter what the next one
sees. Most policies read a few properties, so almost all of that copying is thrown away: at
5,000 resources it was a third of the policy run. The proxies below are the SDK's classes
(a policy's `isinstance` checks and the SDK's own `__target` unwrapping see no difference)
over a shallow copy of their own level; a nested dict or list is proxied, with its own
shallow copy, the first time it is read, and that proxy is kept. So what a policy reads,
writes (`props["tags"]["x"] = ...`) and reads again behaves exactly as with the eager copy,
the shared source is never written, and the cost follows what the policy reads.

Upstream-ready: `_proxy_helper` can return these lazily filled proxies unchanged; nothing in
the SDK relies on the children being proxied before they are read.
"""

from __future__ import annotations

from typing import Any

from pulumi_policy.proxy import _append_prop, _DictProxy, _ListProxy, _raise_if_unknown


def unknown_checking_proxy(props: dict[str, Any]) -> Any:
    """Same contract as the SDK's function of that name (see the module's docstring)."""
    return _LazyDictProxy(props, [])


def _proxied(value: Any, path: list[str], key: Any) -> Any:
    """`value` as the SDK's proxy holds it at `path` + `key`: a container as a proxy."""
    if isinstance(value, list):
        return _LazyListProxy(value, _append_prop(path, key))
    if isinstance(value, dict):
        return _LazyDictProxy(value, _append_prop(path, key))
    return value


def _containers(items: Any) -> set[Any]:
    """The keys (indexes) of `items` whose values are proxied when first read."""
    return {key for key, value in items if isinstance(value, list | dict)}


class _LazyDictProxy(_DictProxy):
    def __init__(self, source: dict[str, Any], path: list[str]) -> None:
        super().__init__(dict(source), path)
        self._path = path
        self._unread = _containers(source.items())  # keys whose value is not proxied yet

    def __getitem__(self, key: Any) -> Any:
        target: dict[str, Any] = self._DictProxy__target  # type: ignore[attr-defined]
        if key == "__target":
            self._read_all()
            return target
        value = target[key]
        if key in self._unread:
            self._unread.discard(key)
            value = target[key] = _proxied(value, self._path, key)
        return _raise_if_unknown(key, value, self._path)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._unread.discard(key)  # a policy's own value is kept as it wrote it
        super().__setitem__(key, value)

    def _read_all(self) -> None:
        target: dict[str, Any] = self._DictProxy__target  # type: ignore[attr-defined]
        for key in self._unread:
            target[key] = _proxied(target[key], self._path, key)
        self._unread = set()


class _LazyListProxy(_ListProxy):
    def __init__(self, source: list[Any], path: list[str]) -> None:
        super().__init__(list(source), path)
        self._path = path
        self._unread = _containers(enumerate(source))

    def __getitem__(self, key: Any) -> Any:
        target: list[Any] = self._ListProxy__target  # type: ignore[attr-defined]
        if key == "__target" or isinstance(key, slice):
            self._read_all()
            if key == "__target":
                return target
            return _raise_if_unknown(key, target[key], self._path)
        value = target[key]  # IndexError / TypeError as with the SDK's list
        index = key + len(target) if key < 0 else key
        if index in self._unread:
            self._unread.discard(index)
            value = target[index] = _proxied(value, self._path, index)
        return _raise_if_unknown(key, value, self._path)

    def _read_all(self) -> None:
        target: list[Any] = self._ListProxy__target  # type: ignore[attr-defined]
        for index in self._unread:
            target[index] = _proxied(target[index], self._path, index)
        self._unread = set()
