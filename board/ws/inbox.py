"""The websocket protocol's receive queue and "writable" flag, sized for 10,000 idle
screens.

uvicorn gives each socket an `asyncio.Queue` (three deques and an Event's deque) and
an `asyncio.Event` (one more deque): ~3.8 KiB a connection of empty deques, held for
the socket's life (board.ws.direct swaps these in). Here a socket holds a short list
and, only while someone waits, a future.
"""

from __future__ import annotations

import asyncio
from typing import Any


class Inbox:
    """What `asyncio.Queue` does for uvicorn's protocol (`put_nowait`, `get`, `qsize`,
    `empty`), for one reader: the app's receive."""

    __slots__ = ("_items", "_reader")

    def __init__(self) -> None:
        # A list, not a deque: a few messages at most (reading pauses past
        # board.ws.direct.RECEIVED_BEFORE_PAUSE), and an empty list is 56 bytes.
        self._items: list[Any] = []
        self._reader: asyncio.Future[None] | None = None

    def put_nowait(self, item: Any) -> None:
        self._items.append(item)
        reader = self._reader
        if reader is not None and not reader.done():
            reader.set_result(None)

    async def get(self) -> Any:
        while not self._items:
            self._reader = asyncio.get_running_loop().create_future()
            try:
                await self._reader
            finally:
                self._reader = None
        return self._items.pop(0)

    def qsize(self) -> int:
        return len(self._items)

    def empty(self) -> bool:
        return not self._items


class Flag:
    """What `asyncio.Event` does for uvicorn's protocol (`set`, `clear`, `is_set`,
    `wait`): the socket's buffer has room. Waiters are kept only while there are any."""

    __slots__ = ("_set", "_waiters")

    def __init__(self, value: bool = True) -> None:
        self._set = value
        self._waiters: list[asyncio.Future[None]] | None = None

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        self._set = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> bool:
        if self._set:
            return True
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)
        return True
