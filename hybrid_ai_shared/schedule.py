"""Schedules, read once: five-field cron lines (UTC), AWS `cron(...)` / `rate(...)` and Data
Factory recurrences; how many runs a month they make; and a cron line in each cloud's dialect.

One reader for both sides: the pipelines read a definition's `schedule` and write it as

- a Glue trigger's `cron(Minutes Hours Day-of-month Month Day-of-week Year)`: weekdays 1-7
  from Sunday (or SUN-SAT), one of the two day fields `?`, nothing faster than every
  5 minutes (https://docs.aws.amazon.com/glue/latest/dg/monitor-data-warehouse-schedule.html);
- a Data Factory schedule trigger's recurrence (frequency Day / Week / Month with lists of
  hours, minutes, weekDays or monthDays), not cron; months cannot be restricted
  (https://learn.microsoft.com/azure/data-factory/how-to-create-schedule-trigger);

and the cost estimate reads those written forms back from a plan to count runs a month.

What a cloud cannot express (both day fields restricted; months restricted on Data Factory)
and syntax this module does not know (AWS `L`, `W`, `#`, a year restriction) is a
`ScheduleError` naming the field, never a guess. Runs a month and the shortest gap between
two runs are counted day by day over a whole 28-year calendar cycle (2024-2051: 10,227 days,
exactly 1,461 weeks; 2000-2099 skips no leap year), so every weekday falls on every date
equally often and the numbers hold for every month; they are scaled to the estimate's
730-hour month (`0 3 * * *`: 30.42 runs, `0 3 * * 1`: 4.35). Pure: no Pulumi import.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

HOURS_PER_MONTH = 730  # 8,760 hours a year / 12: the cost estimate's month
MINUTES_PER_DAY = 24 * 60
_DAYS_PER_MONTH = HOURS_PER_MONTH / 24
_CYCLE_START = datetime.date(2024, 1, 1)
_CYCLE_DAYS = 10227

# A schedule trigger needs a start; one in the past starts at the next occurrence (schedule
# triggers never backfill), and a constant keeps previews identical from run to run.
DATA_FACTORY_START_TIME = "2025-01-01T00:00:00Z"

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_ADF_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_RATE = re.compile(r"^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$")
_AWS_CRON = re.compile(r"^cron\((.+)\)$")
_RATE_MINUTES = {"minute": 1, "hour": 60, "day": 1440}


class ScheduleError(ValueError):
    """The schedule cannot be read, counted, or run where it is asked to run."""


@dataclass(frozen=True)
class CronField:
    values: tuple[int, ...]
    # False for `*` (and AWS's `?`): matters for the day-of-month / day-of-week rule, and
    # for writing `?`.
    restricted: bool


@dataclass(frozen=True)
class Cron:
    """A parsed cron schedule. Weekdays 0-6 from Sunday, whichever dialect it came from."""

    text: str
    minutes: CronField
    hours: CronField
    days_of_month: CronField
    months: CronField
    weekdays: CronField

    @cached_property
    def _times(self) -> tuple[int, ...]:
        """Minutes after midnight at which a matching day runs, ascending."""
        return tuple(h * 60 + m for h in self.hours.values for m in self.minutes.values)

    @cached_property
    def _days(self) -> tuple[int, ...]:
        """Day numbers (from the cycle start) on which the schedule runs."""
        return _matching_days(self.months, self.days_of_month, self.weekdays)

    @property
    def runs_per_month(self) -> float:
        """Average runs in a 730-hour month."""
        return len(self._times) * len(self._days) / _CYCLE_DAYS * _DAYS_PER_MONTH

    @property
    def min_interval_minutes(self) -> int:
        """The shortest time between two consecutive runs, anywhere in the cycle."""
        times, days = self._times, self._days
        if not days:
            raise ScheduleError(f"{self.text!r} never runs (no date matches)")
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        overnight = MINUTES_PER_DAY - times[-1] + times[0]
        day_gaps = [later - earlier for earlier, later in itertools.pairwise(days)]
        if day_gaps:
            gaps.append(min(day_gaps) * MINUTES_PER_DAY - MINUTES_PER_DAY + overnight)
        elif len(times) == 1:
            # One run in 28 years is not a schedule anyone means; treat it as yearly.
            gaps.append(365 * MINUTES_PER_DAY)
        return min(gaps)

    def glue_expression(self) -> str:
        """The same schedule as a Glue trigger's `cron(...)`."""
        if self.days_of_month.restricted and self.weekdays.restricted:
            raise ScheduleError(
                "AWS cannot restrict both day-of-month and day-of-week; set one of them to '*'"
            )
        minutes = _written(self.minutes, str)
        hours = _written(self.hours, str)
        months = _written(self.months, lambda m: _MONTHS[m - 1])
        if self.weekdays.restricted:
            dom, dow = "?", _written(self.weekdays, lambda d: _WEEKDAYS[d])
        else:
            dom, dow = _written(self.days_of_month, str), "?"
        return f"cron({minutes} {hours} {dom} {months} {dow} *)"

    def data_factory_recurrence(self) -> dict[str, object]:
        """The same schedule as a Data Factory `ScheduleTriggerRecurrence` (wire form, UTC)."""
        if self.months.restricted:
            raise ScheduleError(
                "Data Factory schedule triggers cannot restrict months; use '*' in the month field"
            )
        if self.days_of_month.restricted and self.weekdays.restricted:
            raise ScheduleError(
                "Data Factory cannot restrict both day-of-month and day-of-week; "
                "set one of them to '*'"
            )
        schedule: dict[str, object] = {
            "hours": list(self.hours.values),
            "minutes": list(self.minutes.values),
        }
        if self.weekdays.restricted:
            frequency = "Week"
            schedule["weekDays"] = [_ADF_WEEKDAYS[d] for d in self.weekdays.values]
        elif self.days_of_month.restricted:
            frequency = "Month"
            schedule["monthDays"] = list(self.days_of_month.values)
        else:
            frequency = "Day"
        return {
            "frequency": frequency,
            "interval": 1,
            "startTime": DATA_FACTORY_START_TIME,
            "timeZone": "UTC",
            "schedule": schedule,
        }


