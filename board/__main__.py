"""The command line: `python -m board demo | state | diff | export | import | serve | adduser |
open-case | disable-user | enable-user | erase | rotate-key | schema | openapi | docs`."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import logging
import os
import re
import secrets
import sys
from collections.abc import Iterable, Iterator, Sequence
from uuid import UUID

import msgspec
from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment
from tqdm import tqdm

from board.accounts import AccountError, Accounts
from board.application import BoardApplication
from board.case_keys import MasterKeyMismatch
from board.commands import CommandRefused, OpenCase, OpenMeeting
from board.commands.case import NewChild
from board.demo import JESS, PAT, allocate_accounts, write_demo_case
from board.events import Author, CaseEvent
from board.events.codec import export_line, import_line
from board.invites import Invites
from board.plan_links import PlanLinks
from board.practice import STAFF_ROLES, Framework, MeetingKind, Role
from board.projections.board import Board, evolve_all
from board.projections.diff import diff
from board.projections.timeline import UnknownPoint
from board.readout import board_text, diff_text
from board.scrub import EraseIncomplete
from board.settings import Settings, secret_problem
from board.single_server import AlreadyServed, ServerLock, second_server_message
from board.store import CaseStore, StalePosition, sqlite_file
from board.text import json_visible, visible
from board.wording import point_title
from board.ws.protocol import MAX_FRAME_BYTES, json_schema

LONG_REPLAY = 5000  # events; a replay longer than this shows a progress bar
log = logging.getLogger("board")


def _store(args: argparse.Namespace) -> CaseStore:
    settings = Settings()
    return CaseStore(args.store or settings.store, settings.cipher_key)


def _case_id(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a case id") from None


def cmd_demo(args: argparse.Namespace) -> int:
    store = _store(args)
    case_id = write_demo_case(store)
    print(case_id)
    print(
        f"The demo case is written ({store.head(case_id)} events). Try:\n"
        f"  python -m board diff {case_id} --from icpc --to review",
        file=sys.stderr,
    )
    return 0


def _board_at(app: BoardApplication, case_id: UUID, position: int) -> Board:
    """The board at a position, with a progress bar when many events must be folded."""
    start = app.store.nearest_snapshot(case_id, position) or Board()
    events: Iterable[CaseEvent] = app.store.read(case_id, after=start.position, upto=position)
    to_fold = position - start.position
    if to_fold > LONG_REPLAY:
        events = tqdm(events, total=to_fold, desc="Replaying", unit=" events", file=sys.stderr)
    return evolve_all(start, events)


def _resolve(app: BoardApplication, case_id: UUID, point: str) -> int:
    if app.store.is_erased(case_id):
        raise SystemExit(f"Case {case_id} was erased: its record can no longer be read.")
    if app.head(case_id) == 0:
        raise SystemExit(f"There is no case {case_id} in this store.")
    try:
        return app.resolve_point(case_id, point)
    except UnknownPoint as error:
        raise SystemExit(visible(str(error))) from None


def cmd_state(args: argparse.Namespace) -> int:
    app = BoardApplication(_store(args))
    position = _resolve(app, args.case, args.at)
    print(board_text(_board_at(app, args.case, position)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    app = BoardApplication(_store(args))
    before_at, after_at = _resolve(app, args.case, args.from_), _resolve(app, args.case, args.to)
    before = _board_at(app, args.case, before_at)
    after = _board_at(app, args.case, after_at)
    latest = app.board(args.case)
    names = point_title(latest, args.from_, before), point_title(latest, args.to, after)
    print(diff_text(diff(before, after), after, *names))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    overrides = {
        k: v
        for k, v in {
            "store": args.store,
            "host": args.host,
            "port": args.port,
            "redis_url": args.redis,
        }.items()
        if v is not None
    }
    settings = dataclasses.replace(Settings(), **overrides)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).addFilter(redact_case_ids)
    # Held (by this process) until it ends: a second server on the file is refused.
    lock = _sqlite_server_lock(settings.store)
    problem = secret_problem(settings.secret)
    if problem:
        log.warning(problem)
    _check_proxies(settings)
    _check_master_key(settings)
    if args.demo:
        _prepare_demo(settings)
    try:
        _run_uvicorn(settings)
    finally:
        if lock is not None:
            lock.release()
    return 0


def _sqlite_server_lock(store_url: str) -> ServerLock | None:
    """The SQLite store's server lock, or SystemExit if another server holds it."""
    path = sqlite_file(store_url)
    if path is None:
        return None  # PostgreSQL: as many processes as wanted, with Redis between them
    try:
        return ServerLock(path).acquire()
    except AlreadyServed as held:
        raise SystemExit(second_server_message(path, str(held))) from None


