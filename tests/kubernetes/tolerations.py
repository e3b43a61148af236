"""Kubernetes' toleration matching, written from its semantics (the API reference for
`Toleration`, and `ToleratesTaint` in k8s.io/api core/v1 `toleration.go`), so the tests do
not grade the plan with the plan's own logic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hybrid_ai_platform.spec import Taint


def tolerates(toleration: Mapping[str, str], taint: Taint) -> bool:
    """Whether one toleration lets a pod onto a node with `taint`.

    - An empty effect matches every effect; otherwise the effects must be equal.
    - An empty key matches every key, but only with operator `Exists`.
    - Operator `Exists` matches any value; `Equal` (also the default) needs equal values.
    """
    effect = toleration.get("effect", "")
    if effect and effect != taint.effect:
        return False
    key = toleration.get("key", "")
    operator = toleration.get("operator", "Equal")
    if not key:
        return operator == "Exists"
    if key != taint.key:
        return False
    if operator == "Exists":
        return True
    if operator == "Equal":
        return toleration.get("value", "") == taint.value
    raise ValueError(f"unknown toleration operator {operator!r}")


def tolerated(tolerations: Iterable[Mapping[str, str]], taint: Taint) -> bool:
    return any(tolerates(toleration, taint) for toleration in tolerations)
