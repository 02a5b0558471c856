"""Settings, read from BOARD_* environment variables (command-line options override).

Secrets (the cipher key, the session secret) come only from the environment or a
file outside the repository, never from code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_STORE = "var/board.sqlite3"
MIN_SECRET_LENGTH = 32


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


@dataclass(frozen=True)
class Settings:
    store: str = field(default_factory=lambda: _env("BOARD_STORE", DEFAULT_STORE))
    cipher_key: str | None = field(default_factory=lambda: _env("BOARD_CIPHER_KEY") or None)
    redis_url: str | None = field(default_factory=lambda: _env("BOARD_REDIS_URL") or None)
    host: str = field(default_factory=lambda: _env("BOARD_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: int(_env("BOARD_PORT", "8000")))
    # Signs session cookies. Without one, a random secret is made at start-up, so
    # sessions end when the server restarts (fine for the demo, not for production).
    secret: str | None = field(default_factory=lambda: _env("BOARD_SECRET") or None)
    # Set when the board is served over HTTPS (behind a proxy): cookies get `Secure`.
    https_only: bool = field(default_factory=lambda: _env("BOARD_HTTPS") in ("1", "true", "yes"))
    # Extra origins allowed to open websockets (comma separated); the server's own
    # origin is always allowed.
    # Prometheus metrics (board.metrics) on a port of their own; off when unset.
    metrics_port: int | None = field(
        default_factory=lambda: (
            int(_env("BOARD_METRICS_PORT")) if _env("BOARD_METRICS_PORT") else None
        )
    )
    metrics_host: str = field(default_factory=lambda: _env("BOARD_METRICS_HOST", "127.0.0.1"))
    allowed_origins: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            o.strip().rstrip("/") for o in _env("BOARD_ALLOWED_ORIGINS").split(",") if o.strip()
        )
    )
    # The proxies (addresses or networks, comma separated; `*` for any peer) whose
    # X-Forwarded-For and X-Forwarded-Proto are believed. None by default: a header
    # anyone can send must not choose the address the rate limits count.
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: _list("BOARD_TRUSTED_PROXIES"))
    # The host names the board answers to (comma separated; `*.example.org` for its
    # subdomains). Unset: this machine's own names and any IP address (docs/configuration.md).
    allowed_hosts: tuple[str, ...] = field(default_factory=lambda: _list("BOARD_ALLOWED_HOSTS"))
    # argon2's cost for new password hashes: `production` unless BOARD_ARGON2_COST=test
    # is set (the test suite only). Read once per process by board/storage/accounts.py.
    argon2_cost: str = field(default_factory=lambda: argon2_cost())


ARGON2_COSTS = ("production", "test")


def argon2_cost() -> str:
    """BOARD_ARGON2_COST: `production` (the default, argon2-cffi's own parameters) or
    `test` (the lowest argon2 allows, for the test suite's throwaway accounts, never
    for real ones). The test cost is used only when set explicitly; any other value is
    refused, so that a typo never quietly weakens the hashes."""
    cost = _env("BOARD_ARGON2_COST", "production").lower() or "production"
    if cost not in ARGON2_COSTS:
        raise ValueError(
            f"BOARD_ARGON2_COST is {cost!r}: it is `production` (the default) or `test` "
            "(for the test suite only)."
        )
    return cost


def _list(name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in _env(name).split(",") if item.strip())


def secret_problem(secret: str | None) -> str | None:
    """What is wrong with BOARD_SECRET for real use, or None."""
    if not secret:
        return (
            "BOARD_SECRET is not set: sessions are signed with a random key made now, so "
            "everyone is signed out when the server restarts, and no second process can "
            "read them. Set BOARD_SECRET for anything but a demo (make one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(32))')."
        )
    if len(secret) < MIN_SECRET_LENGTH:
        return (
            f"BOARD_SECRET is only {len(secret)} characters: whoever guesses it can sign "
            f"in as anyone. Use at least {MIN_SECRET_LENGTH} random characters."
        )
    return None
