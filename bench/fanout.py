"""The fan-out benchmark: one meeting, 10, 100 and 500 screens, real servers, real websockets.

    .venv/bin/python -m bench.fanout              # the figures in docs/benchmarks.md
    .venv/bin/python -m bench.fanout --quick      # a smoke run (10 and 50 screens)
    .venv/bin/python -m bench.fanout --clients 100 --only board,yjs --json /tmp/f.json
    .venv/bin/python -m bench.fanout --only board --clients 100 --profile 100  # py-spy

Series, each server started afresh for every client count (`SERIES` below):

  board         `python -m board serve` on SQLite, the default store: every event is
                committed to the SQLite file (WAL, synchronous=FULL) before any screen
                is sent it. The screens offer permessage-deflate, as browsers do;
  board-plain   the same, the screens not offering permessage-deflate;
  board-uvloop  board-plain with uvloop on the server's path (installed with pip into
                the temporary directory; uvicorn picks it up by itself);
  cluster       two `python -m board serve` processes sharing PostgreSQL and Redis;
                screens alternate between the two, the senders are on the first;
  yjs           the Yjs relay `@y/websocket-server` 0.1.1 (npm, installed into the
                temporary directory at run time; nothing of it is kept), which keeps the
                document in memory only and relays each update to every connection in
                the room. Its updates are made by the real yjs (bench/yjs_updates.mjs).

Every screen is a real websocket connection from this process to a real server, in
one meeting (one case, one Yjs room). Board screens are signed in (one staff session
cookie, shared) and send the server's own Origin; they connect with `?after=` the
head, so they are sent no snapshot. The Yjs screens likewise only listen: they do not
run the sync handshake. Both kinds of screen do the same small work per frame: take
the time, find the command's id in it.

For each series and client count N:

  memory      the server's VmRSS (from /proc/PID/status) with one screen connected and
              warmed up, and again once the other N-1 have connected and settled;
              the difference divided by N-1 (both processes added up for the cluster);
  latency     one screen sends M commands (the board: `add_item`; Yjs: a Y.Map set of
              a string, padded so that the relayed message is as long as the board's
              event frame), one at a time: each once every screen has the previous
              one, after a short pause. Latency is from the sender's
              `time.perf_counter_ns()` just before sending to each screen's on
              receipt, the sender's own screen included (N samples per command); the
              server's CPU time over the phase, per command, is reported too;
  throughput  K screens (K = min(16, screens on the first process)) each send
              commands as fast as their acks come back (Yjs: their own update coming
              back), paced to 19 a second each, under the board's limit of 20 frames a
              second per connection, for D seconds. Reported: commands recorded per
              second (acks in the window), whether every screen then had every event,
              and the latency of those events at every screen.

Before each run the benchmark waits (up to --wait-quiet seconds) for the machine to
be idle, and it reports how much CPU other processes took during each phase.
Progress goes to stderr; the figures go to stdout as Markdown (and to --json).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import math
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from board.application.service import BoardApplication
from board.cli.demo import allocate_accounts, write_demo_case
from board.client import BoardClient
from board.commands import OpenMeeting
from board.events import Author
from board.practice import MeetingKind, Role
from board.storage.accounts import Accounts
from board.storage.store import CaseStore

ROOT = Path(__file__).resolve().parent.parent
CLIENT_COUNTS = (10, 100, 500)
YJS_PACKAGES = ("@y/websocket-server@0.1.1", "yjs@13.6.33")  # newer releases do not install
UVLOOP = "uvloop==0.23.0"  # for the board-uvloop series only; not a dependency of the board
POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/0"
PASSWORD = "a long benchmark password"  # noqa: S105 (a throwaway account in a temporary store)
MAX_SENDERS = 16
SENDER_RATE = 19.0  # commands a second per sender; the board allows 20 frames a second
CONNECT_AT_ONCE = 50
WARM_UP = 5
ITEM_TEXT = "Gran Pat collects Lily from school on weekdays and stays with her until Jess is home"
SERIES = {
    "board": "the board on SQLite, one process; the screens offer permessage-deflate, as "
    "browsers do, and uvicorn takes it: each event is compressed for each screen",
    "board-plain": "the same, but the screens do not offer permessage-deflate",
    "board-uvloop": "board-plain, with uvloop installed for the server (uvicorn then uses it)",
    "cluster": "the board as two processes on PostgreSQL + Redis; screens alternate between "
    "them, the senders are on the first; permessage-deflate offered and taken",
    "yjs": "the Yjs relay, @y/websocket-server 0.1.1: in memory only; permessage-deflate "
    "offered and declined (its `ws` server has it off)",
    "py-relay": "bench/py_relay.py, a bare Python relay: `websockets.broadcast()` of each "
    "message to every connection, no store, no ASGI; the same updates as `yjs`",
}
RELAYS = {"yjs", "py-relay"}
DEFAULT_FRAME_BYTES = 420  # used for the Yjs updates only when the board was not run
TARGET_CLIENTS = 100  # the target: board p99 no worse than the relay's here


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def now_ns() -> int:
    return time.perf_counter_ns()  # CLOCK_MONOTONIC: one clock for the whole machine


# -- processes ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A server process this benchmark started (and stops)."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    metrics_port: int | None = None  # the board's Prometheus endpoint (board/metrics.py)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for {self.name}")

    def cpu_seconds(self, main_thread: bool = False) -> float:
        """User + system CPU time of every thread of the process so far, or of its main
        thread only (the board's event loop; Node's JavaScript)."""
        pid = self.process.pid
        stat = Path(f"/proc/{pid}/task/{pid}/stat" if main_thread else f"/proc/{pid}/stat")
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def spawn(
    name: str, argv: Sequence[str], cwd: Path, env: dict[str, str], port: int, log_dir: Path
) -> Server:
    log_path = log_dir / f"{name}-{port}.log"
    with log_path.open("wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(name, process, port, log_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited early:\n{server.log_tail()}")
        url = f"{server.origin}/healthz"  # loopback http only
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as response:
            if response.status == 200:
                return server
        time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{name} did not answer:\n{server.log_tail()}")


def start_board(
    store_url: str,
    secret: str,
    log_dir: Path,
    redis_url: str | None,
    pythonpath: str | None,
    root: Path,
) -> Server:
    """`python -m board serve`, from `root` (this checkout, or another to compare)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOARD_")}
    paths = [str(root)] if root != ROOT else []
    if pythonpath:  # e.g. uvloop, installed for this run only: uvicorn then picks it
        paths.append(pythonpath)
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(
        BOARD_STORE=store_url, BOARD_SECRET=secret, BOARD_PORT=str(port), BOARD_HOST="127.0.0.1"
    )
    if redis_url:
        env["BOARD_REDIS_URL"] = redis_url
    metrics_port = free_port()  # a thread that sleeps until asked: its figures are kept anyway
    env["BOARD_METRICS_PORT"] = str(metrics_port)
    argv = [sys.executable, "-m", "board", "serve"]
    server = spawn("board", argv, root, env, port, log_dir)
    server.metrics_port = metrics_port
    return server


