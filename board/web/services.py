"""What every handler of the web edge works with (`Services`): the application, the
fan-out, staff accounts, invites, templates and limits. Built by board.web.app (the
composition root), reached by handlers as `request.app.state.services`.

"app" there is starlette's application; the board's own is `services.application`.
"""

from __future__ import annotations

import functools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection

from board.application.records import (
    INVITE_REVOKED,
    SESSION_ENDED,
    SIGNED_OUT,
    TURNED_AWAY,
    Accounts,
    Invites,
    LobbyRecord,
    PlanLinks,
    StaffAccount,
)
from board.application.service import BoardApplication
from board.settings import Settings
from board.web.attempts import Guesses, LocalCounter
from board.web.auth import viewer_of
from board.web.printing import Printer
from board.web.viewers import Guest, Viewer
from board.ws.command_queue import DRAINERS, CommandQueue
from board.ws.feed import StoreFeed
from board.ws.hub import Hub

if TYPE_CHECKING:
    import jinja2
    from starlette.templating import Jinja2Templates, _TemplateResponse

ROOT = Path(__file__).resolve().parent
# Seconds an in-memory copy of the staff accounts is trusted: a disabled account's
# sessions end on every process within this.
ACCOUNTS_FRESH_FOR = 0.5


class Templates:
    """The pages' templates, loaded when the first page is drawn: jinja2 is a tenth of a
    second of start-up that the health check and the websocket never need."""

    def __init__(self, directory: Path, globals: dict[str, Any] | None = None) -> None:
        self.directory = directory
        self.globals = globals or {}

    @functools.cached_property
    def _loaded(self) -> Jinja2Templates:
        from starlette.templating import Jinja2Templates

        loaded = Jinja2Templates(directory=str(self.directory))
        loaded.env.globals.update(self.globals)
        return loaded

    def TemplateResponse(self, *args: Any, **kwargs: Any) -> _TemplateResponse:
        return self._loaded.TemplateResponse(*args, **kwargs)

    def get_template(self, name: str) -> jinja2.Template:
        return self._loaded.get_template(name)


# Worker threads for the websocket's commands: the command queue runs a group of them
# on each, at most DRAINERS groups at once (board.ws.command_queue).
COMMAND_THREADS = DRAINERS


def command_threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=COMMAND_THREADS, thread_name_prefix="command")


@dataclass
class Services:
    settings: Settings
    application: BoardApplication
    hub: Hub
    accounts: Accounts
    invites: Invites
    feed: StoreFeed
    templates: Templates
    lobby: LobbyRecord
    plan_links: PlanLinks
    # Sign-in and invite-code attempts, per address and per account at an address
    # (shared through Redis when there is one: board.web.app makes it).
    guesses: Guesses = field(default_factory=lambda: Guesses(LocalCounter(), ""))
    printer: Printer = field(default_factory=Printer)
    commands: ThreadPoolExecutor = field(default_factory=command_threads)
    # The websocket's commands, run a group at a time on those threads.
    command_queue: CommandQueue = field(init=False)
    _accounts_cache: tuple[float, dict[str, StaffAccount]] = (0.0, {})

    def __post_init__(self) -> None:
        self.command_queue = CommandQueue(self.application.execute_many, self.commands)

    def staff_accounts(self, fresh_for: float = ACCOUNTS_FRESH_FOR) -> dict[str, StaffAccount]:
        """The staff accounts, read afresh if the copy held is older than `fresh_for`."""
        read_at, cached = self._accounts_cache
        if time.monotonic() - read_at > fresh_for:
            cached = self.accounts.all()
            self._accounts_cache = (time.monotonic(), cached)
        return cached

    def forget_accounts(self) -> None:
        """Read the accounts afresh at the next request (one just changed here)."""
        self._accounts_cache = (0.0, {})

    async def viewer(self, connection: HTTPConnection) -> Viewer | None:
        """Who the request's session says is looking (board.web.gate decides the rest)."""
        accounts = await run_in_threadpool(self.staff_accounts)
        return viewer_of(connection.session, accounts)

    def lobby_refusal(self, guest: Guest) -> str | None:
        """Why a device may not wait in the case's lobby: the chair turned it away, the
        invite it joined with was revoked, the meeting its session was for has ended,
        or its person rejoined from another device; None if it may wait."""
        case_id, joined_as = guest.case_id, guest.joined_as
        if joined_as in self.lobby.turned_away(case_id):
            return TURNED_AWAY
        if guest.invite_id is not None and self.invites.is_revoked(guest.invite_id):
            return INVITE_REVOKED
        board = self.application.board(case_id)
        if board.session_meeting_over(guest.meeting_id, guest.joined_at):
            return SESSION_ENDED
        if board.signed_out(joined_as):
            return SIGNED_OUT
        return None
