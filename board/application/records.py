"""The side records the edge works with, as the application hands them on: staff
accounts, invites, the lobby and personal plan links.

They are kept in the store's side streams (board.storage), with the rules that come
with each (what a username, an invite code or a plan link's lifetime may be). The
application holds one of each with its store faults raised in its own words
(board.application.errors: `BoardApplication.accounts`, `.invites`, `.lobby`,
`.plan_links`); this module names their types and rules for the layers above, so
that none of them reaches into the store.
"""

from board.storage.accounts import AccountError, Accounts, StaffAccount
from board.storage.invites import (
    MAX_LIFETIME,
    MIN_LIFETIME,
    Invite,
    InviteError,
    Invites,
    InviteSummary,
    display,
    guest_name,
    invite_id_of,
)
from board.storage.lobby import (
    INVITE_REVOKED,
    SESSION_ENDED,
    SIGNED_OUT,
    TURNED_AWAY,
    LobbyRecord,
)
from board.storage.plan_links import (
    DEFAULT_DAYS,
    MAX_DAYS,
    MIN_DAYS,
    PlanLinkError,
    PlanLinks,
    PlanLinkSummary,
    link_id_of,
)

__all__ = [
    "DEFAULT_DAYS",
    "INVITE_REVOKED",
    "MAX_DAYS",
    "MAX_LIFETIME",
    "MIN_DAYS",
    "MIN_LIFETIME",
    "SESSION_ENDED",
    "SIGNED_OUT",
    "TURNED_AWAY",
    "AccountError",
    "Accounts",
    "Invite",
    "InviteError",
    "InviteSummary",
    "Invites",
    "LobbyRecord",
    "PlanLinkError",
    "PlanLinkSummary",
    "PlanLinks",
    "StaffAccount",
    "display",
    "guest_name",
    "invite_id_of",
    "link_id_of",
]
