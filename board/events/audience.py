"""Facts about who a thing is for: sharing with the family something written for
professionals only, and the two steps the practice asks after a meeting for
professionals only (the family told that it took place; its outcome discussed with
them).

A thing written in a meeting for professionals only (a strategy discussion, legal
planning, any meeting the chair marks so) is for professionals only from the moment it
is written: every later change to it stays with them (board.projections.visibility).
Sharing it is a fact of its own, recorded by staff with when and how; from that point
on, not before, the family sees it and its later changes.
"""

from __future__ import annotations

from datetime import date

from board.events.base import Fact


class SharedWithFamily(Fact, frozen=True):
    """Staff shared with the family something written for professionals only (an item,
    a danger statement, a safety goal, a harm statement, a rule, a child's view, a next
    step, a milestone, a meeting's outcome, named by its id). `how`: how it was shared
    ("at the family network meeting", "by phone with Esi"); `shared_on`: the day, when
    it was not the day this was recorded."""

    thing_id: str
    how: str
    shared_on: date | None = None


class FamilyToldOfMeeting(Fact, frozen=True):
    """The family was told that a meeting for professionals only took place."""

    meeting_id: str
    told_on: date
    how: str = ""


class MeetingOutcomeDiscussedWithFamily(Fact, frozen=True):
    """The outcome of a meeting for professionals only was discussed with the family."""

    meeting_id: str
    discussed_on: date
    how: str = ""
