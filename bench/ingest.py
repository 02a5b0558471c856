"""Durable ingest with group commit: clients sending commands as fast as they are
answered, beside the bare recorder inserting one event per call on the same store.

    .venv/bin/python -m bench.ingest                      # SQLite, 50 clients, 50 cases and 1
    .venv/bin/python -m bench.ingest --cases 200 --postgres postgresql://postgres@127.0.0.1:5432/test

Each client is a thread calling `BoardApplication.execute` (what the websocket endpoint
runs for a command, in a worker thread), adding an item to its case and waiting for
the answer before the next. The recorder's rate is one `insert_events` of one event
per call from one thread: the single-insert rate the issue compares with. Every
append is a durable commit (SQLite: WAL, synchronous=FULL; PostgreSQL: a commit).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import psycopg
from eventsourcing.persistence import StoredEvent

from board.application import BoardApplication
from board.commands import AddItem
from board.events import Author
from board.practice import Domain, Framework, Role
from board.store import CaseStore

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)


def ingest(store_url: str, clients: int, cases: int, seconds: float) -> float:
    """Events recorded per second by `clients` threads over `cases` cases."""
    store = CaseStore(store_url)
    app = BoardApplication(store)
    try:
        case_ids = [
            app.open_case(f"Child {n}", "Family", Framework.SAFETY, CHAIR) for n in range(cases)
        ]
        counts = [0] * clients
        stop = threading.Event()

        def client(n: int) -> None:
            case_id = case_ids[n % cases]
            command = AddItem(domain=Domain.EXISTING_SAFETY, text="Gran collects the children")
            while not stop.is_set():
                counts[n] += len(app.execute(case_id, command, CHAIR))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # warm up: every case loaded
        before, started = sum(counts), time.perf_counter()
        time.sleep(seconds)
        done, elapsed = sum(counts), time.perf_counter() - started
        stop.set()
        for thread in threads:
            thread.join()
        return (done - before) / elapsed
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
    args = parser.parse_args(argv)
    print(f"load before: {os.getloadavg()[0]:.2f}")
    print("| store | clients | cases | events/s | recorder single inserts/s | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for cases in (int(c) for c in args.cases.split(",")):
        if args.postgres:
            url, schema = fresh_postgres(args.postgres)
            rate_url, rate_schema = fresh_postgres(args.postgres)
            try:
                rate = ingest(url, args.clients, cases, args.seconds)
                single = recorder_rate(rate_url, args.seconds)
            finally:
                drop_postgres(args.postgres, schema)
                drop_postgres(args.postgres, rate_schema)
            kind = "PostgreSQL"
        else:
            with tempfile.TemporaryDirectory() as directory:
                rate = ingest(str(Path(directory) / "a.sqlite3"), args.clients, cases, args.seconds)
                single = recorder_rate(str(Path(directory) / "b.sqlite3"), args.seconds)
            kind = "SQLite"
        print(
            f"| {kind} | {args.clients} | {cases} | {rate:,.0f} | {single:,.0f} | "
            f"{rate / single:.2f} |"
        )
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
