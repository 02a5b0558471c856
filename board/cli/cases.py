"""The commands about cases: the demo case, a board at a point, what changed between
two, opening a case, and export and import."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from uuid import UUID

import msgspec

from board.application.service import BoardApplication
from board.cli.common import open_store
from board.cli.demo import write_demo_case
from board.cli.readout import board_text, diff_text
from board.commands import CommandRefused, OpenCase
from board.commands.case import NewChild
from board.events import Author, CaseEvent
from board.events.codec import export_line, import_line
from board.practice import Framework
from board.projections.board import Board, evolve_all
from board.projections.diff import diff
from board.projections.timeline import UnknownPoint
from board.projections.wording import point_title
from board.storage.accounts import Accounts
from board.storage.store import StalePosition
from board.text import json_visible, visible

LONG_REPLAY = 5000  # events; a replay longer than this shows a progress bar


def cmd_demo(args: argparse.Namespace) -> int:
    store = open_store(args)
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
        from tqdm import tqdm  # only the command line's long replays and imports show it

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
    app = BoardApplication(open_store(args))
    position = _resolve(app, args.case, args.at)
    print(board_text(_board_at(app, args.case, position)))
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    app = BoardApplication(open_store(args))
    before_at, after_at = _resolve(app, args.case, args.from_), _resolve(app, args.case, args.to)
    before = _board_at(app, args.case, before_at)
    after = _board_at(app, args.case, after_at)
    latest = app.board(args.case)
    names = point_title(latest, args.from_, before), point_title(latest, args.to, after)
    print(diff_text(diff(before, after), after, *names))
    return 0


def _child(text: str) -> NewChild:
    name, _, age = text.partition(":")
    if age and not age.strip().isdigit():
        raise SystemExit(f"An age is a whole number of years: {text!r}.")
    return NewChild(name=name.strip(), age=int(age) if age.strip() else None)


def cmd_open_case(args: argparse.Namespace) -> int:
    store = open_store(args)
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


def cmd_export(args: argparse.Namespace) -> int:
    app = BoardApplication(open_store(args))
    if app.head(args.case) == 0:
        raise SystemExit(f"There is no case {args.case} in this store.")
    out = sys.stdout.buffer
    for event in app.events(args.case):
        out.write(json_visible(export_line(event).decode()).encode())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    app = BoardApplication(open_store(args))

    def events() -> Iterator[CaseEvent]:
        with open(args.file, "rb") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    try:
                        yield import_line(line)
                    except msgspec.ValidationError as error:
                        raise SystemExit(f"Line {number} is not an event: {error}") from None

    try:
        from tqdm import tqdm

        cases = app.import_events(tqdm(events(), desc="Importing", unit=" events", file=sys.stderr))
    except StalePosition:
        raise SystemExit("That case is already in this store; nothing more was imported.") from None
    for case_id in cases:
        print(case_id)
    return 0
