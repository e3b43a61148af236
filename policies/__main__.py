"""The hybrid-ai-platform policy pack: `pulumi preview --policy-pack policies`.

Assembly only. `PolicyPack(...)` starts the analyzer server and blocks, so nothing else
imports this file; the rules live in `hybrid_policies` (importable, testable, and run
credential-free by `hap policy`).
"""

import sys
from pathlib import Path

from pulumi_policy import PolicyPack

# The budget rule prices the stack with the project's own estimator (`hap.cost`): the
# CLI runs this file from the pack directory, so put the project root on the path too.
sys.path.append(str(Path(__file__).resolve().parent.parent))

from hybrid_policies import pack

PolicyPack(name=pack.NAME, policies=pack.policies(), enforcement_level=pack.ENFORCEMENT_LEVEL)
