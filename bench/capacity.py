"""Capacity (issue 15, item 4): one board process, many meetings, every screen measured.

    .venv/bin/python -m bench.capacity --meetings 500 --screens 20 --seconds 30 \\
        --json /tmp/capacity.json
    .venv/bin/python -m bench.capacity --meetings 50            # a small run first
    .venv/bin/python -m bench.capacity --meetings 100 --roots /tmp/before,. --repeat 2

One `python -m board serve` on SQLite (in-process fan-out), started afresh for every
run; M cases, each the demo case with a meeting open; S screens in each meeting
(M × S websocket connections, all signed in as the chair). The screens are spread over
P client processes, whole meetings each (one process cannot read 10,000 sockets fast
enough, and a process may open 20,000 files). In every meeting one writer (a screen
too) sends `add_item` at `--rate` edits a second, open loop, the meetings' schedules
staggered evenly over one interval; this is bench/fixed_rate.py's phase, one per
meeting (its screens, tally and order checks), with one schedule for the whole run.

Measured per run: every screen's arrival latency of every edit (p50, p99, max; and the
time until the last screen of the meeting had it); whether every screen had every edit
in the same order; the server's VmRSS when fresh, with one warmed-up screen per meeting,
and once every screen is connected: the last difference divided by the connections
added is the memory per connection (per meeting costs, such as the board each case
loads, fall in the first difference); the server's CPU over the phase; each client
process's CPU and how late its writers left their schedule (so a starved client shows);
the 1-minute load average before and after. With `--roots`, the runs alternate between
checkouts (A B B A ... with --repeat), so that load falls on both sides.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection as Pipe
from pathlib import Path
from typing import Any
from uuid import UUID

from bench.fanout import (
    ROOT,
    SERIES,
    WARM_UP,
    BoardSystem,
    Screen,
    connect,
    latency_phase,
    log,
    machine,
    now_ns,
    own_cpu_seconds,
    prepare_cases,
    raise_fd_limit,
    wait_for_quiet,
)
from bench.fixed_rate import CONNECT_AT_ONCE, combine, load1, meetings_phase, write_json

SETTLE_S = 2.0
# Loaded into the server (PYTHONPATH, a temporary directory; nothing of it is in the
# board): every full collection, and any other over 5 ms, with how long it took.
GC_HOOK = """
import gc, os, time
_log, _began = os.environ.get("BENCH_GC_LOG"), [0.0]
def _timed(phase, info):
    if phase == "start":
        _began[0] = time.perf_counter()
        return
    ms = (time.perf_counter() - _began[0]) * 1000
    if info["generation"] == 2 or ms > 5:
        with open(_log, "a") as out:
            out.write(f"{info['generation']} {ms:.1f}\\n")
def _sample():  # each second: CPU, memory and the collector, to see a run fall behind
    import sys, threading
    def run():
        began = time.monotonic()
        while True:
            time.sleep(1.0)
            cpu = time.process_time()
            rss = open("/proc/self/statm").read().split()[1]
            done = " ".join(str(g["collections"]) for g in gc.get_stats())
            metrics = sys.modules.get("board.metrics")  # screens resynced, dropped
            if metrics is not None:
                done += f" {metrics.RESYNCS._value.get():.0f} {metrics.DROPPED._value.get():.0f}"
            with open(_log + ".samples", "a") as out:
                out.write(f"{time.monotonic() - began:.1f} {cpu:.3f} {rss} "
                          f"{gc.get_freeze_count()} {sum(gc.get_count())} {done}\\n")
    threading.Thread(target=run, daemon=True, name="bench-sampler").start()
if _log:
    gc.callbacks.append(_timed)
    _sample()
    import signal
    def _freeze(signum, frame):  # --freeze: what is left of a full collection's pauses
        gc.collect()
        with open(_log + ".tracked", "w") as out:
            out.write(str(len(gc.get_objects())))
        gc.freeze()
    signal.signal(signal.SIGUSR2, _freeze)