def parse_cron(text: str) -> Cron:
    """Read `minute hour day-of-month month day-of-week` (numbers, names, `*`, `,`, `-`, `/`;
    weekdays 0-7 from Sunday, 7 being Sunday again)."""
    fields = text.split()
    if len(fields) != 5:
        raise ScheduleError(f"{text!r} has {len(fields)} fields; cron needs 5")
    return _cron(text, *fields, weekday_base=0, blanks=("*",))


def parse_aws_cron(text: str) -> Cron:
    """Read AWS's `cron(Minutes Hours Day-of-month Month Day-of-week Year)`: weekdays 1-7
    from Sunday, `?` for "any", and no year restriction (it has no monthly average)."""
    found = _AWS_CRON.match(text.strip())
    if found is None:
        raise ScheduleError(f"{text!r} is not an AWS cron(...) expression")
    fields = found.group(1).split()
    if len(fields) != 6:
        raise ScheduleError(f"{text!r}: AWS cron needs 6 fields, not {len(fields)}")
    if fields[5] not in ("*", "?"):
        raise ScheduleError(f"{text!r}: a year restriction has no monthly average")
    return _cron(text, *fields[:5], weekday_base=1, blanks=("*", "?"))


def runs_per_month(expression: str) -> float:
    """Average runs in a 730-hour month of a five-field cron line or an AWS schedule
    expression (`cron(...)`, `rate(...)`)."""
    expression = expression.strip()
    rate = _RATE.match(expression)
    if rate:
        every = int(rate.group(1)) * _RATE_MINUTES[rate.group(2).rstrip("s")]
        if every == 0:
            raise ScheduleError(f"{expression!r}: a rate of zero never runs")
        return HOURS_PER_MONTH * 60 / every
    if _AWS_CRON.match(expression):
        return parse_aws_cron(expression).runs_per_month
    return parse_cron(expression).runs_per_month


# Data Factory schedule triggers: runs of one `recurrence` unit per 730-hour month.
_RECURRENCE_UNIT_RUNS = {
    "Minute": HOURS_PER_MONTH * 60,
    "Hour": HOURS_PER_MONTH,
    "Day": _DAYS_PER_MONTH,
    "Week": _DAYS_PER_MONTH / 7,
    "Month": 1.0,
}


def recurrence_runs_per_month(recurrence: Mapping[str, Any]) -> float:
    """Average runs a month of a Data Factory `ScheduleTriggerRecurrence` (frequency,
    interval, schedule of minutes / hours / weekDays / monthDays / monthlyOccurrences)."""
    frequency = recurrence.get("frequency")
    interval = recurrence.get("interval", 1)
    if frequency not in _RECURRENCE_UNIT_RUNS:
        raise ScheduleError(f"recurrence frequency {frequency!r} is not one Data Factory knows")
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


