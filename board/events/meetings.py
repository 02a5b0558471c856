"""Facts about meetings and the people in them."""

from __future__ import annotations

from datetime import date

import msgspec

from board.events.base import Fact
from board.practice import MeetingKind, Role


class MeetingOpened(Fact, frozen=True):
    meeting_id: str
    kind: MeetingKind
    title: str
    # Never shown to family, network or child viewers, in any reader (strategy
    # discussions, legal planning, and any meeting the chair marks so).
    professionals_only: bool = False


class ParticipantAdmitted(Fact, frozen=True):
    """A person is in the meeting. `participant_id` is the person (the same at every
    meeting); `joined_as` is the device's place in the lobby they were let in from,
    when they joined with a code (empty for staff and for people added by hand).
    `replaces` is the device they were in on until now, when they rejoin from another
    one: that device is signed out (its socket closed, its session no longer works)."""

    participant_id: str
    name: str
    role: Role
    joined_as: str = ""
    replaces: str = ""


class ParticipantLeft(Fact, frozen=True):
    participant_id: str


class MeetingClosed(Fact, frozen=True):
    meeting_id: str
    decision: str = ""
    # A review closed with no child's views recorded since the last conference, after
    # the chair was asked.
    without_child_views: bool = False


class TookPart(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """Someone who took part in a meeting recorded afterwards: one of the case's people
    (`person_id`) or a member of its staff (their username), as they were named then."""

    person_id: str
    name: str
    role: Role


class MeetingRecordedAfterwards(Fact, frozen=True):
    """A meeting held away from the board (a strategy discussion by phone, a meeting
    without a screen), recorded afterwards with the day it was held, who took part and
    what it decided. It is a meeting of the case like any other, opened and closed in
    this one fact; the event belongs to it, so a meeting for professionals only stays
    withheld. `section_47`: a strategy discussion's decision whether to start section
    47 enquiries (given by the chair or a manager), or None when not recorded."""

    meeting_id: str
    kind: MeetingKind
    title: str
    held_on: date
    took_part: tuple[TookPart, ...]
    outcome: str
    professionals_only: bool = False
    section_47: bool | None = None


class ApologiesSent(Fact, frozen=True):
    """One of the case's people was invited to a meeting and could not come: they sent
    their apologies (the record says who was there and who sent apologies, issue #22).
    Named as they were then, like those who took part."""

    meeting_id: str
    person_id: str
    name: str
    role: Role
