"""Fan-out at a fixed rate (issue 15, items 2 and 6): one writer, N screens, beside the relay.

    .venv/bin/python -m bench.fixed_rate --clients 100,500 --rate 50 --seconds 15 \\
        --order board,yjs,yjs,board --json /tmp/fixed.json
    .venv/bin/python -m bench.fixed_rate --clients 2000 --rate 1 --seconds 30 --order board,yjs
    .venv/bin/python -m bench.fixed_rate --clients 100 --rate 50 --order board,cluster,cluster,board
    .venv/bin/python -m bench.fixed_rate --meetings 50 --clients 20 --rate 1 --seconds 30 \\
        --order board,yjs,yjs,board,board,yjs,yjs,board

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

With `--meetings M`, each server holds M meetings of `--clients` screens each (the
board: M demo cases, each with a meeting open; a relay: M rooms), each with its own
writers at `--rate`, the meetings' schedules staggered evenly over one interval; the
figures are over every receipt in every meeting (as bench/capacity.py, which spreads
many more screens over several client processes, does). CPU per edit is then the
server's CPU over every meeting's edits, and the main thread's part of it (the board's
event loop) is given too. `--profile 20` records the board's server with py-spy through
the phase, for the runs with 20 screens a meeting (py-spy must be on PATH).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
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
    BoardSystem,
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
    profile_lines,
    raise_fd_limit,
    start_profiler,
    stop_profiler,
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


HISTOGRAMS = {  # the board's own timings of an edit's path (board/metrics.py)
    "commit": "board_commit_seconds",  # the durable commit, in the command's thread
    "hand_out": "board_fanout_lag_seconds",  # from then until every screen is sent it
}


def buckets(system: AnySystem) -> dict[str, dict[float, float]]:
    """Each of HISTOGRAMS' cumulative counts by upper bound, over the system's servers
    (none for a relay)."""
    counts: dict[str, dict[float, float]] = {key: {} for key in HISTOGRAMS}
    for server in system.servers:
        if server.metrics_port is None:
            continue
        url = f"http://127.0.0.1:{server.metrics_port}/metrics"  # loopback http only
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode()
        except OSError:  # a checkout (--board-root) from before the endpoint: no figures
            continue
        for line in text.splitlines():
            for key, name in HISTOGRAMS.items():
                if line.startswith(f'{name}_bucket{{le="'):
                    bound, _, count = line[len(name) + 12 :].partition('"} ')
                    upper = float(bound)  # "+Inf" too
                    counts[key][upper] = counts[key].get(upper, 0.0) + float(count)
    return counts


def median_ms(before: dict[float, float], after: dict[float, float]) -> float | None:
    """The median of what was observed between two readings of a histogram, taken
    straight across its bucket (coarse: the buckets are 0.5, 1, 2.5, 5, 10 ms ...)."""
    bounds = sorted(after)
    grown = [after[b] - before.get(b, 0.0) for b in bounds]
    if not grown or grown[-1] <= 0:
        return None
    half, lower, below = grown[-1] / 2, 0.0, 0.0
    for upper, count in zip(bounds, grown, strict=True):
        if count >= half:
            if math.isinf(upper):
                return lower * 1000
            return (lower + (upper - lower) * (half - below) / max(count - below, 1e-9)) * 1000
        lower, below = upper, count
    return None


def meeting_views(system: AnySystem, count: int) -> list[AnySystem]:
    """Where each meeting's screens connect, on the one server started: the board's
    cases (each meeting with command ids of its own), a relay's rooms. The views share
    the server's processes; only `system` itself is stopped."""
    if count == 1:
        return [system]
    views: list[AnySystem] = []
    for g in range(count):
        view = copy.copy(system)
        if isinstance(view, BoardSystem):
            view.case_id, view.run = view.case_ids[g], f"{view.run}.m{g}"
        else:
            # Every room is sent the same updates: each room is a document of its own,
            # so each update is new to it (a document ignores an update it has had).
            view.room = f"{view.room}-m{g}"
        views.append(view)
    return views


async def meetings_phase(
    meetings: Sequence[AnySystem],
    rooms: Sequence[list[Screen]],
    rate: float,
    seconds: float,
    start: int,
    slots: Sequence[int],
    of: int,
) -> list[dict[str, Any]]:
    """Each meeting's fixed_rate_phase on one schedule: meeting `slots[n]` of `of` starts
    slots[n] / of of an interval after `start`, so the edits of many meetings are spread
    evenly; every receipt is kept (`combine` makes one set of figures of them)."""
    interval = 1e9 / rate
    return await asyncio.gather(
        *(
            fixed_rate_phase(
                meeting,
                room,
                rate,
                seconds,
                start=start + round(slot * interval / of),
                samples=True,
            )
            for slot, meeting, room in zip(slots, meetings, rooms, strict=True)
        )
    )


