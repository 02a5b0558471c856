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
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from board.storage.store import CaseStore

DEFAULT_DAYS = 30
MIN_DAYS = 1
MAX_DAYS = 92  # about three months: until the first review conference


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


_encoder = msgspec.msgpack.Encoder()
_link_decoder = msgspec.msgpack.Decoder(PlanLink)
_decoders: dict[str, msgspec.msgpack.Decoder[Any]] = {
    "PlanLinkListed": msgspec.msgpack.Decoder(PlanLinkListed),
    "PlanLinkWithdrawn": msgspec.msgpack.Decoder(PlanLinkWithdrawn),
}


def link_id_of(token: str) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()
    return str(uuid5(NAMESPACE_URL, f"board:plan-link:{digest}"))


def _list_stream(case_id: UUID) -> UUID:
    return uuid5(NAMESPACE_URL, f"board:plan-links:{case_id}")


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
        self.store = store

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
        self.store.append_record(UUID(link_id), 1, "PlanLinkIssued", _encoder.encode(link))
        listed = PlanLinkListed(link_id, person_id, expires_at, issued_by, issued_at)
        self._list(case_id, "PlanLinkListed", _encoder.encode(listed))
        return token, link_id

    def _list(self, case_id: UUID, topic: str, data: bytes) -> None:
        sealed = self.store.seal_for_case(case_id, data)
        self.store.append_next(_list_stream(case_id), topic, sealed)

    def _read(self, link_id: str) -> tuple[PlanLink, bool] | None:
        try:
            stream = UUID(link_id)
        except ValueError:
            return None
        records = self.store.read_records(stream)
        if not records or records[0][1] != "PlanLinkIssued":
            return None
        revoked = any(topic == "PlanLinkRevoked" for _, topic, _ in records)
        return _link_decoder.decode(records[0][2]), revoked

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
        for _, topic, data in self.store.read_records(_list_stream(case_id)):
            decoder = _decoders.get(topic)
            if decoder is None:
                continue
            entry = decoder.decode(self.store.unseal_for_case(case_id, data))
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
        stream = UUID(link_id)
        records = self.store.read_records(stream)
        if any(topic == "PlanLinkRevoked" for _, topic, _ in records):
            return
        self.store.append_record(stream, len(records) + 1, "PlanLinkRevoked", b"")
        withdrawn = PlanLinkWithdrawn(link_id, now or datetime.now(UTC))
        self._list(case_id, "PlanLinkWithdrawn", _encoder.encode(withdrawn))
