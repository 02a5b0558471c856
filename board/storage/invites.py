"""Invites: a short code for one case, one role (and the meeting open when it was made)
that expires. Each invite is its own tiny stream, found from the code's hash, so a
code can be redeemed without knowing the case, and no code is ever stored in clear.

An invite may name one of the case's people (a worker inviting them ahead of time):
whoever joins with it still waits for the chair, who sees who it was for.

Each case also keeps a list of its invites (one side stream, sealed with the case's
own key, so erasing the case leaves it unreadable): what each was for, who joined
with it, and whether it was revoked, so the chair can list and revoke them. The list
names an invite by its id (its stream's id, from the code's hash) and by the code's
last two characters: the code itself is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from uuid import UUID

import msgspec

from board.practice import NAME_LIMIT, STAFF_ROLES, Role
from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore
from board.text import text_problem

# No 0/O, 1/I/L: codes are read aloud and typed on phones.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_LIFETIME = timedelta(hours=12)
MIN_LIFETIME = timedelta(minutes=1)
MAX_LIFETIME = timedelta(days=14)
REVOKED = "InviteRevoked"  # the mark on an invite's own stream


class Invite(msgspec.Struct, frozen=True):
    case_id: UUID
    role: Role
    meeting_id: str | None
    expires_at: datetime
    issued_by: str
    person_id: str | None = None  # a named invite: for this person of the case


class InviteListed(msgspec.Struct, frozen=True):
    """A case's invite list: an invite was made."""

    invite_id: str
    role: Role
    meeting_id: str | None
    expires_at: datetime
    issued_by: str
    issued_at: datetime
    code_ends: str  # the code's last two characters, to tell invites apart
    person_id: str | None = None


class InviteUsed(msgspec.Struct, frozen=True):
    """A device joined with the invite, giving this name; `joined_as` is its place in
    the lobby."""

    invite_id: str
    joined_as: str
    name: str
    at: datetime


class InviteWithdrawn(msgspec.Struct, frozen=True):
    invite_id: str
    at: datetime


class Joined(msgspec.Struct, frozen=True):
    joined_as: str
    name: str
    at: datetime


class InviteSummary(msgspec.Struct, frozen=True):
    """An invite as the case's list has it now."""

    invite_id: str
    role: Role
    meeting_id: str | None
    expires_at: datetime
    issued_by: str
    issued_at: datetime
    code_ends: str
    person_id: str | None
    joined: list[Joined]
    revoked: bool


ListEntry = InviteListed | InviteUsed | InviteWithdrawn


class InviteClaimed(msgspec.Struct, frozen=True):
    """A named invite's mark on its own stream: the one device it works on."""

    joined_as: str
    at: datetime


