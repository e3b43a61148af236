"""A pipeline's `schedule`: one five-field cron line (UTC), read once and written in each
cloud's own dialect.

- Glue triggers take `cron(Minutes Hours Day-of-month Month Day-of-week Year)`, weekdays
  1-7 from Sunday (or SUN-SAT), one of the two day fields `?`, nothing faster than every
  5 minutes (https://docs.aws.amazon.com/glue/latest/dg/monitor-data-warehouse-schedule.html).
- Data Factory schedule triggers take a recurrence (frequency Day / Week / Month with lists
  of hours, minutes, weekDays or monthDays), not cron; months cannot be restricted
  (https://learn.microsoft.com/azure/data-factory/how-to-create-schedule-trigger).

What neither can express (both day fields restricted; months restricted on Data Factory) is
a `CronError` here, so validation can refuse it with the definition's path. Runs a month
and the shortest gap between two runs are counted over a whole 28-year calendar cycle, so
the numbers hold for every month and weekday. Pure: no Pulumi import.
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from functools import cached_property

MINUTES_PER_DAY = 24 * 60
HOURS_PER_MONTH = 730  # the cost estimate's month
# 2024-01-01 + 10,227 days: 28 years, exactly 1,461 weeks, so every date falls on every
# weekday equally often (2000-2099 skips no leap year).
_CYCLE_START = datetime.date(2024, 1, 1)
_CYCLE_DAYS = 10227

# A schedule trigger needs a start; one in the past starts at the next occurrence (schedule
# triggers never backfill), and a constant keeps previews identical from run to run.
DATA_FACTORY_START_TIME = "2025-01-01T00:00:00Z"

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_ADF_WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


class CronError(ValueError):
    """The schedule cannot be read, or cannot be run where it is asked to run."""


@dataclass(frozen=True)
class CronField:
    values: tuple[int, ...]
    # False for `*`: matters for the day-of-month / day-of-week rule, and for writing `?`.
    restricted: bool


@dataclass(frozen=True)
class Cron:
    """A parsed five-field cron line. Weekdays 0-6 from Sunday."""

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
        matching = []
        months, dom, dow = set(self.months.values), self.days_of_month, self.weekdays
        for offset in range(_CYCLE_DAYS):
            day = _CYCLE_START + datetime.timedelta(days=offset)
            if day.month not in months:
                continue
            dom_ok = day.day in dom.values
            dow_ok = (day.weekday() + 1) % 7 in dow.values
            # Vixie cron: with both day fields restricted, either matching is enough.
            both = dom.restricted and dow.restricted
            if (dom_ok or dow_ok) if both else (dom_ok and dow_ok):
                matching.append(offset)
        return tuple(matching)

    @property
    def runs_per_month(self) -> float:
        """Average runs in a 730-hour month."""
        return len(self._times) * len(self._days) / _CYCLE_DAYS * HOURS_PER_MONTH / 24

    @property
    def min_interval_minutes(self) -> int:
        """The shortest time between two consecutive runs, anywhere in the cycle."""
        times, days = self._times, self._days
        if not days:
            raise CronError(f"{self.text!r} never runs (no date matches)")
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
            raise CronError(
                "AWS cannot restrict both day-of-month and day-of-week; set one of them to '*'"
            )
        minutes = _list(self.minutes, str)
        hours = _list(self.hours, str)
        months = _list(self.months, lambda m: _MONTHS[m - 1])
        if self.weekdays.restricted:
            dom, dow = "?", _list(self.weekdays, lambda d: _WEEKDAYS[d])
        else:
            dom, dow = _list(self.days_of_month, str), "?"
        return f"cron({minutes} {hours} {dom} {months} {dow} *)"

    def data_factory_recurrence(self) -> dict[str, object]:
        """The same schedule as a Data Factory `ScheduleTriggerRecurrence` (wire form, UTC)."""
        if self.months.restricted:
            raise CronError(
                "Data Factory schedule triggers cannot restrict months; use '*' in the month field"
            )
        if self.days_of_month.restricted and self.weekdays.restricted:
            raise CronError(
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
    """Read `minute hour day-of-month month day-of-week` (numbers, names, `*`, `,`, `-`, `/`)."""
    fields = text.split()
    if len(fields) != 5:
        raise CronError(f"{text!r} has {len(fields)} fields; cron needs 5")
    minutes, hours, dom, months, dow = fields
    weekdays = _parse(dow, 0, 7, {n: i for i, n in enumerate(_WEEKDAYS)}, "day-of-week")
    # 7 is Sunday too.
    normalised = tuple(sorted({d % 7 for d in weekdays.values}))
    return Cron(
        text=text,
        minutes=_parse(minutes, 0, 59, {}, "minute"),
        hours=_parse(hours, 0, 23, {}, "hour"),
        days_of_month=_parse(dom, 1, 31, {}, "day-of-month"),
        months=_parse(months, 1, 12, {n: i + 1 for i, n in enumerate(_MONTHS)}, "month"),
        weekdays=CronField(normalised, weekdays.restricted),
    )


def _list(field: CronField, show: object) -> str:
    if not field.restricted:
        return "*"
    assert callable(show)
    return ",".join(show(v) for v in field.values)


def _parse(text: str, low: int, high: int, names: dict[str, int], what: str) -> CronField:
    if text == "*":
        upper = 6 if what == "day-of-week" else high
        return CronField(tuple(range(low, upper + 1)), restricted=False)
    values: set[int] = set()
    for part in text.split(","):
        values.update(_part(part, low, high, names, what))
    return CronField(tuple(sorted(values)), restricted=True)


def _part(part: str, low: int, high: int, names: dict[str, int], what: str) -> range:
    step = 1
    if "/" in part:
        part, step_text = part.split("/", 1)
        if not step_text.isdigit() or int(step_text) == 0:
            raise CronError(f"{what} field: step {step_text!r} is not a positive number")
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
        raise CronError(f"{what} field: range {start}-{end} runs backwards")
    return range(start, end + 1, step)


def _number(text: str, low: int, high: int, names: dict[str, int], what: str) -> int:
    if text.upper() in names:
        return names[text.upper()]
    if not text.isdigit() or not low <= int(text) <= high:
        named = f" or a name such as {next(iter(names))}" if names else ""
        raise CronError(f"{what} field: {text!r} is not a number from {low} to {high}{named}")
    return int(text)
