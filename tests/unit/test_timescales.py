"""Working days and the statutory timescales, against dates worked out by hand from the
calendar (England and Wales bank holidays: Good Friday 3 April and Easter Monday 6 April
2026, the early May bank holiday 4 May 2026, Christmas Day on a Friday and Boxing Day on
a Saturday in 2026, so its substitute is Monday 28 December, New Year's Day 2027 on a
Friday)."""

from __future__ import annotations

from datetime import date

import pytest

from board.timescales import (
    add_months,
    add_working_days,
    core_group_due,
    icpc_due,
    is_working_day,
    mapping_shared_due,
    review_due,
    working_days_between,
)

# (strategy discussion, initial conference due by): 15 working days, counted by hand.
ICPC_DUE = [
    # A Thursday before Easter: Good Friday and Easter Monday are not counted.
    (date(2026, 4, 2), date(2026, 4, 27)),
    # A Monday with no holiday in the next three weeks: three weeks later.
    (date(2026, 3, 2), date(2026, 3, 23)),
    # A Friday: the weekend is not counted; 15 working days is the Friday three weeks on.
    (date(2026, 6, 5), date(2026, 6, 26)),
    # Over the late May bank holiday (25 May): one day later than without it.
    (date(2026, 5, 15), date(2026, 6, 8)),
    # Over Christmas: 25 and 28 December 2026 and 1 January 2027 are not counted.
    (date(2026, 12, 18), date(2027, 1, 13)),
]

# (initial conference, first core group due by): 10 working days.
CORE_GROUP_DUE = [
    # Over the early May bank holiday (Monday 4 May 2026).
    (date(2026, 4, 27), date(2026, 5, 12)),
    # Tuesday 24 March 2026 (the demo's conference): Good Friday falls inside.
    (date(2026, 3, 24), date(2026, 4, 9)),
    # A Wednesday with no holiday: two weeks on.
    (date(2026, 9, 9), date(2026, 9, 23)),
]


@pytest.mark.parametrize(("strategy", "due"), ICPC_DUE)
def test_the_initial_conference_is_due_15_working_days_after_the_strategy_discussion(
    strategy: date, due: date
) -> None:
    assert icpc_due(strategy) == due


@pytest.mark.parametrize(("icpc", "due"), CORE_GROUP_DUE)
def test_the_core_group_is_due_10_working_days_after_the_conference(icpc: date, due: date) -> None:
    assert core_group_due(icpc) == due


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), False),  # Easter Monday
        (date(2026, 4, 7), True),  # the Tuesday after
        (date(2026, 4, 4), False),  # a Saturday
        (date(2026, 4, 5), False),  # a Sunday
        (date(2026, 12, 26), False),  # Boxing Day, a Saturday
        (date(2026, 12, 28), False),  # Boxing Day's substitute, a Monday
        (date(2026, 12, 29), True),
        (date(2026, 8, 31), False),  # the late summer bank holiday (England and Wales)
        (date(2026, 8, 3), True),  # Scotland's summer holiday is not England's
    ],
)
def test_working_days_leave_out_weekends_and_bank_holidays(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_counting_working_days_forwards_and_between() -> None:
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)
    assert add_working_days(date(2026, 4, 2), 0) == date(2026, 4, 2)
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 27)) == 15
    assert working_days_between(date(2026, 4, 27), date(2026, 4, 2)) == 0


@pytest.mark.parametrize(
    ("conference", "first", "due"),
    [
        (date(2026, 3, 24), True, date(2026, 6, 24)),  # three months
        (date(2026, 6, 16), False, date(2026, 12, 16)),  # six months
        (date(2025, 11, 30), True, date(2026, 2, 28)),  # no 30 February: its last day
        (date(2026, 8, 31), False, date(2027, 2, 28)),
        (date(2027, 11, 30), True, date(2028, 2, 29)),  # a leap year
    ],
)
def test_reviews_are_due_three_then_six_months_on(conference: date, first: bool, due: date) -> None:
    assert review_due(conference, first).rule_date == due
    assert add_months(conference, 3 if first else 6) == due


def test_the_mapping_is_shared_five_days_before_the_conference() -> None:
    assert mapping_shared_due(date(2026, 3, 24)).by == date(2026, 3, 19)
