"""Facts about what meetings decide: a conference's decision for each child, and the
outcome other meetings record (a family network meeting, a placement stability
meeting). A later record for the same meeting replaces the earlier one (a correction
is a new fact; the first stays in the history)."""

from __future__ import annotations

from datetime import date

import msgspec

from board.events.base import Fact
from board.practice import AbuseCategory, PlacementOutcome


class ChildDecision(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """One child's decision: subject to a child protection plan or not, and why; the
    category only when subject to a plan."""

    child_id: str
    subject_to_plan: bool
    reasons: str
    category: AbuseCategory | None = None


class ConferenceDecisionRecorded(Fact, frozen=True):
    """An initial or review conference's decision: per child; and, for a plan, its core
    group (people of the case), the lead social worker (an allocated member of staff,
    by username) and the date of the next review."""

    meeting_id: str
    children: tuple[ChildDecision, ...]
    core_group: tuple[str, ...] = ()
    lead_social_worker: str = ""
    next_review: date | None = None


class MeetingOutcomeRecorded(Fact, frozen=True):
    """What a family network meeting, a placement stability meeting or a strategy
    discussion decided."""

    meeting_id: str
    outcome: str
    safety_plan_agreed: bool | None = None  # family network meetings
    placement: PlacementOutcome | None = None  # placement stability meetings
    section_47: bool | None = None  # strategy discussions: section 47 enquiries started
