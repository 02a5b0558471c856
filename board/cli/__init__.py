"""The command line: `python -m board demo | state | diff | export | import | serve | adduser |
open-case | disable-user | enable-user | erase | rotate-key | schema | openapi | docs`.

One module per kind of command (cases, serve, staff, keys, reference); `main(argv)`
reads the arguments, runs the command and returns its exit status. A command's module
is imported only when that command runs (`board.cli.cases:cmd_demo` below): `serve`
need not load the replays, the readout and the schema (issue 24, item 4).
"""

from __future__ import annotations

import argparse
import gc
import importlib
from collections.abc import Callable

from board.cli.common import case_id_arg
from board.practice import STAFF_ROLES, Framework


def command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function `name` ("module:function" under board.cli), imported now."""
    module, function = name.split(":")
    run: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(f"board.cli.{module}"), function
    )
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m board", description=__doc__)
    parser.add_argument("--store", help="a SQLite file or postgresql:// URL (BOARD_STORE)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="write the fictional demo case and print its id")
    demo.set_defaults(run="cases:cmd_demo")

    state = sub.add_parser("state", help="print the board at a point in its history")
    state.add_argument("case", type=case_id_arg)
    state.add_argument(
        "--at", default="latest", help="a position, an ISO time, or a meeting (icpc, review, an id)"
    )
    state.set_defaults(run="cases:cmd_state")

    compare = sub.add_parser("diff", help="print what changed between two points")
    compare.add_argument("case", type=case_id_arg)
    compare.add_argument("--from", dest="from_", required=True, help="the earlier point")
    compare.add_argument("--to", default="latest", help="the later point")
    compare.set_defaults(run="cases:cmd_diff")

    serve = sub.add_parser("serve", help="run the board's web server")
    serve.add_argument("--host", help="address to listen on (BOARD_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (BOARD_PORT, default 8000)")
    serve.add_argument("--redis", help="redis:// URL for fan-out between processes")
    serve.add_argument("--demo", action="store_true", help="write the demo case and accounts")
    serve.set_defaults(run="serve:cmd_serve")

    adduser = sub.add_parser(
        "adduser",
        help="add a staff account, or change its password",
        description="Add a staff account, or change its name, role or password (which ends "
        "its sessions). The password is asked for at the terminal, or, for scripts, read "
        "from the environment variable BOARD_NEW_PASSWORD when it is set.",
    )
    adduser.add_argument("username")
    adduser.add_argument("--name", required=True, help="the name people will see")
    adduser.add_argument(
        "--role", required=True, choices=[r.value for r in STAFF_ROLES], help="staff role"
    )
    adduser.add_argument(
        "--admin", action="store_true", help="may create, disable and re-enable accounts"
    )
    adduser.set_defaults(run="staff:cmd_adduser")

    for verb, enabled in (("disable-user", False), ("enable-user", True)):
        switch = sub.add_parser(
            verb,
            help=f"{verb.split('-')[0]} a staff account"
            + (" (its sessions end at once)" if not enabled else ""),
        )
        switch.add_argument("username")
        switch.set_defaults(run="staff:cmd_enable_user", enabled=enabled)

    opening = sub.add_parser("open-case", help="open a case for a child or a sibling group")
    opening.add_argument(
        "--child",
        action="append",
        required=True,
        metavar="NAME[:AGE]",
        help="a child (repeat for brothers and sisters), e.g. --child Lily:6 --child Tom:4",
    )
    opening.add_argument("--family", required=True, help="the family's name, as shown")
    opening.add_argument(
        "--framework", default=Framework.SAFETY.value, choices=[f.value for f in Framework]
    )
    opening.add_argument(
        "--by", required=True, metavar="USERNAME", help="the member of staff opening it"
    )
    opening.set_defaults(run="cases:cmd_open_case")

    schema = sub.add_parser("schema", help="print the websocket protocol's JSON Schema")
    schema.set_defaults(run="reference:cmd_schema")

    openapi = sub.add_parser(
        "openapi", help="print the HTTP API's OpenAPI document (as /api/openapi.json serves it)"
    )
    openapi.set_defaults(run="reference:cmd_openapi")

    export = sub.add_parser("export", help="write a case's events as newline-delimited JSON")
    export.add_argument("case", type=case_id_arg)
    export.set_defaults(run="cases:cmd_export")

    load = sub.add_parser("import", help="read exported events into this store")
    load.add_argument("file", help="a file written by `export`")
    load.set_defaults(run="cases:cmd_import")

    erase = sub.add_parser("erase", help="crypto-shred a case: destroy its encryption key")
    erase.add_argument("case", type=case_id_arg)
    erase.add_argument("--yes", action="store_true", help="really erase it")
    erase.set_defaults(run="keys:cmd_erase")

    rotate = sub.add_parser(
        "rotate-key",
        help="wrap every case key with a new master key (BOARD_NEW_CIPHER_KEY, or one made "
        "and printed)",
    )
    rotate.set_defaults(run="keys:cmd_rotate_key")

    docs = sub.add_parser("docs", help="rewrite the generated parts of docs/")
    docs.add_argument("--docs", default="docs", help="the docs folder")
    docs.set_defaults(run="reference:cmd_docs")

    args = parser.parse_args(argv)
    run = command(args.run)
    if args.run != "serve:cmd_serve":
        gc.enable()  # paused for start-up (board/__main__.py); the server resumes it built
    # Imported after the command's own module: what every command that opens the store
    # loads anyway, and no sooner (a mistyped command is answered without it).
    from board.application.errors import Unavailable
    from board.storage.case_keys import MasterKeyMismatch

    try:
        result: int = run(args)
    except MasterKeyMismatch as error:  # a wrong BOARD_CIPHER_KEY: say so, no traceback
        raise SystemExit(str(error)) from None
    except Unavailable as error:  # the same, through the application
        if isinstance(error.__cause__, MasterKeyMismatch):
            raise SystemExit(str(error)) from None
        raise
    return result
