"""No untranslated snake_case key inside a nested input.

The Python SDKs translate the keys of nested inputs (`{"endpoint_public_access": True}`)
to the provider's camelCase names, but only the keys they know: a misspelt key
(`endpoint_public_acess`) passes through unchanged and the provider ignores it, so the
setting silently keeps its default. Every provider this platform uses names nested
properties in camelCase, so a snake_case key left in a nested object is such a typo,
unless it sits inside a map whose keys are the user's own (tags, labels, Helm values,
environment variables, ...), listed below.
"""

from __future__ import annotations

import re

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from hybrid_policies.props import dotted, is_mapping, walk
from hybrid_policies.rule import of_packages, resource_rule

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")

# Properties whose value is a map of user-chosen keys (anything below them is data).
_FREE_FORM = frozenset({
    "annotations", "arguments", "binaryData", "data", "defaultArguments", "defaultLabels",
    "defaultTags", "environmentVariables", "extraSpecs", "hard", "labels", "limits",
    "matchLabels", "nodeLabels", "nodeSelector", "nonOverridableArguments", "parameters",
    "requests", "resourceLabels", "selector", "stringData", "tags", "tagsAll", "userLabels",
    "valueSpecs", "values", "variables",
})  # fmt: skip
# Per provider: `metadata` is a schema object in Kubernetes, free-form elsewhere.
_FREE_FORM_BY_PACKAGE = {
    "gcp": frozenset({"metadata"}),
    "openstack": frozenset({"metadata"}),
}
PACKAGES = ("aws", "azure-native", "gcp", "kubernetes", "openstack")
# Kubernetes API groups of the built-in kinds (camelCase schemas); custom resources define
# their own schemas, which may well use snake_case.
_KUBERNETES_BUILT_IN_GROUPS = ("core", "apps", "batch", "autoscaling", "policy")


def _has_camel_case_schema(resource_type: str) -> bool:
    if not resource_type.startswith("kubernetes:"):
        return True
    group = resource_type.split(":")[1].split("/")[0]
    return group in _KUBERNETES_BUILT_IN_GROUPS or group.endswith(".k8s.io") or group == "helm.sh"


def _validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if not _has_camel_case_schema(args.resource_type):
        return
    package = args.resource_type.split(":", 1)[0]
    free_form = _FREE_FORM | _FREE_FORM_BY_PACKAGE.get(package, frozenset())
    # Nothing below a free-form key is read: its keys are data.
    for path, value in walk(args.props, prune=free_form):
        # Top-level keys went through the resource's own constructor: a typo there raises.
        if len(path) < 1 or not is_mapping(value) or path[-1] in free_form:
            continue
        for key in sorted(value):
            if isinstance(key, str) and _SNAKE.match(key):
                report(
                    f"{dotted((*path, key))}: '{key}' was not translated to the provider's "
                    f"camelCase name; it is probably misspelt and will be ignored",
                    None,
                )


no_untranslated_keys = resource_rule(
    name="common-inputs-no-untranslated-snake-case-keys",
    description=(
        "Nested inputs contain no snake_case key the SDK left untranslated (a misspelt argument "
        "the provider ignores)."
    ),
    severity=Severity.HIGH,
    enforcement=EnforcementLevel.MANDATORY,
    remediation=(
        "Fix the key's spelling, ideally by using the SDK's typed *Args class or *ArgsDict so "
        "mypy catches it."
    ),
    applies_to=of_packages(*PACKAGES),
    validate=_validate,
    tags=("correctness",),
)

POLICIES = (no_untranslated_keys,)
