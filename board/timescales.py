"""The timescales of each kind of case, in the documents' own words, and working days
to count them.

Child protection (seed 002, flow charts 1, 3, 4 and 5, "Using Signs of Safety
alongside statutory guidance: Working Together 2018"):
- the referral: the social worker "decides on next course of action within one
  working day" (FC1), and "a timely assessment based on the needs of the child within
  45 working days of the point of referral" (FC3, FC4);
- "Family network meetings take place within 15 working days of an assessment being
  started" (the assessment bottom lines; for children with disabilities, "within 15
  working days of allocation"); in an emergency, after the strategy meeting, "a rapid
  family network meeting on the same day"; and "A family network meeting will have
  always taken place prior to conference";
- the initial child protection conference "within 15 working days of the strategy
  discussion at which s47 enquiries were initiated"; "No conference should exceed 15
  working days unless HoS or DD sign off" (FC4 note);
- "Social work report/assessment (mapping) must be shared with the family 5 days
  before the conference" (FC4 note). The seed says "5 days", not "5 working days", so
  these are calendar days;
- "Core group meets within 10 working days of initial child protection conference";
  "First child protection review conference is held within three months of initial
  conference"; "Review conference held within six months of initial child protection
  review conference" (FC5);
- "If the plan is likely to continue beyond six months, refer to the Case Management
  Review. The CMR panel should be built into the trajectory" (FC5 note).

Child in need (FC3 note): "carefully consider how often a child in need plan is
reviewed and that this must be in accordance with the degree of uncertainty about a
child's safety and welfare": no number, so each case agrees its own, with why
(`cin_review_due`).

Family wellbeing, early help (FC7): the family keyworker "arranges initial wellbeing
planning meeting" (no number of days); "visits the family regularly (minimum 4
weekly)"; "arranges review wellbeing planning meetings (every 3 months minimum)"; "An
ending meeting is held, the case is closed" (when the family reach their goals).

Looked after (the looked after children's bottom lines): "A permanence plan is
developed for every child by the child's second looked after children's review" (the
documents give no interval between looked after reviews).

Fostering: "Whenever difficulties arise that might impact on stability, a placement
stability meetings is arranged as soon as possible" (no number of days); "We visit
carers on a monthly basis"; "regular permanency planning meetings take place for all
looked after children 11 years plus from eight weeks after they become looked after"
(no interval after the first).

Where the documents give no number the board says so (`NO_NUMBER`) and asks for the
date agreed; it never invents one. A date counted in calendar days or months can fall
on a weekend or a bank holiday: the step is then due by the last working day before
it (`due_by`), and the page says why.

Working days leave out Saturdays, Sundays and the bank holidays of England and Wales
(the two have the same bank holidays), from the `holidays` library, which is kept up
to date with each year's announcements (a substitute day when Christmas falls on a
weekend, a coronation, a jubilee), so there is no table of dates to keep here.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

ENGLAND: Final = ZoneInfo("Europe/London")

REFERRAL_DECISION_WORKING_DAYS: Final = 1  # from the referral
ASSESSMENT_WORKING_DAYS: Final = 45  # from the referral
FAMILY_NETWORK_WORKING_DAYS: Final = 15  # from the assessment starting
ICPC_WORKING_DAYS: Final = 15  # from the strategy discussion
CORE_GROUP_WORKING_DAYS: Final = 10  # from the initial conference
FIRST_REVIEW_MONTHS: Final = 3  # from the initial conference
LATER_REVIEW_MONTHS: Final = 6  # from the review before
MAPPING_SHARED_DAYS_BEFORE: Final = 5  # calendar days before the conference
CMR_MONTHS: Final = 6  # a plan likely to run past this goes to the Case Management Review
KEYWORKER_VISIT_WEEKS: Final = 4  # "minimum 4 weekly"
WELLBEING_REVIEW_MONTHS: Final = 3  # "every 3 months minimum"
CARER_VISIT_MONTHS: Final = 1  # "on a monthly basis"
PERMANENCY_PLANNING_WEEKS: Final = 8  # after the child becomes looked after
PERMANENCY_PLANNING_AGE: Final = 11  # "11 years plus"

NO_NUMBER: Final = "The documents give no number of days for this: the date is as agreed."


@functools.cache
def _bank_holidays(year: int) -> dict[date, str]:
    """England's bank holidays in a year, with their names (Wales has the same ones)."""
    import holidays  # on first need: a fifth of a second, and only the course uses it

    return dict(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)  # Monday..Friday is 0..4