"""  # after connecting, before reading the server's memory


class Meeting(BoardSystem):
    """One case of a server another process started: where its screens connect."""

    def __init__(self, port: int, cookie: str, case_id: UUID, run: str) -> None:
        super().__init__("board", SERIES["board"], "", case_id, log_dir=Path())
        self.port, self.cookie, self.run = port, cookie, run

    def target(self, index: int) -> tuple[str, dict[str, str]]:
        origin = f"http://127.0.0.1:{self.port}"
        url = f"ws://127.0.0.1:{self.port}/ws/cases/{self.case_id}?after={10**12}"
        return url, {"Origin": origin, "Cookie": self.cookie}

    def sender_index(self, n: int) -> int:
        return n


@dataclass(frozen=True)
class Assignment:
    """What one client process does: its meetings (index in the run, case id)."""

    port: int
    cookie: str
    run: str
    meetings: list[tuple[int, str]]
    all_meetings: int
    screens: int
    rate: float


# -- a client process ------------------------------------------------------------------


def client_process(pipe: Pipe, job: Assignment) -> None:
    try:
        asyncio.run(_client(pipe, job))
    except BaseException:  # the parent must hear of it, not wait for ever
        pipe.send(("failed", traceback.format_exc()))
        raise


async def _client(pipe: Pipe, job: Assignment) -> None:
    raise_fd_limit()
    meetings = [Meeting(job.port, job.cookie, UUID(c), f"{job.run}.m{g}") for g, c in job.meetings]
    rooms: list[list[Screen]] = [[] for _ in meetings]
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def one(m: int, index: int) -> Screen:
        async with gate:
            return await connect(meetings[m], index, True)

    async def warm(m: int) -> None:
        rooms[m].append(await one(m, 0))
        await latency_phase(meetings[m], rooms[m], WARM_UP, 0.05, "W")

    async def fill(m: int) -> None:
        rooms[m] += await asyncio.gather(*(one(m, i) for i in range(1, job.screens)))

    while True:
        message = await asyncio.to_thread(pipe.recv)
        match message:
            case ("warm",):
                await asyncio.gather(*(warm(m) for m in range(len(meetings))))
                pipe.send(("warm",))
            case ("connect",):
                await asyncio.gather(*(fill(m) for m in range(len(meetings))))
                pipe.send(("connect",))
            case ("go", int(start), float(seconds)):
                cpu = own_cpu_seconds()
                slots = [g for g, _ in job.meetings]
                phases = await meetings_phase(
                    meetings, rooms, job.rate, seconds, start, slots, job.all_meetings
                )
                pipe.send(("go", own_cpu_seconds() - cpu, phases))
            case ("close",):
                await asyncio.gather(*(s.close() for room in rooms for s in room))
                pipe.send(("close",))
                return


# -- the run -------------------------------------------------------------------------


class Clients:
    """The client processes of one run, asked to do each step together."""

    def __init__(self, jobs: list[Assignment]) -> None:
        context = multiprocessing.get_context("spawn")  # no copy of this process's loop
        self.pipes: list[Pipe] = []
        self.processes: list[Any] = []
        for job in jobs:
            ours, theirs = context.Pipe()
            process = context.Process(target=client_process, args=(theirs, job), daemon=True)
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)

    async def each(self, *message: Any) -> list[tuple[Any, ...]]:
        for pipe in self.pipes:
            pipe.send(message)
        replies: list[tuple[Any, ...]] = await asyncio.gather(
            *(asyncio.to_thread(pipe.recv) for pipe in self.pipes)
        )
        for reply in replies:
            if reply[0] == "failed":
                raise RuntimeError(f"a client process failed:\n{reply[1]}")
        return replies

    def stop(self) -> None:
        for process in self.processes:
            process.join(5)
            if process.is_alive():
                process.terminate()
                process.join(5)


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for {pid}")


async def run_one(
    root: Path, cases: list[UUID], store_url: str, log_dir: Path, args: argparse.Namespace
) -> dict[str, Any]:
    busy_before = await wait_for_quiet(args.wait_quiet)
    load_before = load1()
    run = f"cap{len(cases)}-{uuid.uuid4().hex[:6]}"
    hooks = log_dir.parent / "hooks"  # the server's garbage collections, timed
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(GC_HOOK)
    gc_log = log_dir / f"{run}.gc"
    gc_log.touch()
    os.environ["BENCH_GC_LOG"] = str(gc_log)
    system = BoardSystem(
        "board",
        SERIES["board"],
        store_url,
        cases[0],
        log_dir=log_dir,
        root=root,
        pythonpath=str(hooks),
    )
    await system.start(run)
    del os.environ["BENCH_GC_LOG"]
    server = system.servers[0]
    pid = server.process.pid
    procs = min(args.procs, len(cases))
    jobs = [
        Assignment(
            port=server.port,
            cookie=system.cookie,
            run=run,
            meetings=[(g, str(cases[g])) for g in range(k, len(cases), procs)],
            all_meetings=len(cases),
            screens=args.screens,
            rate=args.rate,
        )
        for k in range(procs)
    ]
    connections = len(cases) * args.screens
    clients = Clients(jobs)
    try:
        await asyncio.sleep(args.settle)
        rss_fresh = server.rss_kib()
        began = time.monotonic()
        await clients.each("warm")
        warm_s = time.monotonic() - began
        await asyncio.sleep(args.settle)
        rss_warm = server.rss_kib()
        began = time.monotonic()
        await clients.each("connect")
        connect_s = time.monotonic() - began
        log(f"  {connections} screens in {len(cases)} meetings connected in {connect_s:.1f}s")
        await asyncio.sleep(args.settle)
        rss_connected = server.rss_kib()
        tracked = None
        if args.freeze:  # every object the screens made, out of the collector's sight
            os.kill(pid, signal.SIGUSR2)
            tracked = await asyncio.to_thread(wait_for_number, gc_log.with_suffix(".gc.tracked"))
            await asyncio.sleep(args.settle)
        cpu_before = server.cpu_seconds()
        gc_before = len(gc_log.read_text().splitlines())
        samples_file = gc_log.with_suffix(".gc.samples")
        samples_before = len(lines_of(samples_file))
        started = now_ns() + 1_000_000_000
        replies = await clients.each("go", started, float(args.seconds))
        span = (now_ns() - started) / 1e9
        cpu = server.cpu_seconds() - cpu_before
        pauses = [line.split() for line in gc_log.read_text().splitlines()[gc_before:]]
        # Each second of the phase: seconds, CPU s, RSS pages, frozen, pending, collections
        # by generation, screens resynced and dropped.
        timeline = [
            [float(x) for x in line.split()] for line in lines_of(samples_file)[samples_before:]
        ]
        rss_end, rss_peak = server.rss_kib(), status_kib(pid, "VmHWM")
        await clients.each("close")
    finally:
        clients.stop()
        await system.stop()
    phase = combine([phase for reply in replies for phase in reply[2]])
    edits = phase["edits"]
    added = connections - len(cases)
    result = {
        "root": str(root),
        "commit": git_commit(root),
        "meetings": len(cases),
        "screens": args.screens,
        "connections": connections,
        "client_processes": procs,
        "busy_before": busy_before,
        "load_before": load_before,
        "load_after": load1(),
        "warm_s": warm_s,
        "connect_s": connect_s,
        "rss_fresh_kib": rss_fresh,
        "rss_warm_kib": rss_warm,
        "rss_connected_kib": rss_connected,
        "rss_end_kib": rss_end,
        "rss_peak_kib": rss_peak,
        "kib_per_meeting": (rss_warm - rss_fresh) / len(cases),
        "kib_per_connection": (rss_connected - rss_warm) / max(1, added),
        "server_cpu_share": cpu / span,
        "server_cpu_us_per_edit_per_screen": cpu * 1e6 / max(1, edits * args.screens),
        "client_cpu_shares": [reply[1] / span for reply in replies],
        "frozen": args.freeze,
        "gc_tracked_when_frozen": tracked,
        "gc_full_collections": sum(1 for g, _ in pauses if g == "2"),
        "gc_longest_ms": max((float(ms) for _, ms in pauses), default=0.0),
        "gc_ms_logged": sum(float(ms) for _, ms in pauses),
        "server_timeline": timeline,
        **phase,  # rate, seconds, edits, the checks, the writers' lateness, the latencies
    }
    lat = result["latency"]
    log(
        f"  p50 {lat['p50_ms']:.2f} ms, p99 {lat['p99_ms']:.2f} ms over {lat['samples']} "
        f"receipts; every edit in order {result['in_order']}; "
        f"{result['kib_per_connection']:.1f} KiB per connection; server CPU "
        f"{100 * result['server_cpu_share']:.0f}%; load {load_before:.2f} -> {load1():.2f}"
    )
    return result


def lines_of(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def wait_for_number(path: Path) -> int:
    """What the server's hook writes once it has collected (seconds, at 10,000 screens)."""
    while not path.exists() or not path.read_text():
        time.sleep(0.2)
    return int(path.read_text())


