"""How many times a month a schedule fires: cron (5 fields), AWS `cron(...)` / `rate(...)`,
Azure Data Factory recurrences.

Runs are counted day by day over 2024-2051 and scaled to the estimate's 730-hour month, so
`0 3 * * *` gives 30.42 runs and `0 3 * * 1` gives 4.35. Those 28 years are a whole calendar
cycle (10,227 days, exactly 1,461 weeks, 7 leap years; 2000-2099 has no skipped leap year):
every weekday falls on every date equally often. Pure; no pulumi import.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

HOURS_PER_MONTH = 730

_REFERENCE_START = datetime.date(2024, 1, 1)
_REFERENCE_DAYS = 10227  # 28 years: 1,461 weeks exactly
_DAYS_PER_MONTH = HOURS_PER_MONTH / 24

_MONTH_NAMES = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DAY_NAMES = {
    name: number for number, name in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))
}
_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_AWS_CRON = re.compile(r"^cron\((.+)\)$")
_RATE_MINUTES = {"minute": 1, "hour": 60, "day": 1440}


class ScheduleError(ValueError):
    """A schedule expression this module cannot count (the message says which part)."""


@dataclass(frozen=True)
class _Field:
    values: frozenset[int]
    restricted: bool  # False for "*" / "?": matters for the day-of-month / day-of-week rule


def runs_per_month(expression: str) -> float:
    """Average runs in a 730-hour month for a 5-field cron line or an AWS schedule expression.

    Raises `ScheduleError` for syntax it does not know (AWS `L`, `W`, `#`), never guesses.
    """
    expression = expression.strip()
    rate = _RATE.match(expression)
    if rate:
        every = int(rate.group(1)) * _RATE_MINUTES[rate.group(2).rstrip("s")]
        if every == 0:
            raise ScheduleError(f"{expression!r}: a rate of zero never runs")
        return HOURS_PER_MONTH * 60 / every
    aws = _AWS_CRON.match(expression)
    if aws:
        fields = aws.group(1).split()
        if len(fields) != 6:
            raise ScheduleError(f"{expression!r}: AWS cron needs 6 fields")
        if fields[5] not in ("*", "?"):
            raise ScheduleError(f"{expression!r}: a year restriction has no monthly average")
        minutes, hours, day_of_month, month, day_of_week = fields[:5]
        # AWS numbers weekdays 1-7 from Sunday; standard cron 0-6.
        return _count(minutes, hours, day_of_month, month, day_of_week, weekday_base=1)
    fields = expression.split()
    if len(fields) != 5:
        raise ScheduleError(f"{expression!r}: expected 5 cron fields, rate(...) or cron(...)")
    return _count(*fields, weekday_base=0)


def _count(
    minutes: str, hours: str, day_of_month: str, month: str, day_of_week: str, *, weekday_base: int
) -> float:
    minute_field = _parse(minutes, 0, 59, {})
    hour_field = _parse(hours, 0, 23, {})
    dom = _parse(day_of_month, 1, 31, {})
    months = _parse(month, 1, 12, _MONTH_NAMES)
    dow = _parse(day_of_week, weekday_base, weekday_base + 6, _shifted_days(weekday_base))
    # Standard cron also accepts 7 for Sunday.
    weekdays = {(day - weekday_base) % 7 for day in dow.values}
    matching_days = 0
    for offset in range(_REFERENCE_DAYS):
        day = _REFERENCE_START + datetime.timedelta(days=offset)
        if day.month not in months.values:
            continue
        sunday_based = (day.weekday() + 1) % 7
        dom_ok = day.day in dom.values
        dow_ok = sunday_based in weekdays
        # Vixie cron: when both day fields are restricted, either one matching is enough.
        either = dom.restricted and dow.restricted
        matching_days += (dom_ok or dow_ok) if either else (dom_ok and dow_ok)
    runs_per_day = len(minute_field.values) * len(hour_field.values)
    return runs_per_day * matching_days / _REFERENCE_DAYS * _DAYS_PER_MONTH


def _shifted_days(base: int) -> dict[str, int]:
    return {name: number + base for name, number in _DAY_NAMES.items()}


def _parse(field: str, low: int, high: int, names: dict[str, int]) -> _Field:
    if field in ("*", "?"):
        return _Field(frozenset(range(low, high + 1)), restricted=False)
    values: set[int] = set()
    for part in field.split(","):
        values.update(_parse_part(part, low, high, names, field))
    return _Field(frozenset(values), restricted=True)


def _parse_part(part: str, low: int, high: int, names: dict[str, int], field: str) -> range:
    step = 1
    if "/" in part:
        part, step_text = part.split("/", 1)
        if not step_text.isdigit() or int(step_text) == 0:
            raise ScheduleError(f"{field!r}: bad step {step_text!r}")
        step = int(step_text)
    if part in ("*", "?"):
        start, end = low, high
    elif "-" in part:
        first, last = part.split("-", 1)
        start, end = _number(first, low, high, names, field), _number(last, low, high, names, field)
    else:
        start = _number(part, low, high, names, field)
        end = high if step > 1 else start
    if start > end:
        raise ScheduleError(f"{field!r}: range {start}-{end} runs backwards")
    return range(start, end + 1, step)


def _number(text: str, low: int, high: int, names: dict[str, int], field: str) -> int:
    lowered = text.lower()
    if lowered in names:
        return names[lowered]
    # Standard cron allows 7 for Sunday in the day-of-week field.
    limit = high + 1 if names and low == 0 and high == 6 else high
    if not text.isdigit() or not low <= int(text) <= limit:
        raise ScheduleError(f"{field!r}: {text!r} is not a value from {low} to {high}")
    return int(text)


# Azure Data Factory schedule triggers: runs of one `recurrence` unit per 730-hour month.
_RECURRENCE_UNIT_RUNS = {
    "Minute": HOURS_PER_MONTH * 60,
    "Hour": HOURS_PER_MONTH,
    "Day": _DAYS_PER_MONTH,
    "Week": _DAYS_PER_MONTH / 7,
    "Month": 1.0,
}


def recurrence_runs_per_month(recurrence: Mapping[str, Any]) -> float:
    """Average runs a month of an ADF `ScheduleTriggerRecurrence` (frequency, interval,
    schedule of minutes / hours / weekDays / monthDays / monthlyOccurrences)."""
    frequency = recurrence.get("frequency")
    interval = recurrence.get("interval", 1)
    if frequency not in _RECURRENCE_UNIT_RUNS:
        raise ScheduleError(f"recurrence frequency {frequency!r} is not one ADF knows")
    if isinstance(interval, bool) or not isinstance(interval, int | float) or interval < 1:
        raise ScheduleError(f"recurrence interval {interval!r} is not a positive number")
    runs = _RECURRENCE_UNIT_RUNS[frequency] / interval
    schedule = recurrence.get("schedule")
    if not isinstance(schedule, Mapping) or frequency in ("Minute", "Hour"):
        return runs
    per_unit = 1
    for key in ("minutes", "hours"):
        per_unit *= max(len(schedule.get(key) or ()), 1)
    if frequency == "Week":
        per_unit *= max(len(schedule.get("weekDays") or ()), 1)
    if frequency == "Month":
        days = len(schedule.get("monthDays") or ()) + len(schedule.get("monthlyOccurrences") or ())
        per_unit *= max(days, 1)
    return runs * per_unit
