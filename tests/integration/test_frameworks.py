"""Each framework's own process (issue 22, E59–E63, E69, T1–T19): the course follows the
case's framework and shows no other's steps; a case moving framework keeps its history
and starts its new rhythm that day, with the rules whose "who" to review; the statutory
steps of child protection (referral, assessment, family network meeting, the Case
Management Review, a late conference's sign-off). Through the application, with its
clock; every expected date is counted by hand in the comment beside it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from through_the_app import Clock

from board import commands as c
from board.application.course_list import open_steps
from board.application.service import BoardApplication
from board.events import Author, ChildDecision
from board.practice import (
    MEETING_KINDS,
    AbuseCategory,
    CaseDate,
    Framework,
    MeetingKind,
    PlacementOutcome,
    Role,
    SeniorRole,
)
from board.projections.course import Status, course, due_soon
from board.storage.store import CaseStore

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
MANAGER = Author("staff-helen", "Helen Ward", Role.MANAGER)

# Words only child protection uses: no other framework may show them.
CHILD_PROTECTION_WORDS = ("conference", "strategy", "core group", "section 47")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(store: CaseStore, clock: Clock) -> BoardApplication:
    return BoardApplication(store, clock=clock)


def _case(app: BoardApplication, framework: Framework, age: int = 6) -> tuple[UUID, str]:
    case_id = app.open_case("Jay", "the Okafor family", framework, WORKER)
    (child,) = app.execute(case_id, c.AddChild(name="Jay", age=age), WORKER)
    return case_id, child.fact.child_id  # type: ignore[attr-defined]


def _meeting(app: BoardApplication, case_id: UUID, kind: MeetingKind, by: Author) -> str:
    (opened, _) = app.execute(case_id, c.OpenMeeting(kind=kind), by)
    # (A review asks first when no child's views were recorded: not what is tested here.)
    app.execute(case_id, c.CloseMeeting(without_child_views=True), by)
    return opened.fact.meeting_id  # type: ignore[attr-defined, no-any-return]


def _words(steps: list[object]) -> str:
    return " ".join(f"{s.what} {s.rule} {s.note or ''}" for s in steps).lower()  # type: ignore[attr-defined]


def test_a_wellbeing_case_runs_its_planning_meetings_visits_and_ending(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.WELLBEING)
    before = course(app.board(case_id), date(2026, 12, 1))
    assert [(s.what, s.status) for s in before.steps] == [
        ("Initial wellbeing planning meeting", Status.AS_AGREED),
        ("The family keyworker's next visit", Status.UNKNOWN),
        ("Ending meeting", Status.AS_AGREED),
    ]
    # The documents give no number of days: the page says so, and invents none.
    assert before.steps[0].note == (
        "The documents give no number of days for this: the date is as agreed."
    )
    # The keyworker runs the initial planning meeting (Tuesday 29 December 2026).
    clock.on(date(2026, 12, 29))
    _meeting(app, case_id, MeetingKind.WELLBEING_PLANNING, WORKER)
    app.execute(
        case_id, c.RecordCaseDate(which=CaseDate.KEYWORKER_VISIT, on=date(2027, 1, 8)), WORKER
    )
    now = course(app.board(case_id), date(2027, 1, 11))
    steps = {s.what: s for s in now.steps}
    assert steps["Initial wellbeing planning meeting"].held == date(2026, 12, 29)
    # The next visit four weeks after Friday 8 January: Friday 5 February 2027.
    assert (
        steps["The family keyworker's next visit"].due,
        steps["The family keyworker's next visit"].status,
    ) == (
        date(2027, 2, 5),
        Status.DUE,
    )
    # The review three months after 29 December is Easter Monday 29 March 2027: due by
    # Thursday 25 March (Good Friday and the weekend before it are not working days).
    review = steps["Review wellbeing planning meeting"]
    assert (review.due, review.due_why) == (
        date(2027, 3, 25),
        "the 29th is Easter Monday, a bank holiday",
    )
    assert not any(word in _words(now.steps) for word in CHILD_PROTECTION_WORDS)
    # The ending meeting closes the rhythm: no more visits or reviews are due.
    clock.on(date(2027, 3, 18))
    _meeting(app, case_id, MeetingKind.ENDING, WORKER)
    ended = course(app.board(case_id), date(2027, 3, 19))
    assert [(s.what, s.status) for s in ended.steps] == [
        ("Initial wellbeing planning meeting", Status.HELD),
        ("Ending meeting", Status.HELD),
    ]


def test_a_framework_offers_only_its_own_meetings_and_dates(app: BoardApplication) -> None:
    case_id, _ = _case(app, Framework.WELLBEING)
    head = app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    assert refused.value.code == "not_this_framework"
    assert "wellbeing planning meeting" in refused.value.message
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(
            case_id, c.RecordCaseDate(which=CaseDate.REFERRAL, on=date(2026, 12, 1)), WORKER
        )
    assert refused.value.code == "not_this_framework"
    assert app.head(case_id) == head
    assert MeetingKind.ICPC not in MEETING_KINDS[Framework.STABILITY]
    assert MeetingKind.PLACEMENT_STABILITY in MEETING_KINDS[Framework.STABILITY]


def test_a_placement_stability_meeting_is_held_from_open_to_record(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.STABILITY, age=12)
    app.execute(
        case_id, c.RecordCaseDate(which=CaseDate.LOOKED_AFTER, on=date(2026, 10, 30)), WORKER
    )
    clock.on(date(2026, 12, 2))
    # The fostering social worker runs it; its plan is the safe care plan.
    meeting_id = _meeting(app, case_id, MeetingKind.PLACEMENT_STABILITY, WORKER)
    app.execute(
        case_id,
        c.RecordMeetingOutcome(
            meeting_id=meeting_id,
            outcome="Jay stays with Maria; the safe care plan adds a bedtime routine.",
            placement=PlacementOutcome.CONTINUES_WITH_SUPPORT,
        ),
        WORKER,
    )
    now = course(app.board(case_id), date(2026, 12, 3))
    assert [(s.what, s.status) for s in now.steps] == [
        ("Placement stability meeting", Status.HELD),
        ("Next placement stability meeting", Status.AS_AGREED),
        ("Visit to the foster carers", Status.OVERDUE),
        ("First permanency planning meeting", Status.DUE),
    ]
    steps = {s.what: s for s in now.steps}
    # Eight weeks after Friday 30 October 2026 is Christmas Day: due by Thursday 24
    # December. Monthly visits from the day Jay became looked after (no visit is
    # recorded): 30 November, a Monday, so overdue on 3 December.
    assert steps["First permanency planning meeting"].due == date(2026, 12, 24)
    assert steps["Visit to the foster carers"].due == date(2026, 11, 30)
    assert not any(word in _words(now.steps) for word in CHILD_PROTECTION_WORDS)
    outcome = app.board(case_id).outcomes[meeting_id]
    assert outcome.placement is PlacementOutcome.CONTINUES_WITH_SUPPORT


def test_a_child_protection_case_moving_into_care_keeps_its_history_and_starts_afresh(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SAFETY, age=12)
    clock.on(date(2026, 11, 2))
    (rule,) = app.execute(
        case_id, c.AddPlanRule(who="Mum", what="Takes Jay to school every day"), WORKER
    )
    _meeting(app, case_id, MeetingKind.ICPC, CHAIR)
    clock.on(date(2027, 1, 4))
    app.execute(case_id, c.ChangeFramework(framework=Framework.SUCCESS), WORKER)
    moved = course(app.board(case_id), date(2027, 1, 5))
    assert (moved.moved_on, moved.moved_from) == (date(2027, 1, 4), Framework.SAFETY)
    # The rule's "who" is to be reviewed ("foster carer will…" instead of "mother will…").
    assert [r.rule_id for r in moved.rules_to_review] == [rule.fact.rule_id]  # type: ignore[attr-defined]
    # Its history stays; its course is the looked after one, from 4 January 2027.
    assert [h.name for h in moved.meetings] == ["Initial child protection conference"]
    assert [s.what for s in moved.steps] == [
        "Placement planning meeting",
        "First looked after child review",
        "Permanence plan",
        "First permanency planning meeting",
    ]
    # Eight weeks after Monday 4 January 2027: Monday 1 March 2027.
    assert moved.steps[-1].due == date(2027, 3, 1)
    assert not any(word in _words(moved.steps) for word in ("strategy", "core group"))
    app.execute(
        case_id,
        c.AmendPlanRule(rule_id=rule.fact.rule_id, who="Maria (foster carer)"),  # type: ignore[attr-defined]
        WORKER,
    )
    assert course(app.board(case_id), date(2027, 1, 5)).rules_to_review == ()


def test_the_permanence_plan_is_due_by_the_second_looked_after_review(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SUCCESS)
    for day in (date(2026, 12, 2), date(2027, 3, 3)):
        clock.on(day)
        _meeting(app, case_id, MeetingKind.LOOKED_AFTER_REVIEW, CHAIR)
    plan = next(
        s for s in course(app.board(case_id), date(2027, 3, 4)).steps if s.what == "Permanence plan"
    )
    assert (plan.status, plan.says) == (Status.MISSED, "Not done by the second review")
    app.execute(
        case_id, c.RecordCaseDate(which=CaseDate.PERMANENCE_PLAN, on=date(2027, 3, 1)), WORKER
    )
    plan = next(
        s for s in course(app.board(case_id), date(2027, 3, 4)).steps if s.what == "Permanence plan"
    )
    assert (plan.status, plan.held, plan.due) == (Status.HELD, date(2027, 3, 1), date(2027, 3, 3))


def test_the_referral_assessment_and_family_network_meeting_steps(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SAFETY)
    # A referral on Christmas Eve 2026, a Thursday.
    app.execute(case_id, c.RecordCaseDate(which=CaseDate.REFERRAL, on=date(2026, 12, 24)), WORKER)
    app.execute(
        case_id, c.RecordCaseDate(which=CaseDate.ASSESSMENT_STARTED, on=date(2026, 12, 30)), WORKER
    )
    now = course(app.board(case_id), date(2026, 12, 29))
    steps = {s.what: s for s in now.steps}
    # The decision by Tuesday 29 December (25 and 28 are bank holidays); the assessment
    # 45 working days on: 29–31 Dec (3), 4 Jan–26 Feb (8 weeks, 40), 1, 2 March → Tue 2 March.
    assert (steps["Decision on the referral"].due, steps["Decision on the referral"].status) == (
        date(2026, 12, 29),
        Status.DUE,
    )
    assert steps["Assessment"].due == date(2027, 3, 2)
    # The family network meeting within 15 working days of Wednesday 30 December:
    # 31 Dec (1), 4–8 Jan (6), 11–15 (11), 18–21 → Thursday 21 January 2027.
    assert steps["Family network meeting"].due == date(2027, 1, 21)
    app.execute(
        case_id, c.RecordCaseDate(which=CaseDate.REFERRAL_DECISION, on=date(2026, 12, 29)), WORKER
    )
    decided = {s.what: s for s in course(app.board(case_id), date(2026, 12, 30)).steps}
    assert decided["Decision on the referral"].status is Status.HELD


def test_a_rapid_family_network_meeting_is_due_the_day_of_the_strategy_meeting(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SAFETY)
    clock.on(date(2027, 3, 24))
    _meeting(app, case_id, MeetingKind.STRATEGY, CHAIR)
    _meeting(app, case_id, MeetingKind.RAPID_FAMILY_NETWORK, WORKER)
    steps = {s.what: s for s in course(app.board(case_id), date(2027, 3, 25)).steps}
    rapid = steps["Rapid family network meeting"]
    assert (rapid.due, rapid.held, rapid.status) == (
        date(2027, 3, 24),
        date(2027, 3, 24),
        Status.HELD,
    )
    # 15 working days from Wednesday 24 March 2027 over Easter: 25 (1), 30 Mar–2 Apr (5),
    # 5–9 (10), 12–16 → Friday 16 April.
    assert steps["Initial child protection conference"].due == date(2027, 4, 16)


def test_the_case_management_review_is_asked_for_once_a_review_keeps_the_plan(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, jay = _case(app, Framework.SAFETY)
    (mum,) = app.execute(
        case_id, c.AddPerson(name="Grace", role=Role.PARENT, relationship="mum"), WORKER
    )
    app.execute(
        case_id,
        c.AllocateStaff(username="amira", name="Amira Khan", role=Role.SOCIAL_WORKER),
        WORKER,
    )

    def keep_plan(meeting_id: str, next_review: date) -> None:
        app.execute(
            case_id,
            c.RecordConferenceDecision(
                meeting_id=meeting_id,
                children=(ChildDecision(jay, True, "Still worried.", AbuseCategory.NEGLECT),),
                core_group=(mum.fact.person_id,),  # type: ignore[attr-defined]
                lead_social_worker="amira",
                next_review=next_review,
            ),
            CHAIR,
        )

    clock.on(date(2026, 9, 29))
    keep_plan(_meeting(app, case_id, MeetingKind.ICPC, CHAIR), date(2026, 12, 22))
    assert "Referral to the Case Management Review" not in [
        s.what for s in course(app.board(case_id), date(2026, 10, 1)).steps
    ]
    clock.on(date(2026, 12, 22))
    keep_plan(_meeting(app, case_id, MeetingKind.REVIEW_CONFERENCE, CHAIR), date(2027, 6, 22))
    now = course(app.board(case_id), date(2027, 1, 4))
    cmr = next(s for s in now.steps if s.what == "Referral to the Case Management Review")
    # Six months after Tuesday 29 September 2026 is Easter Monday 2027: by Thursday 25 March.
    assert (cmr.due, cmr.status) == (date(2027, 3, 25), Status.DUE)
    assert (
        cmr.note == "A review has kept the plan going: it is likely to continue beyond six months."
    )
    app.execute(case_id, c.RecordCaseDate(which=CaseDate.CMR_REFERRED, on=date(2027, 1, 5)), WORKER)
    cmr = next(
        s
        for s in course(app.board(case_id), date(2027, 1, 6)).steps
        if s.what == "Referral to the Case Management Review"
    )
    assert (cmr.held, cmr.status) == (date(2027, 1, 5), Status.HELD)


def test_a_late_conference_needs_a_senior_sign_off_with_a_reason(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SAFETY)
    # Strategy discussion Thursday 10 December 2026: the conference by Tuesday 5 January.
    app.execute(case_id, c.RecordStrategyDiscussion(held_on=date(2026, 12, 10)), WORKER)
    asked = next(
        s for s in course(app.board(case_id), date(2027, 1, 6)).steps if "conference" in s.what
    )
    assert asked.status is Status.OVERDUE
    assert asked.note is not None and "Head of Service" in asked.note
    head = app.head(case_id)
    sign_off = c.SignOffLateConference(
        signed_by="Priya Shah",
        senior_role=SeniorRole.HEAD_OF_SERVICE,
        reason="  ",
        conference_on=date(2027, 1, 12),
    )
    for command, by, code in (
        (sign_off, MANAGER, "sign_off_without_reason"),
        (
            c.SignOffLateConference(
                signed_by="",
                senior_role=SeniorRole.HEAD_OF_SERVICE,
                reason="The interpreter",
                conference_on=date(2027, 1, 12),
            ),
            MANAGER,
            "empty_text",
        ),
        (
            c.SignOffLateConference(
                signed_by="Priya Shah",
                senior_role=SeniorRole.HEAD_OF_SERVICE,
                reason="Not late at all",
                conference_on=date(2027, 1, 5),
            ),
            MANAGER,
            "conference_not_late",
        ),
        (
            c.SignOffLateConference(
                signed_by="Priya Shah",
                senior_role=SeniorRole.HEAD_OF_SERVICE,
                reason="The social worker forgot",
                conference_on=date(2027, 1, 12),
            ),
            WORKER,
            "forbidden",
        ),
    ):
        with pytest.raises(c.CommandRefused) as refused:
            app.execute(case_id, command, by)
        assert refused.value.code == code
        assert app.head(case_id) == head
    app.execute(
        case_id,
        c.SignOffLateConference(
            signed_by="Priya Shah",
            senior_role=SeniorRole.DEPUTY_DIRECTOR,
            reason="The family's interpreter is away until the 11th.",
            conference_on=date(2027, 1, 12),
        ),
        MANAGER,
    )
    icpc = next(
        s for s in course(app.board(case_id), date(2027, 1, 6)).steps if "conference" in s.what
    )
    assert icpc.note == (
        "Signed off by Priya Shah (Deputy Director) for 12 January 2027: "
        "The family's interpreter is away until the 11th."
    )
    assert icpc in due_soon(course(app.board(case_id), date(2027, 1, 6)))


def test_a_step_missed_before_the_conference_is_not_listed_as_due(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SAFETY)
    app.execute(case_id, c.RecordStrategyDiscussion(held_on=date(2026, 12, 10)), WORKER)
    assert [d.what for d in open_steps(app.board(case_id))] == [
        "Family network meeting",
        "The mapping shared with the family",
        "Initial child protection conference",
    ]
    clock.on(date(2027, 1, 5))
    _meeting(app, case_id, MeetingKind.ICPC, CHAIR)
    # Neither was done before the conference: "not done before the conference", not
    # overdue on the home page for ever; the core group and review are what is due.
    assert [(d.what, d.due) for d in open_steps(app.board(case_id))] == [
        ("First core group meeting", date(2027, 1, 19)),  # 6–8, 11–15, 18, 19 January
        ("First review conference", date(2027, 4, 5)),
    ]


@pytest.mark.parametrize(
    ("command", "by", "code"),
    [
        (
            c.RecordCaseDate(which=CaseDate.REFERRAL, on=date(9999, 12, 31)),
            WORKER,
            "date_out_of_range",
        ),
        (c.RecordStrategyDiscussion(held_on=date(202, 12, 10)), WORKER, "date_out_of_range"),
        (c.RecordMappingShared(shared_on=date(1999, 12, 31)), WORKER, "date_out_of_range"),
        (
            c.SignOffLateConference(
                signed_by="P" * 81,
                senior_role=SeniorRole.HEAD_OF_SERVICE,
                reason="The interpreter is away.",
                conference_on=date(2027, 1, 12),
            ),
            CHAIR,
            "text_too_long",
        ),
        (
            c.SignOffLateConference(
                signed_by="Priya Shah",
                senior_role=SeniorRole.HEAD_OF_SERVICE,
                reason="The interpreter is away.",
                conference_on=date(2027, 1, 12),
            ),
            CHAIR,
            "no_strategy_discussion",
        ),
        (c.ChangeFramework(framework=Framework.SAFETY), WORKER, "no_change"),
        (c.OpenMeeting(kind=MeetingKind.PLACEMENT_STABILITY), CHAIR, "not_this_framework"),
        (
            c.RecordMeetingAfterwards(
                kind=MeetingKind.WELLBEING_PLANNING,
                held_on=date(2026, 12, 1),
                took_part=("staff-sam",),
                outcome="A plan was made",
            ),
            CHAIR,
            "not_this_framework",
        ),
    ],
)
def test_bad_course_input_is_refused_precisely_and_nothing_is_recorded(
    app: BoardApplication, command: c.Command, by: Author, code: str
) -> None:
    case_id, _ = _case(app, Framework.SAFETY)
    head = app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(case_id, command, by)
    assert refused.value.code == code
    assert refused.value.message
    assert app.head(case_id) == head


def test_a_child_in_need_plan_is_reviewed_as_often_as_the_case_agreed(
    app: BoardApplication, clock: Clock
) -> None:
    case_id, _ = _case(app, Framework.SAFETY)
    assert not any(
        "child in need" in s.what for s in course(app.board(case_id), date(2026, 12, 1)).steps
    )
    clock.on(date(2027, 2, 12))
    _meeting(app, case_id, MeetingKind.CHILD_IN_NEED, CHAIR)
    asked = next(
        s for s in course(app.board(case_id), date(2027, 2, 15)).steps if "child in need" in s.what
    )
    assert (asked.status, asked.note) == (
        Status.AS_AGREED,
        "The documents set no number: agree how often with the family, and why (record it below).",
    )
    head = app.head(case_id)
    for weeks, reason, code in (
        (6, " ", "review_interval_without_reason"),
        (0, "x", "weeks_out_of_range"),
        (53, "x", "weeks_out_of_range"),
    ):
        with pytest.raises(c.CommandRefused) as refused:
            app.execute(case_id, c.AgreeReviewInterval(weeks=weeks, reason=reason), WORKER)
        assert refused.value.code == code
    assert app.head(case_id) == head
    app.execute(
        case_id,
        c.AgreeReviewInterval(
            weeks=6, reason="Dad's drinking is still not known to be under control."
        ),
        WORKER,
    )
    step = next(
        s for s in course(app.board(case_id), date(2027, 2, 15)).steps if "child in need" in s.what
    )
    # Six weeks after Friday 12 February 2027 is Good Friday: due by Thursday 25 March.
    assert (step.rule, step.due, step.due_why, step.status) == (
        "every 6 weeks, as agreed: Dad's drinking is still not known to be under control.",
        date(2027, 3, 25),
        "the 26th is Good Friday, a bank holiday",
        Status.DUE,
    )
    wellbeing, _ = _case(app, Framework.WELLBEING)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(wellbeing, c.AgreeReviewInterval(weeks=6, reason="x"), WORKER)
    assert refused.value.code == "not_this_framework"


def test_a_move_of_framework_waits_until_a_professionals_only_meeting_closes(
    app: BoardApplication,
) -> None:
    """Every screen's words follow the framework, the family's too: a move decided in a
    legal planning meeting would tell them what it decided."""
    case_id, _ = _case(app, Framework.SAFETY)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.LEGAL_PLANNING), CHAIR)
    head = app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(case_id, c.ChangeFramework(framework=Framework.SUCCESS), CHAIR)
    assert refused.value.code == "professionals_only"
    assert app.head(case_id) == head
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    app.execute(case_id, c.ChangeFramework(framework=Framework.SUCCESS), CHAIR)
    assert app.board(case_id).framework is Framework.SUCCESS
