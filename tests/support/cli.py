"""Running the command line for its tests: in this process (`board.cli.main(argv)`,
quick), or as a person would (`python -m board` in a subprocess, for the few tests that
check the command itself starts and ends as a program)."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from board.cli import main


@contextlib.contextmanager
def _only_board_settings(env: dict[str, str]) -> Iterator[None]:
    """os.environ without the caller's BOARD_* settings, with `env` instead, restored
    afterwards. The suite's BOARD_ARGON2_COST is kept (tests/conftest.py)."""
    saved = dict(os.environ)
    kept = {k: v for k, v in saved.items() if not k.startswith("BOARD_")}
    if "BOARD_ARGON2_COST" in saved:
        kept["BOARD_ARGON2_COST"] = saved["BOARD_ARGON2_COST"]
    os.environ.clear()
    os.environ.update({**kept, **env})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_main(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`board.cli.main(args)` in this process, as `python -m board` would run it: only
    the BOARD_* settings given in `env`, in `cwd`, with what it writes on standard output
    and standard error captured, and its exit status (SystemExit's, as Python would make
    it: a message goes to standard error with status 1)."""
    # Standard output has a byte buffer under it, as a program's has (`export` writes
    # bytes); written through, so text and bytes keep their order.
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.StringIO()
    with (
        _only_board_settings(env or {}),
        contextlib.chdir(cwd),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            status = main(list(args))
        except SystemExit as stop:
            if stop.code is None or isinstance(stop.code, int):
                status = stop.code or 0
            else:
                print(stop.code, file=sys.stderr)
                status = 1
    out.flush()
    written = out.buffer.getvalue().decode()  # type: ignore[attr-defined]
    return subprocess.CompletedProcess(["board", *args], status, written, err.getvalue())


def run_board(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m board ARGS` in a subprocess."""
    # No BOARD_* settings from the caller's environment (a cipher key would change
    # what the store can read), only those given in `env`.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOARD_")}
    return subprocess.run(
        [sys.executable, "-m", "board", *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        cwd=cwd,
        timeout=120,
        check=False,
    )


def run_cluster_script(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """tests/support/cluster.py (what scripts/cluster runs), with only the BOARD_*
    settings given."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BOARD_")}
    return subprocess.run(
        [sys.executable, str(Path(__file__).with_name("cluster.py")), *args],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        cwd=cwd,
        timeout=60,
        check=False,
    )
