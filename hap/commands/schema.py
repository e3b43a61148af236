"""`hap schema`: regenerate the committed JSON Schemas of the environment definition."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hap.commands import Command, add_project_dir
from hap.isolation import own_modules


def _run(args: argparse.Namespace) -> int:
    project_dir = Path(args.project_dir).resolve()
    # The project's own `components` package, even when hap is installed elsewhere.
    with own_modules(project_dir):
        sys.path.insert(0, str(project_dir))
        try:
            from components.schema import write_schemas

            written = write_schemas(project_dir)
        finally:
            sys.path.remove(str(project_dir))
    for path in written:
        print(path)
    return 0


COMMAND = Command(
    name="schema",
    help="regenerate the JSON Schemas of the stack files",
    add_arguments=add_project_dir,
    run=_run,
)