def _check_proxies(settings: Settings) -> None:
    """Refuse a BOARD_TRUSTED_PROXIES that names something that is not an address."""
    from board.web.proxies import BadProxySetting, TrustedProxies

    try:
        TrustedProxies.parse(settings.trusted_proxies)
    except BadProxySetting as error:
        raise SystemExit(str(error)) from None


def _check_master_key(settings: Settings) -> None:
    """Refuse to start with a cipher key that is not the store's master key."""
    if not settings.cipher_key:
        return
    store = CaseStore(settings.store, settings.cipher_key)
    try:
        if store.case_keys is not None:
            store.case_keys.verify_master()
    except MasterKeyMismatch as error:
        raise SystemExit(str(error)) from None
    finally:
        store.close()


def _run_uvicorn(settings: Settings) -> None:
    import uvicorn

    from board.web.app import create_app
    from board.web.header_deadline import HeaderDeadlineProtocol
    from board.ws.direct import DirectProtocol

    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        access_log=False,  # request paths name cases; keep them out of the logs
        # Unfinished headers are cut off (slowloris): board/web/header_deadline.py.
        http=HeaderDeadlineProtocol,
        # The client's address and scheme come from board.web.proxies, which believes
        # X-Forwarded-* only from BOARD_TRUSTED_PROXIES (uvicorn's own would believe
        # anything from 127.0.0.1, and let a local guesser choose its address).
        proxy_headers=False,
        # Frames up to 1 MiB are read and answered with a clear "too large" error;
        # only larger ones are cut off by the websocket layer.
        ws_max_size=MAX_FRAME_BYTES * 64,
        # Browsers offer per-message compression; taking it means compressing every
        # event again for every screen (a quarter of the server's time at 100 screens,
        # 50 KiB of memory each) to save a few hundred bytes on a local network.
        ws_per_message_deflate=False,
        # uvicorn's own websocket protocol, letting the hub write a frame built once
        # straight to every screen (board.ws.direct).
        ws=DirectProtocol,
    )


_CASE_PATH = re.compile(r"/cases/[0-9a-fA-F-]{32,36}")


def redact_case_ids(record: logging.LogRecord) -> bool:
    """Keep case ids out of the server's log lines (uvicorn logs websocket paths)."""
    if record.args:
        record.args = tuple(
            _CASE_PATH.sub("/cases/…", a) if isinstance(a, str) else a for a in record.args
        )
    record.msg = _CASE_PATH.sub("/cases/…", str(record.msg))
    return True


def _prepare_demo(settings: Settings) -> None:
    """Write the demo case (once), give the demo chair a fresh password, make an invite."""
    store = CaseStore(settings.store, settings.cipher_key)
    try:
        cases = store.case_ids()
        case_id = cases[0] if cases else write_demo_case(store)
        password = secrets.token_urlsafe(9)
        chair = Accounts(store).save("chair", "Sam Reid", Role.CHAIR, password)
        allocate_accounts(store, case_id, [chair])
        # A meeting ready to go, so a newcomer can be let in and scale at once.
        app = BoardApplication(store)
        meeting = app.board(case_id).open_meeting
        if meeting is None:
            by = Author(f"staff-{chair.username}", chair.name, chair.role)
            app.execute(case_id, OpenMeeting(kind=MeetingKind.CORE_GROUP), by)
        # Gran Pat invited by name: the chair sees who she is as she waits.
        code = Invites(store).issue(
            case_id,
            Role.NETWORK_MEMBER,
            app.board(case_id).open_meeting_id,
            "staff-chair",
            person_id=PAT.participant_id,
        )
        # Jess's own link to the family's plan, and nothing else (30 days).
        plan_token, _ = PlanLinks(store).issue(case_id, JESS.participant_id, "staff-chair")
    finally:
        store.close()
    base = f"http://{settings.host}:{settings.port}"
    print(
        f"""
The board is starting at {base}/
  Chair:   sign in at {base}/signin as "chair" with password {password}
           then open the demo case: {base}/cases/{case_id}
  Family:  in another browser window, join at {base}/join?code={code}
           (Gran Pat's invite, valid for 12 hours; a core group meeting is open, and
           the chair lets you in from the shared screen)
  Plan:    Jess's personal link to the family's plan (and nothing else), for 30 days:
           {base}/plan-links/{plan_token}
""",
        flush=True,
    )


def cmd_adduser(args: argparse.Namespace) -> int:
    password = os.environ.get("BOARD_NEW_PASSWORD") or getpass.getpass("Password: ")
    try:
        account = Accounts(_store(args)).save(
            args.username, args.name, Role(args.role), password, administrator=args.admin or None
        )
    except AccountError as error:
        raise SystemExit(str(error)) from None
    print(f"Saved {account.username} ({visible(account.name)}, {account.role.value}).")
    return 0


