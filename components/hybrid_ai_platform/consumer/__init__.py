"""For teams that build on a hybrid-ai-platform stack: a typed stack reference and its test
helpers. Depend on the `hybrid-ai-platform` package and import from here.

    platform = PlatformStack("acme/hybrid-ai-platform/prod")
    provider = platform.kubernetes_provider("serve")
    pool = platform.cluster("serve").node_pool("t4")      # Output[NodePoolOutputs]

The contract itself (what each output holds, how versions evolve) is `hybrid_ai_platform.contract`.
"""

from hybrid_ai_platform.consumer.reference import ClusterRef, PlatformStack, PlatformStackError
from hybrid_ai_platform.consumer.testing import PlatformStackMocks, mock_platform_stack
from hybrid_ai_platform.contract import (
    CONTRACT_VERSION,
    ClusterOutputs,
    EnvironmentOutputs,
    NetworkOutputs,
    NodePoolOutputs,
    PlatformOutputs,
    TaintOutputs,
)

__all__ = [
    "CONTRACT_VERSION",
    "ClusterOutputs",
    "ClusterRef",
    "EnvironmentOutputs",
    "NetworkOutputs",
    "NodePoolOutputs",
    "PlatformOutputs",
    "PlatformStack",
    "PlatformStackError",
    "PlatformStackMocks",
    "TaintOutputs",
    "mock_platform_stack",
]
