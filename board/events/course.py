"""Facts about the case's course: dates of what happens off the board, next steps with
an owner and a due date, and the trajectory's milestones to closure."""

from __future__ import annotations

from datetime import date

from board.events.base import Fact
from board.practice import CaseDate, SeniorRole


class StrategyDiscussionHeld(Fact, frozen=True):
    """The strategy discussion that started section 47 enquiries (when it was not held
    on the board): the initial conference is due from it."""

    held_on: date


class MappingSharedWithFamily(Fact, frozen=True):
    """The assessment (mapping) was shared with the family, before the conference."""

    shared_on: date


class NextStepAgreed(Fact, frozen=True):
    """Who does what by when. `owner` is one of the case's people (a person id) or a
    member of staff allocated to it (a username)."""

    step_id: str
    text: str
    owner: str
    due: date


class NextStepChanged(Fact, frozen=True):
    step_id: str
    text: str
    owner: str
    due: date


class NextStepMarked(Fact, frozen=True):
    """Marked done (or, `done` false, not done after all)."""

    step_id: str
    done: bool


class MilestoneAgreed(Fact, frozen=True):
    """A step of the trajectory the core group agrees: a clear timeline to closure."""

    milestone_id: str
    text: str
    target: date


class MilestoneMarked(Fact, frozen=True):
    milestone_id: str
    reached: bool


class CaseDateRecorded(Fact, frozen=True):
    """A date of the course that happens off the board (the referral, the start of the
    assessment, a keyworker's visit, the day the child became looked after...): the
    framework's timescales count from it. A later one for the same date replaces it."""

    which: CaseDate
    on: date


class LateConferenceSignedOff(Fact, frozen=True):
    """An initial conference later than 15 working days after the strategy discussion,
    signed off by a Head of Service or Deputy Director (FC4 note), with why."""

    signed_by: str  # their name
    senior_role: SeniorRole
    reason: str
    conference_on: date  # the day the conference is booked for (or was held)


class ReviewIntervalAgreed(Fact, frozen=True):
    """How often the child in need plan is reviewed, agreed for this case (FC3 note:
    "in accordance with the degree of uncertainty about a child's safety and welfare"),
    and why: the documents set no number."""

    weeks: int
    reason: str