def start_relay(name: str, node_dir: Path, log_dir: Path) -> Server:
    """The Yjs relay (it answers any GET with 200), or our bare Python relay."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port)}
    if name == "yjs":
        argv, cwd = ["node", "node_modules/@y/websocket-server/src/server.js"], node_dir
    else:
        argv, cwd = [sys.executable, "-m", "bench.py_relay"], ROOT
    return spawn(name, argv, cwd, env, port, log_dir)


# -- other people's work on this machine -------------------------------------------------


def machine_busy_seconds() -> float:
    """CPU seconds spent busy on the whole machine, all CPUs, since boot."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


class Foreign:
    """CPU used by processes other than ours (this one and our servers) over a span,
    as a share of the whole machine: how much someone else's work was in the way."""

    def __init__(self, system: System) -> None:
        self.system = system
        self.began = time.monotonic()
        self.busy = machine_busy_seconds()
        self.ours = own_cpu_seconds() + system.cpu_seconds()

    def share(self) -> float:
        wall = (time.monotonic() - self.began) * (os.cpu_count() or 1)
        busy = machine_busy_seconds() - self.busy
        ours = own_cpu_seconds() + self.system.cpu_seconds() - self.ours
        return max(0.0, busy - ours) / max(wall, 1e-9)


async def wait_for_quiet(limit: float, most: float = 0.15) -> float:
    """Wait (up to `limit` seconds) until the machine is at most `most` busy over a
    second; returns the last share seen."""
    deadline = time.monotonic() + limit
    span = min(1.0, max(limit, 0.1))  # a toy run (limit 0) looks for a tenth of a second
    while True:
        busy = machine_busy_seconds()
        await asyncio.sleep(span)
        share = (machine_busy_seconds() - busy) / span / (os.cpu_count() or 1)
        if share <= most or time.monotonic() >= deadline:
            return share


# -- screens -------------------------------------------------------------------------
#
# A screen is a minimal RFC 6455 client on an asyncio Protocol: the HTTP upgrade (with
# the Origin and Cookie headers), unmasked frames from the server parsed straight out
# of the bytes received, masked frames to it, ping answered with pong, and
# permessage-deflate inflated when asked for. The `websockets` library's client costs
# this process about 50 µs of CPU per frame, which on two cores made the benchmark
# itself the bottleneck from 100 screens on; this one costs a few µs.

EVENT, ACK, READY, ERROR = "event", "ack", "ready", "error"
Parsed = tuple[str, str] | None
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def parse_board(payload: bytes) -> Parsed:
    """The kind of a board frame and the command id it carries: bytes.find, no decoding."""
    if payload.startswith(b'{"type":"event"'):
        at = payload.find(b'"command_id":"')  # before the fact, so never the user's text
        if at < 0:
            return None
        at += 14
        return EVENT, payload[at : payload.index(b'"', at)].decode()
    if payload.startswith(b'{"type":"ack","id":"'):
        return ACK, payload[20 : payload.index(b'"', 20)].decode()
    if payload.startswith(b'{"type":"caught_up"'):
        return READY, ""
    if payload.startswith(b'{"type":"error"'):
        error = json.loads(payload)
        return ERROR, f"{error.get('id')}: {error['code']}"
    return None


def parse_yjs(payload: bytes) -> Parsed:
    """messageSync + messageYjsUpdate carries our marker `~~ID~~`; sync step 1 opens."""
    if len(payload) < 2 or payload[0] != 0:
        return None
    if payload[1] == 2:
        at = payload.find(b"~~")
        if at < 0:
            return None
        return EVENT, payload[at + 2 : payload.index(b"~~", at + 2)].decode()
    if payload[1] == 0:
        return READY, ""
    return None


