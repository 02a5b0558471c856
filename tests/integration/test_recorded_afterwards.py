"""Meetings recorded as they happened: a strategy discussion held by phone, recorded the
next day with its real date, puts the initial conference on the course from that date;
the section 47 decision is the chair's or a manager's; bad input records nothing.
Through the application, with its clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from through_the_app import Clock, allocate, lily_and_her_mum, refused

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author, MeetingRecordedAfterwards
from board.practice import Framework, MeetingKind, Role
from board.projections.course import Status, course
from board.projections.narration import told_to
from board.projections.visibility import Audience, board_for

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
MANAGER = Author("staff-lee", "Lee Grant", Role.MANAGER)
MUM = Author("mum", "Sarah", Role.PARENT)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # the case opens on 1 December


def _case(app: BoardApplication) -> tuple[UUID, str]:
    """A case for Lily with her mum and its staff; (case, mum's person id)."""
    case_id, _, mum = lily_and_her_mum(app, WORKER)
    allocate(app, case_id, WORKER, {"amira": WORKER, "sam": CHAIR, "lee": MANAGER})
    return case_id, mum


def _by_phone(**changes: object) -> c.RecordMeetingAfterwards:
    fields: dict[str, object] = {
        "kind": MeetingKind.STRATEGY,
        "held_on": date(2026, 12, 10),
        "took_part": ("amira", "lee"),
        "outcome": "Police and health agreed the worries; enquiries to start today.",
        "section_47": True,
    }
    fields.update(changes)
    return c.RecordMeetingAfterwards(**fields)  # type: ignore[arg-type]


def test_a_strategy_discussion_recorded_the_next_day_counts_from_its_real_date(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(clocked_app)
    # Held by phone on Thursday 10 December 2026; recorded on Friday 11 December.
    clock.now = datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
    (event,) = clocked_app.execute(case_id, _by_phone(), MANAGER)
    assert isinstance(event.fact, MeetingRecordedAfterwards)
    board = clocked_app.board(case_id)
    meeting = board.meetings[event.fact.meeting_id]
    assert meeting.recorded_afterwards and meeting.held_on == date(2026, 12, 10)
    assert meeting.professionals_only  # a strategy discussion always is
    assert [p.name for p in meeting.participants.values()] == ["Amira Khan", "Lee Grant"]
    assert board.outcomes[meeting.meeting_id].section_47 is True

    now = course(board, today=date(2026, 12, 11))
    assert now.strategy_discussion == date(2026, 12, 10)
    icpc = next(s for s in now.steps if s.what == "Initial child protection conference")
    # 15 working days from Thursday 10 December: 11, 14-18, 21-24 December (10), then
    # Christmas Day and Boxing Day's substitute (Monday 28th) skipped, 29-31 December
    # (13), New Year's Day skipped, Monday 4 and Tuesday 5 January 2027 (15).
    assert (icpc.due, icpc.status) == (date(2027, 1, 5), Status.DUE)
    (held,) = now.meetings
    assert held.held == date(2026, 12, 10)  # not the day it was recorded


def test_the_family_is_never_shown_a_strategy_discussion_recorded_afterwards(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(clocked_app)
    clock.now = datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
    (event,) = clocked_app.execute(case_id, _by_phone(), CHAIR)
    board = clocked_app.board(case_id)
    guest = Audience.guest(None)
    assert event.fact.meeting_id not in board_for(board, guest).meetings  # type: ignore[attr-defined]
    assert told_to(event, board, guest) is None
    said = told_to(event, board, Audience.member_of_staff("staff-sam"))
    assert said is not None
    assert "recorded afterwards the strategy meeting held on 10 December 2026" in said
    assert "Section 47 enquiries start." in said


def test_a_worker_records_the_discussion_and_a_manager_its_decision(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(clocked_app)
    clock.now = datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
    refused(clocked_app, case_id, _by_phone(), WORKER, "forbidden")
    (event,) = clocked_app.execute(case_id, _by_phone(section_47=None), WORKER)
    meeting_id = event.fact.meeting_id  # type: ignore[attr-defined]
    assert course(clocked_app.board(case_id), date(2026, 12, 11)).strategy_discussion == date(
        2026, 12, 10
    )  # the first strategy discussion stands in until the decision is recorded
    decision = c.RecordMeetingOutcome(
        meeting_id=meeting_id, outcome="Enquiries start.", section_47=True
    )
    refused(clocked_app, case_id, decision, WORKER, "forbidden")
    refused(
        clocked_app,
        case_id,
        c.RecordMeetingOutcome(meeting_id=meeting_id, outcome="Enquiries start."),
        MANAGER,
        "section_47_needed",
    )
    clocked_app.execute(case_id, decision, MANAGER)
    board = clocked_app.board(case_id)
    assert board.outcomes[meeting_id].section_47 is True
    assert board.strategy_discussion == date(2026, 12, 10)


@pytest.mark.parametrize(
    ("why", "command", "by", "code"),
    [
        ("a day still to come", _by_phone(held_on=date(2026, 12, 12)), CHAIR, "date_in_future"),
        (
            "before the case opened",
            _by_phone(held_on=date(2026, 11, 30)),
            CHAIR,
            "before_case_opened",
        ),
        ("nobody took part", _by_phone(took_part=()), CHAIR, "nobody_took_part"),
        (
            "someone not of the case",
            _by_phone(took_part=("amira", "zoe")),
            CHAIR,
            "not_of_the_case",
        ),
        ("a guest recording", _by_phone(), MUM, "forbidden"),
        ("no outcome", _by_phone(outcome="  "), CHAIR, "empty_text"),
        (
            "a decision about section 47 at a core group",
            _by_phone(kind=MeetingKind.CORE_GROUP),
            CHAIR,
            "not_a_strategy_discussion",
        ),
    ],
)
def test_bad_meetings_recorded_afterwards_are_refused(
    clocked_app: BoardApplication,
    clock: Clock,
    why: str,
    command: c.RecordMeetingAfterwards,
    by: Author,
    code: str,
) -> None:
    case_id, _ = _case(clocked_app)
    clock.now = datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
    refused(clocked_app, case_id, command, by, code)


def test_the_family_cannot_have_taken_part_in_a_strategy_discussion(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, mum = _case(clocked_app)
    clock.now = datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
    refused(clocked_app, case_id, _by_phone(took_part=("amira", mum)), CHAIR, "professionals_only")
    # A family network meeting held in the family's front room, with no screen.
    (event,) = clocked_app.execute(
        case_id,
        c.RecordMeetingAfterwards(
            kind=MeetingKind.FAMILY_NETWORK,
            held_on=date(2026, 12, 9),
            took_part=("amira", mum),
            outcome="Gran will have Lily on Saturdays.",
        ),
        WORKER,
    )
    meeting = clocked_app.board(case_id).meetings[event.fact.meeting_id]  # type: ignore[attr-defined]
    assert not meeting.professionals_only
    assert [p.name for p in meeting.participants.values()] == ["Amira Khan", "Sarah"]


def test_nothing_is_recorded_afterwards_while_a_meeting_is_open(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(clocked_app)
    clock.now = datetime(2026, 12, 11, 9, 30, tzinfo=UTC)
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), CHAIR)
    refused(clocked_app, case_id, _by_phone(), CHAIR, "meeting_already_open")


def test_a_social_worker_is_told_which_meetings_they_may_open(
    clocked_app: BoardApplication,
) -> None:
    # W30: a social worker opens family network meetings and core groups themselves.
    case_id, _ = _case(clocked_app)
    with pytest.raises(c.CommandRefused) as refusal:
        clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), WORKER)
    assert refusal.value.message == (
        "A social worker can open a family network meeting, a core group and the "
        "meetings a keyworker or fostering worker runs; other meetings need the chair."
    )
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), WORKER)


def test_the_help_words_do_not_say_the_worry_is_always_an_adults() -> None:
    from board.projections.help_words import help_words

    (danger, *_) = help_words(Framework.SUCCESS)
    assert "what is happening (what someone does)" in danger["means"]  # W5
    assert "adult" not in danger["means"]
    # W33: the other words a grandparent sees, each in one plain line.
    terms = [word["term"] for word in help_words(Framework.SAFETY)]
    for term in (
        "Complicating factors",
        "Existing safety",
        "Bottom line",
        "Trigger point",
        "Warning sign (red flag)",
    ):
        assert term in terms
