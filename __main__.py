"""hybrid-ai-platform: one typed environment definition per stack, built on four clouds.

Load and validate the definition, build the components, export the outputs. Everything
else lives in `components/`.
"""

from pathlib import Path

import pulumi
from pulumi.runtime import config as runtime_config

from hybrid_ai_platform.definition import definition_warnings, load_from_config
from hybrid_ai_platform.platform import build_platform, export_outputs
from hybrid_ai_platform.problems import DefinitionError
from hybrid_ai_shared import strict_yaml

PROJECT_DIR = Path(__file__).parent
STACK_FILE = Path("stacks") / f"Pulumi.{pulumi.get_stack()}.yaml"


def stack_config() -> tuple[dict[str, object], set[str]]:
    """Every config value of the stack and which keys are secret, as the language host
    hands them to the program (PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS, or set by a
    test runtime), so keys nobody reads and plaintext credentials can be refused."""
    values = {**runtime_config.get_config_env(), **runtime_config.CONFIG.get()}
    secret = set(runtime_config.get_config_secret_keys_env())
    secret.update(key for key in values if runtime_config.is_config_secret(key))
    return values, secret


def stack_text(path: Path) -> str | None:
    """The stack file's text for line numbers; None when it is not readable UTF-8 (the
    CLI's own reader has refused it by then)."""
    try:
        return strict_yaml.decode(path.read_bytes())
    except (OSError, strict_yaml.StrictYamlError):
        return None


def main() -> None:
    values, secret_keys = stack_config()
    try:
        text = stack_text(PROJECT_DIR / STACK_FILE)
        env = load_from_config(values, secret_keys, str(STACK_FILE), text)
        for warning in definition_warnings(env, str(STACK_FILE), text):
            pulumi.log.warn(warning)
        platform = build_platform(env)
    except DefinitionError as error:
        # RunError: the CLI (and `hap`) print the message alone, without a traceback.
        raise pulumi.RunError(str(error)) from None
    export_outputs(platform)


main()
