"""/healthz on a live server whose store cannot be written (as on a full disk): it says
so, 503 with store_writable false, instead of "ok"; and "ok" again when there is room."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import httpx
from live import prepare_store, running_server


def limit_file_size(pid: int, size: str) -> None:
    """No file the server writes may grow past `size` bytes (as with no disk left)."""
    subprocess.run(["prlimit", f"--pid={pid}", f"--fsize={size}"], check=True)


def test_healthz_reports_a_store_that_cannot_write(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    with running_server(url, tmp_path) as live:
        healthy = httpx.get(f"{live.url}/healthz", timeout=30)
        assert healthy.status_code == 200 and healthy.json()["store_writable"] is True
        # Empty the write-ahead log, so that the next write must grow a file.
        log = sqlite3.connect(url, isolation_level=None)
        try:
            busy = log.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            log.close()
        assert busy == 0
        limit_file_size(live.process.pid, "1024:unlimited")  # Python ignores SIGXFSZ
        try:
            full = httpx.get(f"{live.url}/healthz", timeout=30)
        finally:
            limit_file_size(live.process.pid, "unlimited:unlimited")
        assert full.status_code == 503
        assert full.json()["status"] == "unavailable"
        assert full.json()["store_writable"] is False
        again = httpx.get(f"{live.url}/healthz", timeout=30)
        assert again.status_code == 200 and again.json()["store_writable"] is True
