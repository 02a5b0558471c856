"""Reading a request's JSON body: typed, capped, and refused with plain words."""

from __future__ import annotations

from typing import TypeVar

import msgspec
from starlette.requests import Request

from board.web.gate import Refusal

T = TypeVar("T")
MAX_BODY = 16 * 1024  # bytes: every body the API takes is small


async def json_body(request: Request, shape: type[T]) -> T:
    """The body as `shape`, or a Refusal (400, or 413 past MAX_BODY)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise Refusal(413, "too_large", f"The request is over {MAX_BODY} bytes.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            raise Refusal(413, "too_large", f"The request is over {MAX_BODY} bytes.")
    try:
        return msgspec.json.decode(body or b"{}", type=shape)
    except msgspec.DecodeError as error:
        raise Refusal(400, "invalid", f"The request was not understood: {error}") from None
