"""The case's course: an initial conference held late shows as overdue before it
happens and as late afterwards; decisions, next steps and milestones are facts; bad
input is refused with nothing recorded. Through the application, with its clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from through_the_app import Clock, allocate, lily_and_her_mum

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author, ChildDecision
from board.practice import (
    AbuseCategory,
    Domain,
    ItemKind,
    MeetingKind,
    PlacementOutcome,
    Role,
)
from board.projections.course import Status, course, due_soon, late_by
from board.projections.readiness import readiness
from board.projections.record import conference_record, with_decision_since
from board.storage.store import CaseStore

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 30, 9, 0, tzinfo=UTC))


def _case(app: BoardApplication) -> tuple[UUID, str, str]:
    """A case for Lily with her mum as one of its people; (case, Lily's id, mum's id)."""
    case = lily_and_her_mum(app, WORKER)
    allocate(app, case[0], WORKER, {"amira": WORKER, "sam": CHAIR})
    return case


def _meeting(app: BoardApplication, case_id: UUID, kind: MeetingKind, by: Author) -> str:
    (opened, _) = app.execute(case_id, c.OpenMeeting(kind=kind), by)
    app.execute(case_id, c.CloseMeeting(), by)
    return opened.fact.meeting_id  # type: ignore[attr-defined, no-any-return]


def test_an_initial_conference_held_late_is_overdue_before_and_late_after(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, _, _ = _case(clocked_app)
    # Strategy discussion on the Thursday before Easter 2026: due by Monday 27 April.
    clocked_app.execute(case_id, c.RecordStrategyDiscussion(held_on=date(2026, 4, 2)), WORKER)
    board = clocked_app.board(case_id)

    before = course(board, today=date(2026, 4, 27))
    icpc = next(s for s in before.steps if s.what == "Initial child protection conference")
    assert (icpc.due, icpc.status) == (date(2026, 4, 27), Status.DUE)  # due today, not late

    overdue = course(board, today=date(2026, 4, 28))
    icpc = next(s for s in overdue.steps if s.what == "Initial child protection conference")
    assert icpc.status is Status.OVERDUE
    assert icpc in due_soon(overdue)
    assert late_by(icpc, date(2026, 4, 28)) == 1

    clock.now = datetime(2026, 5, 6, 10, 0, tzinfo=UTC)  # after the May bank holiday
    _meeting(clocked_app, case_id, MeetingKind.ICPC, CHAIR)
    after = course(clocked_app.board(case_id), today=date(2026, 5, 20))
    icpc = next(s for s in after.steps if s.what == "Initial child protection conference")
    assert (icpc.held, icpc.status) == (date(2026, 5, 6), Status.LATE)
    assert late_by(icpc, date(2026, 5, 20)) == 6  # 28, 29, 30 April, 1, 5, 6 May
    assert icpc not in due_soon(after)
    # Held on 6 May: the core group by 20 May (10 working days), the review by 6 August.
    rest = {s.what: (s.due, s.status) for s in after.steps}
    assert rest["First core group meeting"] == (date(2026, 5, 20), Status.DUE)
    assert rest["First review conference"] == (date(2026, 8, 6), Status.DUE)
    # The family network meeting was due before the conference and never held: once the
    # conference has happened it reads "not done before the conference" (T6), not an
    # "Overdue" that grows for ever.
    assert rest["Family network meeting"] == (date(2026, 5, 6), Status.MISSED)
    fnm = next(s for s in after.steps if s.what == "Family network meeting")
    assert fnm.says == "Not done before the conference"
    assert fnm not in due_soon(after)


def test_the_record_carries_the_decision_and_the_next_review_date(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, lily, mum = _case(clocked_app)
    clock.now = datetime(2026, 3, 24, 10, 0, tzinfo=UTC)
    (opened, _) = clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    meeting_id = opened.fact.meeting_id  # type: ignore[attr-defined]
    # Agreed in the conference: due a week later.
    clocked_app.execute(
        case_id,
        c.AgreeNextStep(text="Refer to the alcohol service", owner=mum, due=date(2026, 4, 1)),
        CHAIR,
    )
    clocked_app.execute(case_id, c.CloseMeeting(), CHAIR)
    clocked_app.execute(
        case_id,
        c.RecordConferenceDecision(
            meeting_id=meeting_id,
            children=(
                ChildDecision(lily, True, "Lily saw violence at home.", AbuseCategory.EMOTIONAL),
            ),
            core_group=(mum,),
            lead_social_worker="amira",
            next_review=date(2026, 6, 16),
        ),
        CHAIR,
    )
    board = clocked_app.board(case_id)
    record = conference_record(board, board.meetings[meeting_id])
    assert record.outcome is not None
    assert [(d.child_name, d.subject_to_plan, d.category) for d in record.children_decided] == [
        ("Lily", True, AbuseCategory.EMOTIONAL)
    ]
    assert record.outcome.next_review == date(2026, 6, 16)
    assert record.core_group == ["Sarah"]
    assert record.lead_social_worker == "Amira Khan"
    assert [(s.text, s.owner_name, s.due) for s in record.agreed_steps] == [
        ("Refer to the alcohol service", "Sarah", date(2026, 4, 1))
    ]
    review = next(s for s in course(board, date(2026, 4, 1)).steps if "review" in s.what)
    assert (review.due, review.booked) == (date(2026, 6, 24), date(2026, 6, 16))


def test_a_decision_that_ends_the_plan_ends_the_course(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, lily, _ = _case(clocked_app)
    meeting_id = _meeting(clocked_app, case_id, MeetingKind.ICPC, CHAIR)
    clocked_app.execute(
        case_id,
        c.RecordConferenceDecision(
            meeting_id=meeting_id,
            children=(ChildDecision(lily, False, "The worries were not borne out."),),
        ),
        CHAIR,
    )
    now = course(clocked_app.board(case_id), date(2026, 4, 1))
    assert now.plan_ended
    assert [s.what for s in now.steps][-1] == "Initial child protection conference"


def test_next_steps_are_marked_done_by_their_owner_or_staff(clocked_app: BoardApplication) -> None:
    case_id, _, mum = _case(clocked_app)
    (agreed,) = clocked_app.execute(
        case_id, c.AgreeNextStep(text="Book the GP", owner=mum, due=date(2026, 4, 10)), WORKER
    )
    step_id = agreed.fact.step_id  # type: ignore[attr-defined]
    someone = Author("p-gran", "Gran", Role.NETWORK_MEMBER)
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(case_id, c.MarkNextStep(step_id=step_id), someone)
    assert refused.value.code == "not_yours"
    clocked_app.execute(case_id, c.MarkNextStep(step_id=step_id), Author(mum, "Sarah", Role.PARENT))
    assert clocked_app.board(case_id).next_steps[step_id].done


BAD = [
    # A decision for a meeting that is not a conference.
    (
        "not_a_conference",
        "fnm",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["fnm"], children=(ChildDecision(ids["lily"], False, "No worries."),)
        ),
    ),
    # A category without "subject to a plan".
    (
        "category_without_plan",
        "icpc",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["icpc"],
            children=(ChildDecision(ids["lily"], False, "Safe now.", AbuseCategory.NEGLECT),),
        ),
    ),
    (
        "category_needed",
        "icpc",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["icpc"],
            children=(ChildDecision(ids["lily"], True, "Worried."),),
            core_group=(ids["mum"],),
            lead_social_worker="amira",
            next_review=date(2026, 6, 1),
        ),
    ),
    (
        "child_missing",
        "icpc",
        lambda ids: c.RecordConferenceDecision(meeting_id=ids["icpc"], children=()),
    ),
    (
        "empty_text",
        "icpc",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["icpc"], children=(ChildDecision(ids["lily"], False, "  "),)
        ),
    ),
    # A review date before the meeting.
    (
        "date_before_meeting",
        "icpc",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["icpc"],
            children=(ChildDecision(ids["lily"], True, "Worried.", AbuseCategory.NEGLECT),),
            core_group=(ids["mum"],),
            lead_social_worker="amira",
            next_review=date(2026, 3, 1),
        ),
    ),
    (
        "lead_social_worker_needed",
        "icpc",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["icpc"],
            children=(ChildDecision(ids["lily"], True, "Worried.", AbuseCategory.NEGLECT),),
            core_group=(ids["mum"],),
            lead_social_worker="sam",
            next_review=date(2026, 6, 1),
        ),
    ),
    # A core group member from outside the case.
    (
        "unknown_person",
        "icpc",
        lambda ids: c.RecordConferenceDecision(
            meeting_id=ids["icpc"],
            children=(ChildDecision(ids["lily"], True, "Worried.", AbuseCategory.NEGLECT),),
            core_group=("someone-else",),
            lead_social_worker="amira",
            next_review=date(2026, 6, 1),
        ),
    ),
    # A next step owned by someone outside the case.
    (
        "owner_not_in_case",
        "",
        lambda ids: c.AgreeNextStep(
            text="Visit weekly", owner="someone-else", due=date(2026, 6, 1)
        ),
    ),
    # A due date before the meeting (agreed between meetings: before the latest change).
    (
        "date_before_meeting",
        "",
        lambda ids: c.AgreeNextStep(text="Visit weekly", owner=ids["mum"], due=date(2026, 1, 5)),
    ),
    (
        "text_too_long",
        "",
        lambda ids: c.AgreeNextStep(text="x" * 1001, owner=ids["mum"], due=date(2026, 6, 1)),
    ),
    (
        "date_before_meeting",
        "",
        lambda ids: c.AgreeMilestone(text="Case closed", target=date(2025, 12, 1)),
    ),
    (
        "conference_decision",
        "icpc",
        lambda ids: c.RecordMeetingOutcome(meeting_id=ids["icpc"], outcome="Plan"),
    ),
    (
        "plan_agreed_needed",
        "fnm",
        lambda ids: c.RecordMeetingOutcome(meeting_id=ids["fnm"], outcome="A draft plan"),
    ),
    (
        "not_a_placement_meeting",
        "fnm",
        lambda ids: c.RecordMeetingOutcome(
            meeting_id=ids["fnm"],
            outcome="A draft plan",
            safety_plan_agreed=True,
            placement=PlacementOutcome.CONTINUES,
        ),
    ),
    (
        "unknown_meeting",
        "",
        lambda ids: c.RecordMeetingOutcome(meeting_id="nope", outcome="x", safety_plan_agreed=True),
    ),
]


@pytest.mark.parametrize(("code", "_meeting_kind", "make"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_precisely_and_nothing_is_recorded(
    clocked_app: BoardApplication, clock: Clock, code: str, _meeting_kind: str, make: object
) -> None:
    case_id, lily, mum = _case(clocked_app)
    clock.now = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    fnm = _meeting(clocked_app, case_id, MeetingKind.FAMILY_NETWORK, WORKER)
    clock.now = datetime(2026, 3, 24, 10, 0, tzinfo=UTC)
    icpc = _meeting(clocked_app, case_id, MeetingKind.ICPC, CHAIR)
    ids = {"lily": lily, "mum": mum, "fnm": fnm, "icpc": icpc}
    head = clocked_app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(case_id, make(ids), CHAIR)  # type: ignore[operator]
    assert refused.value.code == code
    assert refused.value.message  # plain words for a person
    assert clocked_app.head(case_id) == head


def test_the_readiness_check_before_the_initial_conference(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id, _, mum = _case(clocked_app)
    before = {check.label: check.done for check in readiness(clocked_app.board(case_id))}
    assert before == {
        "Danger statements developed with the family": False,
        "Mapping shared with the family": False,
        "A family network meeting held": False,
        "A safety plan in place": False,
        "The child's views recorded": False,
    }
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), WORKER)
    clocked_app.execute(
        case_id,
        c.AdmitParticipant(participant_id="g-1", name="Sarah", role=Role.PARENT, person_id=mum),
        WORKER,
    )
    (written,) = clocked_app.execute(
        case_id, c.WriteDangerStatement(text="We are worried Lily will be hurt."), WORKER
    )
    clocked_app.execute(
        case_id,
        c.AddPlanRule(
            who="Sarah",
            what="calls Gran",
            when="when worried",
            addresses=(written.fact.statement_id,),  # type: ignore[attr-defined]
        ),
        WORKER,
    )
    clocked_app.execute(
        case_id,
        c.AddItem(
            domain=Domain.EXISTING_SAFETY,
            text="I like Gran's",
            kind=ItemKind.FACT,
            source="Lily",
            source_kind="child",  # her own words, by its kind (E66), not by the name
        ),
        WORKER,
    )
    clocked_app.execute(case_id, c.CloseMeeting(), WORKER)
    clocked_app.execute(case_id, c.RecordMappingShared(shared_on=date(2026, 3, 30)), WORKER)
    after = {check.label: check.done for check in readiness(clocked_app.board(case_id))}
    assert all(after.values()), after
    # Once the initial conference is held, the review needs what is new since it: the
    # mapping shared again, a family network meeting, the child's words.
    clock.now = datetime(2026, 4, 15, 10, 0, tzinfo=UTC)
    _meeting(clocked_app, case_id, MeetingKind.ICPC, CHAIR)
    review = {check.label: check.done for check in readiness(clocked_app.board(case_id))}
    assert review == {
        "Danger statements developed with the family": True,
        "Mapping shared with the family": False,
        "A family network meeting held": False,
        "A safety plan in place": True,
        "The child's views recorded": False,
    }


def test_what_is_due_soon_across_my_cases_is_read_without_any_board(
    clocked_app: BoardApplication, clock: Clock, store: CaseStore
) -> None:
    case_id, _, _ = _case(clocked_app)
    other, _, _ = _case(clocked_app)
    clocked_app.execute(case_id, c.RecordStrategyDiscussion(held_on=date(2026, 4, 2)), WORKER)
    clocked_app.execute(other, c.RecordStrategyDiscussion(held_on=date(2026, 6, 1)), WORKER)
    # Another process, with nothing of either case loaded, reads the small list.
    fresh = BoardApplication(store)
    soon = fresh.due_soon_for("amira", date(2026, 4, 20))
    # The first case: the family network meeting and the conference by 27 April, the
    # mapping shared by 22 April; the second case's conference (by 22 June) is not soon.
    assert [(case.case_id, d.what, d.due, d.overdue) for case, d in soon] == [
        (case_id, "The mapping shared with the family", date(2026, 4, 22), False),
        (case_id, "Family network meeting", date(2026, 4, 27), False),
        (case_id, "Initial child protection conference", date(2026, 4, 27), False),
    ]
    later = fresh.due_soon_for("amira", date(2026, 6, 10))
    assert [(case.case_id, d.what, d.overdue) for case, d in later][:3] == [
        (case_id, "The mapping shared with the family", True),
        (case_id, "Family network meeting", True),
        (case_id, "Initial child protection conference", True),
    ]
    # Held: no longer due.
    clock.now = datetime(2026, 4, 24, 10, 0, tzinfo=UTC)
    _meeting(clocked_app, case_id, MeetingKind.ICPC, CHAIR)
    after = fresh.due_soon_for("amira", date(2026, 4, 24))
    assert "Initial child protection conference" not in [d.what for _, d in after]
    assert fresh.due_soon_for("nobody", date(2026, 4, 20)) == []


def test_a_decision_recorded_after_the_close_is_the_meetings_in_its_record(
    clocked_app: BoardApplication,
) -> None:
    case_id, lily, _ = _case(clocked_app)
    meeting_id = _meeting(clocked_app, case_id, MeetingKind.ICPC, CHAIR)
    at_close = clocked_app.head(case_id)
    clocked_app.execute(
        case_id,
        c.RecordConferenceDecision(
            meeting_id=meeting_id, children=(ChildDecision(lily, False, "No worries now."),)
        ),
        CHAIR,
    )
    board = clocked_app.board(case_id, at_close)
    assert conference_record(board, board.meetings[meeting_id]).children_decided == []
    board = with_decision_since(board, clocked_app.board(case_id), board.meetings[meeting_id])
    (decided,) = conference_record(board, board.meetings[meeting_id]).children_decided
    assert (decided.child_name, decided.subject_to_plan, decided.reasons) == (
        "Lily",
        False,
        "No worries now.",
    )


def test_the_courses_dates_are_not_recorded_in_a_meeting_for_professionals_only(
    clocked_app: BoardApplication,
) -> None:
    case_id, _, _ = _case(clocked_app)
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.LEGAL_PLANNING), CHAIR)
    head = clocked_app.head(case_id)
    for command in (
        c.RecordMappingShared(shared_on=date(2026, 3, 18)),
        c.RecordStrategyDiscussion(held_on=date(2026, 3, 5)),
    ):
        with pytest.raises(c.CommandRefused) as refused:
            clocked_app.execute(case_id, command, WORKER)
        assert refused.value.code == "professionals_only"
    assert clocked_app.head(case_id) == head
