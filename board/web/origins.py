"""The Origin check, once for every route: a request that may change something (POST,
PUT, PATCH, DELETE) and every websocket upgrade must come from a page of this server,
or from an origin the settings allow (BOARD_ALLOWED_ORIGINS). This stops cross-site
form posts and cross-site websocket hijacking; what only reads (GET, HEAD) passes.

Refused: a JSON problem (`bad_origin`, 403) under /api/, a short page (403) elsewhere,
and a websocket closed before it is accepted (the upgrade gets a 403).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import msgspec
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from board.web.answers import Problem

log = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BAD_ORIGIN = "This request did not come from the board's own pages."
_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Not from the board</title>'
    "<p>This form did not come from the board's own pages. Please go back to the board "
    "and try again from there.</p></html>"
)


def own_origin(connection: HTTPConnection) -> str:
    """The origin this server is reached at, from the request's own Host header."""
    scheme = "https" if connection.url.scheme in ("https", "wss") else "http"
    return f"{scheme}://{connection.headers.get('host', '')}".rstrip("/")


def origin_allowed(connection: HTTPConnection, extra: tuple[str, ...] = ()) -> bool:
    """Does the request come from a page of this server, or from an allowed origin?"""
    origin = connection.headers.get("origin")
    if not origin:
        return False
    origin = origin.rstrip("/")
    parts = urlsplit(origin)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    return origin == own_origin(connection) or origin in extra


class OriginCheck:
    """Refuses unsafe requests and websocket upgrades from a foreign or missing Origin."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...] = ()) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        checked = kind == "websocket" or (kind == "http" and scope["method"] in UNSAFE_METHODS)
        if not checked or origin_allowed(HTTPConnection(scope), self.allowed):
            await self.app(scope, receive, send)
            return
        if kind == "websocket":
            log.info("refused a websocket from a foreign origin")
            await send({"type": "websocket.close", "code": 1008, "reason": ""})
            return
        answer: Response = (
            JSONResponse(msgspec.structs.asdict(Problem("bad_origin", BAD_ORIGIN)), 403)
            if scope["path"].startswith("/api/")
            else HTMLResponse(_PAGE, 403)
        )
        await answer(scope, receive, send)