def client_frame(opcode: int, payload: bytes) -> bytes:
    """A masked frame, as a client must send."""
    size = len(payload)
    if size < 126:
        header = bytes((0x80 | opcode, 0x80 | size))
    elif size < 65536:
        header = bytes((0x80 | opcode, 0x80 | 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 0x80 | 127)) + size.to_bytes(8, "big")
    mask = os.urandom(4)
    key = int.from_bytes((mask * (size // 4 + 1))[:size], "big")
    masked = (int.from_bytes(payload, "big") ^ key).to_bytes(size, "big")
    return header + mask + masked


class Tally:
    """Send times and arrival times of every command of one phase, at every screen."""

    def __init__(self, screens: int) -> None:
        self.screens = screens
        self.sent: dict[str, int] = {}
        self.arrived: dict[str, list[int]] = {}
        self.everyone: dict[str, asyncio.Future[None]] = {}
        self.errors: list[str] = []
        self.all_in = asyncio.Event()  # set when every command sent has reached every screen

    def expect(self, ident: str) -> asyncio.Future[None]:
        future = self.everyone[ident] = asyncio.get_running_loop().create_future()
        return future

    def arrive(self, ident: str, at: int) -> None:
        times = self.arrived.get(ident)
        if times is None:
            times = self.arrived[ident] = []
        times.append(at)
        if len(times) == self.screens:
            future = self.everyone.pop(ident, None)
            if future is not None and not future.done():
                future.set_result(None)
            if self.all_in.is_set() is False and self.complete():
                self.all_in.set()

    def latencies_ms(self) -> list[float]:
        return [
            (at - sent) / 1e6
            for ident, sent in self.sent.items()
            for at in self.arrived.get(ident, ())
        ]

    def complete(self) -> bool:
        return all(len(self.arrived.get(i, ())) == self.screens for i in self.sent)


class Screen(asyncio.Protocol):
    """One websocket connection: records arrivals; a sender also awaits its acks."""

    def __init__(self, parse: Callable[[bytes], Parsed], echo_is_ack: bool) -> None:
        self.parse = parse
        self.echo_is_ack = echo_is_ack  # Yjs has no ack: a sender awaits its own update
        self.tally: Tally | None = None
        self.waiting: dict[str, asyncio.Future[int]] = {}
        self.sizes: list[int] | None = None  # the size of each event frame, when asked for
        self.frames = 0
        self.order: list[str] | None = None  # the events' ids as they came, when asked for
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.fragments: list[bytes] = []
        self.compressed = False  # the message being received has RSV1 set
        self.key = base64.b64encode(os.urandom(16)).decode()
        loop = asyncio.get_running_loop()
        self.upgraded: asyncio.Future[None] = loop.create_future()
        self.ready = asyncio.Event()
        self.inflater: Any = None

    @classmethod
    async def open(cls, system: System, index: int, deflate: bool, timeout: float = 60) -> Screen:
        url, headers = system.target(index)
        parts = urlsplit(url)
        screen = cls(system.parse, system.echo_is_ack)
        loop = asyncio.get_running_loop()
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        await loop.create_connection(lambda: screen, host, port)
        lines = [
            f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
            f"Host: {parts.netloc}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {screen.key}",
            "Sec-WebSocket-Version: 13",
            *(f"{name}: {value}" for name, value in headers.items()),
        ]
        if deflate:
            lines.append("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits")
        assert screen.transport is not None
        screen.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await asyncio.wait_for(screen.upgraded, timeout)
        await asyncio.wait_for(screen.ready.wait(), timeout)
        return screen

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.upgraded.done():
            self.upgraded.set_exception(ConnectionError("closed during the upgrade"))
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("the server closed the connection"))

    def _upgrade(self) -> bool:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        del self.buffer[: end + 4]
        fields = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in head[1:])}
        digest = hashlib.sha1((self.key + WS_GUID).encode(), usedforsecurity=False).digest()
        accept = base64.b64encode(digest).decode()  # RFC 6455 names SHA-1
        if head[0].split()[1] != "101" or fields.get("sec-websocket-accept") != accept:
            self.upgraded.set_exception(ConnectionError(f"upgrade refused: {head[0]}"))
            return False
        if "permessage-deflate" in fields.get("sec-websocket-extensions", ""):
            self.inflater = zlib.decompressobj(wbits=-15)  # the server keeps its context
        self.upgraded.set_result(None)
        return True

    def data_received(self, data: bytes) -> None:
        at = now_ns()
        buffer = self.buffer
        buffer += data
        if not self.upgraded.done() and not self._upgrade():
            return
        start, size = 0, len(buffer)
        while size - start >= 2:
            first, length, head = buffer[start], buffer[start + 1] & 0x7F, 2
            if length == 126:
                if size - start < 4:
                    break
                length, head = (buffer[start + 2] << 8) | buffer[start + 3], 4
            elif length == 127:
                if size - start < 10:
                    break
                length, head = int.from_bytes(buffer[start + 2 : start + 10], "big"), 10
            if size - start - head < length:
                break
            payload = bytes(buffer[start + head : start + head + length])
            start += head + length
            opcode = first & 0x0F
            if opcode in (0, 1, 2):
                if first & 0x40:  # RSV1: compressed (set on a message's first frame)
                    self.compressed = True
                self.fragments.append(payload)
                if first & 0x80:  # FIN
                    self._message(at)
            elif opcode == 9:  # ping
                self.transport.write(client_frame(10, payload))  # type: ignore[union-attr]
            elif opcode == 8:  # close
                self.transport.close()  # type: ignore[union-attr]
        del buffer[:start]

    def _message(self, at: int) -> None:
        parts, self.fragments = self.fragments, []
        payload = parts[0] if len(parts) == 1 else b"".join(parts)
        if self.compressed:
            self.compressed = False
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        self.frames += 1
        parsed = self.parse(payload)
        if parsed is None:
            return
        kind, ident = parsed
        if kind == EVENT:
            if self.sizes is not None:
                self.sizes.append(len(payload))
            if self.order is not None:
                self.order.append(ident)
            if self.tally is not None:
                self.tally.arrive(ident, at)
            if self.echo_is_ack:
                self._resolve(ident, at)
        elif kind == ACK:
            self._resolve(ident, at)
        elif kind == READY:
            self.ready.set()
        elif kind == ERROR:
            ident, _, code = ident.partition(": ")
            future = self.waiting.pop(ident, None)
            if future is not None and not future.done():
                future.set_exception(RuntimeError(f"refused: {code}"))
            elif self.tally is not None:
                self.tally.errors.append(code)  # e.g. rate_limited, which names no id

    def _resolve(self, ident: str, at: int) -> None:
        future = self.waiting.pop(ident, None)
        if future is not None and not future.done():
            future.set_result(at)

    def send(self, ident: str, payload: str | bytes, tally: Tally) -> asyncio.Future[int]:
        """Send a command; the future resolves when it is acknowledged."""
        opcode, data = (1, payload.encode()) if isinstance(payload, str) else (2, payload)
        frame = client_frame(opcode, data)  # masked before the clock starts
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.waiting[ident] = future
        tally.sent[ident] = now_ns()
        self.transport.write(frame)  # type: ignore[union-attr]
        return future

    async def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(client_frame(8, (1000).to_bytes(2, "big")))
            self.transport.close()


