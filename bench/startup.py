"""How long `python -m board serve` takes to answer its first health check.

    .venv/bin/python -m bench.startup [--runs 10] [--importtime] [--roots A,B] [--source]

Starts the server on a fresh SQLite file with the production settings (argon2 at its
real cost), asks `GET /healthz` every 2 ms from the moment the process is spawned, and
stops it at the first 200. Reports the wall time to that answer and the server's CPU
time by then (its threads' time on a CPU, from /proc's schedstat): on a shared machine
the CPU time is the steadier figure. `--importtime` also prints the slowest imports
(`python -X importtime`), cumulative, of one more start of the last checkout. `--roots`
alternates starts between checkouts (a commit before a change, `git archive REV | tar -x
-C DIR`), run with this checkout's Python and packages, so both meet the same load.

Bytecode: an installed board (the Docker image: `pip install` compiles every module)
starts from `.pyc` files; a checkout run with PYTHONDONTWRITEBYTECODE=1 (as this
machine's shells are) reads only those something else wrote, and compiles the rest at
every start. So by default each checkout gets a bytecode cache of its own
(PYTHONPYCACHEPREFIX in a temporary directory), written by one start that is not
counted, and the counted starts read it: the start as deployed, the same for every
checkout whatever `.pyc` files lie in it. `--source` counts starts with no bytecode at
all (an empty cache, nothing written): every module, the standard library's too,
compiled at each start, the most a start can cost.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 250.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_ms(pid: int) -> float:
    """The process's CPU time: its threads' time on a CPU in nanoseconds (schedstat),
    where the kernel gives it, else user + system in clock ticks (10 ms each)."""
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        return sum(int((t / "schedstat").read_text().split()[0]) for t in tasks) / 1e6
    except (OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def start_once(
    folder: Path, flags: Sequence[str] = (), root: Path = ROOT, bytecode: Path | None = None
) -> tuple[float, float, str]:
    """Wall ms to the first health answer, the server's CPU ms by then, its stderr.
    With `bytecode`, modules are read from (and, if missing, compiled into) that cache;
    without, each one is compiled from its source and the result thrown away."""
    port = free_port()
    env = {
        **os.environ,
        "BOARD_STORE": str(folder / f"board-{port}.sqlite3"),
        "BOARD_SECRET": "a-benchmark-secret-of-at-least-32-characters",
        "BOARD_PORT": str(port),
        "BOARD_HOST": "127.0.0.1",
    }
    env.pop("BOARD_ARGON2_COST", None)  # production's cost, as a real start
    env.pop("BOARD_REDIS_URL", None)
    if bytecode is None:  # an empty cache, never written: every module compiled
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["PYTHONPYCACHEPREFIX"] = str(folder / "no-bytecode")
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    log = folder / f"server-{port}.log"
    with log.open("wb") as out:
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, *flags, "-m", "board", "serve"],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        while not healthy(port):
            if process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{log.read_text()}")
            if time.perf_counter() - began > 30:
                raise RuntimeError(f"no health answer in 30 s:\n{log.read_text()}")
            time.sleep(0.002)
        wall = (time.perf_counter() - began) * 1000
        cpu = cpu_ms(process.pid)
    finally:
        process.terminate()
        process.wait(10)
    return wall, cpu, log.read_text(errors="replace")


def slowest_imports(text: str, top: int) -> list[str]:
    rows = []
    for line in text.splitlines():
        if line.startswith("import time:") and "|" in line and "cumulative" not in line:
            _, cumulative, name = line.split("|")
            rows.append((int(cumulative), name.rstrip()))
    rows.sort(reverse=True)
    return [f"{us / 1000:8.1f} ms {name}" for us, name in rows[:top]]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--importtime", action="store_true", help="also the slowest imports")
    parser.add_argument("--top", type=int, default=25, help="imports listed")
    parser.add_argument("--roots", default=str(ROOT), help="checkouts, comma-separated")
    parser.add_argument(
        "--source", action="store_true", help="no bytecode at all: every module compiled"
    )
    args = parser.parse_args(argv)
    roots = [Path(r).resolve() for r in args.roots.split(",")]
    with tempfile.TemporaryDirectory(prefix="board-startup-") as tmp:
        folder = Path(tmp)
        caches: dict[Path, Path | None] = {
            r: None if args.source else folder / f"pyc-{i}" for i, r in enumerate(roots)
        }
        for root, cache in caches.items():
            if cache is not None:
                start_once(folder, root=root, bytecode=cache)  # writes the cache; not counted
        load_before = os.getloadavg()[0]
        walls: dict[Path, list[float]] = {r: [] for r in roots}
        cpus: dict[Path, list[float]] = {r: [] for r in roots}
        for _ in range(args.runs):
            for root in roots:
                wall, cpu, _ = start_once(folder, root=root, bytecode=caches[root])
                walls[root].append(wall)
                cpus[root].append(cpu)
        load_after = os.getloadavg()[0]
        for root in roots:
            w, c = walls[root], cpus[root]
            print(
                f"{root}: first health answer, {args.runs} starts: wall median "
                f"{statistics.median(w):.0f} ms (min {min(w):.0f}, max {max(w):.0f}); server "
                f"CPU median {statistics.median(c):.0f} ms (min {min(c):.0f}); target "
                f"{TARGET_MS:.0f} ms; load {load_before:.2f} -> {load_after:.2f}; "
                + ("every module compiled at each start" if args.source else "from bytecode")
            )
        if args.importtime:
            _, _, text = start_once(folder, ("-X", "importtime"), roots[-1], caches[roots[-1]])
            print("\n".join(slowest_imports(text, args.top)))


if __name__ == "__main__":
    main()
