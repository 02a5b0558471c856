"""How fast the compare page, one thread's history and the home page answer on a long
case and a long caseload (issue 15, item 1).

    .venv/bin/python -m bench.history [--events 100000] [--cases 1000] [--runs 20]

Builds, in one SQLite store in a fresh temporary directory: the store benchmark's
100,000-event case (`bench.store.Builder`), and 1,000 more small cases opened through
`BoardApplication` and allocated to the signed-in chair. Starts a real
`python -m board serve`, signs in, and times over HTTP (server and client on this
machine): the compare page (the first conference beside the latest review), the
history page of a danger statement, a safety plan rule and a mapping item, one
person's scores, and the home page listing 1,001 cases. The first request of each
thread page after the server starts is timed apart: it builds the case's thread index
(one pass over the events). Prints `uptime`'s load before each series.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from uuid import UUID, uuid4

from bench.store import SOCIAL_WORKER, Builder, progress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))
from live import STAFF_PASSWORD, running_server

from board import commands as c
from board.application.service import BoardApplication
from board.client import BoardClient
from board.practice import Framework, Role
from board.storage.accounts import Accounts
from board.storage.store import CaseStore

TARGETS_MS = {"compare": 300.0, "thread": 50.0, "home": 50.0}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def allocate(app: BoardApplication, case_id: UUID) -> None:
    app.execute(
        case_id, c.AllocateStaff(username="chair", name="Sam Reid", role=Role.CHAIR), SOCIAL_WORKER
    )


def build(folder: Path, events: int, cases: int) -> tuple[str, UUID, dict[str, str]]:
    url = str(folder / "board.sqlite3")
    store = CaseStore(url)
    case_id = uuid4()
    progress(f"building a {events:,}-event case")
    _, built = Builder(store, events, "history").build(case_id)
    app = BoardApplication(store)
    allocate(app, case_id)
    board = app.board(case_id)
    statement = next(iter(board.current_danger_statements())).statement_id
    rule = max(board.plan.values(), key=lambda r: r.changed.position - r.added.position).rule_id
    item = max(board.items.values(), key=lambda i: i.changed.position - i.added.position).item_id
    person = next(iter(next(r for r in board.scaling_rounds.values() if r.votes).votes))
    progress(f"opening {cases:,} more cases")
    for n in range(cases):
        other = app.open_case(f"Child {n}", f"the Family {n}", Framework.SAFETY, SOCIAL_WORKER)
        allocate(app, other)
    Accounts(store).save("chair", "Sam Reid", Role.CHAIR, STAFF_PASSWORD)
    store.close()
    progress(f"built: {built}")
    return url, case_id, {"statement": statement, "rule": rule, "item": item, "person": person}


def timed(cookie: str, url: str) -> float:
    request = urllib.request.Request(url)
    request.add_header("Cookie", cookie)
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        body = response.read()
        assert response.status == 200, response.status
    elapsed = (time.perf_counter() - start) * 1000
    assert body
    return elapsed


def cpu_ms(pid: int) -> float:
    """The process's CPU time so far (user + system, every thread), in ms: unlike the
    wall clock, it barely grows when other work shares the cores."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def series(name: str, runs: int, once: Callable[[], float], pid: int) -> dict[str, float]:
    before, cpu_before = load(), cpu_ms(pid)
    samples = sorted(once() for _ in range(runs))
    cpu = (cpu_ms(pid) - cpu_before) / runs
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    result = {"median": statistics.median(samples), "p95": p95, "max": samples[-1], "cpu": cpu}
    print(
        f"| {name} | {runs} | {result['median']:.1f} | {result['p95']:.1f} | "
        f"{result['max']:.1f} | {cpu:.1f} | {before} → {load()} |",
        flush=True,
    )
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", type=Path, help="reuse the store a run built in this folder")
    args = parser.parse_args(argv)
    if args.store is not None and (args.store / "built.json").exists():
        folder = args.store
        saved = json.loads((folder / "built.json").read_text())
        url, case_id, threads = str(folder / "board.sqlite3"), UUID(saved["case"]), saved["threads"]
    else:
        folder = args.store or Path(tempfile.mkdtemp(prefix="board-history-"))
        folder.mkdir(parents=True, exist_ok=True)
        url, case_id, threads = build(folder, args.events, args.cases)
        built = {"case": str(case_id), "threads": threads}
        (folder / "built.json").write_text(json.dumps(built))
    with running_server(url, folder) as server:
        client = BoardClient(server.url)
        client._http(
            "POST",
            "/signin",
            f"username=chair&password={STAFF_PASSWORD}".replace(" ", "+").encode(),
            "application/x-www-form-urlencoded",
        )
        cookie = client.cookie or ""
        case = f"{server.url}/cases/{case_id}"
        pid = server.process.pid
        print(
            "| request | runs | median ms | p95 ms | max ms | server CPU ms per request "
            "| load (1, 5, 15 min) before → after |"
        )
        print("|---|---:|---:|---:|---:|---:|---|")
        for kind in ("statement", "rule", "item"):
            path = f"{case}/threads/{threads[kind]}"
            series(
                f"{kind} history, first after start (builds the index)",
                1,
                lambda p=path: timed(cookie, p),
                pid,
            )
        for kind in ("statement", "rule", "item"):
            path = f"{case}/threads/{threads[kind]}"
            series(f"{kind} history", args.runs, lambda p=path: timed(cookie, p), pid)
        series(
            "one person's scores",
            args.runs,
            lambda: timed(cookie, f"{case}/people/{threads['person']}/scores"),
            pid,
        )
        series("compare page", args.runs, lambda: timed(cookie, f"{case}/compare"), pid)
        series(
            f"home page, {args.cases + 1:,} cases",
            args.runs,
            lambda: timed(cookie, f"{server.url}/"),
            pid,
        )
    print(f"store: {folder} (remove it when done)")


if __name__ == "__main__":
    main()
