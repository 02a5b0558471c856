"""The child's own channel (issue 21, item 5), on a real SQLite store.

A child's view kept "just for my worker" is for the professionals only until the child
agrees to share it: staff see it; a guest is told nothing of it (no frame, no words,
not on their board, not in the family's cut); from the agreement's position on it is
everyone's. Only the child (for a view they wrote) or staff record the agreement; each
bad input is refused with its code and records nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from uuid import UUID

import msgspec
import pytest
from random_cases import CHAIR, CHILD, PARENT, WORKER, StepClock, counting_ids

from board import commands as c
from board import events as ev
from board.application.service import BoardApplication
from board.events import Author, CaseEvent, created_ids
from board.practice import Framework, House, MeetingKind, Role
from board.projections.board import Board, project
from board.projections.changes import evolve_and_tell
from board.projections.narration import in_words, told_to
from board.projections.visibility import ANY_GUEST, STAFF, Audience, board_for
from board.storage.store import CaseStore
from board.ws.protocol import event_frame

SECRET = "I get scared when dad shouts at night"
OPEN = "I like it when Gran reads to me"
OTHER_CHILD = Author("t-child-2", "Sam", Role.CHILD)


@dataclass(frozen=True)
class Room:
    app: BoardApplication
    case_id: UUID

    def run(self, by: Author, command: c.Command) -> list[CaseEvent]:
        return self.app.execute(self.case_id, command, by)

    def events(self) -> list[CaseEvent]:
        return list(self.app.store.read(self.case_id))

    def refused(self, by: Author, command: c.Command, code: str) -> None:
        events = self.events()
        with pytest.raises(c.CommandRefused) as refusal:
            self.run(by, command)
        assert refusal.value.code == code, refusal.value.message
        assert refusal.value.message
        assert self.events() == events


@pytest.fixture
def room(store: CaseStore) -> Iterator[Room]:
    app = BoardApplication(store, clock=StepClock(), make_id=counting_ids())
    case_id = app.open_case("Kit", "the Test family", Framework.SAFETY, WORKER)
    app.execute(case_id, c.AddChild(name="Kit", age=7), WORKER)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), CHAIR)
    yield Room(app, case_id)


def _kept(room: Room, by: Author = CHILD) -> str:
    kept = c.RecordChildView(house=House.WORRIES, text=SECRET, kept_for_professionals=True)
    (view_id,) = created_ids(e.fact for e in room.run(by, kept))
    return view_id


def _told(events: list[CaseEvent], audience: Audience) -> list[str]:
    """Each event as `audience` is told it live (and on catch-up): its frame and its
    words in the history, with the board they hold after it."""
    told: list[str] = []
    board = Board()
    for event in events:
        seen = evolve_and_tell(board, event).seen_by(audience)
        told.append(
            msgspec.json.encode(event_frame(seen)).decode()
            + (told_to(event, board, audience) or "")
            + msgspec.json.encode(board_for(board, audience)).decode()
        )
    return told


def test_a_kept_view_is_on_staff_screens_only_until_the_child_agrees(room: Room) -> None:
    view_id = _kept(room)
    room.run(CHILD, c.RecordChildView(house=House.GOOD_THINGS, text=OPEN))
    before = room.events()
    guest, parent = _told(before, ANY_GUEST), _told(before, Audience.guest("t-parent"))
    for told in (guest, parent):
        assert not any(SECRET in frame or view_id in frame for frame in told)
        assert OPEN in told[-1]  # what Kit did not keep reaches the room
    board = project(before)
    assert view_id not in board_for(board, ANY_GUEST).child_views  # the family's cut
    assert board_for(board, STAFF).child_views[view_id].text == SECRET
    assert SECRET in _told(before, STAFF)[-2]
    assert in_words(before[-2], board).endswith(
        f"put in Kit's house of worries, kept for the professionals until they agree: "
        f"\u201c{SECRET}\u201d"
    )

    (agreed,) = room.run(CHILD, c.AgreeToShareChildView(view_id=view_id, how="on my phone"))
    assert agreed.fact == ev.ChildAgreedToShare(view_id=view_id, how="on my phone")
    after = room.events()
    board = project(after)
    assert board_for(board, ANY_GUEST).child_views[view_id].text == SECRET
    frame = _told(after, ANY_GUEST)[-1]
    assert SECRET in frame  # the agreement's own frame adds it to every guest's screen
    assert (told_to(agreed, board, ANY_GUEST) or "").endswith(
        f"Kit (child or young person) agreed to share with everyone what Kit said "
        f"\u201c{SECRET}\u201d, on my phone."
    )
    # Before the agreement's position it is still theirs alone (replay, board at).
    earlier = project(after[:-1])
    assert view_id not in board_for(earlier, ANY_GUEST).child_views


def test_staff_record_the_childs_yes_for_a_view_a_worker_wrote(room: Room) -> None:
    view_id = _kept(room, WORKER)
    room.refused(CHILD, c.AgreeToShareChildView(view_id=view_id), "not_the_child")
    (agreed,) = room.run(WORKER, c.AgreeToShareChildView(view_id=view_id))
    assert agreed.fact == ev.ChildAgreedToShare(view_id=view_id, how="told a worker")
    assert in_words(agreed, project(room.events())).endswith(
        f"recorded that Kit agreed to share with everyone what Kit said \u201c{SECRET}\u201d, "
        "told a worker."
    )


def test_each_bad_agreement_is_refused_and_records_nothing(room: Room) -> None:
    view_id = _kept(room)
    (open_view,) = created_ids(
        e.fact for e in room.run(CHILD, c.RecordChildView(house=House.DREAMS, text=OPEN))
    )
    agree = c.AgreeToShareChildView
    room.refused(PARENT, agree(view_id=view_id), "forbidden")  # a parent, for the child
    room.refused(OTHER_CHILD, agree(view_id=view_id), "not_the_child")
    room.refused(WORKER, agree(view_id="no-such-view"), "view_not_found")
    room.refused(WORKER, agree(view_id=open_view), "not_kept")
    share = c.ShareWithFamily(thing_id=view_id, how="by phone")
    room.refused(WORKER, share, "child_must_agree")  # staff cannot share it over them
    room.run(CHAIR, c.CloseMeeting())
    room.run(CHAIR, c.OpenMeeting(kind=MeetingKind.STRATEGY))
    room.refused(WORKER, agree(view_id=view_id), "professionals_only")
    room.run(CHAIR, c.CloseMeeting())
    room.run(CHILD, agree(view_id=view_id))
    room.refused(CHILD, agree(view_id=view_id), "already_agreed")
    room.refused(WORKER, agree(view_id=view_id), "already_agreed")