def last_working_day(day: date) -> date:
    """`day` if it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def why_not_working(day: date) -> str | None:
    """Why a day is not a working day ("a Sunday", "Christmas Day, a bank holiday")."""
    name = _bank_holidays(day.year).get(day)
    if name is not None:
        return f"{name.replace(' (observed)', ' (the day in lieu)')}, a bank holiday"
    if day.weekday() >= 5:
        return f"a {day:%A}"
    return None


@dataclass(frozen=True)
class Due:
    """When a step is due: the working day to do it by, and the date the rule gives
    where that is not a working day."""

    by: date
    rule_date: date

    @property
    def moved(self) -> bool:
        return self.by != self.rule_date

    @property
    def why(self) -> str | None:
        """ "the 25th is Christmas Day, a bank holiday" (None if it was not moved)."""
        reason = why_not_working(self.rule_date)
        if not self.moved or reason is None:
            return None
        return f"the {ordinal(self.rule_date.day)} is {reason}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st, 22nd, 23rd ... 31st."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def due_by(rule_date: date) -> Due:
    """A date from a rule, brought back to the last working day on or before it."""
    return Due(last_working_day(rule_date), rule_date)


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start` ("within 15 working days of a Thursday
    strategy discussion" is the 15th working day after that Thursday)."""
    if days < 0:
        raise ValueError("count working days forwards")
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(earlier: date, later: date) -> int:
    """How many working days after `earlier` `later` is (0 if it is not after it)."""
    count, day = 0, earlier
    while day < later:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(start: date, months: int) -> date:
    """The same day `months` later; the month's last day where it is shorter
    (three months after 30 November is 28 or 29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def day_in_england(moment: datetime) -> date:
    """The date a moment falls on in England (a meeting at 00:30 BST is that day)."""
    return moment.astimezone(ENGLAND).date()


def referral_decision_due(referral: date) -> date:
    return add_working_days(referral, REFERRAL_DECISION_WORKING_DAYS)


def assessment_due(referral: date) -> date:
    return add_working_days(referral, ASSESSMENT_WORKING_DAYS)


def family_network_due(assessment_started: date) -> date:
    return add_working_days(assessment_started, FAMILY_NETWORK_WORKING_DAYS)


def icpc_due(strategy_discussion: date) -> date:
    return add_working_days(strategy_discussion, ICPC_WORKING_DAYS)


def core_group_due(icpc: date) -> date:
    return add_working_days(icpc, CORE_GROUP_WORKING_DAYS)


def review_due(previous_conference: date, first: bool) -> Due:
    months = FIRST_REVIEW_MONTHS if first else LATER_REVIEW_MONTHS
    return due_by(add_months(previous_conference, months))


def mapping_shared_due(conference: date) -> Due:
    return due_by(conference - timedelta(days=MAPPING_SHARED_DAYS_BEFORE))


def cmr_due(initial_conference: date) -> Due:
    """Before the plan runs past six months from the conference that made it."""
    return due_by(add_months(initial_conference, CMR_MONTHS))


def cin_review_due(last_review: date, weeks: int) -> Due:
    """The next child in need review, at the interval agreed for the case."""
    return due_by(last_review + timedelta(weeks=weeks))


def keyworker_visit_due(last_visit: date) -> Due:
    return due_by(last_visit + timedelta(weeks=KEYWORKER_VISIT_WEEKS))


def wellbeing_review_due(previous_meeting: date) -> Due:
    return due_by(add_months(previous_meeting, WELLBEING_REVIEW_MONTHS))


def carer_visit_due(last_visit: date) -> Due:
    return due_by(add_months(last_visit, CARER_VISIT_MONTHS))


def permanency_planning_due(looked_after: date) -> Due:
    return due_by(looked_after + timedelta(weeks=PERMANENCY_PLANNING_WEEKS))
