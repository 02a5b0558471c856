"""Chromium, in one place: the flags it is started with, and the record's PDF printer.

Printing is bounded: at most PRINTERS Chromium processes print at once; a request that
cannot start within QUEUE_WAIT seconds is told the printer is busy, and a print that
takes longer than PDF_TIMEOUT is stopped.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PRINTERS = 2
QUEUE_WAIT = 20.0  # seconds a request waits for a printer before "busy"
PDF_TIMEOUT = 60.0


class PrinterBusy(Exception):
    """Every printer stayed busy for QUEUE_WAIT seconds."""


def can_print() -> bool:
    return shutil.which(CHROMIUM) is not None


class Printer:
    """One server's printers: at most `printers` Chromium processes at once."""

    def __init__(self, printers: int = PRINTERS, queue_wait: float = QUEUE_WAIT) -> None:
        self.queue_wait = queue_wait
        self._free = asyncio.Semaphore(printers)

    async def print_pdf(self, html: str) -> bytes | None:
        """The page printed to PDF, or None if Chromium failed or took too long."""
        try:
            await asyncio.wait_for(self._free.acquire(), self.queue_wait)
        except TimeoutError:
            raise PrinterBusy from None
        try:
            return await _print(html)
        finally:
            self._free.release()


async def _print(html: str) -> bytes | None:
    with tempfile.TemporaryDirectory(prefix="board-pdf-") as folder:
        page, out = Path(folder) / "record.html", Path(folder) / "record.pdf"
        page.write_text(html)
        process = await asyncio.create_subprocess_exec(
            CHROMIUM,
            "--headless",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            await asyncio.wait_for(process.wait(), PDF_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            return None
        return out.read_bytes() if out.exists() else None
