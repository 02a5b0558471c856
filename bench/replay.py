"""How fast the replay's scrubber gets the board at a position, on a 10,000-event case.

    .venv/bin/python -m bench.replay [--events 10000] [--requests 300]

Builds the case (the store benchmark's script), starts a real `python -m board serve`,
signs in, and times `GET /cases/{case}/board-at?at=N` (the HTML fragment the scrubber
swaps in) at random positions, as a person dragging the slider would ask for them.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from uuid import uuid4

from bench.history import allocate
from bench.store import Builder, progress

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "support"))
from live import STAFF_PASSWORD, running_server

from board.application.service import BoardApplication
from board.client import BoardClient
from board.practice import Role
from board.storage.accounts import Accounts
from board.storage.store import CaseStore


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="board-replay-"))
    url = str(folder / "board.sqlite3")
    store = CaseStore(url)
    case_id = uuid4()
    progress(f"building a {args.events:,}-event case")
    _, built = Builder(store, args.events, "replay").build(case_id)
    allocate(BoardApplication(store), case_id)  # staff see only the cases allocated to them
    Accounts(store).save("chair", "Sam Reid", Role.CHAIR, STAFF_PASSWORD)
    size = len(store.snapshot_recorder.select_events(case_id, desc=True, limit=1)[0].state)
    store.close()
    with running_server(url, folder) as server:
        client = BoardClient(server.url)
        client._http(
            "POST",
            "/signin",
            f"username=chair&password={STAFF_PASSWORD}".replace(" ", "+").encode(),
            "application/x-www-form-urlencoded",
        )
        rng = random.Random(7)
        timings = []
        progress(f"timing {args.requests} scrubber requests")
        for _ in range(args.requests):
            position = rng.randint(0, built["events"])
            request = urllib.request.Request(f"{server.url}/cases/{case_id}/board-at?at={position}")
            request.add_header("Cookie", client.cookie or "")
            start = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            timings.append((time.perf_counter() - start) * 1000)
    shutil.rmtree(folder, ignore_errors=True)
    timings.sort()
    print(f"case: {built['events']:,} events, last snapshot {size:,} bytes")
    print(
        f"board-at fragment, {len(timings)} random positions: median "
        f"{statistics.median(timings):.1f} ms, p95 {timings[int(len(timings) * 0.95)]:.1f} ms, "
        f"max {timings[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
