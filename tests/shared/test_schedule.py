"""One schedule reader for the pipelines and the cost estimate: a pipeline's cron line, read
once and written as Glue's cron(...) and as a Data Factory recurrence; runs a month and the
shortest gap between runs over a whole calendar cycle; and the written forms (AWS cron(...),
rate(...), Data Factory recurrences) read back to count runs a month."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybrid_ai_shared.schedule import (
    ScheduleError,
    parse_cron,
    recurrence_runs_per_month,
    runs_per_month,
)


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
    with pytest.raises(ScheduleError, match=message):
        parse_cron(cron)


def test_what_a_cloud_cannot_express_is_refused() -> None:
    with pytest.raises(ScheduleError, match="cannot restrict both day-of-month and day-of-week"):
        parse_cron("0 3 1 * 1").glue_expression()
    with pytest.raises(ScheduleError, match="cannot restrict months"):
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


DAYS = 730 / 24  # a 730-hour month


@pytest.mark.parametrize(
    ("expression", "runs"),
    [
        ("0 3 * * *", DAYS),
        ("*/15 * * * *", 4 * 730),
        ("0 */6 * * *", 4 * DAYS),
        ("30 2 * * 1-5", DAYS * 5 / 7),
        ("0 3 * * mon", DAYS / 7),
        ("0 3 * * 7", DAYS / 7),  # 7 is Sunday too
        ("0 0 1 * *", 1),
        ("0 0 1 jan *", 1 / 12),
        ("cron(0 3 * * ? *)", DAYS),
        ("cron(0 3 ? * 2 *)", DAYS / 7),  # AWS: 2 is Monday
        ("rate(1 hour)", 730),
        ("rate(30 minutes)", 1460),
        ("rate(1 day)", DAYS),
    ],
)
def test_runs_per_month(expression, runs):
    # Calendar months average 30.44 days, a 730-hour month 30.42: within 0.1%.
    assert runs_per_month(expression) == pytest.approx(runs, rel=1e-3)


def test_both_day_fields_restricted_means_either_matches():
    # The 1st of the month OR any Monday (Vixie cron), not only Mondays that are the 1st.
    assert runs_per_month("0 0 1 * 1") == pytest.approx(1 + DAYS / 7 - 12 / 7 / 12, rel=0.02)


@pytest.mark.parametrize(
    "expression",
    ["0 3 * *", "61 * * * *", "0 3 L * ?", "cron(0 3 ? * 2#1 *)", "cron(0 3 * * ? 2027)",
     "rate(0 hours)", "5-1 * * * *", "*/0 * * * *"],
)
def test_schedules_it_cannot_count_are_refused(expression):
    with pytest.raises(ScheduleError):
        runs_per_month(expression)


@settings(max_examples=40, deadline=None)
@given(
    minutes=st.sets(st.integers(0, 59), min_size=1, max_size=5),
    hours=st.sets(st.integers(0, 23), min_size=1, max_size=5),
)
def test_daily_schedules_run_minutes_times_hours_a_day(minutes, hours):
    line = f"{','.join(map(str, sorted(minutes)))} {','.join(map(str, sorted(hours)))} * * *"
    assert runs_per_month(line) == pytest.approx(len(minutes) * len(hours) * DAYS)


@pytest.mark.parametrize(
    ("recurrence", "runs"),
    [
        ({"frequency": "Hour", "interval": 2}, 365),
        ({"frequency": "Day", "interval": 1, "schedule": {"hours": [3], "minutes": [0]}}, DAYS),
        ({"frequency": "Day", "interval": 1, "schedule": {"hours": [3, 15]}}, 2 * DAYS),
        ({"frequency": "Week", "interval": 1,
          "schedule": {"weekDays": ["Monday", "Thursday"], "hours": [1]}}, 2 * DAYS / 7),
        ({"frequency": "Month", "interval": 1, "schedule": {"monthDays": [1, 15]}}, 2),
    ],
)
def test_data_factory_recurrences(recurrence, runs):
    assert recurrence_runs_per_month(recurrence) == pytest.approx(runs)


def test_unknown_recurrence_frequency_is_refused():
    with pytest.raises(ScheduleError):
        recurrence_runs_per_month({"frequency": "Fortnight"})