# -- the systems ----------------------------------------------------------------------


class System:
    """What the phases need from a system under test."""

    name = ""
    label = ""
    deflate = True  # the screens offer permessage-deflate, as browsers do
    echo_is_ack = False
    parse: Callable[[bytes], Parsed] = staticmethod(parse_board)
    servers: list[Server]

    async def start(self, run: str) -> None:
        raise NotImplementedError

    async def stop(self) -> None:
        for server in getattr(self, "servers", []):
            server.stop()

    def target(self, index: int) -> tuple[str, dict[str, str]]:
        """Where screen `index` connects, with which headers."""
        raise NotImplementedError

    def sender_count(self, screens: int) -> int:
        return min(MAX_SENDERS, screens)

    def frame(self, ident: str) -> str | bytes:
        raise NotImplementedError

    def rss_kib(self) -> int:
        return sum(s.rss_kib() for s in self.servers)

    def cpu_seconds(self, main_thread: bool = False) -> float:
        return sum(s.cpu_seconds(main_thread) for s in self.servers)


class BoardSystem(System):
    echo_is_ack = False

    def __init__(self, name: str, label: str, store_url: str, case_id: UUID, **kw: Any) -> None:
        self.name, self.label = name, label
        self.store_url, self.case_id = store_url, case_id
        self.case_ids: list[UUID] = kw.get("case_ids", [case_id])  # one a meeting
        self.redis_url: str | None = kw.get("redis_url")
        self.processes: int = kw.get("processes", 1)
        self.log_dir: Path = kw["log_dir"]
        self.pythonpath: str | None = kw.get("pythonpath")
        self.root: Path = kw.get("root", ROOT)
        self.secret = secrets.token_urlsafe(32)
        self.cookie = ""
        self.run = ""
        self.servers = []

    async def start(self, run: str) -> None:
        self.run = run
        self.servers = []
        for _ in range(self.processes):
            self.servers.append(
                await asyncio.to_thread(
                    start_board,
                    self.store_url,
                    self.secret,
                    self.log_dir,
                    self.redis_url,
                    self.pythonpath,
                    self.root,
                )
            )
        client = BoardClient(self.servers[0].origin)
        await client.sign_in("chair", PASSWORD)  # every server takes the one signed cookie
        assert client.cookie
        self.cookie = client.cookie

    def target(self, index: int) -> tuple[str, dict[str, str]]:
        server = self.servers[index % len(self.servers)]
        url = f"ws://127.0.0.1:{server.port}/ws/cases/{self.case_id}?after={10**12}"
        return url, {"Origin": server.origin, "Cookie": self.cookie}

    def sender_count(self, screens: int) -> int:
        return min(MAX_SENDERS, math.ceil(screens / len(self.servers)))

    def sender_index(self, n: int) -> int:
        return n * len(self.servers)  # every sender on the first process

    def frame(self, ident: str) -> str:
        command = {"type": "add_item", "domain": "existing_safety", "text": ITEM_TEXT}
        return json.dumps({"type": "command", "id": ident, "command": command})

    def ident(self, base: str) -> str:
        return f"{self.run}.{base}"  # command ids are per person: unique in this store


class YjsSystem(System):
    """The Yjs relay, or (name "py-relay") our bare Python relay: the same updates."""

    echo_is_ack = True
    parse = staticmethod(parse_yjs)

    def __init__(self, name: str, node_dir: Path, log_dir: Path, updates: dict[str, bytes]) -> None:
        self.name, self.label = name, SERIES[name]
        self.node_dir, self.log_dir, self.updates = node_dir, log_dir, updates
        self.servers = []
        self.room = ""

    async def start(self, run: str) -> None:
        start = partial(start_relay, self.name, self.node_dir, self.log_dir)
        self.servers = [await asyncio.to_thread(start)]
        self.room = f"meeting-{uuid.uuid4().hex[:8]}"

    def target(self, index: int) -> tuple[str, dict[str, str]]:
        server = self.servers[0]
        return f"ws://127.0.0.1:{server.port}/{self.room}", {"Origin": server.origin}

    def sender_index(self, n: int) -> int:
        return n

    def frame(self, ident: str) -> bytes:
        return self.updates[ident]

    def ident(self, base: str) -> str:
        return base


AnySystem = BoardSystem | YjsSystem


# -- the phases -------------------------------------------------------------------------


async def connect(system: AnySystem, index: int, deflate: bool) -> Screen:
    return await Screen.open(system, index, deflate)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def summary(values: Sequence[float]) -> dict[str, float]:
    return {
        "samples": len(values),
        "p50_ms": percentile(values, 0.50),
        "p99_ms": percentile(values, 0.99),
        "max_ms": max(values) if values else math.nan,
    }


async def latency_phase(
    system: AnySystem, screens: list[Screen], commands: int, pause: float, prefix: str
) -> tuple[Tally, list[int]]:
    """One sender, one command at a time; returns the tally and the event frames' sizes."""
    tally = Tally(len(screens))
    for screen in screens:
        screen.tally = tally
    sender = screens[0]
    sizes: list[int] = []
    sender.sizes = sizes
    gap = 1 / SENDER_RATE  # under the board's limit of 20 frames a second
    for n in range(commands):
        ident = system.ident(f"{prefix}-{n}")
        everyone = tally.expect(ident)
        frame = system.frame(ident)
        began = time.monotonic()
        acked = sender.send(ident, frame, tally)
        try:
            await asyncio.wait_for(asyncio.gather(everyone, acked), 60)
        except TimeoutError:
            got = len(tally.arrived.get(ident, ()))
            raise RuntimeError(
                f"{ident} reached {got} of {len(screens)} screens in 60 s; errors: {tally.errors}"
            ) from None
        await asyncio.sleep(max(pause, began + gap - time.monotonic()))
    sender.sizes = None
    return tally, sizes


