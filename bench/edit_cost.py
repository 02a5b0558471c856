"""The server's CPU per edit: what one command costs, deciding, committing, telling.

    .venv/bin/python -m bench.edit_cost [--rate 50] [--seconds 10] [--screens 10]
        [--roots BASE,.] [--rounds 3] [--profile]

The board's app under uvicorn (its own protocols, as `serve` runs it) on a fresh
SQLite file, in a process of its own; the writers and screens in another. Four writer
connections send `add_item` round-robin at `--rate` edits a second (open loop) while
`--screens` more screens watch. Reports the server process's CPU time (user + system,
every thread) over the edits, per edit, and the event loop thread's own share: on a
shared machine, CPU time per edit is the figure that the load barely moves. `--roots`
alternates rounds between checkouts (`git archive REV | tar -x -C DIR`), each server
importing the board from its checkout. `--profile` prints where the loop thread's time
goes (cProfile, which slows it).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parent.parent
WRITERS = 4  # each well inside the 20 frames a second a connection may send
TARGET_US = 600.0  # the Yjs relay's fixed CPU per edit (issue 24)


async def drive(port: int, case_id: str, rate: float, seconds: float, screens: int) -> None:
    """The writers and screens (a process of their own): connect, say GO, wait for a
    line on stdin, send the edits, say DONE and how many."""
    import websockets

    from board.client import BoardClient

    client = BoardClient(f"http://127.0.0.1:{port}")
    await client.sign_in("chair", os.environ["BENCH_PASSWORD"])
    headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": client.cookie or ""}
    url = f"ws://127.0.0.1:{port}/ws/cases/{case_id}?after={10**12}"
    sockets = [
        await websockets.connect(url, additional_headers=headers, compression=None)
        for _ in range(WRITERS + screens)
    ]

    async def read(socket: websockets.ClientConnection) -> None:
        try:
            async for _ in socket:
                pass
        except websockets.ConnectionClosed:
            pass

    readers = [asyncio.create_task(read(s)) for s in sockets]
    print("GO", flush=True)
    await asyncio.to_thread(sys.stdin.readline)
    start, edits = time.monotonic(), int(rate * seconds)
    for i in range(edits):
        await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
        command = {"type": "add_item", "domain": "existing_safety", "text": f"Gran walks {i}"}
        frame = {"type": "command", "id": f"e{time.time_ns()}", "command": command}
        await sockets[i % WRITERS].send(json.dumps(frame))
    await asyncio.sleep(1.0)  # the last acks and events
    print("DONE", edits, flush=True)
    for socket in sockets:
        await socket.close()
    await asyncio.gather(*readers)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def serve_once(args: argparse.Namespace) -> dict[str, float]:
    """One server in this process, measured over one round of edits."""
    import uvicorn

    sys.path.insert(0, str(ROOT / "tests" / "support"))
    from live import STAFF_PASSWORD, free_port, prepare_store

    from board.cli.serve import uvicorn_config
    from board.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="board-edit-cost-"))
    store = str(folder / "board.sqlite3")
    case_id = prepare_store(store)
    port = free_port()
    settings = Settings(store=store, secret="e" * 40, host="127.0.0.1", port=port)
    config = uvicorn_config(settings, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event for it
        await asyncio.sleep(0.01)
    driver = await asyncio.create_subprocess_exec(
        sys.executable,
        str(HERE),
        "--drive",
        json.dumps([port, str(case_id), args.rate, args.seconds, args.screens]),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "BENCH_PASSWORD": STAFF_PASSWORD},
    )
    assert driver.stdin is not None and driver.stdout is not None
    assert (await driver.stdout.readline()).startswith(b"GO")
    profile = cProfile.Profile() if args.profile else None
    cpu, loop_cpu, load = cpu_seconds(), time.thread_time(), os.getloadavg()[0]
    if profile is not None:
        profile.enable()
    driver.stdin.write(b"\n")
    await driver.stdin.drain()
    done = await driver.stdout.readline()
    if profile is not None:
        profile.disable()
    cpu, loop_cpu = cpu_seconds() - cpu, time.thread_time() - loop_cpu
    edits = int(done.split()[1])
    await driver.wait()
    server.should_exit = True
    await serving
    shutil.rmtree(folder, ignore_errors=True)
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
    return {
        "edits": edits,
        "cpu_us_per_edit": cpu * 1e6 / edits,
        "loop_us_per_edit": loop_cpu * 1e6 / edits,
        "load": load,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=50.0, help="edits a second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--screens", type=int, default=10, help="screens besides the writers")
    parser.add_argument("--roots", default=str(ROOT), help="checkouts, comma-separated")
    parser.add_argument("--rounds", type=int, default=1, help="rounds over --roots")
    parser.add_argument("--profile", action="store_true", help="cProfile the loop thread")
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.drive:
        asyncio.run(drive(*json.loads(args.drive)))
        return
    if args.one:
        print(json.dumps(asyncio.run(serve_once(args))))
        return
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    figures: dict[Path, list[dict[str, float]]] = {root: [] for root in roots}
    for _ in range(args.rounds):
        for root in roots:
            flags = ["--rate", str(args.rate), "--seconds", str(args.seconds)]
            flags += ["--screens", str(args.screens)] + (["--profile"] if args.profile else [])
            out = subprocess.run(
                [sys.executable, str(HERE), "--one", *flags],
                cwd=root,
                env={**os.environ, "PYTHONPATH": str(root)},  # the board of that checkout
                stdout=subprocess.PIPE,
                text=True,
                check=True,
            ).stdout
            figures[root].append(json.loads(out.strip().splitlines()[-1]))
    print(
        f"{args.rate:g} edits/s for {args.seconds:g} s, {WRITERS} writers + {args.screens} screens"
    )
    for root, runs in figures.items():
        cpu = statistics.median(r["cpu_us_per_edit"] for r in runs)
        loop = statistics.median(r["loop_us_per_edit"] for r in runs)
        each = ", ".join(f"{r['cpu_us_per_edit']:.0f}" for r in runs)
        loads = ", ".join(f"{r['load']:.1f}" for r in runs)
        print(
            f"{root}: server CPU per edit median {cpu:.0f} µs ({each}); loop thread {loop:.0f} "
            f"µs; target {TARGET_US:.0f} µs; load {loads}"
        )


if __name__ == "__main__":
    main()
