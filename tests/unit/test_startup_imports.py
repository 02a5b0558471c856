"""The server starts without what only some routes, commands or settings use (issue 24,
item 4).

Each of these cost CPU at every start, before the first health answer: Redis (only with
BOARD_REDIS_URL), psycopg (only on PostgreSQL), the bank holidays (only the course),
the QR code (only the join screen), the templates (only pages), tqdm (only the command
line's replays and imports), prometheus_client with its HTTP exposition (only once a
command is counted, or the metrics port is open), cryptography (only with
BOARD_CIPHER_KEY), the other commands of the command line
(only when they run), and argon2's dummy hash (only a sign-in with an unknown name).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

LATER = (
    "redis",
    "psycopg",
    "psycopg_pool",
    "holidays",
    "segno",
    "jinja2",
    "tqdm",
    "prometheus_client",
    "cryptography",
    "wsgiref.simple_server",
    "http.server",
    "board.cli.cases",
    "board.cli.demo",
    "board.cli.keys",
    "board.cli.readout",
    "board.cli.reference",
    "board.cli.staff",
)

# The path of `python -m board serve` up to uvicorn's run: the command line, the
# command, and the app built as uvicorn is given it.
SERVE = """
import sys
from board.cli import command
from board.cli.serve import uvicorn_config
from board.settings import Settings
command("serve:cmd_serve")
uvicorn_config(Settings())
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


COUNTED = """
import sys
from board import metrics
before = "prometheus_client" in sys.modules
metrics.count_screens(lambda: 3)
metrics.COMMANDS.inc()
metrics.refused("not allowed!")
from prometheus_client import generate_latest
text = generate_latest(metrics.REGISTRY).decode()
print(before, metrics.COMMANDS is metrics.measures().COMMANDS)
print(*(line for line in text.splitlines() if line.startswith(("board_screens ", "board_commands_"))
        and "_created" not in line), sep="\\n")
"""


def test_the_measures_are_made_on_first_use_and_count_as_before() -> None:
    out = subprocess.run(
        [sys.executable, "-c", COUNTED], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == [
        "False True",  # nothing made on import; once made, a plain global
        "board_screens 3.0",  # the gauge given before the measures were made
        "board_commands_total 1.0",
        'board_commands_refused_total{code="other"} 1.0',
    ]


def test_a_command_is_loaded_only_when_it_runs() -> None:
    code = (
        "import sys; from board.cli import main; main(['schema']); "
        "print(sorted(m for m in sys.modules if m.startswith('board.cli.')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert '"title"' in done.stdout  # the schema was printed
    assert done.stderr.strip() == "['board.cli.common', 'board.cli.reference']"


def test_collections_paused_for_start_up_resume_when_the_command_runs() -> None:
    code = (
        "import gc, io, contextlib; import board.__main__; paused = not gc.isenabled(); "
        "from board.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()): main(['schema'])\n"
        "print(paused, gc.isenabled()); gc.disable(); "
        "from board.web import collector; collector.start(); print(gc.isenabled())"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True"]  # and the server's start resumes them
