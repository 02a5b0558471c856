"""Running the board: one server per SQLite file, the session secret, and whether the
store can be written (what /healthz is to report)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli import run_board, run_cluster_script, run_main
from eventsourcing.cryptography import AESCipher
from faults import TcpProxy, wait_until
from live import ROOT, SECRET, free_port, prepare_store, running_server, start_server

from board.cli.single_server import ServerLock
from board.storage.store import CaseStore

POSTGRES_PORT = 5432


def serve(store: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m board serve` on a port of its own, expected to stop by itself (refused):
    one that started serving instead would run into the timeout and fail the test."""
    return run_board(
        "serve", cwd=tmp_path, env={"BOARD_STORE": store, "BOARD_PORT": str(free_port()), **env}
    )


def test_a_second_server_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    url, key = str(tmp_path / "board.sqlite3"), AESCipher.create_key(32)
    case_id = prepare_store(url, key)
    with running_server(url, tmp_path, extra_env={"BOARD_CIPHER_KEY": key}) as live:
        second = serve(url, tmp_path, BOARD_SECRET=SECRET, BOARD_CIPHER_KEY=key)
        assert second.returncode != 0
        refusal = " ".join(second.stderr.split())
        assert "already running" in refusal, second.stderr
        assert "PostgreSQL" in refusal and "Redis" in refusal
        assert f"(process {live.process.pid})" in refusal
        # The command line still reads the store while the server runs ...
        state = run_main("--store", url, "state", str(case_id), cwd=tmp_path,
                          env={"BOARD_CIPHER_KEY": key})  # fmt: skip
        assert state.returncode == 0, state.stderr
        assert "Lily" in state.stdout
        # ... but does not rotate the key under it.
        rotate = run_main("--store", url, "rotate-key", cwd=tmp_path,
                           env={"BOARD_CIPHER_KEY": key})  # fmt: skip
        assert rotate.returncode != 0 and "stop it first" in rotate.stderr
        assert rotate.stdout == ""  # no key was made
        assert live.process.poll() is None
        assert "BOARD_SECRET" not in live.log()  # it has a good one: no warning
    # The lock goes with the server.
    with ServerLock(url):
        pass


def test_serve_refuses_a_cipher_key_that_is_not_the_stores(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url, AESCipher.create_key(32))
    refused = serve(url, tmp_path, BOARD_SECRET=SECRET, BOARD_CIPHER_KEY=AESCipher.create_key(32))
    assert refused.returncode != 0
    assert "not this store's master key" in refused.stderr


@pytest.mark.parametrize(
    ("secret", "warning"),
    [("", "BOARD_SECRET is not set"), ("short-secret", "BOARD_SECRET is only 12 characters")],
)
def test_serve_warns_about_a_missing_or_weak_board_secret(
    tmp_path: Path, secret: str, warning: str
) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    server = start_server(url, tmp_path, extra_env={"BOARD_SECRET": secret})
    try:
        assert warning in server.log()
    finally:
        server.stop()


@pytest.mark.parametrize("secret", [None, "   "])
def test_cluster_refuses_to_start_without_board_secret(tmp_path: Path, secret: str | None) -> None:
    env = {"BOARD_SECRET": secret} if secret is not None else {}
    done = run_cluster_script(
        "--store", "postgresql://postgres@127.0.0.1:5432/test",
        "--port", str(free_port()), cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Set BOARD_SECRET" in done.stderr


# -- can the store be written? ----------------------------------------------------------


def test_a_sqlite_store_that_can_write_says_so_and_nothing_else_changes(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(url)
    store = CaseStore(url)
    try:
        head = store.head(case_id)
        assert store.can_write() is True
        assert store.can_write() is True  # again: the health row is written over
        assert store.head(case_id) == head and store.case_ids() == [case_id]
        # Less free disk than it needs: it cannot write (however the write went).
        disk = shutil.disk_usage(tmp_path)
        assert store.can_write(min_free_bytes=disk.total + 1) is False
        assert store.can_write(min_free_bytes=0) is True
    finally:
        store.close()


FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sqlite3, sys
    from board.storage.store import CaseStore

    path = sys.argv[1]
    store = CaseStore(path)
    before = store.can_write(min_free_bytes=0)
    # Empty the write-ahead log, so the next write must grow a file, as on a disk with
    # no room left: no file may grow past 1 KiB from here on.
    log = sqlite3.connect(path, isolation_level=None)
    busy, _, _ = log.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    log.close()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, hard))
    full = store.can_write(min_free_bytes=0)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    after = store.can_write(min_free_bytes=0)
    store.close()
    print(busy, before, full, after)
    """
)


def test_a_sqlite_store_whose_files_cannot_grow_cannot_write(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    case_id = prepare_store(url)
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK, url],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("BOARD_")},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "True", "False", "True"]
    store = CaseStore(url)
    try:
        assert store.board_at(case_id).child_name == "Lily"  # nothing was harmed
    finally:
        store.close()


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    running = TcpProxy(POSTGRES_PORT).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.postgres
def test_a_postgres_store_out_of_reach_cannot_write(postgres_url: str, proxy: TcpProxy) -> None:
    url = postgres_url.replace("@127.0.0.1:5432/", f"@127.0.0.1:{proxy.port}/", 1)
    store = CaseStore(url)
    try:
        assert store.can_write() is True
        proxy.cut()
        assert store.can_write() is False
        proxy.restore()
        wait_until(store.can_write, 20, "the store to be writable again")
    finally:
        store.close()
