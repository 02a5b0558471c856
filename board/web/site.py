"""The parts of the site every page shares: the page for an address that does not
exist (styled, on every path, a case's included), the favicon browsers ask for at
/favicon.ico, and the one check on where sign-in may send someone back to."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from board.web.services import ROOT, Services

FAVICON = ROOT.parent.parent / "static" / "favicon.svg"
NEXT_LIMIT = 500  # a return path longer than this is not one of ours


def local_path(value: str | None) -> str | None:
    """`value` if it is a path on this site ("/cases/..."), else None: never another
    host ("//evil.example", "https://...", "/\\evil.example"), so sign-in can send a
    person back to the page they asked for and nowhere else."""
    if not value or len(value) > NEXT_LIMIT or not value.startswith("/"):
        return None
    if (
        value.startswith("//")
        or "\\" in value
        or any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)
    ):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


async def favicon(request: Request) -> Response:
    # Browsers ask for /favicon.ico whatever the page says; the board's icon is an SVG,
    # which they take from this address too when it says what it is.
    return FileResponse(FAVICON, media_type="image/svg+xml")


async def not_found(request: Request, exc: Exception) -> Response:
    """Any unknown address (and any HTTP error the router raises): a page for people,
    a JSON problem for the API."""
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"code": "not_found", "message": "There is nothing at this address."},
            status_code=status,
        )
    services: Services = request.app.state.services
    return services.templates.TemplateResponse(
        request, "not_found.html", {"message": None}, status_code=status
    )


routes = [Route("/favicon.ico", favicon, name="favicon")]
