"""One toleration rule for the GPU stack and the output contract's consumers."""

from __future__ import annotations

from hybrid_ai_platform.contract import TaintOutputs
from hybrid_ai_platform.kubernetes.plan import toleration_for
from hybrid_ai_platform.spec import Taint


def test_the_contract_and_the_gpu_stack_tolerate_a_taint_the_same_way() -> None:
    for value in ("present", ""):
        taint = Taint(key="dedicated", value=value, effect="NoSchedule")
        published = TaintOutputs(key="dedicated", value=value, effect="NoSchedule")
        assert published.toleration() == toleration_for(taint)
    assert toleration_for(Taint(key="dedicated", effect="NoExecute")) == {
        "key": "dedicated",
        "operator": "Exists",
        "effect": "NoExecute",
    }
