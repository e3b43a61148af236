"""`hap preview STACK --watch`: how long a re-preview takes after an edit of the stack file.

Usage: python benchmarks/watch_time.py [--edits N] [STACK]

Copies the program (Pulumi.yaml, __main__.py, components/, policies/, stacks/) to a scratch
directory, watches it as `hap preview STACK --watch` does (in this process, output to
/dev/null), and after each preview rewrites one value of the stack file (a node pool's
`max`, alternating between two values), N times. Prints the cold first preview and each
re-preview: wall seconds from the edit's detection to the report written. Target (issue 15):
a re-preview of `prod` after a stack-file edit under 1 s. Exit status 1 when missed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).parents[1]
PROGRAM = ("Pulumi.yaml", "pyproject.toml", "__main__.py", "components", "policies", "stacks")
TARGET_SECONDS = 1.0


def copy_program(destination: Path) -> None:
    for part in PROGRAM:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / part)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stack", nargs="?", default="prod")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()

    from hap.cli import main as hap_main
    from hap.lazy_sdk import lazy_sdk_packages
    from hap.watch import watch

    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        copy_program(project)
        stack_file = project / "stacks" / f"Pulumi.{args.stack}.yaml"
        original = stack_file.read_text()
        edited = original.replace("max: ", "max: 1", 1)  # max: 3 -> max: 13
        if edited == original:
            raise SystemExit(f"{stack_file.name}: no node pool `max:` to edit")
        seconds: list[float] = []
        stop = threading.Event()

        def run_once() -> int:
            started = time.perf_counter()
            with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
                code = hap_main(["preview", args.stack, "--project-dir", str(project)])
            seconds.append(time.perf_counter() - started)
            return code

        def after_run(code: int) -> None:
            if len(seconds) > args.edits:
                stop.set()
                return
            stack_file.write_text(edited if len(seconds) % 2 else original)

        with lazy_sdk_packages(), open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
            watch(run_once, project, poll_seconds=0.02, stop=stop, on_run=after_run)
    cold, warm = seconds[0], seconds[1:]
    print(f"{args.stack}: cold {cold:.2f} s; after an edit: " + ", ".join(f"{s:.2f}" for s in warm))
    print(f"re-preview median {statistics.median(warm):.2f} s, best {min(warm):.2f} s")
    if statistics.median(warm) >= TARGET_SECONDS:
        print(f"missed: re-preview median {statistics.median(warm):.2f} s >= {TARGET_SECONDS} s")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
