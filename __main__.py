"""hybrid-ai-platform: one typed environment definition per stack, built on four clouds.

Load and validate the definition, build the components, export the outputs. Everything
else lives in `components/`.
"""

from pathlib import Path

import pulumi

from components.definition import CONFIG_KEY, load_definition
from components.platform import build_platform, export_outputs
from components.problems import DefinitionError

PROJECT_DIR = Path(__file__).parent
STACK_FILE = Path("stacks") / f"Pulumi.{pulumi.get_stack()}.yaml"


def main() -> None:
    raw = pulumi.Config().require_object(CONFIG_KEY)
    stack_path = PROJECT_DIR / STACK_FILE
    stack_text = stack_path.read_text() if stack_path.exists() else None
    try:
        env = load_definition(raw, str(STACK_FILE), stack_text)
        platform = build_platform(env)
    except DefinitionError as error:
        # RunError: the CLI (and `hap`) print the message alone, without a traceback.
        raise pulumi.RunError(str(error)) from None
    export_outputs(platform)


main()
