"""What operators can watch: a Prometheus endpoint with the board's own measures.

Served on a port of its own (BOARD_METRICS_PORT, on BOARD_METRICS_HOST, 127.0.0.1
by default), never on the board's public port: a scraper cannot sign in, and the
figures are for whoever runs the machine. Nothing here names a case, a person or
anything written: the only label is a refused command's code, one of a fixed set.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from threading import Thread
from wsgiref.simple_server import WSGIServer

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server

REGISTRY = CollectorRegistry()

COMMIT_SECONDS = Histogram(
    "board_commit_seconds",
    "Time to commit a command's events durably to the store.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
    registry=REGISTRY,
)
FANOUT_LAG_SECONDS = Histogram(
    "board_fanout_lag_seconds",
    "From a commit to its events handed to every screen of the case in this process.",
    buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
    registry=REGISTRY,
)
SCREENS = Gauge(
    "board_screens",
    "Websocket connections open in this process (in the lobby or live).",
    registry=REGISTRY,
)
RESYNCS = Counter(
    "board_resyncs_total",
    "Times a screen fell behind the recent live events and was caught up from the store.",
    registry=REGISTRY,
)
DROPPED = Counter(
    "board_screens_dropped_total",
    "Screens closed because their outbox filled (they reconnect and catch up).",
    registry=REGISTRY,
)
COMMANDS = Counter(
    "board_commands_total",
    "Commands recorded (including resent ones answered from the record).",
    registry=REGISTRY,
)
REFUSED = Counter(
    "board_commands_refused_total",
    "Commands refused, by the rule's code.",
    ["code"],
    registry=REGISTRY,
)

_CODE = re.compile(r"[a-z_]{1,40}")


def refused(code: str) -> None:
    # Codes are constants of the rules; anything else is counted without its text.
    REFUSED.labels(code if _CODE.fullmatch(code) else "other").inc()


def count_screens(counter: Callable[[], int]) -> None:
    SCREENS.set_function(lambda: float(counter()))


def serve(host: str, port: int) -> tuple[WSGIServer, Thread]:
    """Start the endpoint (GET /metrics) on a thread of its own."""
    return start_http_server(port, addr=host, registry=REGISTRY)
