"""Fan-out at a fixed rate (issue 15, items 2 and 6): one writer, N screens, beside the relay.

    .venv/bin/python -m bench.fixed_rate --clients 100,500 --rate 50 --seconds 15 \\
        --order board,yjs,yjs,board --json /tmp/fixed.json
    .venv/bin/python -m bench.fixed_rate --clients 2000 --rate 1 --seconds 30 --order board,yjs
    .venv/bin/python -m bench.fixed_rate --clients 100 --rate 50 --order board,cluster,cluster,board

The closed-loop benchmark (bench/fanout.py) sends the next command once every screen has
the previous one. Here one writer sends at a fixed rate (open loop: edit i leaves at
start + i / rate, whatever has arrived), so queues that build up show in the latency.
The board lets one connection send 20 frames a second (burst 40,
`board/web/socket.py`), so the writer's edits go round-robin over
ceil(rate / WRITER_RATE) connections (4 at 50 edits/s, 12.5 a second each): the limit
is not what is measured. The writers are screens too and count as screens.

Per run: every screen's arrival time of every edit, from the writer's
`perf_counter_ns()` just before the send (p50, p99, max over every receipt; and the
time until the last screen had each edit); whether every screen had every edit, and in
the same order at every screen (each writer's own edits in the order sent); the server's
CPU over the phase (share of one core, and µs per edit per screen); its VmRSS growth
from connecting the screens, per screen; the 1-minute load average before and after.
Series and servers are those of bench/fanout.py (`board`, `yjs`, `cluster`, ...), each
server started afresh for every run; `--order` runs the series in that order for each
client count (e.g. board,yjs,yjs,board: ABBA, two repetitions of each).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.fanout import (
    DEFAULT_FRAME_BYTES,
    RELAYS,
    ROOT,
    SERIES,
    WARM_UP,
    AnySystem,
    Screen,
    Tally,
    YjsSystem,
    connect,
    fsync_ms,
    install_yjs,
    latency_phase,
    log,
    machine,
    make_systems,
    make_updates,
    now_ns,
    raise_fd_limit,
    summary,
    wait_for_quiet,
)

WRITER_RATE = 15.0  # edits a second per writer connection; the board allows 20 (burst 40)
CONNECT_AT_ONCE = 50
DRAIN_S = 60.0  # how long to wait after the last send for every screen to have every edit


def writers_for(rate: float) -> int:
    return max(1, math.ceil(rate / WRITER_RATE))


def load1() -> float:
    return os.getloadavg()[0]


async def fixed_rate_phase(
    system: AnySystem,
    screens: list[Screen],
    rate: float,
    seconds: float,
    start: int | None = None,
    samples: bool = False,
) -> dict[str, Any]:
    """Edit i leaves at start + i / rate from writer i mod W; no send waits for an ack.
    `start` (perf_counter_ns) lets many meetings keep one staggered schedule; with
    `samples`, every receipt's latency and each edit's last-screen latency come back
    too (`samples_ms`, `last_ms`), for figures over many meetings."""
    tally = Tally(len(screens))
    for screen in screens:
        screen.tally = tally
        screen.order = []
    writers = writers_for(rate)
    total = round(rate * seconds)
    idents: list[str] = []
    late_ms: list[float] = []  # how late each send left against its schedule
    acks: list[asyncio.Future[int]] = []
    if start is None:
        start = now_ns() + 50_000_000
    for i in range(total):
        due = start + round(i * 1e9 / rate)
        wait = due - now_ns()
        if wait > 0:
            await asyncio.sleep(wait / 1e9)
        k = i % writers
        ident = system.ident(f"F{k}-{i // writers}")
        idents.append(ident)
        late_ms.append(max(0, now_ns() - due) / 1e6)
        acks.append(screens[system.sender_index(k)].send(ident, system.frame(ident), tally))
    finished = now_ns()
    # all_in may have been set while edits were still to be sent (every screen had
    # every edit sent so far): only now is the list of edits whole.
    tally.all_in.clear()
    if not tally.complete():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tally.all_in.wait(), DRAIN_S)
    await asyncio.sleep(0.2)  # anything duplicated or late shows in the orders
    for ack in acks:  # retrieve refusals (e.g. rate_limited) so none goes unseen
        if ack.done() and not ack.cancelled() and ack.exception() is not None:
            tally.errors.append(str(ack.exception()))
        elif not ack.done():
            ack.cancel()
    last_arrival = max((max(t) for t in tally.arrived.values() if t), default=finished)
    orders = [screen.order or [] for screen in screens]
    for screen in screens:
        screen.order = None
    reference = orders[0]
    same_order = all(order == reference for order in orders)
    own_order = all(
        [i for i in reference if i.startswith(system.ident(f"F{k}-"))]
        == [i for i in idents if i.startswith(system.ident(f"F{k}-"))]
        for k in range(writers)
    )
    complete = tally.complete() and all(len(o) == total for o in orders)
    last_ms = [(max(t) - tally.sent[i]) / 1e6 for i, t in tally.arrived.items() if t]
    latencies = tally.latencies_ms()
    raw = {"samples_ms": latencies, "last_ms": last_ms} if samples else {}
    return {
        "rate": rate,
        "seconds": seconds,
        "writers": writers,
        "edits": total,
        "send_late_p99_ms": sorted(late_ms)[max(0, math.ceil(0.99 * len(late_ms)) - 1)],
        "delivered_to_all": complete,
        "in_order": same_order and own_order and complete,
        "missing_receipts": sum(len(screens) - len(tally.arrived.get(i, ())) for i in idents),
        "errors": tally.errors[:10],
        "error_count": len(tally.errors),
        "drain_ms": max(0.0, (last_arrival - finished) / 1e6),
        "latency": summary(latencies),
        "all_screens": summary(last_ms),
        **raw,
    }


async def run_one(system: AnySystem, clients: int, args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg()
    busy_before = await wait_for_quiet(args.wait_quiet)
    run = f"{system.name}{clients}-{uuid.uuid4().hex[:6]}"
    await system.start(run)
    screens: list[Screen] = []
    try:
        screens.append(await connect(system, 0, system.deflate))
        _, sizes = await latency_phase(system, screens, WARM_UP, 0.05, "W")
        await asyncio.sleep(args.settle)
        rss_before = system.rss_kib()
        began = time.monotonic()
        gate = asyncio.Semaphore(CONNECT_AT_ONCE)

        async def one(index: int) -> Screen:
            async with gate:
                return await connect(system, index, system.deflate)

        screens += await asyncio.gather(*(one(i) for i in range(1, clients)))
        connect_s = time.monotonic() - began
        await asyncio.sleep(args.settle)
        rss_after = system.rss_kib()
        log(f"  {system.name}: {clients} screens connected in {connect_s:.1f}s")
        cpu_before = system.cpu_seconds()
        phase = await fixed_rate_phase(system, screens, args.rate, args.seconds)
        cpu = system.cpu_seconds() - cpu_before
        span = args.seconds + phase["drain_ms"] / 1000
        lat = phase["latency"]
        log(
            f"  {system.name} {clients}: p50 {lat['p50_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms, "
            f"all delivered {phase['delivered_to_all']}, in order {phase['in_order']}, "
            f"errors {phase['error_count']}, load {load_before[0]:.2f} -> {load1():.2f}"
        )
        return {
            "system": system.name,
            "clients": clients,
            "deflate_negotiated": screens[0].inflater is not None,
            "frame_bytes": sorted(sizes)[len(sizes) // 2] if sizes else None,
            "connect_s": connect_s,
            "kib_per_client": (rss_after - rss_before) / max(1, clients - 1),
            "rss_after_kib": rss_after,
            "server_cpu_share": cpu / span,
            "server_cpu_us_per_edit_per_screen": cpu * 1e6 / (phase["edits"] * clients),
            "server_cpu_us_per_edit": cpu * 1e6 / phase["edits"],  # the fixed cost, at few
            "busy_before": busy_before,
            "load_before": load_before[0],
            "load_after": load1(),
            **phase,
        }
    finally:
        await asyncio.gather(*(s.close() for s in screens))
        await system.stop()


def markdown(results: list[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    def median_p99(system: str, clients: int) -> float | None:
        p99s = [
            r["latency"]["p99_ms"]
            for r in results
            if r["system"] == system and r["clients"] == clients
        ]
        return statistics.median(p99s) if p99s else None

    def peer_p99(system: str, clients: int) -> float | None:
        """A series' peer: the Yjs relay's; two processes' (`cluster`), one process's."""
        return median_p99("board" if system == "cluster" else "yjs", clients)

    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}); Python {info['python']}; "
        f"Node {info['node']}; board at {info['commit']}; "
        + ", ".join(f"{k} {v}" for k, v in info["yjs_packages"].items()),
        "",
        "| run | series | screens | edits/s × s | writers | load before → after | p50 ms | "
        "p99 ms | max ms | last screen p99 ms | p99 / peer p99 (median) | every event, "
        "in order | server CPU (of a core) | CPU µs per edit | per edit per screen | "
        "KiB per screen |",
        "| ---: | --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | :---: "
        "| ---: | ---: | ---: | ---: |",
    ]
    for n, r in enumerate(results, 1):
        lat, peer = r["latency"], peer_p99(r["system"], r["clients"])
        ratio = f"{lat['p99_ms'] / peer:.2f}" if peer else "–"
        ok = (
            "yes"
            if r["in_order"]
            else (f"NO ({r['missing_receipts']} missing, errors {r['error_count']})")
        )
        lines.append(
            f"| {n} | {r['system']} | {r['clients']} | {r['rate']:g} × {r['seconds']:g} "
            f"| {r['writers']} | {r['load_before']:.2f} → {r['load_after']:.2f} "
            f"| {lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} | {lat['max_ms']:.1f} "
            f"| {r['all_screens']['p99_ms']:.2f} | {ratio} | {ok} "
            f"| {100 * r['server_cpu_share']:.0f}% | {r['server_cpu_us_per_edit']:.0f} "
            f"| {r['server_cpu_us_per_edit_per_screen']:.1f} "
            f"| {r['kib_per_client']:.1f} |"
        )
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    raise_fd_limit()
    work = Path(tempfile.mkdtemp(prefix="bench-fixed-"))
    log_dir = work / "logs"
    log_dir.mkdir()
    order = args.order.split(",")
    names = [name for name in SERIES if name in order]
    results: list[dict[str, Any]] = []
    info: dict[str, Any] = {}
    try:
        with contextlib.ExitStack() as stack:
            node_dir = work / "yjs"
            node_dir.mkdir()
            versions = None
            if RELAYS.intersection(names):
                log(f"installing the relay into {node_dir}")
                versions = await asyncio.to_thread(install_yjs, node_dir)
            info = machine(versions)
            info["fsync_ms"] = fsync_ms(work)
            systems = {
                s.name: s for s in await make_systems(names, work, log_dir, stack, args.root)
            }
            frame_bytes: int | None = None
            per_writer = math.ceil(args.rate * args.seconds / writers_for(args.rate)) + 1
            runs = len(order) * len(args.clients)
            for clients in args.clients:
                for name in order:
                    system = systems[name]
                    if isinstance(system, YjsSystem):
                        streams = {"W": WARM_UP}
                        streams.update({f"F{k}": per_writer for k in range(writers_for(args.rate))})
                        # fresh updates for every run: each run is a new room (new document)
                        system.updates = make_updates(
                            node_dir, frame_bytes or DEFAULT_FRAME_BYTES, streams
                        )
                    log(f"run {len(results) + 1}/{runs}: {name}, {clients} screens")
                    result = await run_one(system, clients, args)
                    results.append(result)
                    if name not in RELAYS and frame_bytes is None:
                        frame_bytes = result["frame_bytes"]
                    if args.json:  # after every run, so a cut-short session keeps its figures
                        write_json(args.json, info, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return results, info


def write_json(path: str, info: dict[str, Any], results: list[dict[str, Any]]) -> None:
    Path(path).write_text(json.dumps({"machine": info, "results": results}, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="100,500", help="screen counts, e.g. 100,500")
    parser.add_argument("--rate", type=float, default=50.0, help="edits a second")
    parser.add_argument("--seconds", type=float, default=15.0, help="how long the writer writes")
    parser.add_argument(
        "--order",
        default="board,yjs,yjs,board",
        help=f"series in run order, of {', '.join(SERIES)}",
    )
    parser.add_argument("--board-root", help="run the board servers from this checkout")
    parser.add_argument("--wait-quiet", type=float, default=5.0)
    parser.add_argument("--settle", type=float, default=1.0, help="seconds between phases")
    parser.add_argument("--json", help="write every figure to this file (after each run)")
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    args.root = Path(args.board_root).resolve() if args.board_root else ROOT
    results, info = asyncio.run(main_async(args))
    command = " ".join([".venv/bin/python -m bench.fixed_rate", *sys.argv[1:]])
    print(markdown(results, info, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
