"""The composition root of the web server: it wires the application, the hub, the
pages, the JSON API and the websocket into one starlette app, and does nothing else.

`create_app(settings)` builds everything from settings: the store (SQLite or
PostgreSQL), the fan-out (in-process, or Redis when BOARD_REDIS_URL is set), staff
accounts and invites. `python -m board serve` runs it under uvicorn.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket

from board import metrics
from board.application.errors import NoSuchCase, Unavailable
from board.application.service import BoardApplication
from board.projections.family_plan import rule_said
from board.projections.wording import source_aside
from board.settings import Settings
from board.web import (
    accounts_api,
    api,
    caseload,
    collector,
    course_pages,
    history_pages,
    invites_api,
    join_code,
    openapi,
    pages,
    plan_links_api,
    site,
)
from board.web.answers import Health, json_response
from board.web.attempts import Counter, Guesses, LocalCounter, RedisCounter
from board.web.auth import SESSION_HOURS
from board.web.gate import NO_SUCH_CASE, UNAVAILABLE, Refusal, refused
from board.web.headers import SecurityHeaders
from board.web.hosts import AllowedHosts, HostCheck
from board.web.origins import OriginCheck
from board.web.proxies import ProxyHeaders, TrustedProxies
from board.web.services import ROOT, Services, Templates
from board.web.socket import case_socket, watch_sessions
from board.ws.broadcast import Broadcaster, InProcess, RedisBroadcaster
from board.ws.feed import StoreFeed
from board.ws.hub import Hub
from board.ws.publisher import Publisher

log = logging.getLogger(__name__)

STATIC = ROOT.parent.parent / "static"


def build_services(settings: Settings) -> Services:
    application = BoardApplication.open(settings.store, settings.cipher_key)
    feed = StoreFeed(application)
    broadcaster: Broadcaster = (
        RedisBroadcaster(settings.redis_url, feed.head) if settings.redis_url else InProcess()
    )
    # One way to read a rule on every page (W1): the family's plan reads it so too.
    templates = Templates(
        ROOT / "templates", globals={"rule_said": rule_said, "source_aside": source_aside}
    )
    counter: Counter = RedisCounter(settings.redis_url) if settings.redis_url else LocalCounter()
    guesses = Guesses(counter, deployment=settings.store)
    return Services(
        settings,
        application,
        Hub(broadcaster),
        application.accounts,
        application.invites,
        feed,
        templates,
        application.lobby,
        application.plan_links,
        guesses=guesses,
    )


async def no_such_case(connection: HTTPConnection, error: Exception) -> Response | None:
    """The application's NoSuchCase, wherever it is raised: as the gate says it."""
    return await _refuse(connection, NO_SUCH_CASE, close_code=1008)


async def unavailable(connection: HTTPConnection, error: Exception) -> Response | None:
    """The application's Unavailable (the store away), wherever it is raised."""
    log.warning("the store is unavailable: %s", type(error.__cause__).__name__)
    return await _refuse(connection, UNAVAILABLE, close_code=1011)


async def _refuse(connection: HTTPConnection, refusal: Refusal, close_code: int) -> Response | None:
    if isinstance(connection, WebSocket):
        # Before the upgrade is accepted, any close is a 403.
        await connection.close(code=close_code, reason=refusal.message[:120])
        return None
    assert isinstance(connection, Request)
    return refused(connection, refusal)


async def healthz(request: Request) -> Response:
    services: Services = request.app.state.services
    try:
        await run_in_threadpool(services.application.head, UUID(int=0))
        # A store that reads but cannot write (a full disk) is not healthy either.
        store_ok = await run_in_threadpool(services.application.can_write)
    except Exception:  # any failure to read means not healthy; the type is enough to log
        store_ok = False
    fanout = services.hub.broadcaster
    body = Health(
        status="ok" if store_ok and fanout.healthy else "unavailable",
        store=services.application.store_kind,
        store_writable=store_ok,
        fanout=fanout.name,
    )
    return json_response(body, 200 if body.status == "ok" else 503)


# Every route of the server. Each one under /cases/{case_id} or /api/cases/{case_id}
# (and the websocket) opens its case through board.web.gate; the test of the gate
# (tests/live/test_gate.py) is generated from this table. Each JSON route (/api/..., /healthz)
# is described in board.web.openapi's OPERATIONS, from which /api/openapi.json and
# docs/api.md are made (tests/live/test_openapi.py fails on a route it does not describe).
ROUTES: list[BaseRoute] = [
    Route("/healthz", healthz),
    WebSocketRoute("/ws/cases/{case_id}", case_socket),
    *openapi.routes,
    *api.routes,
    *invites_api.routes,
    *plan_links_api.routes,
    *caseload.routes,
    *accounts_api.routes,
    *pages.routes,
    *history_pages.routes,
    *course_pages.routes,
    *join_code.routes,
    *site.routes,
    Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
]


# The application's faults, answered once for every route and the websocket (a handler
# is given a Request or a WebSocket, as the route is; hence the loose type).
EXCEPTION_HANDLERS: dict[Any, Any] = {
    404: site.not_found,
    NoSuchCase: no_such_case,
    Unavailable: unavailable,
}


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    services = build_services(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        publisher = Publisher(
            services.hub,
            asyncio.get_running_loop(),
            services.application.guest_ranks.known,
        )
        services.application.listeners.append(publisher)
        await services.hub.start()
        watch = asyncio.create_task(watch_sessions(services), name="sessions-watch")
        collector.start()  # start-up's objects out of the collector's sight
        metrics.count_screens(services.hub.screens)
        exporter = (
            metrics.serve(settings.metrics_host, settings.metrics_port)
            if settings.metrics_port is not None
            else None
        )
        try:
            yield
        finally:
            collector.stop()
            if exporter is not None:
                exporter[0].shutdown()
            services.application.listeners.remove(publisher)
            watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watch
            await services.hub.stop()
            if isinstance(services.guesses.counter, RedisCounter):
                await services.guesses.counter.close()
            services.commands.shutdown(wait=True)
            services.application.close()

    secret = settings.secret or secrets.token_urlsafe(32)
    # Outermost first: every answer gets the headers (a refused host's too); the host
    # is checked before anything reads the request; the client's address is settled
    # (from a trusted proxy's header) before the session and the handlers see it.
    middleware = [
        Middleware(SecurityHeaders, https=settings.https_only),
        Middleware(
            HostCheck, allowed=AllowedHosts.from_settings(settings.allowed_hosts, settings.host)
        ),
        Middleware(
            ProxyHeaders,
            proxies=TrustedProxies.parse(settings.trusted_proxies),
            https=settings.https_only,
        ),
        Middleware(OriginCheck, allowed=settings.allowed_origins),
        Middleware(
            SessionMiddleware,
            secret_key=secret,
            session_cookie="board_session",
            max_age=SESSION_HOURS * 3600,
            same_site="lax",
            https_only=settings.https_only,
        ),
    ]
    starlette_app = Starlette(
        routes=ROUTES,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers=EXCEPTION_HANDLERS,
    )
    starlette_app.state.services = services
    return starlette_app
