"""A bare Python relay, for bench/fanout.py: what fan-out costs in Python itself.

    HOST=127.0.0.1 PORT=8765 .venv/bin/python -m bench.py_relay

Every binary message a connection sends goes to every connection of its room (the
URL path), itself included, with `websockets.broadcast()`: each frame is written to
each connection's socket at once, with no task per connection, no ASGI layers, no
store and no checks. It greets each connection with the bytes of an empty Yjs sync
step 1, so bench/fanout.py drives it exactly as it drives the Yjs relay, with the
same updates. GET /healthz answers 200.
"""

from __future__ import annotations

import asyncio
import os
from http import HTTPStatus

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.http11 import Request, Response

READY = bytes((0, 0, 1, 0))  # messageSync, syncStep1, an empty state vector

rooms: dict[str, set[ServerConnection]] = {}


def health(connection: ServerConnection, request: Request) -> Response | None:
    if request.path == "/healthz":
        return connection.respond(HTTPStatus.OK, "ok\n")
    return None


async def relay(connection: ServerConnection) -> None:
    room = rooms.setdefault(connection.request.path if connection.request else "/", set())
    room.add(connection)
    try:
        await connection.send(READY)
        async for message in connection:
            broadcast(room, message)
    finally:
        room.discard(connection)


async def main() -> None:
    host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8765"))
    async with serve(relay, host, port, process_request=health, compression=None):
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main())
