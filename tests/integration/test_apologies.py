"""Who sent apologies (issue #22 item 4: "who was there and who sent apologies or a
report"): staff record that one of the case's people, invited to a meeting being held
or held, could not come; the record says so under who was there, in both cuts, and the
family's names no one for professionals only. Bad input is refused with its code and
nothing is recorded. Through the application and its store."""

from __future__ import annotations

from uuid import UUID

import pytest
from through_the_app import refused

from board import commands as c
from board.application.service import BoardApplication
from board.events import ApologiesSent, Author
from board.practice import Framework, MeetingKind, Role
from board.projections.board import Board, copy_board, project
from board.projections.narration import told_to
from board.projections.record import conference_record, with_decision_since
from board.projections.visibility import ANY_GUEST, STAFF, board_for

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
MUM = Author("mum", "Jess", Role.PARENT)


def _added(app: BoardApplication, case_id: UUID, name: str, role: Role) -> str:
    (event,) = app.execute(case_id, c.AddPerson(name=name, role=role), WORKER)
    return event.fact.person_id  # type: ignore[attr-defined,no-any-return]


def _case(app: BoardApplication) -> tuple[UUID, dict[str, str]]:
    """A case with Jess, Gran Pat, a school nurse added in a meeting for professionals
    only (so for professionals only), and a review conference being held with Jess in
    it; (case, ids by name: the people and the meetings)."""
    case_id = app.open_case("Lily", "the Carter family", Framework.SAFETY, WORKER)
    app.execute(case_id, c.AddChild(name="Lily", age=6), WORKER)
    ids = {
        "jess": _added(app, case_id, "Jess", Role.PARENT),
        "pat": _added(app, case_id, "Gran Pat", Role.NETWORK_MEMBER),
    }
    opened = app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    ids["strategy"] = opened[0].fact.meeting_id  # type: ignore[attr-defined]
    ids["nurse"] = _added(app, case_id, "Nurse Okafor", Role.PROFESSIONAL)
    app.execute(case_id, c.CloseMeeting(decision="Enquiries start."), CHAIR)
    opened = app.execute(case_id, c.OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE), CHAIR)
    ids["review"] = opened[0].fact.meeting_id  # type: ignore[attr-defined]
    app.execute(
        case_id,
        c.AdmitParticipant(
            participant_id="device-1", name="Jess", role=Role.PARENT, person_id=ids["jess"]
        ),
        CHAIR,
    )
    return case_id, ids


def _sent(board: Board, meeting_id: str) -> list[str]:
    """The names the record of this meeting prints after "Sent apologies"."""
    record = conference_record(board, board.meetings.get(meeting_id))
    return [p.name for p in record.apologies]


def test_apologies_are_recorded_and_printed_in_both_cuts(app: BoardApplication) -> None:
    case_id, ids = _case(app)
    review = ids["review"]
    (event,) = app.execute(
        case_id, c.RecordApologies(meeting_id=review, person_id=ids["pat"]), WORKER
    )
    assert event.fact == ApologiesSent(
        meeting_id=review, person_id=ids["pat"], name="Gran Pat", role=Role.NETWORK_MEMBER
    )
    app.execute(case_id, c.RecordApologies(meeting_id=review, person_id=ids["nurse"]), CHAIR)
    app.execute(
        case_id, c.CloseMeeting(decision="The plan goes on.", without_child_views=True), CHAIR
    )
    board = app.board(case_id)
    meeting = board.meetings[review]
    assert list(meeting.apologies) == [ids["pat"], ids["nurse"]]
    assert list(meeting.participants) == [CHAIR.participant_id, ids["jess"]]  # not them

    # The professionals' record names both; the family's only Gran Pat: the nurse was
    # added in a meeting for professionals only, so is not one of the family's people.
    assert _sent(board_for(board, STAFF), review) == ["Gran Pat", "Nurse Okafor"]
    assert _sent(board_for(board, ANY_GUEST), review) == ["Gran Pat"]
    # Another meeting's record says nothing of them.
    assert _sent(board, ids["strategy"]) == []

    # In words, for the history; the nurse's apologies are not told to the family.
    events = list(app.store.read(case_id))
    pat_sent, nurse_sent = (e for e in events if isinstance(e.fact, ApologiesSent))
    said = told_to(pat_sent, board, ANY_GUEST)
    assert said is not None
    assert said.endswith(
        "Review child protection conference — Amira Khan (social worker) recorded that "
        "Gran Pat (family network member) sent apologies to the review child protection "
        "conference."
    )
    assert told_to(nurse_sent, board, ANY_GUEST) is None
    assert told_to(nurse_sent, board, STAFF) is not None


def test_apologies_for_a_meeting_already_held(app: BoardApplication) -> None:
    case_id, ids = _case(app)
    app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)
    app.execute(
        case_id, c.RecordApologies(meeting_id=ids["strategy"], person_id=ids["nurse"]), WORKER
    )
    latest = app.board(case_id)
    assert _sent(latest, ids["strategy"]) == ["Nurse Okafor"]
    # The record of the meeting is of the board at its close, before the apologies
    # were recorded: like its decision, they are carried to it from the board now.
    strategy = latest.meetings[ids["strategy"]]
    assert strategy.closed is not None
    at_close = project(list(app.store.read(case_id))[: strategy.closed.position])
    assert _sent(at_close, ids["strategy"]) == []
    carried = with_decision_since(copy_board(at_close), latest, strategy)
    assert _sent(carried, ids["strategy"]) == ["Nurse Okafor"]
    assert at_close.meetings[ids["strategy"]].apologies == {}  # the copy, not the original


@pytest.mark.parametrize(
    ("who", "meeting", "person", "by", "code"),
    [
        ("not staff", "review", "pat", MUM, "forbidden"),
        ("unknown person", "review", "nobody", WORKER, "unknown_person"),
        ("unknown meeting", "nowhere", "pat", WORKER, "unknown_meeting"),
        ("already sent", "review", "pat-again", WORKER, "apologies_already_sent"),
        ("was there", "review", "jess", WORKER, "was_there"),
        (
            "family at a meeting for professionals only",
            "strategy",
            "pat",
            WORKER,
            "professionals_only",
        ),
    ],
)
def test_bad_apologies_are_refused_and_nothing_is_recorded(
    app: BoardApplication, who: str, meeting: str, person: str, by: Author, code: str
) -> None:
    case_id, ids = _case(app)
    if person == "pat-again":
        app.execute(
            case_id, c.RecordApologies(meeting_id=ids["review"], person_id=ids["pat"]), WORKER
        )
        person = "pat"
    command = c.RecordApologies(
        meeting_id=ids.get(meeting, meeting), person_id=ids.get(person, person)
    )
    refused(app, case_id, command, by, code)
