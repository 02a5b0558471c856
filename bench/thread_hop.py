"""The CPU of the thread hop a websocket command takes before it is decided.

    .venv/bin/python -m bench.thread_hop [--calls 20000]

The socket runs `BoardApplication.execute` through starlette's `run_in_threadpool`
(the store is synchronous); `bench/ingest.py` calls it from threads directly, so its
figures leave this cost out. Measured here on a function that does nothing: one call
at a time, and 50 at once (50 screens sending together).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import time
from collections.abc import Sequence

from starlette.concurrency import run_in_threadpool


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def nothing(value: int) -> int:
    return value


async def measure(calls: int) -> None:
    for _ in range(500):  # the worker threads started
        await run_in_threadpool(nothing, 1)
    cpu, wall = cpu_seconds(), time.perf_counter()
    for _ in range(calls):
        await run_in_threadpool(nothing, 1)
    one_cpu = (cpu_seconds() - cpu) / calls * 1e6
    one_wall = (time.perf_counter() - wall) / calls * 1e6
    cpu = cpu_seconds()
    for _ in range(calls // 50):
        await asyncio.gather(*(run_in_threadpool(nothing, 1) for _ in range(50)))
    fifty_cpu = (cpu_seconds() - cpu) / calls * 1e6
    print(f"load before: {os.getloadavg()[0]:.2f}")
    print(f"run_in_threadpool, one at a time: {one_cpu:.1f} µs CPU, {one_wall:.1f} µs wall a call")
    print(f"run_in_threadpool, 50 at once: {fifty_cpu:.1f} µs CPU a call")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--calls", type=int, default=20_000, help="calls one at a time")
    args = parser.parse_args(argv)
    asyncio.run(measure(args.calls))
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
