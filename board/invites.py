"""Invites: a short code for one case, one role (and the meeting open when it was made)
that expires. Each invite is its own tiny stream, found from the code's hash, so a
code can be redeemed without knowing the case, and no code is ever stored in clear.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from board.practice import NAME_LIMIT, STAFF_ROLES, Role
from board.store import CaseStore
from board.text import text_problem

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_LIFETIME = timedelta(hours=12)
MIN_LIFETIME = timedelta(minutes=1)
MAX_LIFETIME = timedelta(days=14)


class Invite(msgspec.Struct, frozen=True):
    case_id: UUID
    role: Role
    meeting_id: str | None
    expires_at: datetime
    issued_by: str


class InviteError(ValueError):
    pass


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(Invite)


def guest_name(name: str) -> str:
    """The name a guest gives when joining with an invite, as others will see it: outer
    spaces trimmed, and refused (InviteError), never cut or cleaned, when it is empty,
    too long, or holds characters that cannot be shown safely (board/text.py)."""
    text = name.strip()
    if not text:
        raise InviteError("Please tell us your name, as you would like others to see it.")
    if len(text) > NAME_LIMIT:
        raise InviteError(
            f"Your name is {len(text)} characters; please keep it to {NAME_LIMIT} or fewer."
        )
    problem = text_problem("your name", text, multiline=False)
    if problem is not None:
        raise InviteError(problem[1])
    return text


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _stream(code: str) -> UUID:
    digest = hashlib.sha256(normalise(code).encode()).hexdigest()
    return uuid5(NAMESPACE_URL, f"board:invite:{digest}")


class Invites:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def issue(
        self,
        case_id: UUID,
        role: Role,
        meeting_id: str | None,
        issued_by: str,
        lifetime: timedelta = DEFAULT_LIFETIME,
        now: datetime | None = None,
    ) -> str:
        """A new code (shown once; only its hash is kept)."""
        if role in STAFF_ROLES:
            raise InviteError("Staff sign in with their own account; invites are for others.")
        if not MIN_LIFETIME <= lifetime <= MAX_LIFETIME:
            raise InviteError("An invite lasts from one minute to fourteen days.")
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        expires_at = (now or datetime.now(UTC)) + lifetime
        invite = Invite(case_id, role, meeting_id, expires_at, issued_by)
        self.store.append_record(_stream(code), 1, "InviteIssued", _encoder.encode(invite))
        return code

    def redeem(self, code: str, now: datetime | None = None) -> Invite:
        """The invite behind a code, or an InviteError a person can understand."""
        if len(normalise(code)) != CODE_LENGTH:
            raise InviteError(f"An invite code has {CODE_LENGTH} letters and numbers.")
        records = self.store.read_records(_stream(code))
        if not records:
            raise InviteError("That code is not right. Please check it with the chair.")
        invite = _decoder.decode(records[0][2])
        if any(topic == "InviteRevoked" for _, topic, _ in records):
            raise InviteError("That invite has been cancelled. Please ask the chair for a new one.")
        if (now or datetime.now(UTC)) >= invite.expires_at:
            raise InviteError("That invite has expired. Please ask the chair for a new one.")
        return invite

    def revoke(self, code: str) -> None:
        records = self.store.read_records(_stream(code))
        if not records:
            raise InviteError("There is no such invite.")
        if not any(topic == "InviteRevoked" for _, topic, _ in records):
            self.store.append_record(_stream(code), len(records) + 1, "InviteRevoked", b"")
