"""Only the hosts the operator names are served (the Host header is checked).

A page reached under a name the operator did not choose is how DNS rebinding lets
another site's script read the board from inside a network, and the Host header
ends up in the links the board makes (invite links, redirects). So a request for any
other host gets a 400, and a websocket upgrade a 403, before anything else runs.

Without BOARD_ALLOWED_HOSTS the board answers to this machine's own names
(`localhost`, its hostname, `hostname.local`, BOARD_HOST) and to any IP address: that
keeps `scripts/run` in a browser and `scripts/run --host 0.0.0.0` from a phone on the
same network working (the phone uses the laptop's address), and DNS rebinding needs
a name, never an address.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)
ANY_HOST = frozenset({"/healthz"})


def host_name(host_header: str) -> str | None:
    """The name (or address) in a Host header, without its port, lowercase; None when
    it is not a host at all."""
    host = host_header.strip().lower()
    if host.startswith("["):  # [v6]:port
        end = host.find("]")
        name, rest = host[: end + 1], host[end + 1 :]
        if end < 0 or (rest and not rest.startswith(":")):
            return None
        port = rest[1:]
    else:
        name, _, port = host.partition(":")
    if port and not (port.isascii() and port.isdigit() and len(port) <= 5):
        return None
    name = name.rstrip(".")
    if not name or not all(ch.isascii() and (ch.isalnum() or ch in "-._[]:") for ch in name):
        return None
    return name


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class AllowedHosts:
    names: frozenset[str]
    suffixes: tuple[str, ...] = ()  # from `*.example.org`: ".example.org"
    addresses: bool = False  # any IP address (the default, for the LAN)
    anyone: bool = False  # `*`: the operator checks hosts elsewhere

    @classmethod
    def from_settings(cls, named: Iterable[str], listen_host: str = "") -> AllowedHosts:
        named = [n.strip().lower().rstrip(".") for n in named if n.strip()]
        if named:
            return cls(
                names=frozenset(n for n in named if not n.startswith("*")),
                suffixes=tuple(n[1:] for n in named if n.startswith("*.")),
                anyone="*" in named,
            )
        own = socket.gethostname().lower()
        names = {"localhost", own, f"{own}.local"}
        if listen_host and not is_address(listen_host):
            names.add(listen_host.lower())
        return cls(names=frozenset(names), addresses=True)

    def allows(self, name: str) -> bool:
        if self.anyone or name in self.names:
            return True
        if self.addresses and is_address(name):
            return True
        return any(name.endswith(suffix) for suffix in self.suffixes)


class HostCheck:
    """ASGI middleware: a request for a host not allowed is answered 400 (a websocket
    upgrade, 403) and goes no further."""

    def __init__(self, app: ASGIApp, allowed: AllowedHosts) -> None:
        self.app, self.allowed = app, allowed
        self._told: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        name = host_name(Headers(scope=scope).get("host", ""))
        # Health checks come by address (a container's, a load balancer's), and the
        # answer holds nothing of any case.
        if scope["path"] in ANY_HOST or (name is not None and self.allowed.allows(name)):
            await self.app(scope, receive, send)
            return
        self._tell_operator(name)
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # before accept: a 403
            return
        response = PlainTextResponse(
            "This board is not served under that name. Use the address the board's "
            "operator gave you.",
            status_code=400,
        )
        await response(scope, receive, send)

    def _tell_operator(self, name: str | None) -> None:
        """Log each refused name once (a handful at most), so an operator who forgot
        BOARD_ALLOWED_HOSTS sees why, and a flood of names cannot fill the log."""
        if name is None or name in self._told or len(self._told) >= 20:
            return
        self._told.add(name)
        log.warning(
            "refused a request for host %r: add it to BOARD_ALLOWED_HOSTS if it is this board",
            name,
        )
