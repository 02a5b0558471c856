"""The web server: a starlette app over the board application, the hub and the pages.

`create_app(settings)` builds everything from settings: the store (SQLite or
PostgreSQL), the fan-out (in-process, or Redis when BOARD_REDIS_URL is set), staff
accounts and invites. `python -m board serve` runs it under uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from board.accounts import Accounts, StaffAccount
from board.application import BoardApplication
from board.auth import Visitor, visitor
from board.invites import Invites
from board.limits import FailureLimiter
from board.projections.changes import evolve_and_show
from board.projections.visibility import Audience, board_for
from board.publisher import Publisher
from board.settings import Settings
from board.store import CaseStore
from board.ws.endpoint import case_socket
from board.ws.hub import Hub, RedisHub
from board.ws.protocol import Snapshot, encode, event_frame

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent
STATIC = ROOT.parent / "static"
SESSION_HOURS = 12
ACCOUNTS_FRESH_FOR = 5.0  # seconds an in-memory copy of the staff accounts is trusted


class StoreFeed:
    """What connections read from the store: missed events, the board, the head; each
    as the connection's audience may see it (board.projections.visibility)."""

    def __init__(self, app: BoardApplication) -> None:
        self.app = app

    async def events(
        self, case_id: UUID, after: int, upto: int | None, audience: Audience
    ) -> list[tuple[int, str]]:
        def read() -> list[tuple[int, str]]:
            limit = after + 1000 if upto is None else min(upto, after + 1000)
            events = list(self.app.events(case_id, after, limit))
            if not events:
                return []
            # Fold along from the board before them, to say what each event changed.
            board = self.app.store.board_at(case_id, after)
            return [
                (e.position, encode(event_frame(evolve_and_show(board, e, audience))).decode())
                for e in events
            ]

        return await run_in_threadpool(read)

    async def snapshot(self, case_id: UUID, audience: Audience) -> tuple[int, str]:
        def read() -> tuple[int, str]:
            board = board_for(self.app.board(case_id), audience)
            return board.position, encode(Snapshot(position=board.position, board=board)).decode()

        return await run_in_threadpool(read)

    async def head(self, case_id: UUID) -> int:
        return await run_in_threadpool(self.app.head, case_id)


@dataclass
class BoardServer:
    settings: Settings
    store: CaseStore
    app: BoardApplication
    hub: Hub
    accounts: Accounts
    invites: Invites
    feed: StoreFeed
    templates: Jinja2Templates
    # Failed attempts per address in ten minutes, counted apart for codes and passwords.
    join_limiter: FailureLimiter = field(default_factory=lambda: FailureLimiter(10, 600.0))
    signin_limiter: FailureLimiter = field(default_factory=lambda: FailureLimiter(10, 600.0))
    _accounts_cache: tuple[float, dict[str, StaffAccount]] = (0.0, {})

    def staff_accounts(self) -> dict[str, StaffAccount]:
        read_at, cached = self._accounts_cache
        if time.monotonic() - read_at > ACCOUNTS_FRESH_FOR:
            cached = self.accounts.all()
            self._accounts_cache = (time.monotonic(), cached)
        return cached

    async def visitor(self, connection: HTTPConnection) -> Visitor | None:
        accounts = await run_in_threadpool(self.staff_accounts)
        return visitor(connection.session, accounts)

    def is_admitted(self, case_id: UUID, participant_id: str) -> bool:
        """Is this person in the meeting open on the case right now?"""
        return self.app.is_in_open_meeting(case_id, participant_id)


def build_server(settings: Settings) -> BoardServer:
    store = CaseStore(settings.store, settings.cipher_key)
    app = BoardApplication(store)
    feed = StoreFeed(app)
    hub: Hub = RedisHub(settings.redis_url, feed.head) if settings.redis_url else Hub()
    templates = Jinja2Templates(directory=str(ROOT / "templates"))
    return BoardServer(settings, store, app, hub, Accounts(store), Invites(store), feed, templates)


async def healthz(request: Request) -> JSONResponse:
    server: BoardServer = request.app.state.board
    try:
        await run_in_threadpool(server.store.head, UUID(int=0))
        store_ok = True
    except Exception:  # any failure to read means not healthy; the type is enough to log
        store_ok = False
    hub = server.hub
    fanout_ok = not isinstance(hub, RedisHub) or hub.subscribed.is_set()
    body = {
        "status": "ok" if store_ok and fanout_ok else "unavailable",
        "store": "postgresql" if server.store.is_postgres else "sqlite",
        "fanout": "redis" if isinstance(hub, RedisHub) else "in-process",
    }
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)


def create_app(settings: Settings | None = None) -> Starlette:
    from board import api, history_pages, pages

    settings = settings or Settings()
    server = build_server(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        publisher = Publisher(server.hub, asyncio.get_running_loop())
        server.app.listeners.append(publisher)
        await server.hub.start()
        try:
            yield
        finally:
            server.app.listeners.remove(publisher)
            await server.hub.stop()
            server.app.close()

    secret = settings.secret or secrets.token_urlsafe(32)
    routes = [
        Route("/healthz", healthz),
        WebSocketRoute("/ws/cases/{case_id}", case_socket),
        *api.routes,
        *pages.routes,
        *history_pages.routes,
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    middleware = [
        Middleware(
            SessionMiddleware,
            secret_key=secret,
            session_cookie="board_session",
            max_age=SESSION_HOURS * 3600,
            same_site="lax",
            https_only=settings.https_only,
        )
    ]
    starlette_app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    starlette_app.state.board = server
    return starlette_app
