"""Rules on the stack's whole configuration, beside the environment definition: keys of this
project that it does not read, and credentials written in plain text.

A misspelt key (`hybrid-ai-platform:envrionment`) would otherwise be ignored while the
stack runs on whatever the real key holds; a password typed into a stack file is committed
to git in the clear, where `pulumi config set --secret` would have stored it encrypted.

Paths of these problems start at `config` (`config.aws:secretKey`), as in the stack file.
Pure: no Pulumi import.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from hybrid_ai_platform.problems import Path, Problem, format_path

CONFIG: Path = ("config",)

# Name fragments of credentials, on the lowercased name without separators.
_CREDENTIAL_NAME = re.compile(
    r"password|passwd|passphrase|secret|token|apikey|accesskey|privatekey|accountkey|"
    r"sharedkey|masterkey|clientsecret|connectionstring|sastoken|credentials?$"
)
# Names that point at or describe a credential rather than hold one.
_DESCRIBES_CREDENTIAL = re.compile(
    r"(id|ids|arn|name|names|ref|reference|version|type|path|file|url|uri|ttl|policy|enabled|"
    r"length|expiry|expiration|rotation|store|provider|mode|endpoint|location|issuer)$"
)
# Values that are references to a secret store, not the secret.
_REFERENCE = re.compile(
    r"^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|@Microsoft\.KeyVault\(|"
    r"https://[^/]+\.vault\.azure\.net/secrets/|projects/[^/]+/secrets/|\{\{resolve:)"
)
# Credentials recognisable by their shape, whatever key holds them.
_CREDENTIAL_VALUES = (
    (re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"), "an AWS access key id"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"), "a GitHub token"),
    (re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"), "a Slack token"),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), "a Google API key"),
    (re.compile(r"AccountKey=[A-Za-z0-9+/=]{20,}"), "an Azure storage account key"),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\."), "a JSON Web Token"),
    (re.compile(r"://[^/\s:@]+:[^/\s@]+@"), "a password inside a URL"),
)


def is_credential_name(name: str) -> bool:
    plain = re.sub(r"[^a-z0-9]", "", name.lower())
    return bool(_CREDENTIAL_NAME.search(plain)) and not _DESCRIBES_CREDENTIAL.search(plain)


def check_config_keys(keys: Sequence[str], project: str, known: Sequence[str]) -> list[Problem]:
    """Keys in this project's namespace that the program does not read."""
    problems = []
    allowed = [f"{project}:{key}" for key in known]
    for key in sorted(keys):
        namespace, _, _ = key.partition(":")
        if namespace != project or key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.append(
            Problem(
                CONFIG + (key,),
                f"unknown config key of this project; {hint}"
                f"it reads only {', '.join(repr(k) for k in allowed)}",
            )
        )
    return problems


def check_plaintext_secrets(values: Mapping[str, Any], secret_keys: set[str]) -> list[Problem]:
    """Credentials held in plain text anywhere in the config (keys set with `--secret`
    are encrypted in the stack file and skipped)."""
    problems = []
    for key in sorted(values):
        if key in secret_keys:
            continue
        _, _, name = key.rpartition(":")
        for path, what in _credentials(values[key], name):
            full = CONFIG + (key, *path)
            problems.append(Problem(full, _advice(key, path, what)))
    return problems


def _credentials(value: Any, name: str, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(value, Mapping):
        for key in sorted(value, key=str):
            yield from _credentials(value[key], str(key), (*path, str(key)))
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _credentials(item, name, (*path, index))
        return
    if not isinstance(value, str) or not value.strip() or _REFERENCE.match(value):
        return
    for pattern, what in _CREDENTIAL_VALUES:
        if pattern.search(value):
            yield path, what
            return
    if is_credential_name(name):
        yield path, f"a credential ('{name}')"


def _advice(key: str, path: Path, what: str) -> str:
    target = f"--path '{format_path((key, *path))}'" if path else f"'{key}'"
    return (
        f"holds {what} in plain text, committed with the stack file; remove it and run "
        f"`pulumi config set --secret {target} <value>` (stored encrypted as `secure:`)"
    )
