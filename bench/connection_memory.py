"""Where a board server's memory per connection goes: tracemalloc on the real server.

    .venv/bin/python -m bench.connection_memory --meetings 25 --screens 20 --top 25

The server is `python -m board serve` (SQLite) as in bench/capacity.py, with a
`sitecustomize` from a temporary directory that starts tracemalloc on the first SIGUSR1
and dumps a snapshot on each (nothing of this is in the board): what is allocated while
the screens connect, and still held, is what they cost. The screens come
from bench/capacity.py's client processes: one warmed-up screen per meeting, snapshot,
the other screens, snapshot. The difference, grouped by the line that allocated and by
file, is divided by the connections added; beside it, VmRSS's growth per connection,
so what Python's allocations do not explain (the allocator, the C libraries) shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from bench.capacity import SETTLE_S, Assignment, Clients, cached_cases
from bench.fanout import ROOT, SERIES, BoardSystem, log, raise_fd_limit

SITECUSTOMIZE = """
import os, signal, tracemalloc
_n = [0]
def _dump(signum, frame):  # the first signal starts tracing (importing traced takes 20 s)
    _n[0] += 1
    if not tracemalloc.is_tracing():
        tracemalloc.start(int(os.environ["BENCH_FRAMES"]))
    tracemalloc.take_snapshot().dump(os.environ["BENCH_SNAPSHOTS"] + f"/{_n[0]}.snapshot")
    open(os.environ["BENCH_SNAPSHOTS"] + f"/{_n[0]}.done", "w").close()
signal.signal(signal.SIGUSR1, _dump)
"""


def snapshot(pid: int, directory: Path, n: int) -> tracemalloc.Snapshot:
    os.kill(pid, signal.SIGUSR1)
    done = directory / f"{n}.done"
    while not done.exists():
        time.sleep(0.2)
    return tracemalloc.Snapshot.load(str(directory / f"{n}.snapshot"))


async def measure(args: argparse.Namespace, work: Path) -> str:
    hooks, snapshots = work / "hooks", work / "snapshots"
    hooks.mkdir()
    snapshots.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    os.environ.update(BENCH_FRAMES=str(args.frames), BENCH_SNAPSHOTS=str(snapshots))
    store_url = str(work / "board.sqlite3")
    cases = cached_cases(store_url, args.meetings, None)
    system = BoardSystem(
        "board",
        SERIES["board"],
        store_url,
        cases[0],
        log_dir=work,
        pythonpath=str(hooks),
        root=args.root,
    )
    await system.start("mem")
    for name in ("BENCH_FRAMES", "BENCH_SNAPSHOTS"):  # the server's, not the clients'
        del os.environ[name]
    server = system.servers[0]
    job = Assignment(
        port=server.port,
        cookie=system.cookie,
        run="mem",
        meetings=[(g, str(c)) for g, c in enumerate(cases)],
        all_meetings=len(cases),
        screens=args.screens,
        rate=1.0,
    )
    clients = Clients([job])
    try:
        await clients.each("warm")
        await asyncio.sleep(args.settle)
        rss_before = server.rss_kib()
        before = await asyncio.to_thread(snapshot, server.process.pid, snapshots, 1)
        await clients.each("connect")
        await asyncio.sleep(args.settle)
        rss_after = server.rss_kib()
        after = await asyncio.to_thread(snapshot, server.process.pid, snapshots, 2)
        await clients.each("close")
    finally:
        clients.stop()
        await system.stop()
    added = len(cases) * (args.screens - 1)
    lines = [
        f"{len(cases)} meetings, {added} connections added; per connection: "
        f"VmRSS {(rss_after - rss_before) / added:.1f} KiB, "
        f"traced {sum(s.size_diff for s in after.compare_to(before, 'filename')) / 1024 / added:.1f}"
        " KiB",
        "",
        "By file (KiB per connection, blocks per connection):",
    ]
    for stat in after.compare_to(before, "filename")[: args.top]:
        name = stat.traceback[0].filename
        lines.append(
            f"  {stat.size_diff / 1024 / added:7.2f}  {stat.count_diff / added:6.1f}  {name}"
        )
    lines += ["", "By line:"]
    for stat in after.compare_to(before, "lineno")[: args.top]:
        frame = stat.traceback[0]
        lines.append(
            f"  {stat.size_diff / 1024 / added:7.2f}  {stat.count_diff / added:6.1f}  "
            f"{frame.filename}:{frame.lineno}"
        )
    lines += ["", "By traceback (the largest few, innermost last):"]
    for stat in after.compare_to(before, "traceback")[: args.tracebacks]:
        lines.append(f"  {stat.size_diff / 1024 / added:7.2f} KiB per connection")
        lines += [f"      {frame.filename}:{frame.lineno}" for frame in stat.traceback[-12:]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=25)
    parser.add_argument("--screens", type=int, default=20)
    parser.add_argument("--frames", type=int, default=30, help="traceback depth traced")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--tracebacks", type=int, default=8)
    parser.add_argument("--board-root", help="run the server from this checkout")
    parser.add_argument(
        "--settle", type=float, default=SETTLE_S, help="seconds to wait between phases"
    )
    args = parser.parse_args(argv)
    args.root = Path(args.board_root).resolve() if args.board_root else ROOT
    raise_fd_limit()
    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        report = asyncio.run(measure(args, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log("done")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
