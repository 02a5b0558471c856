"""Who is looking at a case: a member of staff, or a guest. Never `None`.

Staff sign in with an account and keep the record: they see everything of the
cases they may open. A guest is a person of the case who joined a meeting with an
invite: they see the case only while the chair has them in the meeting, and only
what a guest may see (board.projections.visibility).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from board.events import Author
from board.projections.visibility import Audience


@dataclass(frozen=True)
class Staff:
    username: str
    who: Author  # as they are recorded when they change the board
    administrator: bool = False

    @property
    def audience(self) -> Audience:
        return Audience.member_of_staff(self.who.participant_id)


@dataclass(frozen=True)
class Guest:
    """`who` is the name and role they gave as they joined, until the chair lets them
    in as one of the case's people: then it is that person (the gate resolves it)."""

    who: Author
    case_id: UUID  # the one case they were invited to
    # The one meeting this session is for: the one open when they joined (None: none
    # was, and it is the first to open after `joined_at`). It ends with that meeting.
    meeting_id: str | None
    joined_as: str  # this device's place in the lobby (its session's own id)
    invite_id: str | None = None  # the invite they joined with (revoking it turns them away)
    person_id: str | None = None  # a named invite: the person of the case it was for
    joined_at: datetime | None = None

    @property
    def audience(self) -> Audience:
        return Audience.guest(self.who.participant_id)


@dataclass(frozen=True)
class PlanReader:
    """A family member holding a personal link to the family's plan, given after a
    meeting: they read the plan (as a guest may see it) and nothing else, until the link
    expires or is revoked. The gate lets them through to the plan's page only."""

    who: Author  # the person of the case the link was made for
    case_id: UUID
    link_id: str

    @property
    def audience(self) -> Audience:
        return Audience.guest(self.who.participant_id)


Viewer = Staff | Guest | PlanReader
