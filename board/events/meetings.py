"""Facts about meetings and the people in them."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import MeetingKind, Role


class MeetingOpened(Fact, frozen=True):
    meeting_id: str
    kind: MeetingKind
    title: str


class ParticipantAdmitted(Fact, frozen=True):
    participant_id: str
    name: str
    role: Role


class ParticipantLeft(Fact, frozen=True):
    participant_id: str


class MeetingClosed(Fact, frozen=True):
    meeting_id: str
    decision: str = ""