async def throughput_phase(
    system: AnySystem, screens: list[Screen], senders: int, seconds: float
) -> dict[str, Any]:
    tally = Tally(len(screens))
    for screen in screens:
        screen.tally = tally
    start = now_ns()
    stop_at = start + int(seconds * 1e9)
    acked_in_window = 0
    sent_total = 0

    async def send_from(k: int) -> None:
        nonlocal acked_in_window, sent_total
        screen = screens[system.sender_index(k)]
        gap = int(1e9 / SENDER_RATE)
        last = 0
        n = 0
        while True:
            wait = last + gap - now_ns()
            if wait > 0:
                await asyncio.sleep(wait / 1e9)
            if now_ns() >= stop_at:
                return
            last = now_ns()
            ident = system.ident(f"T{k}-{n}")
            n += 1
            sent_total += 1
            acked = screen.send(ident, system.frame(ident), tally)
            at = await asyncio.wait_for(acked, 60)
            if at <= stop_at:
                acked_in_window += 1

    await asyncio.gather(*(send_from(k) for k in range(senders)))
    finished = now_ns()
    if not tally.complete():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tally.all_in.wait(), 60)
    last_arrival = max((max(t) for t in tally.arrived.values() if t), default=finished)
    latencies = tally.latencies_ms()
    return {
        "senders": senders,
        "offered_per_s": senders * SENDER_RATE,
        "seconds": seconds,
        "commands": sent_total,
        "per_s": acked_in_window / seconds,
        "delivered_to_all": tally.complete(),
        "missing_receipts": sum(len(screens) - len(tally.arrived.get(i, ())) for i in tally.sent),
        "drain_ms": max(0.0, (last_arrival - finished) / 1e6),
        "errors": len(tally.errors),
        **{f"loaded_{k}": v for k, v in summary(latencies).items()},
    }


