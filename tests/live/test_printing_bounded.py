"""Printing is bounded, against a live server: twelve requests for the record's PDF at
once start no more Chromium printers than the cap; each is a PDF, or a plain "busy,
try again" with Retry-After; and only those who may read the record can ask."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import httpx
from browser import NEEDS_CHROMIUM
from live import STAFF_PASSWORD, prepare_store, running_server

from board.web.printing import PRINTERS


def printers_running(server_pid: int) -> int:
    """Print jobs under way below the server: Chromium processes with a --print-to-pdf,
    counted by the file each prints to (a printer's helper processes, forked before
    they become renderers, carry the same switch and are one job)."""
    parents: dict[int, int] = {}
    jobs: dict[int, bytes] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue  # ended while we looked
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        for argument in command:
            if argument.startswith(b"--print-to-pdf="):
                jobs[int(entry.name)] = argument

    def descends(pid: int) -> bool:
        while pid > 1:
            if pid == server_pid:
                return True
            pid = parents.get(pid, 0)
        return False

    return len({job for pid, job in jobs.items() if descends(pid)})


@NEEDS_CHROMIUM
def test_twelve_pdf_requests_at_once_start_no_more_than_the_cap(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(url)
    with running_server(url, tmp_path) as live:
        most = 0
        done = threading.Event()

        def watch() -> None:
            nonlocal most
            while not done.is_set():
                most = max(most, printers_running(live.process.pid))
                done.wait(0.05)

        async def twelve() -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=live.url, timeout=120) as client:
                signed_in = await client.post(
                    "/signin",
                    data={"username": "chair", "password": STAFF_PASSWORD},
                    headers={"Origin": live.url},
                )
                assert signed_in.status_code == 303
                return await asyncio.gather(
                    *(client.get(f"/cases/{case_id}/record.pdf") for _ in range(12))
                )

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            answers = asyncio.run(twelve())
        finally:
            done.set()
            watcher.join()
        assert 1 <= most <= PRINTERS
        printed = [a for a in answers if a.status_code == 200]
        assert printed and all(a.content.startswith(b"%PDF") for a in printed)
        for busy in (a for a in answers if a.status_code != 200):
            assert busy.status_code == 503 and busy.headers["retry-after"] == "30"
            assert "busy" in busy.text
        # A stranger cannot ask for it at all.
        stranger = httpx.get(f"{live.url}/cases/{case_id}/record.pdf", timeout=30)
        assert stranger.status_code in (303, 401, 404)
