"""CPU of one durable `CaseStore.append`, by how many events it carries.

    .venv/bin/python -m bench.store_insert --postgres postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python -m bench.store_insert                       # SQLite

One thread appends batches of 1 and of 25 events (one per case, as a group commit of
25 cases writes them) for a few seconds each; prints the process's CPU per event and
the rate. Shows what a transaction costs in the driver, apart from the board's work.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bench.ingest import drop_postgres, fresh_postgres
from board.events import Author, CaseEvent, ItemAdded
from board.practice import Domain, ItemKind, Role
from board.storage.store import CaseStore

CHAIR = Author("chair", "Sam Reid", Role.CHAIR)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def appends(url: str, sizes: Sequence[int], seconds: float) -> None:
    store = CaseStore(url)
    try:
        for size in sizes:
            cases = [uuid.uuid4() for _ in range(size)]
            position = events = 0
            cpu, started = cpu_seconds(), time.perf_counter()
            while time.perf_counter() - started < seconds:
                position += 1
                fact = ItemAdded(
                    item_id=f"item-{position}",
                    domain=Domain.EXISTING_SAFETY,
                    kind=ItemKind.JUDGEMENT,
                    text="Gran collects the children",
                    source="",
                )
                at = datetime.now(UTC)
                store.append(
                    [
                        CaseEvent(
                            case_id=case,
                            position=position,
                            at=at,
                            by=CHAIR,
                            meeting_id=None,
                            fact=fact,
                        )
                        for case in cases
                    ]
                )
                events += size
            spent, elapsed = cpu_seconds() - cpu, time.perf_counter() - started
            print(
                f"{size} events an append: {spent / events * 1e6:,.0f} µs CPU per event, "
                f"{events / elapsed:,.0f} events/s"
            )
    finally:
        store.close()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--postgres", help="an admin URL; a schema is made and dropped")
    parser.add_argument("--sizes", default="1,25")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"load before: {os.getloadavg()[0]:.2f}")
    if args.postgres:
        url, schema = fresh_postgres(args.postgres)
        try:
            appends(url, sizes, args.seconds)
        finally:
            drop_postgres(args.postgres, schema)
    else:
        with tempfile.TemporaryDirectory() as directory:
            appends(str(Path(directory) / "store.sqlite3"), sizes, args.seconds)
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
