"""The hybrid-ai-platform policy pack: `pulumi preview --policy-pack policies`.

Assembly only. `PolicyPack(...)` starts the analyzer server and blocks, so nothing else
imports this file; the rules live in `hybrid_policies` (importable, testable, and run
credential-free by `hap policy`). The CLI runs this file with the pack directory first on
the import path; everything else the rules import is installed from `requirements.txt`.
"""

from pulumi_policy import PolicyPack

from hybrid_policies import pack

PolicyPack(name=pack.NAME, policies=pack.policies(), enforcement_level=pack.ENFORCEMENT_LEVEL)
