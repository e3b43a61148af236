"""Policy tests import the rules the way the Pulumi CLI does: the pack directory first on
`sys.path` (`hybrid_policies` is a top-level package there)."""

from __future__ import annotations

import sys
from pathlib import Path

PACK_DIR = Path(__file__).parents[2] / "policies"
if str(PACK_DIR) not in sys.path:
    sys.path.insert(0, str(PACK_DIR))