async def run_one(system: AnySystem, clients: int, args: argparse.Namespace) -> dict[str, Any]:
    deflate = system.deflate
    run = f"{system.name}{clients}-{uuid.uuid4().hex[:6]}"
    busy_before = await wait_for_quiet(args.wait_quiet)
    if busy_before > 0.15:
        log(f"  the machine is {100 * busy_before:.0f}% busy with other work; going ahead")
    await system.start(run)
    screens: list[Screen] = []
    try:
        screens.append(await connect(system, 0, deflate))
        warm, _ = await latency_phase(system, screens, WARM_UP, 0.05, "W")
        await asyncio.sleep(args.settle)
        rss_before = system.rss_kib()
        began = time.monotonic()
        gate = asyncio.Semaphore(CONNECT_AT_ONCE)

        async def one(index: int) -> Screen:
            async with gate:
                return await connect(system, index, deflate)

        screens += await asyncio.gather(*(one(i) for i in range(1, clients)))
        connect_s = time.monotonic() - began
        await asyncio.sleep(args.settle)
        rss_after = system.rss_kib()
        log(f"  {system.name}: {clients} screens connected in {connect_s:.1f}s")
        profiler = start_profiler(system, clients, args)
        foreign = Foreign(system)
        cpu_before = system.cpu_seconds()
        tally, sizes = await latency_phase(system, screens, args.commands, args.pause, "L")
        cpu_per_command_ms = (system.cpu_seconds() - cpu_before) * 1000 / args.commands
        foreign_latency = foreign.share()
        latency = summary(tally.latencies_ms())
        last_at_each = summary(
            [(max(t) - tally.sent[i]) / 1e6 for i, t in tally.arrived.items() if t]
        )
        log(
            f"  {system.name}: latency p50 {latency['p50_ms']:.2f} ms, "
            f"p99 {latency['p99_ms']:.2f} ms over {latency['samples']} receipts"
        )
        senders = system.sender_count(clients)
        cpu_before = system.cpu_seconds()
        foreign = Foreign(system)
        load = await throughput_phase(system, screens, senders, args.seconds)
        load["server_cpu_share"] = (system.cpu_seconds() - cpu_before) / (
            load["seconds"] + load["drain_ms"] / 1000
        )
        load["foreign_cpu_share"] = foreign.share()
        profile = stop_profiler(profiler)
        log(
            f"  {system.name}: {load['per_s']:.0f} commands/s from {senders} senders, "
            f"under load p99 {load['loaded_p99_ms']:.1f} ms, every screen had every event: "
            f"{load['delivered_to_all']}"
        )
        if not load["delivered_to_all"]:
            log(f"  {load['missing_receipts']} receipts of events never came (60 s)")
        return {
            "system": system.name,
            "label": system.label,
            "deflate_offered": deflate,
            "deflate_negotiated": screens[0].inflater is not None,
            "clients": clients,
            "connect_s": connect_s,
            "rss_before_kib": rss_before,
            "rss_after_kib": rss_after,
            "kib_per_client": (rss_after - rss_before) / max(1, clients - 1),
            "frame_bytes": sorted(sizes)[len(sizes) // 2] if sizes else None,
            "latency": latency,
            "all_screens": last_at_each,
            "warm_up_receipts": len(warm.latencies_ms()),
            "throughput": load,
            "server_cpu_ms_per_command": cpu_per_command_ms,
            "busy_before": busy_before,
            "foreign_cpu_share": foreign_latency,
            "profile": profile,
        }
    finally:
        await asyncio.gather(*(s.close() for s in screens))
        await system.stop()


# -- profiling ---------------------------------------------------------------------------


PROFILE_RATE = 250  # samples a second


@dataclass
class Profiler:
    process: subprocess.Popen[bytes]
    output: Path
    began: float


def start_profiler(system: AnySystem, clients: int, args: argparse.Namespace) -> Profiler | None:
    """py-spy on the (first) board server, through the latency and load phases."""
    if not args.profile or system.name == "yjs" or clients not in args.profile:
        return None
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    output = Path(args.profile_dir) / f"{system.name}-{clients}.txt"
    pid = str(system.servers[0].process.pid)
    argv = [py_spy, "record", "--pid", pid, "--rate", str(PROFILE_RATE)]
    argv += ["--threads", "--format", "raw", "--output", str(output)]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # let it attach
    return Profiler(process, output, time.monotonic())


IDLE = ("Condition.wait ", "EpollSelector.select ", "Event.wait ", "Thread.join ")
CATEGORIES = (  # the top frame of an event-loop sample, by where its code lives
    ("_SelectorSocketTransport.write", "socket send() (one system call per screen)"),
    ("permessage_deflate", "permessage-deflate (zlib, per screen)"),
    ("websockets/", "websocket framing (websockets)"),
    ("starlette/", "ASGI layers (starlette, uvicorn)"),
    ("uvicorn/", "ASGI layers (starlette, uvicorn)"),
    ("board/ws/", "the hub and connections (board/ws)"),
    ("asyncio/", "asyncio: queues, tasks, callbacks, wake-ups"),
    ("anyio/", "asyncio: queues, tasks, callbacks, wake-ups"),
    ("threading", "asyncio: queues, tasks, callbacks, wake-ups"),
    ("selectors", "asyncio: queues, tasks, callbacks, wake-ups"),
)


def _function(frame: str) -> str:
    """`name (path:line)` -> `name (path)`: one row per function, not per line."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})" if where else name


def _category(leaf: str) -> str:
    return next((label for key, label in CATEGORIES if key in leaf), "other")


THREAD_PLUMBING = ("(threading.py)", "(concurrent/futures/thread.py)")  # in every stack


def stop_profiler(profiler: Profiler | None, top: int = 15) -> dict[str, Any] | None:
    """Stop py-spy and read the event loop's thread, where the fan-out happens: how busy
    it was, where its time went by kind of code, and the functions at the top of its
    stack most often; and the other threads (where the commands run) together: how
    busy, and the functions their busy time was spent in (inclusive). Idle waits, a
    pool thread's wait for work among them, are left out."""
    if profiler is None:
        return None
    seconds = time.monotonic() - profiler.began
    profiler.process.send_signal(signal.SIGINT)
    profiler.process.wait(30)
    busy = others = 0
    categories: dict[str, int] = {}
    own: dict[str, int] = {}
    within: dict[str, int] = {}
    for line in profiler.output.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        thread, _, frames_text = stack.partition(";")
        frames = [_function(f) for f in frames_text.split(";") if f]
        if not frames or frames[-1].startswith(IDLE):
            continue
        count = int(count_text)
        if "MainThread" not in thread:
            if not frames[-1].endswith(THREAD_PLUMBING):  # else waiting for work
                others += count
                for name in set(frames):
                    if not name.endswith(THREAD_PLUMBING):
                        within[name] = within.get(name, 0) + count
            continue
        busy += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        kind = _category(frames[-1])
        categories[kind] = categories.get(kind, 0) + count

    def share(counts: dict[str, int], most: int, of: int) -> list[tuple[str, float]]:
        best = sorted(counts.items(), key=lambda kv: -kv[1])[:most]
        return [(name, 100 * n / max(1, of)) for name, n in best]

    return {
        "busy_samples": busy,
        "loop_busy": busy / (PROFILE_RATE * seconds),
        "seconds": seconds,
        "output": str(profiler.output),
        "categories": share(categories, len(categories), busy),
        "own": share(own, top, busy),
        "threads_busy_s": others / PROFILE_RATE,
        "threads": share(within, top, others),
    }


# -- set-up ---------------------------------------------------------------------------------


def prepare_cases(store_url: str, count: int) -> list[UUID]:
    """The chair's account and `count` demo cases, each with a meeting open."""
    store = CaseStore(store_url)
    try:
        accounts = Accounts(store)
        account = accounts.save("chair", "Sam Reid", Role.CHAIR, PASSWORD)
        app = BoardApplication(store)
        chair = Author("staff-chair", "Sam Reid", Role.CHAIR)
        cases = []
        for _ in range(count):
            case_id = write_demo_case(store)
            allocate_accounts(store, case_id, [account])  # staff open only cases allocated them
            app.execute(case_id, OpenMeeting(kind=MeetingKind.CORE_GROUP), chair)
            cases.append(case_id)
        return cases
    finally:
        store.close()


@contextlib.contextmanager
def postgres_schema() -> Any:
    import psycopg

    schema = f"bench_fanout_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def install_yjs(node_dir: Path) -> dict[str, str]:
    """npm install the relay and the libraries that make updates; their versions."""
    (node_dir / "package.json").write_text('{"name": "bench-fanout-yjs", "private": true}\n')
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", *YJS_PACKAGES],
        cwd=node_dir,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.copy(Path(__file__).with_name("yjs_updates.mjs"), node_dir / "yjs_updates.mjs")
    versions = {}
    for package in ("@y/websocket-server", "yjs", "y-protocols", "lib0", "ws"):
        meta = json.loads((node_dir / "node_modules" / package / "package.json").read_text())
        versions[package] = meta["version"]
    return versions


def make_updates(node_dir: Path, size: int, streams: dict[str, int]) -> dict[str, bytes]:
    """Real Yjs updates (from bench/yjs_updates.mjs), each message `size` bytes."""
    argv = ["node", "yjs_updates.mjs", str(size), *(f"{k}:{v}" for k, v in streams.items())]
    data = subprocess.run(argv, cwd=node_dir, check=True, capture_output=True).stdout
    updates: dict[str, bytes] = {}
    at = 0
    while at < len(data):
        end = data.index(b"\n", at)
        ident, length = data[at:end].decode().split()
        updates[ident] = data[end + 1 : end + 1 + int(length)]
        at = end + 1 + int(length)
    return updates


def fsync_ms(directory: Path, rounds: int = 50) -> float:
    """The median time of a small write + fsync in the store's directory."""
    path = directory / "fsync-probe"
    times = []
    with path.open("wb") as f:
        for _ in range(rounds):
            began = time.perf_counter()
            f.write(b"x" * 4096)
            f.flush()
            os.fsync(f.fileno())
            times.append((time.perf_counter() - began) * 1000)
    path.unlink()
    return sorted(times)[len(times) // 2]


def machine(node_versions: dict[str, str] | None) -> dict[str, Any]:
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "board"], capture_output=True, text=True
    ).stdout.splitlines()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "node": node,
        "kernel": platform.release(),
        "yjs_packages": node_versions or {},
        "commit": commit.stdout.strip(),
        "board_changes": len(changed),  # files under board/ differing from that commit
    }


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# -- the report -----------------------------------------------------------------------------


