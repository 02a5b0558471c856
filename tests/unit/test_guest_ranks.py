"""Guest ranks (board.projections.guest_ranks): a guest's own positions, gap-free, so
that nothing withheld from them can be counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import Domain, Framework, ItemKind, MeetingKind, Role
from board.projections.board import Board, Stamp, evolve_all
from board.projections.guest_ranks import GuestRanks, ranked, ranked_board
from board.projections.visibility import ANY_GUEST, board_for

CHAIR = Author("s-chair", "Chris", Role.CHAIR)
START = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
CASE = uuid4()


def _event(position: int, fact: ev.Fact, meeting_id: str | None = None) -> CaseEvent:
    return CaseEvent(
        case_id=CASE,
        position=position,
        at=START + timedelta(minutes=position),
        by=CHAIR,
        meeting_id=meeting_id,
        fact=fact,
    )


def _ranks(seen: list[bool]) -> GuestRanks:
    ranks = GuestRanks()
    for position, visible in enumerate(seen, start=1):
        ranks.note(_event(position, ev.MeetingClosed(meeting_id="m1")), visible)
    return ranks


def test_ranks_count_only_what_a_guest_sees() -> None:
    # Positions 1..8; 3, 4 and 5 are withheld (a meeting for professionals only).
    ranks = _ranks([True, True, False, False, False, True, True, False])
    assert ranks.count == 4 and ranks.position == 8
    assert [ranks.rank(p) for p in range(9)] == [0, 1, 2, 2, 2, 2, 3, 4, 4]
    assert [ranks.first_position(r) for r in range(6)] == [0, 1, 2, 6, 7, 8]
    # Where a guest holding a rank stands: just before the next event they see.
    assert [ranks.last_position(r) for r in range(6)] == [0, 1, 5, 6, 8, 8]
    assert ranks.plain(2) and not ranks.plain(3) and not ranks.plain(8)
    assert [ranks.sees(p) for p in (2, 3, 6)] == [True, False, True]
    assert ranks.time_of(3) == START + timedelta(minutes=6)
    assert ranks.time_of(0) is None


def test_an_event_judged_out_of_order_is_not_counted() -> None:
    ranks = _ranks([True, True])
    ranks.note(_event(2, ev.MeetingClosed(meeting_id="m1")), True)  # heard twice
    ranks.note(_event(4, ev.MeetingClosed(meeting_id="m1")), True)  # a gap: not judged
    assert (ranks.count, ranks.position) == (2, 2)


def test_nothing_is_converted_while_nothing_is_withheld() -> None:
    ranks = _ranks([True, True, True])
    board = Board(position=3, at=START)
    assert ranked(board, ranks) is board
    assert ranks.rank(3) == 3 and ranks.last_position(3) == 3


def test_a_stamp_of_a_withheld_event_carries_the_rank_and_time_before_it() -> None:
    ranks = _ranks([True, True, False, False, False, True])
    stamp = Stamp(position=4, at=START + timedelta(minutes=4), by=CHAIR, meeting_id=None)
    shown = ranked(stamp, ranks)
    assert (shown.position, shown.at) == (2, START + timedelta(minutes=2))
    seen = Stamp(position=6, at=START + timedelta(minutes=6), by=CHAIR, meeting_id=None)
    assert ranked(seen, ranks) == Stamp(
        position=3, at=START + timedelta(minutes=6), by=CHAIR, meeting_id=None
    )
    # An undo names the change it takes back by its position: a rank too.
    undo = ev.ItemRemoved(item_id="i1", undoes=6)
    assert ranked(undo, ranks).undoes == 3


def test_a_guests_board_after_a_professionals_only_meeting_is_at_its_rank() -> None:
    events = [
        _event(
            1,
            ev.CaseOpened(
                child_name="Kit", family_name="the Test family", framework=Framework.SAFETY
            ),
        ),
        _event(
            2,
            ev.MeetingOpened(
                meeting_id="m1",
                kind=MeetingKind.STRATEGY,
                title="Strategy",
                professionals_only=True,
            ),
            "m1",
        ),
        _event(
            3,
            ev.ItemAdded(
                item_id="i1", domain=Domain.DANGER, text="Legal", kind=ItemKind.FACT, source=""
            ),
            "m1",
        ),
        _event(4, ev.MeetingClosed(meeting_id="m1"), "m1"),
        _event(
            5,
            ev.ItemAdded(
                item_id="i2", domain=Domain.DANGER, text="Open", kind=ItemKind.FACT, source=""
            ),
        ),
    ]
    board = evolve_all(Board(), events)
    ranks = GuestRanks()
    ranks.judge(events, board)
    assert list(ranks.seen) == [1, 5]
    shown = ranked_board(board_for(board, ANY_GUEST), ranks)
    assert (shown.position, shown.at) == (2, START + timedelta(minutes=5))
    assert shown.items["i2"].added.position == 2
    assert "i1" not in shown.items
    # Judged on a board before the events: none judged past it.
    early = GuestRanks()
    early.judge(events, evolve_all(Board(), events[:2]))
    assert early.position == 2


def test_a_guests_frame_crosses_redis_as_it_was() -> None:
    """Over Redis a guest's frame of an event withheld from guests stays nothing to
    send, and one this process could not rank stays "read it from the store"."""
    from board.ws.broadcast import _guest_data, _guest_raw
    from board.ws.outbound import WITHHELD

    staff = b'{"type":"event","position":9}'
    ranked_frame = b'{"type":"event","position":7}'
    for data in (WITHHELD, None, staff, ranked_frame):
        back = _guest_data(_guest_raw(data, staff), staff)
        assert back == data
    assert _guest_data(_guest_raw(staff, staff), staff) is staff  # the same bytes, once
