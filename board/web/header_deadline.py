"""Unfinished request headers time out (slowloris).

uvicorn waits for a request's headers as long as the client likes: a connection
that sends a byte now and then is held open for ever, and a few hundred such
connections take every file descriptor. uvicorn's keep-alive timeout is armed only
after a response, and cancelled by the first byte of the next request. So the
board's HTTP protocol gives every request HEADER_TIMEOUT seconds, from the moment
the connection opens (or the last response ended), to finish its headers; one
that has not is closed. Bodies and websockets are not affected: once the headers
are in, the request is the application's.
"""

from __future__ import annotations

import asyncio

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from board.ws.direct import release_transport

HEADER_TIMEOUT = 10.0  # seconds: far longer than any real client takes on a slow phone


class HeaderDeadlineProtocol(H11Protocol):
    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)
        release_transport(self.transport)  # freed at once, not by the collector

    def handle_events(self) -> None:
        super().handle_events()
        # IDLE: no complete request yet. Anything else: the headers are in.
        if self.conn.their_state is not h11.IDLE:
            self._disarm_header_deadline()

    def on_response_complete(self) -> None:
        # Armed first: a pipelined request already waiting is parsed (and the deadline
        # disarmed) inside uvicorn's own on_response_complete.
        if not self.transport.is_closing():
            self._arm_header_deadline()  # the next request on this connection
        super().on_response_complete()

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self._header_deadline = self.loop.call_later(HEADER_TIMEOUT, self._headers_too_slow)

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()
