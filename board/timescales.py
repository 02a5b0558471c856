"""The statutory timescales of a child protection case, and working days to count them.

The rules are the seed's (seed 002, flow charts 4 and 5, "Using Signs of Safety
alongside statutory guidance: Working Together 2018"):
- the initial child protection conference within 15 working days of the strategy
  discussion at which section 47 enquiries were started;
- the core group within 10 working days of the initial conference;
- the first review conference within three months of the initial conference, then
  each review within six months of the one before;
- a family network meeting before the initial conference;
- the assessment (mapping) shared with the family 5 days before the conference. The
  seed says "5 days", not "5 working days", so these are calendar days.

Working days leave out Saturdays, Sundays and the bank holidays of England and Wales
(the two have the same bank holidays), from the `holidays` library, which is kept up
to date with each year's announcements (a substitute day when Christmas falls on a
weekend, a coronation, a jubilee), so there is no table of dates to keep here.
"""

from __future__ import annotations

import calendar
import functools
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

ENGLAND: Final = ZoneInfo("Europe/London")

ICPC_WORKING_DAYS: Final = 15  # from the strategy discussion
CORE_GROUP_WORKING_DAYS: Final = 10  # from the initial conference
FIRST_REVIEW_MONTHS: Final = 3  # from the initial conference
LATER_REVIEW_MONTHS: Final = 6  # from the review before
MAPPING_SHARED_DAYS_BEFORE: Final = 5  # calendar days before the conference


@functools.cache
def _bank_holidays(year: int) -> frozenset[date]:
    """England's bank holidays in a year (Wales has the same ones)."""
    import holidays  # on first need: a fifth of a second, and only the course uses it

    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)  # Monday..Friday is 0..4


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


def icpc_due(strategy_discussion: date) -> date:
    return add_working_days(strategy_discussion, ICPC_WORKING_DAYS)


def core_group_due(icpc: date) -> date:
    return add_working_days(icpc, CORE_GROUP_WORKING_DAYS)


def review_due(previous_conference: date, first: bool) -> date:
    return add_months(previous_conference, FIRST_REVIEW_MONTHS if first else LATER_REVIEW_MONTHS)


def mapping_shared_due(conference: date) -> date:
    return conference - timedelta(days=MAPPING_SHARED_DAYS_BEFORE)
