"""Who is asking: staff signed in with an account, or a guest who joined with an invite.

Both are remembered in the signed, HttpOnly, SameSite session cookie that starlette's
SessionMiddleware keeps. A guest's session names one case: they can see no other.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Mapping, MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from board.application.records import Invite, StaffAccount
from board.events import Author
from board.practice import Role
from board.web.viewers import Guest, PlanReader, Staff, Viewer

# A session cookie's age limit (signed at sign-in or joining; the session middleware
# refuses it after this), and so the longest any session lasts.
SESSION_HOURS = 12


def staff_id(username: str) -> str:
    """A member of staff's participant id: the same in every case and meeting."""
    return f"staff-{username}"


def sign_in_staff(session: MutableMapping[str, Any], account: StaffAccount) -> None:
    session.clear()
    session["staff"] = account.username
    session["epoch"] = account.session_epoch
    session["since"] = datetime.now(UTC).isoformat()  # when its age is counted from


def session_ends(session: Mapping[str, Any], opened: datetime) -> datetime:
    """When the session stops being valid, for a websocket opened with it at `opened`:
    SESSION_HOURS after signing in (or, for a session that does not say when, after
    `opened`: no later than the cookie's own limit), and a guest's at their invite's
    end if that is sooner."""
    ends = opened + timedelta(hours=SESSION_HOURS)
    since = session.get("since")
    if isinstance(since, str):
        with contextlib.suppress(ValueError, TypeError):
            ends = min(ends, datetime.fromisoformat(since) + timedelta(hours=SESSION_HOURS))
    guest = session.get("guest")
    if isinstance(guest, dict):
        try:
            ends = min(ends, datetime.fromisoformat(guest["until"]))
        except (KeyError, ValueError, TypeError):
            return opened
    return ends


def join_as_guest(
    session: MutableMapping[str, Any],
    invite: Invite,
    name: str,
    now: datetime | None = None,
    invite_id: str | None = None,
    meeting_id: str | None = None,
) -> str:
    """Remember a guest; returns their new participant id. The session is for one
    meeting: `meeting_id`, the one open as they join (None: the next to open)."""
    participant_id = "g-" + secrets.token_hex(6)
    session.clear()
    session["guest"] = {
        "case": str(invite.case_id),
        "participant": participant_id,
        "name": name,
        "role": invite.role.value,
        "meeting": meeting_id,
        "joined": (now or datetime.now(UTC)).isoformat(),
        "until": invite.expires_at.isoformat(),
        "invite": invite_id,
        "person": invite.person_id,
    }
    return participant_id


def hold_plan_link(session: MutableMapping[str, Any], link_id: str, case_id: UUID) -> None:
    """Remember a personal plan link: the gate checks it afresh at every request (so a
    revoked or expired link reads nothing, whatever the cookie says)."""
    session.clear()
    session["plan_link"] = {"id": link_id, "case": str(case_id)}


def viewer_of(
    session: Mapping[str, Any], accounts: Mapping[str, StaffAccount], now: datetime | None = None
) -> Viewer | None:
    """Who the session cookie says is looking, or None (nobody, or no longer valid)."""
    username = session.get("staff")
    if isinstance(username, str):
        account = accounts.get(username)
        if account is None or not account.enabled:
            return None
        if session.get("epoch") != account.session_epoch:
            return None  # signed out, disabled, or the password changed since
        who = Author(staff_id(account.username), account.name, account.role)
        return Staff(account.username, who, account.administrator)
    guest = session.get("guest")
    if isinstance(guest, dict):
        try:
            until = datetime.fromisoformat(guest["until"])
            if (now or datetime.now(UTC)) >= until:
                return None
            who = Author(guest["participant"], guest["name"], Role(guest["role"]))
            joined = guest.get("joined")
            return Guest(
                who,
                UUID(guest["case"]),
                guest.get("meeting"),
                who.participant_id,
                invite_id=guest.get("invite"),
                person_id=guest.get("person"),
                joined_at=datetime.fromisoformat(joined) if isinstance(joined, str) else None,
            )
        except (KeyError, ValueError, TypeError):
            return None
    link = session.get("plan_link")
    if isinstance(link, dict):
        try:
            # Who they are is the link's to say (the gate reads it); until then, no one.
            who = Author("", "", Role.PARENT)
            return PlanReader(who, UUID(link["case"]), str(link["id"]))
        except (KeyError, ValueError, TypeError):
            return None
    return None
