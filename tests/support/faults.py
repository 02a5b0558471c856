"""Things the fault tests break on purpose: a TCP proxy in front of PostgreSQL, a
private Redis server, and the cluster topology (tests/support/cluster.py) in a subprocess.

Everything listens on 127.0.0.1 only, and every wait here is bounded in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path

from live import ROOT, SECRET, free_port


def wait_until(
    condition: Callable[[], bool], timeout: float, what: str, every: float = 0.1
) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def healthz(base_url: str, timeout: float = 30.0) -> int:
    """GET /healthz: the status code, or 0 if nothing answered."""
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except OSError:
        return 0


def free_ports(count: int, attempts: int = 50) -> int:
    """A port P such that P .. P+count-1 are all free on 127.0.0.1 just now."""
    for _ in range(attempts):
        base = free_port()
        if base + count > 65535:
            continue
        sockets: list[socket.socket] = []
        try:
            for port in range(base, base + count):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError(f"found no {count} free consecutive ports")


# -- a TCP proxy that can be cut --------------------------------------------------------


class TcpProxy:
    """Forwards 127.0.0.1:`port` to 127.0.0.1:`target`, on an event loop of its own
    (in a thread), so a test's blocking calls never stall it. `cut()` closes the
    listener and every open connection, as a database that vanished would;
    `restore()` listens again on the same port."""

    def __init__(self, target: int, port: int | None = None) -> None:
        self.target = target
        self.port = port or free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="proxy")
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.accepted = 0
        self.flowing: asyncio.Event | None = None  # cleared: server -> client data is held

    def _call(self, coroutine: Coroutine[object, object, None], timeout: float = 10.0) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def start(self) -> TcpProxy:
        self.thread.start()
        self._call(self._listen())
        return self

    async def _listen(self) -> None:
        self.flowing = asyncio.Event()
        self.flowing.set()
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", self.target), 5
            )
        except (OSError, TimeoutError):
            writer.transport.abort()
            return
        self.writers.update((writer, up_writer))

        async def pipe(
            source: asyncio.StreamReader, sink: asyncio.StreamWriter, gated: bool
        ) -> None:
            try:
                while data := await source.read(65536):
                    if gated and self.flowing is not None:
                        await self.flowing.wait()
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()

        try:
            await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))
        finally:
            self.writers.difference_update((writer, up_writer))

    async def _cut(self) -> None:
        if self.server is not None:
            self.server.close()
            # Not wait_closed(): it waits for the open connections, which we abort.
            self.server = None
        for writer in list(self.writers):
            writer.transport.abort()
        self.writers.clear()
        if self.flowing is not None:
            self.flowing.set()  # held data is dropped: its connection is gone

    def cut(self) -> None:
        self._call(self._cut())

    def restore(self) -> None:
        self._call(self._listen())

    async def _hold(self) -> None:
        if self.flowing is not None:
            self.flowing.clear()

    def hold(self) -> None:
        """Keep forwarding what clients send, but hold back what the server answers
        (until `cut`): an acknowledgement can be made certain to be lost."""
        self._call(self._hold())

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._call(self._cut())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        if not self.thread.is_alive():
            self.loop.close()


# -- a private Redis server -------------------------------------------------------------


@dataclass
class PrivateRedis:
    """A throwaway redis-server on a free loopback port: it can be killed and started
    again on the same port without touching the machine's shared Redis."""

    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> PrivateRedis:
        self.starts += 1
        log = (self.log_dir / f"redis-{self.port}-{self.starts}.log").open("wb")
        with log:
            self.process = subprocess.Popen(
                [
                    "redis-server",
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.log_dir,
            )
        wait_until(self.answers, 10, f"redis-server on port {self.port}")
        return self

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def command(self, *args: str) -> object:
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=2)
        try:
            return client.execute_command(*args)
        finally:
            client.close()

    def pattern_subscribers(self) -> int:
        """How many connections are subscribed to a pattern (each board process has one)."""
        listing = self.command("CLIENT", "LIST", "TYPE", "pubsub")
        text = listing.decode() if isinstance(listing, bytes) else str(listing)
        return len(re.findall(r"\bpsub=[1-9]", text))

    def kill(self) -> None:
        """kill -9: the subscribers' sockets simply die."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(5)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


# -- the cluster ------------------------------------------------------------------------

_PID_LINE = re.compile(r"process on port (\d+): pid (\d+)")


@dataclass
class RunningCluster:
    """tests/support/cluster.py in a subprocess: a balancer on `port`, board processes
    on port+1 .. port+size, restarted by the cluster when they die."""

    process: subprocess.Popen[bytes]
    port: int
    size: int
    log_path: Path
    known_pids: set[int] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def backend_url(self, n: int) -> str:
        """The n-th board process (0-based), bypassing the balancer."""
        return f"http://127.0.0.1:{self.port + 1 + n}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def pids(self) -> dict[int, int]:
        """port -> pid of the latest process started there."""
        found: dict[int, int] = {}
        for port, pid in _PID_LINE.findall(self.log()):
            found[int(port)] = int(pid)
        self.known_pids.update(found.values())
        return found

    def backend_pid(self, n: int) -> int:
        return self.pids()[self.port + 1 + n]

    def wait_healthy(self, timeout: float = 30.0) -> None:
        def all_up() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"the cluster exited:\n{self.log()[-4000:]}")
            return all(healthz(self.backend_url(n), 2) == 200 for n in range(self.size)) and (
                healthz(self.url, 2) == 200
            )

        wait_until(all_up, timeout, "every board process to answer /healthz")

    def kill_backend(self, n: int) -> int:
        """kill -9 the n-th board process; return its pid."""
        pid = self.backend_pid(n)
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        # Any board process the cluster left behind (it was killed): end it by its pid.
        self.pids()
        for pid in self.known_pids:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)


def start_cluster(
    store_url: str, redis_url: str, log_dir: Path, size: int = 2, timeout: float = 40.0
) -> RunningCluster:
    port = free_ports(size + 1)
    env = {**os.environ, "BOARD_SECRET": SECRET, "PYTHONUNBUFFERED": "1"}
    for name in ("BOARD_STORE", "BOARD_REDIS_URL", "BOARD_PORT", "BOARD_HOST"):
        env.pop(name, None)
    log_path = log_dir / f"cluster-{port}.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("cluster.py")),
                "--store",
                store_url,
                "--processes",
                str(size),
                "--port",
                str(port),
                "--redis",
                redis_url,
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    cluster = RunningCluster(process, port, size, log_path)
    try:
        cluster.wait_healthy(timeout)
    except BaseException:
        cluster.stop()
        raise
    return cluster
