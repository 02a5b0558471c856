"""Unfinished request headers time out (slowloris), against a live server; requests that
finish their headers, and websockets, are not cut off."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import httpx
from live import STAFF_PASSWORD, prepare_store, running_server
from websockets.sync.client import connect

from board.web.header_deadline import HEADER_TIMEOUT

BOUND = HEADER_TIMEOUT * 3  # generous: a busy machine is slow, a missing deadline is for ever


def closed_by_server(conn: socket.socket, dribble: bytes) -> bool:
    """Send `dribble` a byte a second (as slowloris does) until the server closes the
    connection (True) or BOUND seconds pass (False). Each wait is a blocking recv."""
    conn.settimeout(1.0)
    started = time.monotonic()
    position = 0
    while time.monotonic() - started < BOUND:
        try:
            if conn.recv(1024) == b"":
                return True
        except TimeoutError:
            try:
                conn.sendall(dribble[position % len(dribble) :][:1])
                position += 1
            except OSError:  # reset or broken pipe: closed
                return True
        except ConnectionResetError:
            return True
    return False


def test_unfinished_headers_are_cut_off_and_everyone_else_is_served(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(url)
    with running_server(url, tmp_path) as live, httpx.Client(base_url=live.url) as client:
        signed_in = client.post(
            "/signin",
            data={"username": "chair", "password": STAFF_PASSWORD},
            headers={"Origin": live.url},
        )
        assert signed_in.status_code == 303
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        with (
            connect(
                f"ws://127.0.0.1:{live.port}/ws/cases/{case_id}",
                origin=live.url,  # type: ignore[arg-type]
                additional_headers={"Cookie": cookie},
            ) as board_socket,
            socket.create_connection(("127.0.0.1", live.port)) as slow,
            socket.create_connection(("127.0.0.1", live.port)) as silent,
        ):
            board_socket.recv(timeout=10)  # the websocket is open and talking
            slow.sendall(b"GET /signin HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            assert closed_by_server(slow, b"X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n")
            # A connection that never sends a byte is closed too.
            silent.settimeout(BOUND)
            assert silent.recv(1024) == b""
            # Meanwhile (past the deadline) the websocket still answers, and so do pages.
            assert board_socket.ping().wait(10)
            assert client.get("/signin").status_code == 200


def test_headers_that_arrive_in_pieces_within_the_deadline_are_answered(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    with (
        running_server(url, tmp_path) as live,
        socket.create_connection(("127.0.0.1", live.port)) as conn,
    ):
        conn.settimeout(BOUND)
        for piece in (b"GET /healthz HTTP/1.1\r\n", b"Host: 127.0.0.1\r\n", b"\r\n"):
            conn.sendall(piece)
        assert conn.recv(1024).startswith(b"HTTP/1.1 200")