class InviteError(ValueError):
    """Why a code lets nobody in, in words a person can act on; `code` names it."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


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
    return stream_id("invite", hashlib.sha256(normalise(code).encode()).hexdigest())


def invite_id_of(code: str) -> str:
    return str(_stream(code))


def _list_stream(case_id: UUID) -> UUID:
    return stream_id("invites", case_id)


def summarise(entries: list[ListEntry]) -> list[InviteSummary]:
    """The case's invites from its list's records, newest first (pure)."""
    made: dict[str, InviteListed] = {}
    joined: dict[str, list[Joined]] = {}
    revoked: set[str] = set()
    for entry in entries:
        match entry:
            case InviteListed():
                made[entry.invite_id] = entry
            case InviteUsed():
                joined.setdefault(entry.invite_id, []).append(
                    Joined(entry.joined_as, entry.name, entry.at)
                )
            case InviteWithdrawn():
                revoked.add(entry.invite_id)
    return [
        InviteSummary(
            invite_id=i.invite_id,
            role=i.role,
            meeting_id=i.meeting_id,
            expires_at=i.expires_at,
            issued_by=i.issued_by,
            issued_at=i.issued_at,
            code_ends=i.code_ends,
            person_id=i.person_id,
            joined=joined.get(i.invite_id, []),
            revoked=i.invite_id in revoked,
        )
        for i in reversed(made.values())
    ]


class Invites:
    def __init__(self, store: CaseStore) -> None:
        # One stream an invite: made, then marked (revoked; a named one claimed).
        self.invites = SideStream[Invite | InviteClaimed](
            store, {"InviteIssued": Invite, "InviteClaimed": InviteClaimed}
        )
        self.listed = SideStream[ListEntry].of(store, InviteListed, InviteUsed, InviteWithdrawn)

    def issue(
        self,
        case_id: UUID,
        role: Role,
        meeting_id: str | None,
        issued_by: str,
        lifetime: timedelta = DEFAULT_LIFETIME,
        now: datetime | None = None,
        person_id: str | None = None,
    ) -> str:
        """A new code (shown once; only its hash is kept), listed on the case."""
        if role in STAFF_ROLES:
            raise InviteError("Staff sign in with their own account; invites are for others.")
        if not MIN_LIFETIME <= lifetime <= MAX_LIFETIME:
            raise InviteError("An invite lasts from one minute to fourteen days.")
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        issued_at = now or datetime.now(UTC)
        expires_at = issued_at + lifetime
        invite = Invite(case_id, role, meeting_id, expires_at, issued_by, person_id)
        self.invites.create(_stream(code), invite)
        listed = InviteListed(
            invite_id_of(code),
            role,
            meeting_id,
            expires_at,
            issued_by,
            issued_at,
            code[-2:],
            person_id,
        )
        self._list(case_id, listed)
        return code

    def _list(self, case_id: UUID, entry: ListEntry) -> None:
        self.listed.append(_list_stream(case_id), entry, case_id=case_id)

    def of_case(self, case_id: UUID) -> list[InviteSummary]:
        """The case's invites, newest first (raises CaseErased for an erased case)."""
        return summarise(self.listed.read(_list_stream(case_id), case_id=case_id))

    def used(self, code: str, invite: Invite, joined_as: str, name: str) -> None:
        """A device joined with this invite (the chair's list says who)."""
        entry = InviteUsed(invite_id_of(code), joined_as, name, datetime.now(UTC))
        self._list(invite.case_id, entry)

    def claimed_by(self, invite_id: str) -> str | None:
        """The device a named invite works on, once one has used it."""
        try:
            stream = UUID(invite_id)
        except ValueError:
            return None
        found = (r for _, r in self.invites.entries(stream) if isinstance(r, InviteClaimed))
        claimed = next(found, None)
        return claimed.joined_as if claimed is not None else None

    def is_revoked(self, invite_id: str) -> bool:
        try:
            stream = UUID(invite_id)
        except ValueError:
            return False
        return any(topic == REVOKED for topic, _ in self.invites.entries(stream))

    def revoke_listed(self, case_id: UUID, invite_id: str) -> InviteSummary:
        """Revoke one of the case's invites by its id: it lets nobody else join. Returns
        it as it was (its `joined` are the devices to turn away if still waiting)."""
        found = next((i for i in self.of_case(case_id) if i.invite_id == invite_id), None)
        if found is None:
            raise InviteError("There is no such invite on this case.")
        self.invites.mark(UUID(invite_id), REVOKED)
        if not found.revoked:
            self._list(case_id, InviteWithdrawn(invite_id, datetime.now(UTC)))
        return found

    def redeem(self, code: str, now: datetime | None = None) -> Invite:
        """The invite behind a code, or an InviteError a person can understand."""
        if len(normalise(code)) != CODE_LENGTH:
            raise InviteError(f"An invite code has {CODE_LENGTH} letters and numbers.")
        entries = self.invites.entries(_stream(code))
        invite = entries[0][1] if entries else None
        if not isinstance(invite, Invite):
            raise InviteError(
                "That code is not right. Please check it with the chair.", "invite_unknown"
            )
        if any(topic == REVOKED for topic, _ in entries):
            raise InviteError(
                "That invite has been cancelled. Please ask the chair for a new one.",
                "invite_revoked",
            )
        if (now or datetime.now(UTC)) >= invite.expires_at:
            raise InviteError(
                "That invite has expired. Please ask the chair for a new one.", "invite_expired"
            )
        return invite

    def claim(self, code: str, joined_as: str, now: datetime | None = None) -> str:
        """A named invite works on one device: the first to claim it. Returns the device
        it works on (`joined_as` if this one was first); safe against two at once."""
        stream = _stream(code)
        while True:
            entries = self.invites.entries(stream)
            claimed = next((r for _, r in entries if isinstance(r, InviteClaimed)), None)
            if claimed is not None:
                return claimed.joined_as
            mark = InviteClaimed(joined_as, now or datetime.now(UTC))
            if self.invites.put(stream, len(entries) + 1, mark):
                return joined_as

    def revoke(self, code: str) -> None:
        if not self.invites.entries(_stream(code)):
            raise InviteError("There is no such invite.")
        self.invites.mark(_stream(code), REVOKED)
