"""The headers every answer carries, so that a browser protects what it shows.

- Content-Security-Policy: scripts and styles only from the board's own files (no
  inline script, no inline event handler, no style attribute), nothing framed by
  another site (`frame-ancestors 'none'`), forms posted only to the board,
  connections (the websocket) only to the board.
- X-Content-Type-Options: nosniff, so no answer is run as something it is not.
- Referrer-Policy: same-origin, so a case's address never leaves in a Referer to
  another site. (Not no-referrer: under it browsers send `Origin: null` with a form
  post, and the Origin check refuses every sign-in.)
- Cache-Control: no-store on everything but the static files: a case page must not
  stay in the cache of a family's shared phone or a library computer.
- Strict-Transport-Security when BOARD_HTTPS is on.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

STATIC_PREFIX = "/static/"
HSTS = "max-age=31536000"  # a year; not includeSubDomains: other sites on the domain are not ours
# Only a plain host[:port] goes into the policy; anything else is left to 'self'.
_PLAIN_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def content_security_policy(host: str) -> str:
    # 'self' covers the websocket in current browsers; older Safari needs ws:/wss: named.
    sockets = f" ws://{host} wss://{host}" if _PLAIN_HOST.match(host) else ""
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src 'self'{sockets}",
            "manifest-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "object-src 'none'",
        )
    )


def security_headers(path: str, host: str, https: bool) -> dict[str, str]:
    """The headers for an answer to `path` (pure, so a test can read the policy)."""
    headers = {
        "Content-Security-Policy": content_security_policy(host),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "X-Frame-Options": "DENY",  # frame-ancestors, for browsers before CSP 2
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if not path.startswith(STATIC_PREFIX):
        headers["Cache-Control"] = "no-store"
    if https:
        headers["Strict-Transport-Security"] = HSTS
    return headers


class SecurityHeaders:
    """ASGI middleware: adds security_headers() to every HTTP answer (a websocket
    refused at the upgrade included), replacing any the handler set."""

    def __init__(self, app: ASGIApp, https: bool) -> None:
        self.app, self.https = app, https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        wanted = security_headers(
            scope.get("path", ""), Headers(scope=scope).get("host", ""), self.https
        )

        async def with_headers(message: Message) -> None:
            if message["type"] in ("http.response.start", "websocket.http.response.start"):
                headers = MutableHeaders(scope=message)
                for name, value in wanted.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
