"""Facts about meetings and the people in them."""

from __future__ import annotations

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
