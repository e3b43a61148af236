"""Runs a month from cron lines, AWS schedule expressions and ADF recurrences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hap.cost.schedule import ScheduleError, recurrence_runs_per_month, runs_per_month

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
