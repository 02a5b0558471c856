"""Ingest over the websocket: screens sending commands through a real server, each
within the per-connection frame limit, beside the bare recorder in the same run.

    .venv/bin/python -m bench.ws_ingest                          # SQLite: 50 cases, then 1
    .venv/bin/python -m bench.ws_ingest --postgres --cases 50

`python -m board serve` (bench/fanout.py's server) on a fresh store with `--cases` demo
cases, each with a meeting open; `--clients` screens spread over them round-robin (by
default 4 a case, and 110 on one case), from this process. Each screen sends `add_item`
and waits for its ack, at most `--rate` commands a second (the board reads 20 frames a
second from a connection: 19 keeps inside it). Every screen of a case gets every event
of it, as a meeting's screens do. Reports the acknowledged events a second, the
server's CPU per event (every thread), this process's CPU (the harness: when it is near
a core, the clients are the limit), and the recorder's single inserts a second on a
fresh store of the same kind, right after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from uuid import UUID

from bench.fanout import (
    CONNECT_AT_ONCE,
    PASSWORD,
    ROOT,
    BoardSystem,
    Screen,
    Tally,
    log,
    postgres_schema,
)
from bench.ingest import recorder_rate
from board.application.service import BoardApplication
from board.commands import AllocateStaff, OpenMeeting
from board.events import Author
from board.practice import Framework, MeetingKind, Role
from board.storage.accounts import Accounts
from board.storage.store import CaseStore

RATE = 19.0  # commands a second a screen sends at most: inside the 20 frames it may
TARGETS = {("SQLite", False): 3000.0, ("SQLite", True): 2000.0, ("PostgreSQL", False): 2500.0}


class CasesSystem(BoardSystem):
    """The board on one store, its screens spread over many cases."""

    def __init__(self, store_url: str, cases: list[UUID], log_dir: Path, root: Path) -> None:
        super().__init__("board-plain", "", store_url, cases[0], log_dir=log_dir, root=root)
        self.cases = cases

    def target(self, index: int) -> tuple[str, dict[str, str]]:
        server = self.servers[0]
        case = self.cases[index % len(self.cases)]
        url = f"ws://127.0.0.1:{server.port}/ws/cases/{case}?after={10**12}"
        return url, {"Origin": server.origin, "Cookie": self.cookie}


def prepare_cases(store_url: str, count: int) -> list[UUID]:
    """The chair's account and `count` new cases allocated to it, each with a meeting
    open (a few commands each: the demo case takes seconds to write on a busy machine)."""
    store = CaseStore(store_url)
    try:
        account = Accounts(store).save("chair", "Sam Reid", Role.CHAIR, PASSWORD)
        app = BoardApplication(store)
        chair = Author("staff-chair", "Sam Reid", Role.CHAIR)
        allocate = AllocateStaff(username=account.username, name=account.name, role=account.role)
        cases = []
        for n in range(count):
            case_id = app.open_case(f"Child {n}", "The Carter family", Framework.SAFETY, chair)
            app.execute(case_id, allocate, chair)
            app.execute(case_id, OpenMeeting(kind=MeetingKind.CORE_GROUP), chair)
            cases.append(case_id)
        return cases
    finally:
        store.close()


async def client(
    screen: Screen,
    system: CasesSystem,
    tally: Tally,
    rate: float,
    until: float,
    counts: list[int],
    slot: int,
) -> None:
    """Send, wait for the ack, and keep to `rate` a second, until the deadline."""
    n = 0
    started = time.monotonic()
    while time.monotonic() < until:
        ident = system.ident(f"{slot}-{n}")
        try:
            await asyncio.wait_for(screen.send(ident, system.frame(ident), tally), 30)
            counts[slot] += 1
        except RuntimeError as refused:  # an error frame for it: counted, not an event
            tally.errors.append(str(refused))
        n += 1
        await asyncio.sleep(max(0.0, started + n / rate - time.monotonic()))


async def ingest(
    store_url: str, cases: int, clients: int, seconds: float, rate: float, root: Path = ROOT
) -> dict[str, Any]:
    began = time.monotonic()
    case_ids = await asyncio.to_thread(prepare_cases, store_url, cases)
    log(f"  {cases} cases written in {time.monotonic() - began:.0f}s")
    with tempfile.TemporaryDirectory(prefix="ws-ingest-logs-") as logs:
        system = CasesSystem(store_url, case_ids, Path(logs), root)
        await system.start(f"in{uuid.uuid4().hex[:6]}")
        try:
            screens: list[Screen] = []
            for first in range(0, clients, CONNECT_AT_ONCE):
                batch = range(first, min(clients, first + CONNECT_AT_ONCE))
                screens += await asyncio.gather(
                    *(Screen.open(system, i, deflate=False) for i in batch)
                )
            tally = Tally(0)
            counts = [0] * clients
            warm = time.monotonic() + 1.0
            end = warm + seconds
            tasks = [
                asyncio.create_task(client(s, system, tally, rate, end, counts, i))
                for i, s in enumerate(screens)
            ]
            await asyncio.sleep(max(0.0, warm - time.monotonic()))
            before, cpu, own = sum(counts), system.cpu_seconds(), _own_cpu()
            load = os.getloadavg()[0]
            started = time.monotonic()
            await asyncio.sleep(max(0.0, end - time.monotonic()))
            done, elapsed = sum(counts), time.monotonic() - started
            cpu, own = system.cpu_seconds() - cpu, _own_cpu() - own
            await asyncio.gather(*tasks)
            refused = list(tally.errors)
            for screen in screens:
                await screen.close()
        finally:
            await system.stop()
    events = done - before
    return {
        "cases": cases,
        "clients": clients,
        "events_per_s": events / elapsed,
        "server_cpu_us": cpu / max(1, events) * 1e6,
        "server_cores": cpu / elapsed,
        "harness_cores": own / elapsed,
        "load": load,
        "refused": refused,
    }


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def run_kind(kind: str, cases: int, clients: int, args: argparse.Namespace) -> dict[str, Any]:
    """One measurement on a fresh store of the kind, then the recorder on another."""
    if kind == "PostgreSQL":
        with postgres_schema() as url:
            found = asyncio.run(ingest(url, cases, clients, args.seconds, args.rate, args.root))
        with postgres_schema() as url:
            found["recorder"] = recorder_rate(url, args.recorder_seconds)
        return found
    with tempfile.TemporaryDirectory(prefix="ws-ingest-") as folder:
        url = str(Path(folder) / "a.sqlite3")
        found = asyncio.run(ingest(url, cases, clients, args.seconds, args.rate, args.root))
        found["recorder"] = recorder_rate(str(Path(folder) / "b.sqlite3"), args.recorder_seconds)
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", default="50,1", help="case counts to run, e.g. 50,1")
    parser.add_argument(
        "--clients", default="", help="screens for each case count (default 4 a case, 110 on one)"
    )
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rate", type=float, default=RATE, help="commands a second a screen")
    parser.add_argument("--recorder-seconds", type=float, default=3.0)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL, not SQLite")
    parser.add_argument("--runs", type=int, default=1, help="runs of each case count")
    parser.add_argument("--board-root", help="run the server from this checkout")
    args = parser.parse_args(argv)
    args.root = Path(args.board_root).resolve() if args.board_root else ROOT
    kind = "PostgreSQL" if args.postgres else "SQLite"
    counts = [int(c) for c in args.cases.split(",")]
    given = [int(c) for c in args.clients.split(",")] if args.clients else []
    print(f"load before: {os.getloadavg()[0]:.2f}")
    print(
        "| store | cases | screens | events/s | target | server CPU µs per event "
        "| server cores | harness cores | load | recorder inserts/s | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for index, cases in enumerate(counts):
        clients = given[index] if index < len(given) else (110 if cases == 1 else 4 * cases)
        rates = []
        for _ in range(args.runs):
            found = run_kind(kind, cases, clients, args)
            rates.append(found["events_per_s"])
            target = TARGETS.get((kind, cases == 1))
            print(
                f"| {kind} | {cases} | {clients} | {found['events_per_s']:,.0f} | "
                f"{'≥ ' + format(target, ',.0f') if target else '—'} | "
                f"{found['server_cpu_us']:,.0f} | {found['server_cores']:.2f} | "
                f"{found['harness_cores']:.2f} | {found['load']:.1f} | "
                f"{found['recorder']:,.0f} | {found['events_per_s'] / found['recorder']:.2f} |",
                flush=True,
            )
            if found["refused"]:
                print(f"refused: {sorted(set(found['refused']))}")
        if args.runs > 1:
            print(f"median events/s, {cases} cases: {statistics.median(rates):,.0f}")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
