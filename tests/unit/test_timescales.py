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
    assessment_due,
    carer_visit_due,
    cin_review_due,
    cmr_due,
    core_group_due,
    due_by,
    family_network_due,
    icpc_due,
    is_working_day,
    keyworker_visit_due,
    last_working_day,
    mapping_shared_due,
    permanency_planning_due,
    referral_decision_due,
    review_due,
    wellbeing_review_due,
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


# -- every rule the documents give, over Christmas 2026/27 and Easter 2027 ------------
# Bank holidays: Fri 25 Dec 2026 (Christmas Day), Mon 28 Dec 2026 (Boxing Day falls on
# a Saturday, so its substitute), Fri 1 Jan 2027, Good Friday 26 Mar 2027, Easter
# Monday 29 Mar 2027, the early May bank holiday Mon 3 May 2027. Each row was counted on
# a calendar by hand; the comment shows the count.

# (rule, from, due by): rules counted in working days, which always land on one.
WORKING_DAY_RULES = [
    # FC1: the decision on a referral within one working day.
    ("referral decision", date(2026, 12, 24), date(2026, 12, 29)),  # Thu → 25, 28 off → Tue
    ("referral decision", date(2027, 3, 25), date(2027, 3, 30)),  # Thu → 26, 29 off → Tue
    ("referral decision", date(2026, 12, 31), date(2027, 1, 4)),  # Thu → 1 Jan off → Mon
    # FC3: the assessment within 45 working days of the referral.
    # 21–24 Dec (4), 29–31 (7), 4–8 Jan (12), 11–15 (17), 18–22 (22), 25–29 (27),
    # 1–5 Feb (32), 8–12 (37), 15–19 (42), 22, 23, 24 → Wed 24 Feb 2027.
    ("assessment", date(2026, 12, 18), date(2027, 2, 24)),
    # 2–5 Mar (4), 8–12 (9), 15–19 (14), 22–25 (18), 30 Mar–2 Apr (22), 5–9 (27),
    # 12–16 (32), 19–23 (37), 26–30 (42), 4, 5, 6 May (3 May off) → Thu 6 May 2027.
    ("assessment", date(2027, 3, 1), date(2027, 5, 6)),
    # The family network meeting within 15 working days of the assessment starting.
    # 14–18 Dec (5), 21–24 (9), 29–31 (12), 4, 5, 6 Jan → Wed 6 Jan 2027.
    ("family network meeting", date(2026, 12, 11), date(2027, 1, 6)),
    # 19 Mar (1), 22–25 (5), 30 Mar–2 Apr (9), 5–9 (14), 12 → Mon 12 Apr 2027.
    ("family network meeting", date(2027, 3, 18), date(2027, 4, 12)),
    # FC4: the initial conference within 15 working days of the strategy discussion.
    # 29–31 Dec (3), 4–8 Jan (8), 11–15 (13), 18, 19 → Tue 19 Jan 2027.
    ("initial conference", date(2026, 12, 24), date(2027, 1, 19)),
    # 22–25 Mar (4), 30 Mar–2 Apr (8), 5–9 (13), 12, 13 → Tue 13 Apr 2027.
    ("initial conference", date(2027, 3, 19), date(2027, 4, 13)),
    # FC5: the core group within 10 working days of the initial conference.
    # 24, 29–31 Dec (4), 4–8 Jan (9), 11 → Mon 11 Jan 2027.
    ("core group", date(2026, 12, 23), date(2027, 1, 11)),
    # 25 Mar (1), 30 Mar–2 Apr (5), 5–9 Apr (10) → Fri 9 Apr 2027.
    ("core group", date(2027, 3, 24), date(2027, 4, 9)),
]

_WORKING_DAY_RULE = {
    "referral decision": referral_decision_due,
    "assessment": assessment_due,
    "family network meeting": family_network_due,
    "initial conference": icpc_due,
    "core group": core_group_due,
}


@pytest.mark.parametrize(("rule", "start", "due"), WORKING_DAY_RULES)
def test_working_day_rules_over_christmas_and_easter(rule: str, start: date, due: date) -> None:
    assert _WORKING_DAY_RULE[rule](start) == due
    assert is_working_day(due)


