"""`serve`: the web server under uvicorn, after the checks that refuse a bad start
(a second server on a SQLite file, a proxy setting that is not an address, a cipher
key that is not the store's), with the demo case when asked."""

from __future__ import annotations

import argparse
import dataclasses
import logging
import re
import secrets
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from board.application.service import BoardApplication
from board.application.writer import utc_now
from board.cli.single_server import AlreadyServed, ServerLock, second_server_message
from board.commands import OpenMeeting
from board.events import Author
from board.practice import MeetingKind, Role
from board.settings import Settings, secret_problem
from board.storage.accounts import Accounts
from board.storage.case_keys import MasterKeyMismatch
from board.storage.invites import Invites
from board.storage.plan_links import PlanLinks
from board.storage.store import CaseStore, sqlite_file
from board.timescales import ENGLAND, day_in_england, is_working_day
from board.ws.protocol import MAX_FRAME_BYTES

log = logging.getLogger("board")

if TYPE_CHECKING:
    import uvicorn


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

    uvicorn.Server(uvicorn_config(settings)).run()


def uvicorn_config(settings: Settings, log_level: str = "info") -> uvicorn.Config:
    """How the board is served (the command, and the benchmarks and tests that run it in
    their own process)."""
    import uvicorn

    from board.web.app import create_app
    from board.web.header_deadline import HeaderDeadlineProtocol
    from board.ws.direct import DirectProtocol

    return uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=log_level,
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


def last_working_morning(now: datetime) -> datetime:
    """10:00 in England on the last working day (today's, once it is past), in UTC."""
    day = day_in_england(now)
    while True:
        morning = datetime.combine(day, time(10, 0), ENGLAND).astimezone(UTC)
        if is_working_day(day) and morning <= now:
            return morning
        day -= timedelta(days=1)


def _prepare_demo(settings: Settings) -> None:
    """Write the demo case (once), give the demo chair a fresh password, make an invite."""
    from board.cli.demo import JESS, PAT, allocate_accounts, write_demo_case  # --demo only

    store = CaseStore(settings.store, settings.cipher_key)
    try:
        cases = store.case_ids()
        case_id = cases[0] if cases else write_demo_case(store)
        password = secrets.token_urlsafe(9)
        chair = Accounts(store).save("chair", "Sam Reid", Role.CHAIR, password)
        allocate_accounts(store, case_id, [chair])
        # A meeting ready to go, so a newcomer can be let in and scale at once; opened on
        # the last working morning, so the demo never holds a meeting on a Sunday at
        # 01:07 or a bank holiday (W35).
        app = BoardApplication(store)
        meeting = app.board(case_id).open_meeting
        if meeting is None:
            by = Author(f"staff-{chair.username}", chair.name, chair.role)
            now = utc_now()
            latest = app.board(case_id).at
            morning = last_working_morning(now)
            when = morning if latest is None or latest < morning else now  # never before
            opening = BoardApplication(store, clock=lambda: when)
            opening.execute(case_id, OpenMeeting(kind=MeetingKind.CORE_GROUP), by)
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