def combine(phases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Many meetings' phases as one: the percentiles over every receipt of every
    meeting, every check over them all, the writers' lateness and the drain the worst."""
    samples = [ms for phase in phases for ms in phase.pop("samples_ms")]
    last = [ms for phase in phases for ms in phase.pop("last_ms")]
    return {
        "rate": phases[0]["rate"],  # a meeting's
        "seconds": phases[0]["seconds"],
        "writers": phases[0]["writers"],  # a meeting's
        "edits": sum(p["edits"] for p in phases),
        "send_late_p99_ms": max(p["send_late_p99_ms"] for p in phases),
        "delivered_to_all": all(p["delivered_to_all"] for p in phases),
        "in_order": all(p["in_order"] for p in phases),
        "missing_receipts": sum(p["missing_receipts"] for p in phases),
        "errors": [e for p in phases for e in p["errors"]][:10],
        "error_count": sum(p["error_count"] for p in phases),
        "drain_ms": max(p["drain_ms"] for p in phases),
        "latency": summary(samples),
        "all_screens": summary(last),
    }


async def run_one(system: AnySystem, clients: int, args: argparse.Namespace) -> dict[str, Any]:
    """One server, `args.meetings` meetings of `clients` screens each."""
    load_before = os.getloadavg()
    busy_before = await wait_for_quiet(args.wait_quiet)
    run = f"{system.name}{clients}-{uuid.uuid4().hex[:6]}"
    await system.start(run)
    meetings = meeting_views(system, args.meetings)
    rooms: list[list[Screen]] = [[] for _ in meetings]
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def one(m: int, index: int) -> Screen:
        async with gate:
            return await connect(meetings[m], index, system.deflate)

    async def warm(m: int) -> list[int]:
        rooms[m].append(await one(m, 0))
        _, sizes = await latency_phase(meetings[m], rooms[m], WARM_UP, 0.05, "W")
        return sizes

    async def fill(m: int) -> None:
        rooms[m] += await asyncio.gather(*(one(m, i) for i in range(1, clients)))

    screens = len(meetings) * clients
    try:
        sizes = (await asyncio.gather(*(warm(m) for m in range(len(meetings)))))[0]
        await asyncio.sleep(args.settle)
        rss_before = system.rss_kib()
        began = time.monotonic()
        await asyncio.gather(*(fill(m) for m in range(len(meetings))))
        connect_s = time.monotonic() - began
        await asyncio.sleep(args.settle)
        rss_after = system.rss_kib()
        log(f"  {system.name}: {len(meetings)} × {clients} screens connected in {connect_s:.1f}s")
        profiler = start_profiler(system, clients, args)
        timings = buckets(system)
        cpu_before, loop_before = system.cpu_seconds(), system.cpu_seconds(main_thread=True)
        slots = range(len(meetings))
        phase = combine(
            await meetings_phase(
                meetings, rooms, args.rate, args.seconds, now_ns() + 50_000_000, slots, len(slots)
            )
        )
        cpu = system.cpu_seconds() - cpu_before
        loop = system.cpu_seconds(main_thread=True) - loop_before
        profile = stop_profiler(profiler)
        after = buckets(system)
        path_ms = {f"{k}_p50_ms": median_ms(timings[k], after[k]) for k in HISTOGRAMS}
        span = args.seconds + phase["drain_ms"] / 1000
        lat = phase["latency"]
        log(
            f"  {system.name} {len(meetings)} × {clients}: p50 {lat['p50_ms']:.2f} ms, "
            f"p99 {lat['p99_ms']:.2f} ms, all delivered {phase['delivered_to_all']}, "
            f"in order {phase['in_order']}, errors {phase['error_count']}, "
            f"CPU {cpu * 1e6 / phase['edits']:.0f} µs an edit, load {load_before[0]:.2f} -> "
            f"{load1():.2f}"
        )
        return {
            "system": system.name,
            "meetings": len(meetings),
            "clients": clients,  # in each meeting
            "deflate_negotiated": rooms[0][0].inflater is not None,
            "frame_bytes": sorted(sizes)[len(sizes) // 2] if sizes else None,
            "connect_s": connect_s,
            "kib_per_client": (rss_after - rss_before) / max(1, screens - len(meetings)),
            "rss_after_kib": rss_after,
            "server_cpu_share": cpu / span,
            "server_cpu_us_per_edit_per_screen": cpu * 1e6 / (phase["edits"] * clients),
            "server_cpu_us_per_edit": cpu * 1e6 / phase["edits"],  # the fixed cost, at few
            "server_main_thread_cpu_us_per_edit": loop * 1e6 / phase["edits"],
            "busy_before": busy_before,
            "load_before": load_before[0],
            "load_after": load1(),
            "profile": profile,
            **path_ms,
            **phase,
        }
    finally:
        await asyncio.gather(*(s.close() for room in rooms for s in room))
        await system.stop()


def median_of(
    results: list[dict[str, Any]], system: str, clients: int, figure: str
) -> float | None:
    """The median over a series' runs at a screen count (the runs of one invocation
    share their number of meetings): `p50_ms`, `p99_ms` or a top-level figure."""
    found = (
        r["latency"][figure] if figure in r["latency"] else r.get(figure)
        for r in results
        if r["system"] == system and r["clients"] == clients
    )
    values: list[float] = [v for v in found if v is not None]  # a relay has no commit
    return statistics.median(values) if values else None


def nan_if_none(value: float | None) -> float:
    return math.nan if value is None else value


def shown(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def peer_of(system: str) -> str:
    """A series' peer: two processes' (`cluster`), one process's; the rest, the Yjs relay."""
    return "board" if system == "cluster" else "yjs"


def markdown(results: list[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    def ratio(value: float, system: str, clients: int, figure: str) -> str:
        peer = median_of(results, peer_of(system), clients, figure)
        return f"{value / peer:.2f}" if peer else "–"

    def screens(r: dict[str, Any]) -> str:
        return f"{r['meetings']} × {r['clients']}" if r["meetings"] > 1 else str(r["clients"])

    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}); Python {info['python']}; "
        f"Node {info['node']}; board at {info['commit']}; "
        + ", ".join(f"{k} {v}" for k, v in info["yjs_packages"].items()),
        "",
        "| run | series | screens (meetings × each) | edits/s (a meeting) × s | writers "
        "| load before → after | p50 ms | p99 ms | max ms | last screen p99 ms "
        "| p99 / peer p99 (median) | every event, in order | server CPU (of a core) "
        "| CPU µs per edit | per edit per screen | KiB per screen |",
        "| ---: | --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | :---: "
        "| ---: | ---: | ---: | ---: |",
    ]
    for n, r in enumerate(results, 1):
        lat = r["latency"]
        ok = (
            "yes"
            if r["in_order"]
            else (f"NO ({r['missing_receipts']} missing, errors {r['error_count']})")
        )
        lines.append(
            f"| {n} | {r['system']} | {screens(r)} | {r['rate']:g} × {r['seconds']:g} "
            f"| {r['writers']} | {r['load_before']:.2f} → {r['load_after']:.2f} "
            f"| {lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} | {lat['max_ms']:.1f} "
            f"| {r['all_screens']['p99_ms']:.2f} "
            f"| {ratio(lat['p99_ms'], r['system'], r['clients'], 'p99_ms')} | {ok} "
            f"| {100 * r['server_cpu_share']:.0f}% | {r['server_cpu_us_per_edit']:.0f} "
            f"| {r['server_cpu_us_per_edit_per_screen']:.1f} "
            f"| {r['kib_per_client']:.1f} |"
        )
    lines += [
        "",
        "Medians over each series' runs; the peer of `cluster` is `board`, of the rest `yjs`. "
        "Main thread: the board's event loop, Node's JavaScript (the rest: worker threads). "
        "The board's own medians, from its Prometheus histograms (straight across a bucket): "
        "the durable commit, and from the commit until every screen was sent the edit.",
        "",
        "| series | screens | runs | p50 ms | p99 ms | CPU µs per edit | of it the main "
        "thread | p50 / peer | p99 / peer | CPU / peer | commit p50 ms | commit → sent p50 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    seen = {(r["system"], r["clients"]): r for r in results}
    for (system, clients), r in seen.items():
        runs = sum(1 for x in results if (x["system"], x["clients"]) == (system, clients))
        p50, p99, cpu, main = (
            nan_if_none(median_of(results, system, clients, figure))
            for figure in (
                "p50_ms",
                "p99_ms",
                "server_cpu_us_per_edit",
                "server_main_thread_cpu_us_per_edit",
            )
        )
        lines.append(
            f"| {system} | {screens(r)} | {runs} | {p50:.2f} | {p99:.2f} | {cpu:.0f} "
            f"| {main:.0f} | {ratio(p50, system, clients, 'p50_ms')} "
            f"| {ratio(p99, system, clients, 'p99_ms')} "
            f"| {ratio(cpu, system, clients, 'server_cpu_us_per_edit')} "
            f"| {shown(median_of(results, system, clients, 'commit_p50_ms'))} "
            f"| {shown(median_of(results, system, clients, 'hand_out_p50_ms'))} |"
        )
    for r in results:
        lines += profile_lines(r, "the fixed-rate phase")
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
                s.name: s
                for s in await make_systems(
                    names, work, log_dir, stack, args.root, meetings=args.meetings
                )
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
                    log(
                        f"run {len(results) + 1}/{runs}: {name}, "
                        f"{args.meetings} × {clients} screens"
                    )
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
    parser.add_argument(
        "--clients", default="100,500", help="screen counts (in each meeting), e.g. 100,500"
    )
    parser.add_argument("--meetings", type=int, default=1, help="meetings in each server")
    parser.add_argument("--rate", type=float, default=50.0, help="edits a second, each meeting")
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
    parser.add_argument(
        "--profile", help="screen counts at which to record the board's server with py-spy"
    )
    parser.add_argument("--profile-dir", default=".", help="where py-spy's output goes")
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    args.profile = [int(c) for c in args.profile.split(",")] if args.profile else []
    args.root = Path(args.board_root).resolve() if args.board_root else ROOT
    results, info = asyncio.run(main_async(args))
    command = " ".join([".venv/bin/python -m bench.fixed_rate", *sys.argv[1:]])
    print(markdown(results, info, command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
