"""One server process per SQLite file.

SQLite is the embedded default for one machine and one process: the board keeps each
case's latest board in memory and tells the screens connected to it, so a second
process on the same file would neither see the first one's changes as they happen
nor be seen by its screens. `serve` therefore takes an exclusive lock on a file next
to the store (`<store>.serve-lock`) and a second server is refused at start, saying
what to use instead. The command line's other commands (`state`, `diff`, `erase`,
`export` ...) do not take the lock and work while a server runs; `rotate-key` takes
it, because a running server would go on with the old key.

The lock is the operating system's (flock): it goes when the process ends, however
it ends, so a crashed server never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

LOCK_SUFFIX = ".serve-lock"


class AlreadyServed(Exception):
    """Another process holds the store's server lock."""


class ServerLock:
    """The exclusive lock on `<sqlite file>.serve-lock`, held until released or the
    process ends."""

    def __init__(self, sqlite_path: str) -> None:
        self.path = Path(sqlite_path + LOCK_SUFFIX)
        self._fd: int | None = None

    def acquire(self) -> ServerLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise AlreadyServed(holder) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> ServerLock:
        return self.acquire()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.release()


def second_server_message(sqlite_path: str, holder: str) -> str:
    by = f" (process {holder})" if holder.isdigit() else ""
    return (
        f"A board server is already running on {sqlite_path}{by}. One SQLite file is "
        "served by one process: to run more than one, use PostgreSQL "
        "(BOARD_STORE=postgresql://...) and Redis (BOARD_REDIS_URL), as in "
        "docs/deployment.md."
    )