def cmd_enable_user(args: argparse.Namespace) -> int:
    try:
        account = Accounts(_store(args)).set_enabled(args.username, args.enabled)
    except AccountError as error:
        raise SystemExit(str(error)) from None
    state = "enabled" if account.enabled else "disabled; its sessions have ended"
    print(f"{account.username} is {state}.")
    return 0


def _child(text: str) -> NewChild:
    name, _, age = text.partition(":")
    if age and not age.strip().isdigit():
        raise SystemExit(f"An age is a whole number of years: {text!r}.")
    return NewChild(name=name.strip(), age=int(age) if age.strip() else None)


def cmd_open_case(args: argparse.Namespace) -> int:
    store = _store(args)
    account = Accounts(store).all().get(args.by)
    if account is None or not account.enabled:
        raise SystemExit(f"There is no member of staff called {args.by!r}.")
    command = OpenCase(
        children=tuple(_child(c) for c in args.child),
        family_name=args.family,
        framework=Framework(args.framework),
        allocate_to=account.username,
    )
    by = Author(f"staff-{account.username}", account.name, account.role)
    try:
        case_id = BoardApplication(store).open_new_case(command, by)
    except CommandRefused as refused:
        raise SystemExit(refused.message) from None
    print(case_id)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, sort_keys=True))
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from board.web.openapi import openapi_document

    print(json.dumps(openapi_document(), indent=2))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    app = BoardApplication(_store(args))
    if app.head(args.case) == 0:
        raise SystemExit(f"There is no case {args.case} in this store.")
    out = sys.stdout.buffer
    for event in app.events(args.case):
        out.write(json_visible(export_line(event).decode()).encode())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    app = BoardApplication(_store(args))

    def events() -> Iterator[CaseEvent]:
        with open(args.file, "rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    try:
                        yield import_line(line)
                    except msgspec.ValidationError as error:
                        raise SystemExit(f"Line {number} is not an event: {error}") from None

    try:
        cases = app.import_events(tqdm(events(), desc="Importing", unit=" events", file=sys.stderr))
    except StalePosition:
        raise SystemExit("That case is already in this store; nothing more was imported.") from None
    for case_id in cases:
        print(case_id)
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    store = _store(args)
    if store.head(args.case) == 0:
        raise SystemExit(f"There is no case {args.case} in this store.")
    if not args.yes:
        raise SystemExit(
            "Erasing destroys the case's key: its record can never be read again, by anyone. "
            "Run again with --yes to do it."
        )
    try:
        erased = store.erase_case(args.case)
    except (ValueError, EraseIncomplete) as error:
        raise SystemExit(str(error)) from None
    finally:
        store.close()
    print(
        "Erased: the case can no longer be read, and its key is gone from the database."
        if erased
        else "It was already erased (its key's traces were scrubbed from the database again)."
    )
    print(
        "Backups, and on PostgreSQL the write-ahead log and its archives, taken before now "
        "still hold the key, wrapped with the master key. Rotate the master key "
        "(python -m board rotate-key), destroy the old one, and take a fresh backup "
        '(docs/security.md, "Backups").'
    )
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    """Wrap every case key (and seal the staff accounts and invites) with a new master
    key. The new key is BOARD_NEW_CIPHER_KEY if set, or one made here and printed once on
    standard output (everything else goes to standard error)."""
    settings = Settings()
    old = settings.cipher_key
    if not old:
        raise SystemExit("rotate-key needs the current master key: set BOARD_CIPHER_KEY.")
    given = os.environ.get("BOARD_NEW_CIPHER_KEY", "").strip()
    if given:
        try:
            AESCipher(Environment(env={AESCipher.CIPHER_KEY: given}))
        except ValueError:
            raise SystemExit(
                "BOARD_NEW_CIPHER_KEY is not a key: it must be 16, 24 or 32 random bytes in "
                "base64. Leave it unset to have one made. Nothing was changed."
            ) from None
        if given == old:
            raise SystemExit(
                "BOARD_NEW_CIPHER_KEY is the key in use. Give a new one, or leave it unset "
                "to have one made. Nothing was changed."
            )
    new = given or AESCipher.create_key(32)
    url = args.store or settings.store
    path = sqlite_file(url)
    lock = None
    if path is not None:
        try:
            lock = ServerLock(path).acquire()
        except AlreadyServed:
            raise SystemExit(
                "A board server is running on this store: stop it first (it would go on "
                "with the old key). Nothing was changed."
            ) from None
    try:
        store = CaseStore(url, old)
        try:
            keys, records = _rotate(store, new, show=not given)
        finally:
            store.close()
    finally:
        if lock is not None:
            lock.release()
    print(
        f"Rotated: {keys} case keys wrapped again and {records} staff and invite records "
        "sealed again with the new master key, in one transaction.\n"
        "Now set BOARD_CIPHER_KEY to the new key wherever the board runs, start it again, "
        "and destroy the old key: then no backup taken before today (an erased case's key "
        "included) can be read with it any more.",
        file=sys.stderr,
    )
    return 0


def _rotate(store: CaseStore, new: str, show: bool) -> tuple[int, int]:
    if store.case_keys is None or not store.case_keys.master_matches():
        raise SystemExit(str(MasterKeyMismatch()))
    if show:  # before the change: a key that is lost after it would lose every case
        print(new, flush=True)
        print(
            "That is the new master key (made now, shown this once): keep it where the "
            "old one was kept before going on.",
            file=sys.stderr,
            flush=True,
        )
    try:
        return store.rotate_master_key(new)
    except MasterKeyMismatch as error:
        unused = " The key printed above was not used." if show else ""
        raise SystemExit(f"{error}{unused}") from None


def cmd_docs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from board.reference import update_docs

    changed = update_docs(Path(args.docs))
    print("Updated: " + ", ".join(changed) if changed else "The generated docs were up to date.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m board", description=__doc__)
    parser.add_argument("--store", help="a SQLite file or postgresql:// URL (BOARD_STORE)")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="write the fictional demo case and print its id")
    demo.set_defaults(run=cmd_demo)

    state = sub.add_parser("state", help="print the board at a point in its history")
    state.add_argument("case", type=_case_id)
    state.add_argument(
        "--at", default="latest", help="a position, an ISO time, or a meeting (icpc, review, an id)"
    )
    state.set_defaults(run=cmd_state)

    compare = sub.add_parser("diff", help="print what changed between two points")
    compare.add_argument("case", type=_case_id)
    compare.add_argument("--from", dest="from_", required=True, help="the earlier point")
    compare.add_argument("--to", default="latest", help="the later point")
    compare.set_defaults(run=cmd_diff)

    serve = sub.add_parser("serve", help="run the board's web server")
    serve.add_argument("--host", help="address to listen on (BOARD_HOST, default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (BOARD_PORT, default 8000)")
    serve.add_argument("--redis", help="redis:// URL for fan-out between processes")
    serve.add_argument("--demo", action="store_true", help="write the demo case and accounts")
    serve.set_defaults(run=cmd_serve)

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
    adduser.set_defaults(run=cmd_adduser)

    for verb, enabled in (("disable-user", False), ("enable-user", True)):
        switch = sub.add_parser(
            verb,
            help=f"{verb.split('-')[0]} a staff account"
            + (" (its sessions end at once)" if not enabled else ""),
        )
        switch.add_argument("username")
        switch.set_defaults(run=cmd_enable_user, enabled=enabled)

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
    opening.set_defaults(run=cmd_open_case)

    schema = sub.add_parser("schema", help="print the websocket protocol's JSON Schema")
    schema.set_defaults(run=cmd_schema)

    openapi = sub.add_parser(
        "openapi", help="print the HTTP API's OpenAPI document (as /api/openapi.json serves it)"
    )
    openapi.set_defaults(run=cmd_openapi)

    export = sub.add_parser("export", help="write a case's events as newline-delimited JSON")
    export.add_argument("case", type=_case_id)
    export.set_defaults(run=cmd_export)

    load = sub.add_parser("import", help="read exported events into this store")
    load.add_argument("file", help="a file written by `export`")
    load.set_defaults(run=cmd_import)

    erase = sub.add_parser("erase", help="crypto-shred a case: destroy its encryption key")
    erase.add_argument("case", type=_case_id)
    erase.add_argument("--yes", action="store_true", help="really erase it")
    erase.set_defaults(run=cmd_erase)

    rotate = sub.add_parser(
        "rotate-key",
        help="wrap every case key with a new master key (BOARD_NEW_CIPHER_KEY, or one made "
        "and printed)",
    )
    rotate.set_defaults(run=cmd_rotate_key)

    docs = sub.add_parser("docs", help="rewrite the generated parts of docs/")
    docs.add_argument("--docs", default="docs", help="the docs folder")
    docs.set_defaults(run=cmd_docs)

    args = parser.parse_args(argv)
    try:
        result: int = args.run(args)
    except MasterKeyMismatch as error:  # a wrong BOARD_CIPHER_KEY: say so, no traceback
        raise SystemExit(str(error)) from None
    return result


if __name__ == "__main__":
    sys.exit(main())
