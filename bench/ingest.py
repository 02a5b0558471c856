"""Durable ingest with group commit: clients sending commands as fast as they are
answered, beside the bare recorder inserting one event per call on the same store.

    .venv/bin/python -m bench.ingest                      # SQLite, 50 clients, 50 cases and 1
    .venv/bin/python -m bench.ingest --cases 200 --postgres postgresql://postgres@127.0.0.1:5432/test

Each client is a thread calling `BoardApplication.execute`, adding an item to its case
and waiting for the answer before the next; with `--grouped`, one thread runs every
client's command as one group at a time (`execute_many`, what the websocket's command
queue does). The recorder's rate is one `insert_events` of one event
per call from one thread: the single-insert rate the issue compares with. Every
append is a durable commit (SQLite: WAL, synchronous=FULL; PostgreSQL: a commit).
"""

from __future__ import annotations

import argparse
import functools
import os
import resource
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent

from board.application.service import BoardApplication
from board.application.writer import Request
from board.commands import AddItem
from board.events import Author
from board.practice import Domain, Framework, Role
from board.storage.store import CaseStore

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)

# The steps of one command: where each is done, by whom, with a label. The commit step
# (GroupCommit.append before one case's commands were grouped, .wait after) holds
# CaseStore.append (encode, seal, insert) for the thread that leads a group: the rest
# of it is the group's bookkeeping and thread wake-ups. Telling is done in _settle once
# commands are grouped. A step missing from the code prints as 0.
STEPS = (
    ("whole command", "app", "_execute"),
    ("catch-up read of the store", "app", "_catch_up"),
    ("decide", "board.application.writer", "decide"),
    ("commit, all of it", "commits", "append"),
    ("commit, all of it", "commits", "wait"),
    ("commit: encode and seal", "board.storage.store", "encode_body"),
    ("commit: SQL insert and fsync", "store", "append"),
    ("apply and tell every audience", "app", "_apply_and_tell"),
    ("of which snapshots", "app", "_snapshot"),
    ("speculative board (copy, fold pending)", "app", "_ahead"),
)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class StepClock:
    """Thread CPU time spent inside each step (inclusive), summed over every thread:
    each step's function is wrapped while `on` is set, so waiting costs nothing."""

    def __init__(self, app: BoardApplication) -> None:
        self.on = False
        self.spent: dict[str, float] = {}
        self._lock = threading.Lock()
        self._depth = threading.local()
        owners: dict[str, object] = {
            "app": app.writer,
            "commits": app.writer.commits,
            "store": app.store,
        }
        for label, where, name in STEPS:
            owner = owners.get(where) or sys.modules[where]
            if hasattr(owner, name):
                setattr(owner, name, self._timed(label, getattr(owner, name)))

    def _timed(self, label: str, inner: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if not self.on:
                return inner(*args, **kwargs)
            started = time.thread_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent = time.thread_time() - started
                with self._lock:
                    self.spent[label] = self.spent.get(label, 0.0) + spent

        return timed

    def print(self, commands: int) -> None:
        print(f"| step ({commands:,} commands) | CPU µs per command |")
        print("|---|---:|")
        for label in dict.fromkeys(label for label, _, _ in STEPS):
            print(f"| {label} | {self.spent.get(label, 0.0) / max(1, commands) * 1e6:,.0f} |")


def ingest(
    store_url: str,
    clients: int,
    cases: int,
    seconds: float,
    profile: bool = False,
    group: bool = False,
) -> tuple[float, float]:
    """Events recorded per second by `clients` threads over `cases` cases (with `group`,
    one thread running the clients' commands as one group at a time), and the process's
    CPU µs per event. With `profile`, the thread CPU time of each step of a command is
    printed as well."""
    store = CaseStore(store_url)
    app = BoardApplication(store)
    try:
        case_ids = [
            app.open_case(f"Child {n}", "Family", Framework.SAFETY, CHAIR) for n in range(cases)
        ]
        counts = [0] * clients  # one per thread (only the first, grouped)
        stop = threading.Event()
        clock = StepClock(app) if profile else None

        command = AddItem(domain=Domain.EXISTING_SAFETY, text="Gran collects the children")

        def client(n: int) -> None:
            case_id = case_ids[n % cases]
            while not stop.is_set():
                counts[n] += len(app.execute(case_id, command, CHAIR))

        def grouped(n: int) -> None:
            """One thread running every client's command as one group, as the
            websocket's command queue does (board.ws.command_queue)."""
            requests = [Request(case_ids[k % cases], command, CHAIR) for k in range(clients)]
            while not stop.is_set():
                answers = app.execute_many(requests)
                counts[n] += sum(len(a) for a in answers if not isinstance(a, Exception))

        runners = 1 if group else clients
        target = grouped if group else client
        threads = [threading.Thread(target=target, args=(n,)) for n in range(runners)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # warm up: every case loaded
        if clock:
            clock.on = True
        before, started, cpu = sum(counts), time.perf_counter(), cpu_seconds()
        time.sleep(seconds)
        done, elapsed, cpu = sum(counts), time.perf_counter() - started, cpu_seconds() - cpu
        if clock:
            clock.on = False
        stop.set()
        for thread in threads:
            thread.join()
        if clock:
            clock.print(done - before)  # one event per command here
        return (done - before) / elapsed, cpu / max(1, done - before) * 1e6
    finally:
        app.close()


def recorder_rate(store_url: str, seconds: float) -> float:
    """Events per second of the bare recorder, one event per insert, one thread."""
    store = CaseStore(store_url)
    try:
        recorder = store.recorder
        stream, version, count = uuid.uuid4(), 0, 0
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        while time.perf_counter() < deadline:
            version += 1
            recorder.insert_events(
                [StoredEvent(stream, version, "bench", b'{"text":"Gran collects the children"}')]
            )
            count += 1
        return count / (time.perf_counter() - started)
    finally:
        store.close()


def fresh_postgres(admin_url: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    return f"{admin_url}?schema={schema}", schema


def drop_postgres(admin_url: str, schema: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--cases", default="50,1", help="case counts to run, e.g. 50,1")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--postgres", help="an admin URL; a schema is made and dropped per run")
    parser.add_argument(
        "--profile", action="store_true", help="print CPU per command step (slows the run)"
    )
    parser.add_argument(
        "--grouped", action="store_true", help="one thread running the commands as groups"
    )
    args = parser.parse_args(argv)
    print(f"load before: {os.getloadavg()[0]:.2f}")
    header = (
        "| store | clients | cases | events/s | CPU µs per event | recorder inserts/s | ratio |"
    )
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|")
    for cases in (int(c) for c in args.cases.split(",")):
        if args.postgres:
            url, schema = fresh_postgres(args.postgres)
            rate_url, rate_schema = fresh_postgres(args.postgres)
            try:
                rate, cpu = ingest(
                    url, args.clients, cases, args.seconds, args.profile, args.grouped
                )
                single = recorder_rate(rate_url, args.seconds)
            finally:
                drop_postgres(args.postgres, schema)
                drop_postgres(args.postgres, rate_schema)
            kind = "PostgreSQL"
        else:
            with tempfile.TemporaryDirectory() as directory:
                path = str(Path(directory) / "a.sqlite3")
                rate, cpu = ingest(
                    path, args.clients, cases, args.seconds, args.profile, args.grouped
                )
                single = recorder_rate(str(Path(directory) / "b.sqlite3"), args.seconds)
            kind = "SQLite"
        print(
            f"| {kind} | {args.clients} | {cases} | {rate:,.0f} | {cpu:,.0f} | {single:,.0f} | "
            f"{rate / single:.2f} |"
        )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
