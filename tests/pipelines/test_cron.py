"""A pipeline's cron line, read once and written as Glue's cron(...) and as a Data Factory
recurrence; runs a month and the shortest gap between runs over a whole calendar cycle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.pipelines.cron import CronError, parse_cron


@pytest.mark.parametrize(
    ("cron", "runs", "gap"),
    [
        ("0 3 * * *", 30.42, 1440),
        ("*/15 * * * *", 2920.0, 15),
        ("0 3 * * 1", 4.35, 7 * 1440),
        ("0 3 * * mon-fri", 21.73, 1440),
        ("0 3 1 * *", 1.0, 28 * 1440),
        ("0 0,12 * * *", 60.83, 720),
        ("30 23 * * 0,1", 8.69, 1440),
    ],
)
def test_runs_per_month_and_shortest_gap(cron: str, runs: float, gap: int) -> None:
    schedule = parse_cron(cron)
    assert round(schedule.runs_per_month, 2) == runs
    assert schedule.min_interval_minutes == gap


def test_monthly_on_day_31_runs_seven_times_a_year() -> None:
    assert round(parse_cron("0 0 31 * *").runs_per_month * 12, 2) == 7.0


@pytest.mark.parametrize(
    ("cron", "glue"),
    [
        ("0 3 * * *", "cron(0 3 * * ? *)"),
        ("*/20 1-2 * * *", "cron(0,20,40 1,2 * * ? *)"),
        ("0 3 * * 1-5", "cron(0 3 ? * MON,TUE,WED,THU,FRI *)"),
        ("0 3 * * 7", "cron(0 3 ? * SUN *)"),
        ("15 4 1,15 jan,jul *", "cron(15 4 1,15 JAN,JUL ? *)"),
    ],
)
def test_glue_expression(cron: str, glue: str) -> None:
    assert parse_cron(cron).glue_expression() == glue


def test_data_factory_recurrence_by_kind_of_schedule() -> None:
    daily = parse_cron("0 2,14 * * *").data_factory_recurrence()
    assert daily["frequency"] == "Day"
    assert daily["schedule"] == {"hours": [2, 14], "minutes": [0]}
    weekly = parse_cron("30 6 * * sat,sun").data_factory_recurrence()
    assert weekly["frequency"] == "Week"
    assert weekly["schedule"] == {"hours": [6], "minutes": [30], "weekDays": ["Sunday", "Saturday"]}
    monthly = parse_cron("0 0 1 * *").data_factory_recurrence()
    assert (monthly["frequency"], monthly["schedule"]["monthDays"]) == ("Month", [1])  # type: ignore[index]
    assert daily["timeZone"] == "UTC" and daily["interval"] == 1


@pytest.mark.parametrize(
    ("cron", "message"),
    [
        ("0 3 * *", "has 4 fields; cron needs 5"),
        ("0 25 * * *", "hour field: '25' is not a number from 0 to 23"),
        ("0 3 * foo *", "month field: 'foo' is not a number from 1 to 12 or a name such as JAN"),
        ("*/0 * * * *", "minute field: step '0' is not a positive number"),
        ("0 5-3 * * *", "hour field: range 5-3 runs backwards"),
    ],
)
def test_unreadable_cron_says_which_field(cron: str, message: str) -> None:
    with pytest.raises(CronError, match=message):
        parse_cron(cron)


def test_what_a_cloud_cannot_express_is_refused() -> None:
    with pytest.raises(CronError, match="cannot restrict both day-of-month and day-of-week"):
        parse_cron("0 3 1 * 1").glue_expression()
    with pytest.raises(CronError, match="cannot restrict months"):
        parse_cron("0 3 * 1 *").data_factory_recurrence()


@settings(max_examples=25, deadline=None)
@given(
    minute=st.integers(0, 59),
    hours=st.sets(st.integers(0, 23), min_size=1, max_size=6),
)
def test_daily_schedules_gap_is_the_smallest_hour_step(minute: int, hours: set[int]) -> None:
    ordered = sorted(hours)
    cron = parse_cron(f"{minute} {','.join(map(str, ordered))} * * *")
    steps = [b - a for a, b in itertools.pairwise(ordered)] + [24 - ordered[-1] + ordered[0]]
    assert cron.min_interval_minutes == min(steps) * 60
    assert round(cron.runs_per_month, 6) == round(len(hours) * 730 / 24, 6)
