"""Personal links to the family's plan: after a meeting, a worker gives each family
member a link that reads the family's safety plan and nothing else.

A link is a long random token, shown once; like an invite, only its hash is kept: each
link is its own tiny stream found from the token's hash (its id), holding what it is
for (the case, the person) and until when, and whether it was revoked. The case keeps a
list of its links (sealed with the case's own key), so workers can see and revoke them.
The gate asks `valid` at every request, so a revoked or expired link reads nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from uuid import UUID

import msgspec

from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore

DEFAULT_DAYS = 30
MIN_DAYS = 1
MAX_DAYS = 92  # about three months: until the first review conference
REVOKED = "PlanLinkRevoked"  # the mark on a link's own stream


class PlanLink(msgspec.Struct, frozen=True):
    case_id: UUID
    person_id: str
    expires_at: datetime
    issued_by: str


class PlanLinkListed(msgspec.Struct, frozen=True):
    link_id: str
    person_id: str
    expires_at: datetime
    issued_by: str
    issued_at: datetime


class PlanLinkWithdrawn(msgspec.Struct, frozen=True):
    link_id: str
    at: datetime


class PlanLinkSummary(msgspec.Struct, frozen=True):
    link_id: str
    person_id: str
    expires_at: datetime
    issued_by: str
    issued_at: datetime
    revoked: bool


class PlanLinkError(ValueError):
    pass


def link_id_of(token: str) -> str:
    return str(stream_id("plan-link", hashlib.sha256(token.encode()).hexdigest()))


def _list_stream(case_id: UUID) -> UUID:
    return stream_id("plan-links", case_id)


def checked_days(days: int) -> int:
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise PlanLinkError(
            f"A plan link lasts from {MIN_DAYS} to {MAX_DAYS} days ({DEFAULT_DAYS} unless "
            "you choose)."
        )
    return days


def usable(link: PlanLink, revoked: bool, now: datetime) -> bool:
    """The rule itself, pure: a link reads the plan until it expires or is revoked."""
    return not revoked and now < link.expires_at


class PlanLinks:
    def __init__(self, store: CaseStore) -> None:
        self.links = SideStream(store, {"PlanLinkIssued": PlanLink})  # one stream a link
        self.listed = SideStream[PlanLinkListed | PlanLinkWithdrawn].of(
            store, PlanLinkListed, PlanLinkWithdrawn
        )

    def issue(
        self,
        case_id: UUID,
        person_id: str,
        issued_by: str,
        days: int = DEFAULT_DAYS,
        now: datetime | None = None,
    ) -> tuple[str, str]:
        """A new link's token (shown once) and its id."""
        issued_at = now or datetime.now(UTC)
        expires_at = issued_at + timedelta(days=checked_days(days))
        token = secrets.token_urlsafe(24)
        link_id = link_id_of(token)
        link = PlanLink(case_id, person_id, expires_at, issued_by)
        self.links.create(UUID(link_id), link)
        listed = PlanLinkListed(link_id, person_id, expires_at, issued_by, issued_at)
        self.listed.append(_list_stream(case_id), listed, case_id=case_id)
        return token, link_id

    def _read(self, link_id: str) -> tuple[PlanLink, bool] | None:
        try:
            stream = UUID(link_id)
        except ValueError:
            return None
        entries = self.links.entries(stream)
        link = entries[0][1] if entries else None
        if link is None:
            return None
        return link, any(topic == REVOKED for topic, _ in entries)

    def redeem(self, token: str, now: datetime | None = None) -> tuple[str, PlanLink]:
        """The link behind a token, or a PlanLinkError a person can understand."""
        if not 16 <= len(token) <= 64:
            raise PlanLinkError("That link is not right. Please ask the social worker for it.")
        link_id = link_id_of(token)
        link = self.valid(link_id, now)
        if link is None:
            raise PlanLinkError(
                "That link has expired or was cancelled. Please ask the social worker for "
                "a new one."
            )
        return link_id, link

    def valid(self, link_id: str, now: datetime | None = None) -> PlanLink | None:
        """The link, if it reads the plan now; None once revoked or expired."""
        found = self._read(link_id)
        if found is None:
            return None
        link, revoked = found
        return link if usable(link, revoked, now or datetime.now(UTC)) else None

    def of_case(self, case_id: UUID) -> list[PlanLinkSummary]:
        """The case's plan links, newest first (raises CaseErased for an erased case)."""
        made: dict[str, PlanLinkListed] = {}
        revoked: set[str] = set()
        for entry in self.listed.read(_list_stream(case_id), case_id=case_id):
            if isinstance(entry, PlanLinkListed):
                made[entry.link_id] = entry
            else:
                revoked.add(entry.link_id)
        return [
            PlanLinkSummary(
                m.link_id, m.person_id, m.expires_at, m.issued_by, m.issued_at, m.link_id in revoked
            )
            for m in reversed(made.values())
        ]

    def revoke(self, case_id: UUID, link_id: str, now: datetime | None = None) -> None:
        if not any(link.link_id == link_id for link in self.of_case(case_id)):
            raise PlanLinkError("There is no such plan link on this case.")
        if not self.links.mark(UUID(link_id), REVOKED):
            return
        withdrawn = PlanLinkWithdrawn(link_id, now or datetime.now(UTC))
        self.listed.append(_list_stream(case_id), withdrawn, case_id=case_id)
