"""Where a command's files go: a path, or `-` for stdout (the Unix convention).

When a machine-readable document goes to stdout, the human-readable report moves to stderr,
so `hap preview dev --json - | jq` reads clean JSON.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

STDOUT = Path("-")


def claims_stdout(*targets: Path | None) -> bool:
    """Whether any of a command's output options is `-`."""
    return any(target == STDOUT for target in targets)


def write_output(target: Path, text: str) -> None:
    """`text` to stdout for `-`, else atomically to the file."""
    if target == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomically(target, text)


def append_output(target: Path, text: str) -> None:
    """Append (job-summary files collect every step's output); `-` is stdout."""
    if target == STDOUT:
        sys.stdout.write(text)
        return
    with target.open("a", encoding="utf-8") as handle:
        handle.write(text)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file next to `path`, then rename: never a half-written file."""
    directory = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
