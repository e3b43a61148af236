"""Credential-free CrossGuard: run a policy pack over a `hap.plan.Plan` as the engine would.

- `run_pack(plan, config, pack=load_pack(directory)) -> PolicyReport`: every policy of
  the pack on the plan, with a pack config in the `--policy-pack-config` format (see
  `hap.policy.config`).
- `load_policy_config(policy_config_file(project_dir, stack))`: a stack's pack config.
- `hap.policy.harness`: build resources and stacks from dicts and run one policy or a pack
  (tests, other teams' packs).
- `hap policy STACK` / `hap policy --list` (`hap.policy.command`).
"""

from hap.policy.config import load_policy_config, policy_config_file
from hap.policy.pack import LoadedPack, load_pack
from hap.policy.report import NotApplicable, PolicyReport, Violation, render_report
from hap.policy.runner import run_pack

__all__ = [
    "LoadedPack",
    "NotApplicable",
    "PolicyReport",
    "Violation",
    "load_pack",
    "load_policy_config",
    "policy_config_file",
    "render_report",
    "run_pack",
]
