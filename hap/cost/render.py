"""Show a cost report: rich tables on a terminal, plain aligned text otherwise, Markdown
for CI job summaries. One set of rows feeds all three, so they always say the same thing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from hybrid_ai_shared.cost.report import ComponentCost, CostReport

OUTSIDE_COMPONENTS = "(not in a component)"


@dataclass(frozen=True)
class _Rows:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right_aligned: frozenset[int] = frozenset()


def render_cost_section(report: CostReport, console: Console | None = None) -> None:
    """The short form for `hap preview`: top-level components and the total."""
    console = console or Console()
    console.print(f"Monthly cost estimate (USD, {report.hours_per_month} hours a month)")
    _emit(console, _components(report, top_level_only=True))
    console.print(_total_line(report))
    console.print(
        f"`hap cost {report.stack}` shows every price with its source, and what is unpriced."
    )


def render_cost_report(report: CostReport, console: Console | None = None) -> None:
    """The full report for `hap cost`: components, priced lines, total, sources, the rest."""
    console = console or Console()
    console.print(
        f"Monthly cost estimate of stack {report.stack} "
        f"(USD, {report.hours_per_month} hours a month)"
    )
    sections = [
        _components(report, top_level_only=False),
        _lines(report),
        _sources(report),
        _usage(report),
        _unpriced(report),
        _no_charge(report),
    ]
    for section in sections:
        if section.rows:
            console.print()
            _emit(console, section)
    console.print()
    console.print(_total_line(report))
    for note in report.notes:
        console.print(f"Note: {note}", soft_wrap=True)


def cost_markdown(report: CostReport) -> str:
    """GitHub-flavoured Markdown (job summaries, PR comments)."""
    parts = [
        f"## Monthly cost estimate: `{report.stack}`",
        "",
        f"**{_total_line(report)}**",
        "",
    ]
    for section in (_components(report, top_level_only=False), _sources(report), _unpriced(report)):
        if section.rows:
            parts += [f"### {section.title}", "", *_markdown_table(section), ""]
    parts += [f"_{note}_" for note in report.notes]
    return "\n".join(parts) + "\n"


# -- sections -------------------------------------------------------------------------------


def _components(report: CostReport, *, top_level_only: bool) -> _Rows:
    children: dict[str | None, list[ComponentCost]] = {}
    for component in report.components:
        children.setdefault(component.parent_component_urn, []).append(component)
    rows: list[tuple[str, ...]] = []

    def walk(parent: str | None, depth: int) -> None:
        for component in sorted(children.get(parent, ()), key=lambda c: (c.name, c.urn)):
            rows.append(
                (
                    "  " * depth + component.name,
                    component.type,
                    _money(component.monthly_min_usd),
                    _money(component.monthly_max_usd),
                    f"{component.unpriced} unpriced" if component.unpriced else "",
                )
            )
            if not top_level_only:
                walk(component.urn, depth + 1)

    walk(None, 0)
    outside = [line for line in report.lines if line.component_urn is None]
    if outside:
        rows.append(
            (
                OUTSIDE_COMPONENTS,
                "",
                _money(sum(line.monthly_min_usd for line in outside)),
                _money(sum(line.monthly_max_usd for line in outside)),
                "",
            )
        )
    return _Rows(
        "Per component (each includes everything beneath it)",
        ("Component", "Type", "Min / month", "Max / month", ""),
        tuple(rows),
        frozenset({2, 3}),
    )


def _lines(report: CostReport) -> _Rows:
    numbers = _source_numbers(report)
    rows = tuple(
        (
            line.name,
            line.item,
            _money(line.monthly_min_usd),
            _money(line.monthly_max_usd),
            line.basis,
            " ".join(f"[{n}]" for n in sorted(numbers[price.key] for price in line.prices)),
        )
        for line in report.lines
    )
    return _Rows(
        "Priced resources",
        ("Resource", "Item", "Min / month", "Max / month", "Basis", "Prices"),
        rows,
        frozenset({2, 3}),
    )


def _sources(report: CostReport) -> _Rows:
    rows = tuple(
        (
            f"[{number}]",
            price.key,
            price.rate,
            price.region,
            f"{price.date_kind} {price.date}",
            price.source,
        )
        for number, price in enumerate(report.prices(), 1)
    )
    return _Rows("Prices used", ("", "Price", "Rate", "Region", "Date", "Source"), rows)


def _usage(report: CostReport) -> _Rows:
    rows = tuple((charge.name, charge.type, charge.basis) for charge in report.usage_based)
    return _Rows("Billed by use (not in the totals)", ("Resource", "Type", "Rates"), rows)


def _unpriced(report: CostReport) -> _Rows:
    rows = tuple((entry.name, entry.type, entry.reason) for entry in report.unpriced)
    return _Rows("Not priced (not in the totals)", ("Resource", "Type", "Why"), rows)


def _no_charge(report: CostReport) -> _Rows:
    """Free resources by type: every resource of the plan appears somewhere in the report."""
    by_type: dict[tuple[str, str], int] = {}
    for entry in report.no_charge:
        by_type[(entry.type, entry.reason)] = by_type.get((entry.type, entry.reason), 0) + 1
    rows = tuple((type_, str(count), reason) for (type_, reason), count in sorted(by_type.items()))
    return _Rows("No charge of their own", ("Type", "Count", "Why"), rows, frozenset({1}))


def _source_numbers(report: CostReport) -> dict[str, int]:
    return {price.key: number for number, price in enumerate(report.prices(), 1)}


def _total_line(report: CostReport) -> str:
    text = f"Total: {_money(report.monthly_min_usd)} - {_money(report.monthly_max_usd)} per month"
    if report.unpriced:
        count = len(report.unpriced)
        text += f", plus {count} unpriced {'item' if count == 1 else 'items'} not in the sum"
    return text


def _money(amount: float) -> str:
    return f"${amount:,.2f}"


# -- output ---------------------------------------------------------------------------------


def _emit(console: Console, section: _Rows) -> None:
    if console.is_terminal:
        table = Table(title=section.title, title_justify="left")
        for index, header in enumerate(section.headers):
            table.add_column(
                header,
                justify="right" if index in section.right_aligned else "left",
                overflow="fold",
            )
        for row in section.rows:
            # Text, not markup: a basis or URL with brackets must print as written.
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        return
    console.print(section.title, highlight=False)
    for line in _plain_table(section):
        console.print(line, highlight=False, markup=False, soft_wrap=True)


def _plain_table(section: _Rows) -> list[str]:
    """Aligned columns; the last column is left ragged so long text (URLs) never wraps."""
    table = [section.headers, *section.rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(section.headers))]
    lines = []
    for row in table:
        cells = [
            cell.rjust(width) if index in section.right_aligned else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        cells[-1] = row[-1]
        lines.append("  ".join(cells).rstrip())
    return lines


def _markdown_table(section: _Rows) -> list[str]:
    def cells(row: Sequence[str]) -> str:
        return "| " + " | ".join(_markdown_cell(cell) for cell in row) + " |"

    rule = [
        "---:" if index in section.right_aligned else "---" for index in range(len(section.headers))
    ]
    return [cells(section.headers), cells(rule), *(cells(row) for row in section.rows)]


def _markdown_cell(cell: str) -> str:
    # Markdown drops leading spaces: keep the component tree's indentation visible.
    stripped = cell.lstrip(" ")
    return "&nbsp;" * (len(cell) - len(stripped)) + stripped.replace("|", "\\|")
