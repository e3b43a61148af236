"""Show a Plan in the terminal: the resource tree by component, providers, outputs, a summary.

Plain text without colour when stdout is not a terminal, so scripts and tests can read it.
Secrets always print as `[secret]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.segment import Segment, SegmentLines
from rich.style import Style
from rich.text import Text

from hap.plan import (
    ROOT_STACK_TYPE,
    SECRET_TEXT,
    UNKNOWN,
    UNKNOWN_TEXT,
    Plan,
    PlannedResource,
    Secret,
)

# The settings worth seeing per type (dotted paths into the inputs). Add types freely.
INTERESTING_INPUTS: dict[str, tuple[str, ...]] = {
    "aws:ec2/vpc:Vpc": ("cidrBlock",),
    "aws:ec2/subnet:Subnet": ("cidrBlock", "availabilityZone", "mapPublicIpOnLaunch"),
    "aws:eks/cluster:Cluster": ("version",),
    "aws:eks/nodeGroup:NodeGroup": ("instanceTypes", "amiType", "capacityType", "scalingConfig"),
    "aws:s3/bucket:Bucket": ("bucket", "bucketPrefix"),
    "aws:s3/bucketV2:BucketV2": ("bucket", "bucketPrefix"),
    "aws:lambda/function:Function": ("runtime", "memorySize", "timeout"),
    "aws:kms/key:Key": ("enableKeyRotation", "deletionWindowInDays"),
    "aws:cloudwatch/logGroup:LogGroup": ("retentionInDays",),
    "azure-native:resources:ResourceGroup": ("location",),
    "azure-native:network:VirtualNetwork": ("addressSpace.addressPrefixes",),
    "azure-native:network:Subnet": ("addressPrefix",),
    "azure-native:containerservice:ManagedCluster": ("kubernetesVersion", "sku.tier"),
    "azure-native:containerservice:AgentPool": ("vmSize", "count", "minCount", "maxCount", "mode"),
    "gcp:compute/subnetwork:Subnetwork": ("ipCidrRange", "region"),
    "gcp:container/cluster:Cluster": ("location", "minMasterVersion"),
    "gcp:container/nodePool:NodePool": ("nodeConfig.machineType", "autoscaling", "nodeCount"),
    "openstack:networking/subnet:Subnet": ("cidr",),
    "openstack:compute/flavor:Flavor": ("vcpus", "ram", "disk"),
    "openstack:containerinfra/clusterTemplate:ClusterTemplate": ("coe", "image", "flavor"),
    "openstack:containerinfra/cluster:Cluster": ("nodeCount", "masterCount", "flavor"),
    "kubernetes:helm.sh/v3:Release": ("chart", "version", "namespace"),
    "kubernetes:core/v1:Namespace": ("metadata.name",),
    "pulumi:providers:aws": ("region",),
    "pulumi:providers:azure-native": ("location", "subscriptionId"),
    "pulumi:providers:gcp": ("project", "region"),
    "pulumi:providers:openstack": ("region",),
}
# Kubernetes objects without an entry above: which object, not its apiVersion/kind.
_KUBERNETES_SETTINGS = ("metadata.namespace", "metadata.name")
# Scalars that say nothing the type token does not already say.
_UNINTERESTING_KEYS = frozenset({"apiVersion", "kind"})
_FALLBACK_SETTINGS = 3
_SCALAR_LIMIT = 40
_VALUE_LIMIT = 60
_OUTPUT_LIMIT = 120


def make_console(to_stderr: bool = False) -> Console:
    """A console for stdout, or stderr when stdout carries a document (`--json -`); without
    a terminal: no colour and no line wrapping."""
    console = Console(highlight=False, soft_wrap=True, stderr=to_stderr)
    if not console.is_terminal:
        console = Console(
            highlight=False, soft_wrap=True, no_color=True, width=10_000, stderr=to_stderr
        )
    return console


def render_plan(plan: Plan, console: Console) -> None:
    console.print(
        Text.assemble("Preview of ", (plan.project, "bold"), " (stack ", (plan.stack, "bold"), ")")
    )
    console.print(_tree(plan, console))
    providers = [resource for resource in plan.resources if resource.is_provider]
    if providers:
        console.print(Text("Providers", style="bold"))
        for provider in providers:
            console.print(Text("  ").append_text(_label(provider)))
    console.print(Text("Outputs", style="bold"))
    if not plan.outputs:
        console.print("  (none)")
    for key in sorted(plan.outputs):
        console.print(Text(f"  {key}: {format_value(plan.outputs[key], _OUTPUT_LIMIT)}"))
    if plan.approximations:
        console.print(Text("Approximations (not what the real engine would give)", style="bold"))
        for item in plan.approximations:
            console.print(Text(f"  {item.subject}: {item.message}"))
    console.print(summary_line(plan))


def summary_line(plan: Plan) -> str:
    """`N resources: N components, N custom, N providers` (the root stack not counted)."""
    resources = [resource for resource in plan.resources if resource.type != ROOT_STACK_TYPE]
    components = sum(1 for resource in resources if resource.is_component)
    providers = sum(1 for resource in resources if resource.is_provider)
    custom = len(resources) - components - providers
    return (
        f"{len(resources)} {_plural(len(resources), 'resource')}: "
        f"{components} {_plural(components, 'component')}, {custom} custom, "
        f"{providers} {_plural(providers, 'provider')}"
    )


def format_value(value: Any, limit: int = _VALUE_LIMIT) -> str:
    """One-line rendering of a value with markers masked, shortened to `limit` characters."""
    rendered = _format(value)
    return rendered if len(rendered) <= limit else rendered[: limit - 1] + "…"


def interesting_settings(resource: PlannedResource) -> list[tuple[str, Any]]:
    """The (path, value) pairs shown next to a resource."""
    paths = INTERESTING_INPUTS.get(resource.type)
    if paths is None and resource.type.startswith("kubernetes:"):
        paths = _KUBERNETES_SETTINGS
    if paths is not None:
        found = [(path, _lookup(resource.inputs, path)) for path in paths]
        return [(path, value) for path, value in found if value is not None]
    scalars = [
        (key, value)
        for key, value in sorted(resource.inputs.items())
        if key not in _UNINTERESTING_KEYS and _is_short_scalar(value)
    ]
    return scalars[:_FALLBACK_SETTINGS]


# The guide lines of `rich.tree.Tree` (space, continue, fork, end; ASCII where the console
# cannot write Unicode). The tree is laid out here as segments, line by line: a rich `Tree`
# renders each label as text on its own (0.25-0.3 s of CPU at 5,000 resources).
# tests/hap/test_render.py checks the lines against `Tree`'s, plain and in colour.
_GUIDES = ("    ", "\u2502   ", "\u251c\u2500\u2500 ", "\u2514\u2500\u2500 ")
_ASCII_GUIDES = ("    ", "|   ", "+-- ", "`-- ")


def _tree(plan: Plan, console: Console) -> SegmentLines:
    """The resource tree by component, cropped to the console's width as `Tree` crops it."""
    space, more, fork, end = _ASCII_GUIDES if console.options.ascii_only else _GUIDES
    styles: dict[str, Style] = {}
    width = console.width

    def line(guide: str, resource: PlannedResource) -> list[Segment]:
        segments = [Segment(guide)] if guide else []
        for text, style in _label_parts(resource):
            if style not in styles:
                styles[style] = console.get_style(style)
            segments.append(Segment(text, styles[style]))
        if Segment.get_line_length(segments) > width:
            return Segment.adjust_line_length(segments, width, pad=False)
        return segments

    def add_children(urn: str, indent: str) -> None:
        children = [child for child in plan.children(urn) if not child.is_provider]
        # Resources first, then nested components, each by type and name: a stable order.
        children.sort(key=lambda child: (not child.custom, child.type, child.name))
        for index, child in enumerate(children):
            last = index == len(children) - 1
            lines.append(line(indent + (end if last else fork), child))
            if not child.custom:
                add_children(child.urn, indent + (space if last else more))

    lines = [line("", _stack_or_placeholder(plan))]
    add_children(plan.stack_urn, "")
    return SegmentLines(lines, new_lines=True)


