"""The scale-out topology from local processes: what docker-compose.yml describes.

`python tests/support/cluster.py` (what `scripts/cluster` runs) starts N board processes (`serve`, on port+1 ... port+N)
sharing one PostgreSQL store and one Redis, and a small TCP load balancer on `port`
that spreads connections (websockets included) over the processes that answer. A
process that dies is started again. Used by the fault tests; on real machines the
same shape is nginx + two app containers (docker-compose.yml).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field

from board.settings import secret_problem

log = logging.getLogger("board.cluster")

RESTART_DELAY = 0.5  # seconds before a dead process is started again


@dataclass
class Backend:
    port: int
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0


@dataclass
class Cluster:
    host: str
    port: int
    size: int
    env: dict[str, str]
    backends: list[Backend] = field(default_factory=list)
    stopping: bool = False

    def start_backend(self, backend: Backend) -> None:
        env = {**self.env, "BOARD_PORT": str(backend.port), "BOARD_HOST": "127.0.0.1"}
        backend.process = subprocess.Popen([sys.executable, "-m", "board", "serve"], env=env)
        print(f"process on port {backend.port}: pid {backend.process.pid}", flush=True)

    async def supervise(self) -> None:
        """Start every process, and start again any that dies (kill -9 included)."""
        self.backends = [Backend(self.port + n) for n in range(1, self.size + 1)]
        for backend in self.backends:
            self.start_backend(backend)
        while not self.stopping:
            await asyncio.sleep(0.2)
            for backend in self.backends:
                if backend.process is not None and backend.process.poll() is not None:
                    print(f"process on port {backend.port} exited; restarting", flush=True)
                    await asyncio.sleep(RESTART_DELAY)
                    backend.restarts += 1
                    self.start_backend(backend)

    async def balance(self) -> None:
        """Round-robin TCP: each new connection goes to the next process that answers."""
        turn = itertools.cycle(range(self.size))

        async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            try:
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                with contextlib.suppress(ConnectionError, OSError):
                    writer.close()

        async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
            for _ in range(self.size):
                backend = self.backends[next(turn)]
                try:
                    server_r, server_w = await asyncio.open_connection("127.0.0.1", backend.port)
                except OSError:
                    continue  # down or restarting: try the next one
                await asyncio.gather(pipe(client_r, server_w), pipe(server_r, client_w))
                return
            client_w.close()

        server = await asyncio.start_server(handle, self.host, self.port)
        print(
            f"the board is at http://{self.host}:{self.port}/ ({self.size} processes)", flush=True
        )
        async with server:
            await server.serve_forever()

    def stop(self) -> None:
        self.stopping = True
        for backend in self.backends:
            if backend.process is not None and backend.process.poll() is None:
                backend.process.terminate()
        for backend in self.backends:
            if backend.process is not None:
                try:
                    backend.process.wait(10)
                except subprocess.TimeoutExpired:
                    backend.process.kill()


def run_cluster(host: str, port: int, size: int, store: str, redis_url: str) -> int:
    if not store.startswith(("postgresql://", "postgres://")):
        raise SystemExit("A cluster shares one PostgreSQL store: give --store postgresql://...")
    env = {**os.environ, "BOARD_STORE": store, "BOARD_REDIS_URL": redis_url}
    if not env.get("BOARD_SECRET", "").strip():
        raise SystemExit("Set BOARD_SECRET: every process must sign sessions with the same key.")
    problem = secret_problem(env["BOARD_SECRET"].strip())
    if problem:
        print(f"Warning: {problem}", file=sys.stderr, flush=True)
    cluster = Cluster(host, port, size, env)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        done = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, done.set)
        tasks = [asyncio.create_task(cluster.supervise()), asyncio.create_task(cluster.balance())]
        await done.wait()
        cluster.stopping = True
        for task in tasks:
            task.cancel()
        cluster.stop()

    asyncio.run(main())
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description="N board processes over PostgreSQL + Redis behind a load balancer"
    )
    parser.add_argument("--store", help="postgresql:// URL (BOARD_STORE)")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--redis", help="redis:// URL (BOARD_REDIS_URL)")
    args = parser.parse_args()
    store = (
        args.store or os.environ.get("BOARD_STORE") or "postgresql://postgres@127.0.0.1:5432/board"
    )
    redis_url = args.redis or os.environ.get("BOARD_REDIS_URL") or "redis://127.0.0.1:6379/0"
    return run_cluster(args.host, args.port, args.processes, store, redis_url)


if __name__ == "__main__":
    sys.exit(main())