def git_commit(root: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return out.stdout.strip() or root.name  # e.g. a `git archive` of another commit


def markdown(results: list[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Linux {info['kernel']}; "
        f"Python {info['python']}",
        "",
        "| run | board | meetings × screens | edits/s × s | client procs | load before → after "
        "| connect s | p50 ms | p99 ms | max ms | last screen p99 ms | every edit, in order "
        "| server CPU (of a core) | client CPU (each) | writers late p99 ms | KiB per meeting "
        "| KiB per connection | full GCs | longest GC ms | RSS connected → peak MiB |",
        "| ---: | --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | :---: "
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for n, r in enumerate(results, 1):
        lat = r["latency"]
        ok = "yes" if r["in_order"] else f"NO ({r['missing_receipts']} missing, "
        if not r["in_order"]:
            ok += f"errors {r['error_count']})"
        clients = ", ".join(f"{100 * c:.0f}%" for c in r["client_cpu_shares"])
        lines.append(
            f"| {n} | {r['commit']} | {r['meetings']} × {r['screens']} "
            f"| {r['rate'] * r['meetings']:g} × {r['seconds']:g}{' frozen' * r['frozen']} "
            f"| {r['client_processes']} "
            f"| {r['load_before']:.2f} → {r['load_after']:.2f} | {r['connect_s']:.0f} "
            f"| {lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} | {lat['max_ms']:.1f} "
            f"| {r['all_screens']['p99_ms']:.2f} | {ok} | {100 * r['server_cpu_share']:.0f}% "
            f"| {clients} | {r['send_late_p99_ms']:.1f} | {r['kib_per_meeting']:.0f} "
            f"| {r['kib_per_connection']:.1f} | {r['gc_full_collections']} "
            f"| {r['gc_longest_ms']:.0f} "
            f"| {r['rss_connected_kib'] / 1024:.0f} → {r['rss_peak_kib'] / 1024:.0f} |"
        )
    return "\n".join(lines)


def cached_cases(store_url: str, count: int, cache: str | None) -> list[UUID]:
    """`count` cases with a meeting open (0.4 s each): written afresh, or copied from
    a store this benchmark wrote before (`--store-cache`), which it then keeps."""
    listing = Path(f"{cache}.cases") if cache else None
    if cache and listing and listing.exists():
        cases = [UUID(line) for line in listing.read_text().split()]
        if len(cases) >= count:  # a run with fewer meetings uses the first of them
            shutil.copy(cache, store_url)
            log(f"{len(cases)} cases copied from {cache}; {count} have screens")
            return cases[:count]
    began = time.monotonic()
    cases = prepare_cases(store_url, count)
    log(f"{count} cases written in {time.monotonic() - began:.0f}s")
    if cache and listing:
        shutil.copy(store_url, cache)  # prepare_cases closed the store: the file is whole
        listing.write_text("\n".join(str(c) for c in cases))
    return cases


async def main_async(args: argparse.Namespace) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    raise_fd_limit()
    work = Path(tempfile.mkdtemp(prefix="bench-capacity-"))
    log_dir = work / "logs"
    log_dir.mkdir()
    results: list[dict[str, Any]] = []
    try:
        info = machine(None)
        store_url = str(work / "board.sqlite3")
        cases = await asyncio.to_thread(cached_cases, store_url, args.meetings, args.store_cache)
        order = [
            root
            for repeat in range(args.repeat)
            for root in (args.roots if repeat % 2 == 0 else args.roots[::-1])
        ]
        for n, root in enumerate(order, 1):
            log(f"run {n}/{len(order)}: {root}, {args.meetings} meetings × {args.screens}")
            results.append(await run_one(root, cases, store_url, log_dir, args))
            if args.json:  # after every run, so a cut-short session keeps its figures
                write_json(args.json, info, results)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return results, info


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=500)
    parser.add_argument("--screens", type=int, default=20, help="screens in each meeting")
    parser.add_argument("--rate", type=float, default=1.0, help="edits a second per meeting")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the writers write")
    parser.add_argument("--procs", type=int, default=4, help="client processes")
    parser.add_argument(
        "--roots", default=str(ROOT), help="checkouts to run the server from, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=1, help="rounds over --roots (ABBA...)")
    parser.add_argument("--wait-quiet", type=float, default=5.0)
    parser.add_argument(
        "--settle", type=float, default=SETTLE_S, help="seconds to wait between phases"
    )
    parser.add_argument("--json", help="write every figure to this file (after each run)")
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="once the screens are in, gc.collect() + gc.freeze() in the server (a "
        "diagnosis of GC pauses through the benchmark's hook, not a board setting)",
    )
    parser.add_argument("--store-cache", help="keep the prepared store here, to reuse")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    args.roots = [Path(r).resolve() for r in args.roots.split(",")]
    if args.rate > 15:
        parser.error("one writer per meeting: at most 15 edits a second (the board allows 20)")
    results, info = asyncio.run(main_async(args))
    command = " ".join([".venv/bin/python -m bench.capacity", *sys.argv[1:]])
    print(markdown(results, info, command))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
