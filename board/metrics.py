"""What operators can watch: a Prometheus endpoint with the board's own measures.

Served on a port of its own (BOARD_METRICS_PORT, on BOARD_METRICS_HOST, 127.0.0.1
by default), never on the board's public port: a scraper cannot sign in, and the
figures are for whoever runs the machine. Nothing here names a case, a person or
anything written: the only label is a refused command's code, one of a fixed set.

The measures are made on first use (`metrics.COMMANDS` and the rest, the first time
one is read), not on import: prometheus_client brings its HTTP exposition (http.server,
urllib) with it, about a tenth of the server's start-up before its first health answer
(issue 24, item 4). Once made they are this module's globals, so a count on the
edit path costs what it did.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from threading import Thread
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wsgiref.simple_server import WSGIServer

    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

    REGISTRY: CollectorRegistry  # (made on first use: Measures, __getattr__)
    COMMIT_SECONDS: Histogram
    FANOUT_LAG_SECONDS: Histogram
    SCREENS: Gauge
    RESYNCS: Counter
    DROPPED: Counter
    COMMANDS: Counter
    REFUSED: Counter


class Measures:
    """Every measure, in a registry of the board's own."""

    NAMES = frozenset(
        {"REGISTRY", "COMMIT_SECONDS", "FANOUT_LAG_SECONDS", "SCREENS"}
        | {"RESYNCS", "DROPPED", "COMMANDS", "REFUSED"}
    )

    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.REGISTRY = registry = CollectorRegistry()
        self.COMMIT_SECONDS = Histogram(
            "board_commit_seconds",
            "Time to commit a command's events durably to the store.",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
            registry=registry,
        )
        self.FANOUT_LAG_SECONDS = Histogram(
            "board_fanout_lag_seconds",
            "From a commit to its events handed to every screen of the case in this process.",
            buckets=(
                0.0001,
                0.00025,
                0.0005,
                0.001,
                0.0025,
                0.005,
                0.01,
                0.025,
                0.05,
                0.1,
                0.25,
                1.0,
            ),
            registry=registry,
        )
        self.SCREENS = Gauge(
            "board_screens",
            "Websocket connections open in this process (in the lobby or live).",
            registry=registry,
        )
        self.RESYNCS = Counter(
            "board_resyncs_total",
            "Times a screen fell behind the recent live events and was caught up from the store.",
            registry=registry,
        )
        self.DROPPED = Counter(
            "board_screens_dropped_total",
            "Screens closed because their outbox filled (they reconnect and catch up).",
            registry=registry,
        )
        self.COMMANDS = Counter(
            "board_commands_total",
            "Commands recorded (including resent ones answered from the record).",
            registry=registry,
        )
        self.REFUSED = Counter(
            "board_commands_refused_total",
            "Commands refused, by the rule's code.",
            ["code"],
            registry=registry,
        )


_LOCK = threading.Lock()
_made: Measures | None = None
_screens: Callable[[], int] | None = None


def measures() -> Measures:
    """The measures, made by the first caller (under a lock: two threads counting their
    first commands must not register a measure twice)."""
    global _made
    if _made is None:
        with _LOCK:
            if _made is None:
                made = Measures()
                if _screens is not None:
                    counter = _screens
                    made.SCREENS.set_function(lambda: float(counter()))
                # From now on `metrics.COMMANDS` is a plain global of this module.
                globals().update({name: getattr(made, name) for name in Measures.NAMES})
                _made = made
    return _made


def __getattr__(name: str) -> Any:
    """A measure read before any was made (PEP 562): make them all."""
    if name in Measures.NAMES:
        return getattr(measures(), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_CODE = re.compile(r"[a-z_]{1,40}")


def refused(code: str) -> None:
    # Codes are constants of the rules; anything else is counted without its text.
    measures().REFUSED.labels(code if _CODE.fullmatch(code) else "other").inc()


def count_screens(counter: Callable[[], int]) -> None:
    """The screens gauge reads `counter` when scraped; kept until the measures are
    made, if they are not yet (nothing can read the gauge before then)."""
    global _screens
    with _LOCK:  # either measures() sees the counter, or this sees the gauge made
        _screens = counter
        made = _made
    if made is not None:
        made.SCREENS.set_function(lambda: float(counter()))


def serve(host: str, port: int) -> tuple[WSGIServer, Thread]:
    """Start the endpoint (GET /metrics) on a thread of its own."""
    from prometheus_client import start_http_server

    return start_http_server(port, addr=host, registry=measures().REGISTRY)
