"""The server starts without what only some routes or settings use (issue 24, item 4).

Each of these took a tenth to four tenths of a second of CPU at every start, before
the first health answer: Redis (only with BOARD_REDIS_URL), psycopg (only on
PostgreSQL), the bank holidays (only the course), the QR code (only the join screen),
the templates (only pages), tqdm (only the command line's replays and imports), and
argon2's dummy hash (only a sign-in with an unknown name).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LATER = ("redis", "psycopg", "psycopg_pool", "holidays", "segno", "jinja2", "tqdm")

SERVE = """
import sys
import board.cli, board.web.app
from board.web.app import create_app
create_app()
import board.storage.accounts as accounts
print(",".join(m for m in {later!r} if m in sys.modules))
print(accounts.dummy_hash.cache_info().currsize)
"""


def test_starting_the_server_loads_none_of_what_only_some_routes_use(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", SERVE.format(later=LATER)],
        env={"BOARD_STORE": f"{tmp_path}/board.sqlite3", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out == ["", "0"]