# (rule, from, the rule's own date, due by, why): rules in calendar days, weeks or
# months, whose date can fall on a weekend or a bank holiday; it is then due by the last
# working day before it (T10, T12), and the page says why.
CALENDAR_RULES = [
    # FC5: the first review within three months of the initial conference.
    (
        "first review",
        date(2026, 9, 25),
        date(2026, 12, 25),
        date(2026, 12, 24),
        "the 25th is Christmas Day, a bank holiday",
    ),
    ("first review", date(2026, 11, 30), date(2027, 2, 28), date(2027, 2, 26), None),
    (
        "first review",
        date(2026, 12, 29),
        date(2027, 3, 29),
        date(2027, 3, 25),  # Easter Monday, the weekend and Good Friday: Thursday
        "the 29th is Easter Monday, a bank holiday",
    ),
    # FC5: later reviews within six months of the one before.
    ("later review", date(2026, 9, 29), date(2027, 3, 29), date(2027, 3, 25), None),
    ("later review", date(2026, 12, 29), date(2027, 6, 29), date(2027, 6, 29), None),
    ("later review", date(2026, 6, 28), date(2026, 12, 28), date(2026, 12, 24), None),
    # FC4 note: the mapping shared with the family 5 days before the conference.
    ("mapping shared", date(2026, 12, 30), date(2026, 12, 25), date(2026, 12, 24), None),
    (
        "mapping shared",
        date(2027, 1, 14),
        date(2027, 1, 9),
        date(2027, 1, 8),
        "the 9th is a Saturday",
    ),
    ("mapping shared", date(2027, 4, 1), date(2027, 3, 27), date(2027, 3, 25), None),
    ("mapping shared", date(2027, 1, 6), date(2027, 1, 1), date(2026, 12, 31), None),
    # FC5 note: the Case Management Review before the plan runs past six months.
    ("case management review", date(2026, 6, 25), date(2026, 12, 25), date(2026, 12, 24), None),
    ("case management review", date(2026, 9, 29), date(2027, 3, 29), date(2027, 3, 25), None),
    # FC3 note: a child in need plan reviewed at the interval the case agreed (6 weeks).
    ("child in need review", date(2026, 11, 13), date(2026, 12, 25), date(2026, 12, 24), None),
    ("child in need review", date(2027, 2, 12), date(2027, 3, 26), date(2027, 3, 25), None),
    # FC7: the family keyworker visits at least every four weeks.
    ("keyworker visit", date(2026, 11, 27), date(2026, 12, 25), date(2026, 12, 24), None),
    ("keyworker visit", date(2027, 3, 1), date(2027, 3, 29), date(2027, 3, 25), None),
    ("keyworker visit", date(2026, 12, 4), date(2027, 1, 1), date(2026, 12, 31), None),
    # FC7: review wellbeing planning meetings every three months at least.
    ("wellbeing review", date(2026, 12, 26), date(2027, 3, 26), date(2027, 3, 25), None),
    ("wellbeing review", date(2026, 9, 28), date(2026, 12, 28), date(2026, 12, 24), None),
    # Fostering: carers are visited monthly.
    ("carer visit", date(2026, 11, 25), date(2026, 12, 25), date(2026, 12, 24), None),
    ("carer visit", date(2027, 2, 26), date(2027, 3, 26), date(2027, 3, 25), None),
    # Fostering: permanency planning from eight weeks after becoming looked after.
    ("permanency planning", date(2026, 10, 30), date(2026, 12, 25), date(2026, 12, 24), None),
    ("permanency planning", date(2027, 1, 29), date(2027, 3, 26), date(2027, 3, 25), None),
    ("permanency planning", date(2026, 11, 2), date(2026, 12, 28), date(2026, 12, 24), None),
]

_CALENDAR_RULE = {
    "first review": lambda d: review_due(d, first=True),
    "later review": lambda d: review_due(d, first=False),
    "mapping shared": mapping_shared_due,
    "case management review": cmr_due,
    "child in need review": lambda d: cin_review_due(d, 6),
    "keyworker visit": keyworker_visit_due,
    "wellbeing review": wellbeing_review_due,
    "carer visit": carer_visit_due,
    "permanency planning": permanency_planning_due,
}


@pytest.mark.parametrize(("rule", "start", "rule_date", "due", "why"), CALENDAR_RULES)
def test_calendar_rules_are_due_the_last_working_day_on_or_before(
    rule: str, start: date, rule_date: date, due: date, why: str | None
) -> None:
    answer = _CALENDAR_RULE[rule](start)
    assert (answer.rule_date, answer.by) == (rule_date, due)
    assert answer.moved is (rule_date != due)
    if why is not None:
        assert answer.why == why


def test_the_day_in_lieu_and_a_sunday_are_named() -> None:
    assert due_by(date(2026, 12, 28)).why == (
        "the 28th is Boxing Day (the day in lieu), a bank holiday"
    )
    assert due_by(date(2027, 2, 28)).why == "the 28th is a Sunday"
    assert due_by(date(2027, 1, 1)).why == "the 1st is New Year's Day, a bank holiday"
    assert due_by(date(2027, 2, 26)).why is None  # a working day stays where it is
    assert last_working_day(date(2027, 1, 3)) == date(2026, 12, 31)  # over New Year's Day