def markdown(results: list[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    yjs = {r["clients"]: r for r in results if r["system"] == "yjs"}
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {info['nproc']} CPUs ({info['cpu']}), Linux {info['kernel']}; "
        f"Python {info['python']}; Node {info['node']}; "
        + ", ".join(f"{k} {v}" for k, v in info["yjs_packages"].items())
        + f". A 4 KiB write + fsync in the store's directory: {info['fsync_ms']:.2f} ms (median). "
        + f"The board at commit {info['commit']}"
        + (
            f", with {info['board_changes']} files under board/ changed since"
            if info["board_changes"]
            else ""
        )
        + (
            f"; its servers run from {info['board_root']}"
            if info["board_root"] != str(ROOT)
            else ""
        )
        + ".",
        "",
        f"Frames: the board's `event` frame for the `add_item` is {info['board_frame_bytes']} "
        f"bytes; each Yjs message is {info['yjs_frame_bytes']} bytes.",
        "",
        "Series:",
        "",
        *(f"- `{name}`: {label}" for name, label in SERIES.items() if name in info["series"]),
        "",
        f"Latency: {info['commands']} commands per client count, one at a time (each once "
        f"every screen has the previous one, {info['pause_ms']:.0f} ms later and at most "
        f"{SENDER_RATE:.0f} a second), from send to receipt at every screen, the sender's "
        "own included; *every screen* is the time until the last screen had it.",
        "",
        "| series | clients | p50 ms | p99 ms | max ms | every screen p99 ms "
        "| p99 / yjs p99 | server CPU ms per command |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lat = r["latency"]
        peer = yjs.get(r["clients"])
        ratio = f"{lat['p99_ms'] / peer['latency']['p99_ms']:.2f}" if peer else "–"
        lines.append(
            f"| {r['system']} | {r['clients']} | {lat['p50_ms']:.2f} | {lat['p99_ms']:.2f} "
            f"| {lat['max_ms']:.1f} | {r['all_screens']['p99_ms']:.2f} | {ratio} "
            f"| {r['server_cpu_ms_per_command']:.2f} |"
        )
    peer = yjs.get(TARGET_CLIENTS)
    for r in results:
        if r["clients"] == TARGET_CLIENTS and peer and r["system"] not in RELAYS:
            ratio = r["latency"]["p99_ms"] / peer["latency"]["p99_ms"]
            verdict = "met" if ratio <= 1 else "missed"
            lines.append(
                f"\nTarget at {TARGET_CLIENTS} screens, p99 no worse than the Yjs relay's: "
                f"{verdict} by `{r['system']}` ({r['latency']['p99_ms']:.2f} ms against "
                f"{peer['latency']['p99_ms']:.2f} ms, {ratio:.2f} times)."
            )
    lines += [
        "",
        f"Load: K senders for {info['seconds']:.0f} s, each sending its next command as "
        f"soon as its ack is back (Yjs: its own update), at most {SENDER_RATE:.0f} a second "
        "each. Memory: the server's VmRSS growth from connecting the screens, per screen.",
        "",
        "| series | clients | K | events/s | p99 ms under load | every screen had every "
        "event | server CPU busy | KiB per screen | connect s |",
        "| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |",
    ]
    for r in results:
        load = r["throughput"]
        lines.append(
            f"| {r['system']} | {r['clients']} | {load['senders']} | {load['per_s']:.0f} "
            f"| {load['loaded_p99_ms']:.1f} | {'yes' if load['delivered_to_all'] else 'NO'} "
            f"| {100 * load['server_cpu_share']:.0f}% | {r['kib_per_client']:.1f} "
            f"| {r['connect_s']:.1f} |"
        )
    busy = [
        f"{r['system']} {r['clients']}: {100 * r['foreign_cpu_share']:.0f}% / "
        f"{100 * r['throughput']['foreign_cpu_share']:.0f}%"
        for r in results
    ]
    lines += [
        "",
        "CPU used by other processes on the machine (not this benchmark, not its servers), "
        "as a share of both CPUs, during the latency / load phases: " + ", ".join(busy) + ".",
    ]
    for r in results:
        lines += profile_lines(r, "the latency and load phases")
    return "\n".join(lines)


def profile_lines(r: dict[str, Any], phases: str) -> list[str]:
    """A run's py-spy figures (`stop_profiler`), if it was recorded, as Markdown."""
    p = r.get("profile")
    if not p:
        return []
    return [
        "",
        f"py-spy on `{r['system']}` at {r['clients']} clients, through {phases} "
        f"({p['seconds']:.0f} s): the event loop's thread was busy "
        f"{100 * p['loop_busy']:.0f}% of the time ({p['busy_samples']} samples; raw "
        f"stacks in {p['output']}). Where that time went, by the code at the top of "
        "the stack:",
        "",
        "| share of the loop's busy time | code |",
        "| ---: | --- |",
        *(f"| {pct:.1f}% | {name} |" for name, pct in p["categories"]),
        "",
        "| share | function at the top of the stack |",
        "| ---: | --- |",
        *(f"| {pct:.1f}% | `{name}` |" for name, pct in p["own"]),
        "",
        f"The other threads (the commands'), together: busy {p.get('threads_busy_s', 0):.1f} s "
        "of thread time. The functions that time was spent in (each with what it called):",
        "",
        "| share of their busy time | function |",
        "| ---: | --- |",
        *(f"| {pct:.1f}% | `{name}` |" for name, pct in p.get("threads", [])),
    ]


# -- main -------------------------------------------------------------------------------------


async def main_async(
    args: argparse.Namespace,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    raise_fd_limit()
    work = Path(tempfile.mkdtemp(prefix="bench-fanout-"))
    log_dir = work / "logs"
    log_dir.mkdir()
    results: list[dict[str, Any]] = []
    names = [name for name in SERIES if name in args.only.split(",")]
    info: dict[str, Any] = {}
    try:
        with contextlib.ExitStack() as stack:
            node_dir = work / "yjs"
            node_dir.mkdir()
            versions = None
            if RELAYS.intersection(names):  # the updates are made with yjs, for both relays
                log(f"installing {', '.join(YJS_PACKAGES)} into {node_dir}")
                versions = await asyncio.to_thread(install_yjs, node_dir)
            info = machine(versions)
            info["board_root"] = str(args.board_root)
            info["fsync_ms"] = fsync_ms(work)
            info.update(commands=args.commands, pause_ms=args.pause * 1000, seconds=args.seconds)
            info.update(series=names, board_frame_bytes=None, yjs_frame_bytes=None)
            log(f"machine: {info['nproc']} CPUs, {info['cpu']}; fsync {info['fsync_ms']:.2f} ms")
            systems = await make_systems(names, work, log_dir, stack, args.board_root)
            updates: dict[str, bytes] = {}
            # Client count by client count, every series in turn, so that the runs
            # compared with each other are close in time (this machine may be shared).
            for clients in args.clients:
                for system in systems:
                    if isinstance(system, YjsSystem) and not system.updates:
                        if not updates:
                            most = math.ceil(args.seconds * SENDER_RATE) + 5
                            streams = {"W": WARM_UP, "L": args.commands}
                            streams.update({f"T{k}": most for k in range(MAX_SENDERS)})
                            size = info["board_frame_bytes"] or DEFAULT_FRAME_BYTES
                            updates.update(make_updates(node_dir, size, streams))
                            info["yjs_frame_bytes"] = len(updates["L-0"])
                        system.updates = updates
                    log(f"{system.name}: {clients} screens")
                    results.append(await run_one(system, clients, args))
                    if isinstance(system, BoardSystem) and not info["board_frame_bytes"]:
                        info["board_frame_bytes"] = results[-1]["frame_bytes"]
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return results, info


async def make_systems(
    names: list[str],
    work: Path,
    log_dir: Path,
    stack: contextlib.ExitStack,
    root: Path,
    meetings: int = 1,
) -> list[AnySystem]:
    """The series asked for, with their stores and anything they need installed; each
    board store holds `meetings` demo cases with a meeting open (bench/fixed_rate.py)."""
    systems: list[AnySystem] = []
    sqlite_url = str(work / "board.sqlite3")
    cases = prepare_cases(sqlite_url, meetings)
    for name in names:
        if name in RELAYS:
            systems.append(YjsSystem(name, work / "yjs", log_dir, {}))
            continue
        if name == "cluster":
            pg_url = stack.enter_context(postgres_schema())
            pg_cases = prepare_cases(pg_url, meetings)
            system = BoardSystem(
                name,
                SERIES[name],
                pg_url,
                pg_cases[0],
                case_ids=pg_cases,
                log_dir=log_dir,
                redis_url=REDIS_URL,
                processes=2,
                root=root,
            )
        else:
            pythonpath = None
            if name == "board-uvloop":
                pythonpath = str(work / "uvloop")
                log(f"installing {UVLOOP} into {pythonpath} (for this run's servers only)")
                pip = [sys.executable, "-m", "pip", "install", "-q", "--target", pythonpath]
                await asyncio.to_thread(
                    subprocess.run, [*pip, UVLOOP], check=True, capture_output=True
                )
            system = BoardSystem(
                name,
                SERIES[name],
                sqlite_url,
                cases[0],
                case_ids=cases,
                log_dir=log_dir,
                pythonpath=pythonpath,
                root=root,
            )
        system.deflate = name in ("board", "cluster")
        systems.append(system)
    return systems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of about a minute")
    parser.add_argument("--clients", help="client counts, e.g. 10,100,500")
    parser.add_argument(
        "--only", default=",".join(SERIES), help=f"series to run, of {', '.join(SERIES)}"
    )
    parser.add_argument("--commands", type=int, help="latency commands per client count")
    parser.add_argument("--seconds", type=float, help="duration of the load phase")
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument(
        "--board-root",
        help="run the board servers from this checkout (e.g. a branch with a change to "
        "compare); the default is this one",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=5.0,
        help="before each run, wait up to this many seconds for other work to quieten",
    )
    parser.add_argument(
        "--profile",
        help="client counts at which to record the board server with py-spy, e.g. 100",
    )
    parser.add_argument("--profile-dir", default=".", help="where py-spy's output goes")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--settle", type=float, help="seconds between phases (0.5 / 1)")
    args = parser.parse_args(argv)
    quick_counts = (10, 50)
    counts = (
        args.clients.split(",") if args.clients else (quick_counts if args.quick else CLIENT_COUNTS)
    )
    args.clients = [int(c) for c in counts]
    args.commands = args.commands or (20 if args.quick else 250)
    args.seconds = args.seconds or (2.0 if args.quick else 6.0)
    args.pause = 0.02 if args.quick else 0.05
    if args.settle is None:
        args.settle = 0.5 if args.quick else 1.0
    args.profile = [int(c) for c in args.profile.split(",")] if args.profile else []
    args.board_root = Path(args.board_root).resolve() if args.board_root else ROOT
    results, info = asyncio.run(main_async(args))
    command = " ".join([".venv/bin/python -m bench.fanout", *sys.argv[1:]])
    print(markdown(results, info, command))
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
