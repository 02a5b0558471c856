"""Who the client is, when a proxy stands in between.

The rate limits count failures per client address, so that address must be one the
client cannot choose. X-Forwarded-For is anyone's to write: it is believed only when
the direct peer is a proxy the operator names (BOARD_TRUSTED_PROXIES), and then only
the entries those proxies added, read from the right.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BadProxySetting(ValueError):
    pass


@dataclass(frozen=True)
class TrustedProxies:
    networks: tuple[Network, ...] = ()
    anyone: bool = False  # `*`: the board's port is reachable only through the proxy

    @classmethod
    def parse(cls, items: Iterable[str]) -> TrustedProxies:
        networks: list[Network] = []
        anyone = False
        for item in items:
            if item == "*":
                anyone = True
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise BadProxySetting(
                    f"BOARD_TRUSTED_PROXIES: {item!r} is not an address or a network "
                    "(such as 10.0.0.5 or 172.16.0.0/12)."
                ) from None
        return cls(tuple(networks), anyone)

    def trusts(self, address: str) -> bool:
        """Whether the direct peer at `address` is a trusted proxy."""
        return self.anyone or self.names(address)

    def names(self, address: str) -> bool:
        """Whether `address` is in a network the operator listed. (`*` names no one:
        it trusts the one proxy in front, never addresses a client wrote in.)"""
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False  # a name, or a Unix socket: not an address anyone listed
        return any(ip in network for network in self.networks)


def client_address(peer: str, forwarded_for: str | None, proxies: TrustedProxies) -> str:
    """The client's address: the peer's own, unless the peer is a trusted proxy; then
    the rightmost X-Forwarded-For entry that is not itself a trusted proxy (entries to
    its left were written by whoever sent the request, and prove nothing)."""
    if forwarded_for is None or not proxies.trusts(peer):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",")]
    for hop in reversed(hops):
        if not _is_address(hop):
            return peer  # a garbled header: count the proxy rather than believe it
        if not proxies.names(hop):
            return hop
    # Every entry is a listed proxy (a client inside the proxies' own network): the
    # one the nearest proxy wrote, since the client may have written those before it.
    return hops[-1]


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class ProxyHeaders:
    """ASGI middleware: sets the scope's client (and scheme, from X-Forwarded-Proto)
    from a trusted proxy's headers, for HTTP and websockets alike. With BOARD_HTTPS
    the scheme is https whoever is asking: the operator has said the board is reached
    over TLS, so its own origin (the Origin check) and its links are https even when
    the proxy in front is not one it trusts."""

    def __init__(self, app: ASGIApp, proxies: TrustedProxies, https: bool = False) -> None:
        self.app, self.proxies, self.https = app, proxies, https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and self.https:
            scope = dict(scope)
            scope["scheme"] = "wss" if scope["type"] == "websocket" else "https"
        if scope["type"] in ("http", "websocket") and scope.get("client"):
            peer = scope["client"][0]
            if self.proxies.trusts(peer):
                headers = Headers(scope=scope)
                scope = dict(scope)
                # Several headers are one list, in order (RFC 9110, 5.3).
                forwarded = ", ".join(headers.getlist("x-forwarded-for")) or None
                address = client_address(peer, forwarded, self.proxies)
                scope["client"] = (address, 0)
                proto = headers.get("x-forwarded-proto", "").strip().lower()
                if proto in ("http", "https"):
                    secure = proto == "https"
                    if scope["type"] == "websocket":
                        scope["scheme"] = "wss" if secure else "ws"
                    else:
                        scope["scheme"] = proto
        await self.app(scope, receive, send)
