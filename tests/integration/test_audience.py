"""Every thing has an audience, kept with it (issue 21, item 1), on a real SQLite store.

A thing written in a meeting for professionals only is theirs in every later event
about it, whichever meeting that happens in: the event is withheld from a guest, and
a rule that only refers to it is shown without the reference. Sharing is a fact, from
its own position on; the two steps after such a meeting are recorded and narrated.
Each bad input is refused with its code and records nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import msgspec
import pytest
from random_cases import CHAIR, MANAGER, NETWORK, PARENT, WORKER, StepClock, counting_ids

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author, CaseEvent, created_ids
from board.practice import Domain, Framework, MeetingKind, SeniorRole
from board.projections.board import Board, project
from board.projections.changes import evolve_and_tell
from board.projections.narration import in_words, told_to
from board.projections.visibility import ANY_GUEST, STAFF, board_for, event_for
from board.storage.store import CaseStore
from board.ws.protocol import event_frame

LEGAL = "Legal advice: the threshold for proceedings is met"
STATEMENT = "Police intelligence about Dan the family have not been told"
GOAL = "Dan has no contact until the police inquiry ends"
OPEN_ITEM = "Kit reads with mum every night"


@dataclass(frozen=True)
class Scene:
    app: BoardApplication
    case_id: UUID
    strategy: str
    legal_item: str
    statement: str
    goal: str
    open_item: str  # written with the family

    def run(self, by: Author, command: c.Command) -> list[CaseEvent]:
        return self.app.execute(self.case_id, command, by)

    def events(self) -> list[CaseEvent]:
        return list(self.app.store.read(self.case_id))


def _created(events: list[CaseEvent]) -> str:
    (found,) = created_ids(e.fact for e in events)
    return found


@pytest.fixture
def scene(store: CaseStore) -> Iterator[Scene]:
    app = BoardApplication(store, clock=StepClock(), make_id=counting_ids())
    case_id = app.open_case("Kit", "the Test family", Framework.SAFETY, WORKER)

    def run(by: Author, command: c.Command) -> list[CaseEvent]:
        return app.execute(case_id, command, by)

    strategy = _created(run(CHAIR, c.OpenMeeting(kind=MeetingKind.STRATEGY))[:1])
    legal = _created(run(WORKER, c.AddItem(domain=Domain.DANGER, text=LEGAL)))
    statement = _created(run(WORKER, c.WriteDangerStatement(text=STATEMENT)))
    goal = _created(run(WORKER, c.PairSafetyGoal(statement_id=statement, text=GOAL)))
    run(CHAIR, c.CloseMeeting())
    run(CHAIR, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK))
    open_item = _created(run(PARENT, c.AddItem(domain=Domain.EXISTING_STRENGTHS, text=OPEN_ITEM)))
    yield Scene(app, case_id, strategy, legal, statement, goal, open_item)


def _guest_reads(events: list[CaseEvent]) -> str:
    """Everything a guest is told of these events: each live frame, each event's words
    in the history, and the board at the end."""
    told: list[str] = []
    board = Board()
    for event in events:
        seen = evolve_and_tell(board, event).seen_by(ANY_GUEST)
        told.append(msgspec.json.encode(event_frame(seen)).decode())
        told.append(told_to(event, board, ANY_GUEST) or "")
    told.append(msgspec.json.encode(board_for(board, ANY_GUEST)).decode())
    return "\n".join(told)


def test_later_changes_to_a_strategy_thing_never_reach_a_guest(scene: Scene) -> None:
    """At a family meeting, staff reword, move, confirm and undo a strategy item, revise
    the statement, pair a second goal with it, and the family writes a rule that
    addresses it: no word of any of it reaches a guest; staff are told it all."""
    reworded = "Counsel: threshold met, proceedings if the plan is not kept"
    revised = "Police intelligence: Dan was seen near the school"
    second_goal = "Dan's contact is supervised by Gran"
    scene.run(WORKER, c.EditItem(item_id=scene.legal_item, text=reworded))
    scene.run(WORKER, c.MoveItem(item_id=scene.legal_item, domain=Domain.HARM))
    scene.run(WORKER, c.Undo())  # the move, taken back
    scene.run(CHAIR, c.ConfirmItem(item_id=scene.legal_item))
    scene.run(WORKER, c.ReviseDangerStatement(statement_id=scene.statement, text=revised))
    scene.run(WORKER, c.PairSafetyGoal(statement_id=scene.statement, text=second_goal))
    rule = _created(
        scene.run(
            NETWORK,
            c.AddPlanRule(who="Gran", what="walks Kit to school", addresses=(scene.statement,)),
        )
    )
    events = scene.events()
    told = _guest_reads(events)
    for secret in (LEGAL, reworded, STATEMENT, revised, GOAL, second_goal):
        assert secret not in told
    for secret_id in (scene.legal_item, scene.statement, scene.goal):
        assert secret_id not in told
    assert "walks Kit to school" in told  # the family's own rule, without its reference
    board = project(events)
    guest_board = board_for(board, ANY_GUEST)
    assert guest_board.plan[rule].addresses == ()
    assert board.plan[rule].addresses == (scene.statement,)
    staff_told = "\n".join(in_words(e, board) for e in events)
    assert reworded in staff_told and revised in staff_told


def test_shared_from_its_position_on_and_not_before(scene: Scene) -> None:
    reworded = "We worry that Dan will hurt Kit when he drinks"
    after = "We worry Dan will hurt Kit when he has been drinking"
    scene.run(WORKER, c.ReviseDangerStatement(statement_id=scene.statement, text=reworded))
    (shared,) = scene.run(
        WORKER,
        c.ShareWithFamily(
            thing_id=scene.statement, how="by phone with Esi", shared_on=date(2026, 1, 4)
        ),
    )
    scene.run(WORKER, c.ReviseDangerStatement(statement_id=scene.statement, text=after))
    events = scene.events()
    board = project(events)
    # Before the share: nothing, even read from the latest board.
    for event in events[: shared.position - 1]:
        assert not any(
            text in (told_to(event, board, ANY_GUEST) or "") for text in (reworded, STATEMENT)
        )
    # The share itself, and what follows, are told; the goal goes with its statement.
    said = told_to(shared, project(events[: shared.position]), ANY_GUEST)
    assert said is not None and reworded in said and "by phone with Esi" in said
    assert "04 January 2026" in said
    assert after in (told_to(events[-1], board, ANY_GUEST) or "")
    guest_board = board_for(board, ANY_GUEST)
    assert guest_board.danger_statements[scene.statement].text == after
    assert guest_board.safety_goals[scene.goal].text == GOAL
    assert scene.legal_item not in guest_board.items  # not shared
    # Live: the share's frame puts the statement and its goal on a guest's screen.
    replay = project(events[: shared.position - 1])
    seen = evolve_and_tell(replay, shared).seen_by(ANY_GUEST)
    paths = {change.path for change in seen.changes}
    assert ("danger_statements", scene.statement) in paths
    assert ("safety_goals", scene.goal) in paths
    # The board as a guest held it before the share had none of it.
    before = board_for(project(events[: shared.position - 1]), ANY_GUEST)
    assert scene.statement not in before.danger_statements
    assert event_for(events[-1], board, STAFF) is events[-1]


def test_the_family_told_and_the_outcome_discussed_are_recorded(scene: Scene) -> None:
    scene.run(CHAIR, c.CloseMeeting())
    scene.run(
        WORKER,
        c.RecordFamilyTold(meeting_id=scene.strategy, told_on=date(2026, 1, 6), how="by phone"),
    )
    scene.run(
        WORKER,
        c.RecordOutcomeDiscussed(meeting_id=scene.strategy, discussed_on=date(2026, 1, 8)),
    )
    events = scene.events()
    board = project(events)
    meeting = board.meetings[scene.strategy]
    assert meeting.family_told is not None and meeting.family_told.on == date(2026, 1, 6)
    assert meeting.outcome_discussed is not None
    assert meeting.outcome_discussed.on == date(2026, 1, 8)
    staff_words = [in_words(e, board) for e in events[-2:]]
    assert (
        "the family was told on 06 January 2026 that the strategy meeting took place"
        in (staff_words[0])
    )
    assert "outcome of the strategy meeting was discussed with the family" in staff_words[1]
    # Both name the meeting for professionals only: withheld from guests, like it.
    assert [event_for(e, board, ANY_GUEST) for e in events[-2:]] == [None, None]


def _refused(scene: Scene, by: Author, command: c.Command, code: str) -> None:
    head = scene.app.store.head(scene.case_id)
    events = scene.events()
    with pytest.raises(c.CommandRefused) as refusal:
        scene.run(by, command)
    assert refusal.value.code == code, refusal.value.message
    assert refusal.value.message
    assert scene.app.store.head(scene.case_id) == head
    assert scene.events() == events


def test_each_bad_share_is_refused_and_records_nothing(scene: Scene) -> None:
    share = c.ShareWithFamily
    _refused(scene, PARENT, share(thing_id=scene.statement, how="I saw it"), "forbidden")
    _refused(scene, WORKER, share(thing_id="no-such-thing", how="by phone"), "unknown_thing")
    _refused(
        scene,
        WORKER,
        share(thing_id=scene.open_item, how="at the meeting"),
        "not_professionals_only",
    )
    _refused(scene, WORKER, share(thing_id=scene.goal, how="by phone"), "statement_not_shared")
    _refused(scene, WORKER, share(thing_id=scene.statement, how="  "), "empty_text")
    scene.run(WORKER, share(thing_id=scene.statement, how="at the family network meeting"))
    _refused(scene, WORKER, share(thing_id=scene.statement, how="again"), "already_shared")
    scene.run(CHAIR, c.CloseMeeting())
    scene.run(CHAIR, c.OpenMeeting(kind=MeetingKind.LEGAL_PLANNING))
    _refused(scene, WORKER, share(thing_id=scene.legal_item, how="by phone"), "professionals_only")


def test_each_bad_step_after_a_meeting_for_professionals_only_is_refused(scene: Scene) -> None:
    told = c.RecordFamilyTold
    discussed = c.RecordOutcomeDiscussed
    day = date(2026, 1, 6)
    _refused(scene, PARENT, told(meeting_id=scene.strategy, told_on=day), "forbidden")
    _refused(scene, WORKER, told(meeting_id="no-such-meeting", told_on=day), "unknown_meeting")
    family_meeting = scene.app.board(scene.case_id).open_meeting_id
    assert family_meeting is not None
    _refused(scene, WORKER, told(meeting_id=family_meeting, told_on=day), "not_professionals_only")
    _refused(
        scene,
        WORKER,
        discussed(meeting_id=scene.strategy, discussed_on=date(2020, 1, 1)),
        "date_before_meeting",
    )
    scene.run(CHAIR, c.CloseMeeting())
    opened = scene.run(CHAIR, c.OpenMeeting(kind=MeetingKind.STRATEGY))
    _refused(
        scene, WORKER, told(meeting_id=_created(opened[:1]), told_on=day), "professionals_only"
    )


def test_a_late_conferences_sign_off_is_for_professionals_only(scene: Scene) -> None:
    """The senior sign-off of a late conference (FC4) is the local authority's own
    account: signed at a meeting the family attends, its fact, its words and its place
    on the board reach staff only."""
    why = "The police interview could not be booked sooner"
    scene.run(WORKER, c.RecordStrategyDiscussion(held_on=date(2026, 1, 2)))
    (signed,) = scene.run(
        MANAGER,
        c.SignOffLateConference(
            signed_by="Ruth Kaye",
            senior_role=SeniorRole.HEAD_OF_SERVICE,
            reason=why,
            conference_on=date(2026, 2, 10),
        ),
    )
    events = scene.events()
    board = project(events)
    assert signed.meeting_id == board.open_meeting_id  # the family meeting, not a strategy one
    assert event_for(signed, board, ANY_GUEST) is None
    assert event_for(signed, board, STAFF) is signed
    assert told_to(signed, board, ANY_GUEST) is None
    assert "Ruth Kaye" in (told_to(signed, board, STAFF) or "")
    seen = evolve_and_tell(project(events[:-1]), signed).seen_by(ANY_GUEST)
    assert seen.withheld and seen.changes == []
    assert board_for(board, ANY_GUEST).late_sign_off is None
    assert board_for(board, STAFF).late_sign_off is not None
    told = _guest_reads(events)
    for secret in (why, "Ruth Kaye", "LateConferenceSignedOff", 'late_sign_off":{'):
        assert secret not in told