@functools.cache
def _cycle_calendar() -> tuple[tuple[int, int, int], ...]:
    """(month, day of month, weekday 0-6 from Sunday) of each day of the cycle."""
    days = (_CYCLE_START + datetime.timedelta(days=offset) for offset in range(_CYCLE_DAYS))
    return tuple((day.month, day.day, (day.weekday() + 1) % 7) for day in days)


# A program, its policy pack and the cost estimate each count the same few schedules, and a
# `--watch` session counts them again on every preview: ~10 ms a walk over the cycle. The
# days depend on the three fields alone (frozen, hashable), so each combination is walked once.
@functools.lru_cache(maxsize=256)
def _matching_days(
    months: CronField, days_of_month: CronField, weekdays: CronField
) -> tuple[int, ...]:
    in_months, dom, dow = set(months.values), set(days_of_month.values), set(weekdays.values)
    # Vixie cron: with both day fields restricted, either matching is enough.
    either = days_of_month.restricted and weekdays.restricted
    return tuple(
        offset
        for offset, (month, day, weekday) in enumerate(_cycle_calendar())
        if month in in_months
        and ((day in dom or weekday in dow) if either else (day in dom and weekday in dow))
    )


def _cron(
    text: str,
    minutes: str,
    hours: str,
    dom: str,
    months: str,
    dow: str,
    *,
    weekday_base: int,
    blanks: tuple[str, ...],
) -> Cron:
    """The five fields read with one parser; weekdays counted from `weekday_base` (0 in
    standard cron, 1 on AWS), names SUN-SAT, and normalised to 0-6 from Sunday."""
    weekday_names = {name: i + weekday_base for i, name in enumerate(_WEEKDAYS)}
    # Up to 7 in both: AWS's Saturday, and standard cron's second Sunday (folded back below).
    weekdays = _parse(dow, weekday_base, 7, weekday_names, "day-of-week", blanks)
    normalised = tuple(sorted({(d - weekday_base) % 7 for d in weekdays.values}))
    return Cron(
        text=text,
        minutes=_parse(minutes, 0, 59, {}, "minute", blanks),
        hours=_parse(hours, 0, 23, {}, "hour", blanks),
        days_of_month=_parse(dom, 1, 31, {}, "day-of-month", blanks),
        months=_parse(
            months, 1, 12, {n: i + 1 for i, n in enumerate(_MONTHS)}, "month", blanks
        ),
        weekdays=CronField(normalised, weekdays.restricted),
    )


def _written(field: CronField, show: Callable[[int], str]) -> str:
    if not field.restricted:
        return "*"
    return ",".join(show(v) for v in field.values)


def _parse(
    text: str, low: int, high: int, names: dict[str, int], what: str, blanks: tuple[str, ...]
) -> CronField:
    if text in blanks:
        return CronField(tuple(range(low, high + 1)), restricted=False)
    values: set[int] = set()
    for part in text.split(","):
        values.update(_part(part, low, high, names, what))
    return CronField(tuple(sorted(values)), restricted=True)


def _part(part: str, low: int, high: int, names: dict[str, int], what: str) -> range:
    step = 1
    if "/" in part:
        part, step_text = part.split("/", 1)
        if not step_text.isdigit() or int(step_text) == 0:
            raise ScheduleError(f"{what} field: step {step_text!r} is not a positive number")
        step = int(step_text)
    if part == "*":
        start, end = low, high
    elif "-" in part:
        first, last = part.split("-", 1)
        start, end = _number(first, low, high, names, what), _number(last, low, high, names, what)
    else:
        start = _number(part, low, high, names, what)
        end = high if step > 1 else start
    if start > end:
        raise ScheduleError(f"{what} field: range {start}-{end} runs backwards")
    return range(start, end + 1, step)


def _number(text: str, low: int, high: int, names: dict[str, int], what: str) -> int:
    if text.upper() in names:
        return names[text.upper()]
    if not text.isdigit() or not low <= int(text) <= high:
        named = f" or a name such as {next(iter(names))}" if names else ""
        raise ScheduleError(f"{what} field: {text!r} is not a number from {low} to {high}{named}")
    return int(text)
