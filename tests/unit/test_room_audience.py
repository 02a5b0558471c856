"""Whose eyes a shared screen has (issue 21, item 2): `room_audience`, the wall's rule
in the one visibility rule. The wall draws the staff board only while a meeting for
professionals only is open with no guest in it; in every other room (no meeting open,
a meeting the family attends, a guest present) it draws the family's cut. And whose a
printed record is (`whose_record`): staff choose, anyone else gets the family's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from board.events import Author
from board.practice import STAFF_ROLES, MeetingKind, Role
from board.projections.board import Board
from board.projections.entities import Meeting, Participant, Stamp
from board.projections.record import UnknownRecord, whose_record
from board.projections.visibility import ANY_GUEST, STAFF, Audience, room_audience

CHAIR = Author("p-chair", "Sam Reid", Role.CHAIR)
OPENED = Stamp(1, datetime(2026, 12, 3, 10, tzinfo=UTC), CHAIR, "m-1")


def board_with(
    open_meeting: bool, professionals_only: bool, people: list[tuple[Role, bool]]
) -> Board:
    participants = {
        f"p-{n}": Participant(f"p-{n}", f"Person {n}", role, present)
        for n, (role, present) in enumerate(people)
    }
    meeting = Meeting(
        "m-1",
        MeetingKind.STRATEGY if professionals_only else MeetingKind.FAMILY_NETWORK,
        "A meeting",
        OPENED,
        professionals_only=professionals_only,
        participants=participants,
    )
    return Board(meetings={"m-1": meeting}, open_meeting_id="m-1" if open_meeting else None)


def test_a_strategy_meeting_of_staff_shows_the_wall_the_staff_board() -> None:
    staff_only = [(Role.CHAIR, True), (Role.SOCIAL_WORKER, True)]
    assert room_audience(board_with(True, True, staff_only)) == STAFF


def test_a_family_network_meeting_shows_the_wall_the_familys_cut() -> None:
    assert room_audience(board_with(True, False, [(Role.CHAIR, True)])) == ANY_GUEST


def test_with_no_meeting_open_the_wall_shows_the_familys_cut() -> None:
    assert room_audience(Board()) == ANY_GUEST
    assert room_audience(board_with(False, True, [(Role.CHAIR, True)])) == ANY_GUEST


def test_a_guest_in_a_meeting_for_professionals_only_makes_it_the_familys_cut() -> None:
    # A teacher let in to a strategy discussion reads as a guest: so does the wall.
    people = [(Role.CHAIR, True), (Role.PROFESSIONAL, True)]
    assert room_audience(board_with(True, True, people)) == ANY_GUEST
    gone = [(Role.CHAIR, True), (Role.PROFESSIONAL, False)]  # left: staff again
    assert room_audience(board_with(True, True, gone)) == STAFF


@given(
    open_meeting=st.booleans(),
    professionals_only=st.booleans(),
    people=st.lists(st.tuples(st.sampled_from(list(Role)), st.booleans()), max_size=6),
)
def test_the_wall_shows_staff_things_only_to_a_room_of_staff(
    open_meeting: bool, professionals_only: bool, people: list[tuple[Role, bool]]
) -> None:
    room = room_audience(board_with(open_meeting, professionals_only, people))
    guest_in_room = any(present and role not in STAFF_ROLES for role, present in people)
    staff_room = open_meeting and professionals_only and not guest_in_room
    assert room == (STAFF if staff_room else ANY_GUEST)


SAM = Audience.member_of_staff("p-sam")
JESS = Audience.guest("p-jess")


@pytest.mark.parametrize(
    ("viewer", "asked", "expected"),
    [
        (SAM, None, ("professionals", SAM)),  # staff's own, by default
        (SAM, "professionals", ("professionals", SAM)),
        (SAM, "family", ("family", ANY_GUEST)),  # nobody's own votes in the family's
        (JESS, None, ("family", JESS)),
        (JESS, "professionals", ("family", JESS)),  # never the professionals'
        (JESS, "family", ("family", JESS)),
    ],
)
def test_staff_choose_whose_record_and_a_guest_gets_the_familys(
    viewer: Audience, asked: str | None, expected: tuple[str, Audience]
) -> None:
    assert whose_record(viewer, asked) == expected


@pytest.mark.parametrize("asked", ["", "Family", "press", "professionals "])
def test_a_record_for_nobody_is_refused_by_name(asked: str) -> None:
    with pytest.raises(UnknownRecord, match="ask for 'family' or 'professionals'"):
        whose_record(SAM, asked)