def _label(resource: PlannedResource) -> Text:
    return Text.assemble(*_label_parts(resource))


def _label_parts(resource: PlannedResource) -> list[tuple[str, str]]:
    """A resource's line as (text, style) pieces: type, name, settings and marks."""
    parts = [(resource.type, "cyan"), (" ", ""), (resource.name, "bold")]
    settings = interesting_settings(resource) if resource.custom else []
    if settings:
        shown = "  ".join(f"{path}={format_value(value)}" for path, value in settings)
        parts.append(("  " + shown, "dim"))
    if resource.protect:
        parts.append(("  [protected]", "yellow"))
    if resource.external:
        parts.append(("  [read]", "magenta"))
    if resource.remote:
        parts.append(("  [not expanded: multi-language component]", "red"))
    return parts


def _stack_or_placeholder(plan: Plan) -> PlannedResource:
    for resource in plan.resources:
        if resource.urn == plan.stack_urn:
            return resource
    return PlannedResource(
        urn=plan.stack_urn,
        type=ROOT_STACK_TYPE,
        name=f"{plan.project}-{plan.stack}",
        custom=False,
        parent=None,
        dependencies=(),
        property_dependencies={},
        provider=None,
        protect=False,
        retain_on_delete=False,
        aliases=(),
        inputs={},
        outputs={},
    )


def _lookup(inputs: Mapping[str, Any], path: str) -> Any:
    value: Any = inputs
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _is_short_scalar(value: Any) -> bool:
    if isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and len(value) <= _SCALAR_LIMIT and "\n" not in value


def _format(value: Any) -> str:
    if isinstance(value, Secret):
        return SECRET_TEXT
    if value is UNKNOWN:
        return UNKNOWN_TEXT
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        return (
            "{" + ", ".join(f"{key}={_format(item)}" for key, item in sorted(value.items())) + "}"
        )
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(_format(item) for item in value) + "]"
    return str(value).replace("\n", "\\n")


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"
