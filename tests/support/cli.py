"""Running `python -m board` as a person would, for the command line's tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_board(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
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
