"""Partner agencies' reports before the conference (issue #22 item 4, E72): staff record a
report an agency sent in for a coming meeting, the chair maps its points into the
domains, and the record of that meeting lists it. A report is for professionals only
until staff share it. Bad input records nothing. Through the application, with its
clock."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

import pytest
from through_the_app import Clock, lily_and_her_mum, refused

from board import commands as c
from board.application.service import BoardApplication
from board.events import AgencyReportSubmitted, Author
from board.practice import (
    REPORT_LIMIT,
    Domain,
    House,
    ItemKind,
    MeetingKind,
    PlanRuleKind,
    Role,
)
from board.projections.narration import told_to
from board.projections.record import conference_record
from board.projections.visibility import ANY_GUEST, Audience, board_for, event_for

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
MUM = Author("mum", "Sarah", Role.PARENT)
POLICE = Author("pc", "DC Ray Patel", Role.PROFESSIONAL)  # a guest of the meeting

REPORT = (
    "Police were called to the home twice in November after neighbours heard shouting.\n"
    "No one was arrested; Lily was asleep upstairs both times."
)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))  # the case opens on 1 December


def _case(app: BoardApplication) -> UUID:
    case_id, _, _ = lily_and_her_mum(app, WORKER)
    return case_id


def _report(**changes: object) -> c.SubmitAgencyReport:
    fields: dict[str, object] = {
        "agency": "Police",
        "author": "DC Ray Patel",
        "text": REPORT,
        "for_meeting": MeetingKind.ICPC,
        "meeting_on": date(2026, 12, 15),
    }
    fields.update(changes)
    return c.SubmitAgencyReport(**fields)  # type: ignore[arg-type]


def _submitted(app: BoardApplication, case_id: UUID, by: Author = WORKER) -> str:
    (event,) = app.execute(case_id, _report(), by)
    assert isinstance(event.fact, AgencyReportSubmitted)
    return event.fact.report_id


def test_a_report_mapped_at_the_conference_is_in_its_record(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(clocked_app)
    clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    report_id = _submitted(clocked_app, case_id)
    clock.now = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    opened, *_ = clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    point = c.MapReportPoint(
        report_id=report_id,
        domain=Domain.COMPLICATING_FACTORS,
        text="Police were called twice in November after shouting at home",
        kind=ItemKind.FACT,
    )
    item_added, _mapped = clocked_app.execute(case_id, point, CHAIR)
    item_id = item_added.fact.item_id  # type: ignore[attr-defined]
    clocked_app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)

    board = clocked_app.board(case_id)
    item = board.items[item_id]
    assert (item.text, item.source, item.domain) == (
        "Police were called twice in November after shouting at home",
        "Police report (DC Ray Patel)",
        Domain.COMPLICATING_FACTORS,
    )
    meeting = board.meetings[opened.fact.meeting_id]  # type: ignore[attr-defined]
    record = conference_record(board, meeting)
    (sent,) = record.reports
    assert (sent.report.agency, sent.report.author, sent.report.text) == (
        "Police",
        "DC Ray Patel",
        REPORT,
    )
    assert [i.text for i in sent.mapped] == [
        "Police were called twice in November after shouting at home"
    ]
    # The family's cut: the report is not theirs until shared; the point on the map is.
    family = board_for(board, ANY_GUEST)
    assert report_id not in family.agency_reports
    assert conference_record(family, family.meetings[meeting.meeting_id]).reports == []
    assert item_id in family.items


def test_a_report_is_for_professionals_only_until_it_is_shared(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(clocked_app)
    (event,) = clocked_app.execute(case_id, _report(), WORKER)
    board = clocked_app.board(case_id)
    guest = Audience.guest("mum")
    assert event_for(event, board, guest) is None
    assert told_to(event, board, guest) is None
    said = told_to(event, board, Audience.member_of_staff("staff-amira"))
    assert said is not None
    assert "recorded the Police report by DC Ray Patel" in said
    assert "initial child protection conference on 15 December 2026" in said
    report_id = event.fact.report_id  # type: ignore[attr-defined]
    assert report_id not in board_for(board, guest).agency_reports

    clocked_app.execute(
        case_id, c.ShareWithFamily(thing_id=report_id, how="read with Sarah by phone"), WORKER
    )
    shared = board_for(clocked_app.board(case_id), guest).agency_reports[report_id]
    assert shared.text == REPORT


LONG = "x" * (REPORT_LIMIT + 1)


@pytest.mark.parametrize(
    ("why", "command", "by", "code"),
    [
        ("a guest sending a report", _report(), POLICE, "forbidden"),
        ("a parent sending a report", _report(), MUM, "forbidden"),
        ("nothing written", _report(text="  \n "), WORKER, "empty_text"),
        ("too long, never cut", _report(text=LONG), WORKER, "text_too_long"),
        ("no agency", _report(agency=""), WORKER, "empty_text"),
        ("no author", _report(author=" "), WORKER, "empty_text"),
        (
            "a meeting already held (a day gone by)",
            _report(meeting_on=date(2026, 11, 30)),
            WORKER,
            "meeting_already_held",
        ),
        (
            "a meeting of another framework",
            _report(for_meeting=MeetingKind.WELLBEING_PLANNING),
            WORKER,
            "not_this_framework",
        ),
        (
            "a year that is a slip of the keyboard",
            _report(meeting_on=date(9999, 1, 1)),
            WORKER,
            "date_out_of_range",
        ),
    ],
)
def test_bad_reports_are_refused(
    clocked_app: BoardApplication,
    clock: Clock,
    why: str,
    command: c.SubmitAgencyReport,
    by: Author,
    code: str,
) -> None:
    case_id = _case(clocked_app)
    clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    refused(clocked_app, case_id, command, by, code)


def test_no_report_for_a_conference_already_held(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(clocked_app)
    clock.now = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    # Held today (it is open): a report for it now is too late.
    refused(
        clocked_app,
        case_id,
        _report(meeting_on=date(2026, 12, 15)),
        WORKER,
        "meeting_already_held",
    )
    clocked_app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)
    # There is one initial conference: a report for another day is for none.
    refused(
        clocked_app,
        case_id,
        _report(meeting_on=date(2026, 12, 18)),
        WORKER,
        "meeting_already_held",
    )
    # A review conference is still to come.
    clocked_app.execute(
        case_id,
        _report(for_meeting=MeetingKind.REVIEW_CONFERENCE, meeting_on=date(2027, 3, 12)),
        WORKER,
    )


def test_only_the_chair_maps_a_report_and_only_a_report_of_the_case(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(clocked_app)
    report_id = _submitted(clocked_app, case_id)
    point = c.MapReportPoint(report_id=report_id, domain=Domain.DANGER, text="Shouting at home")
    refused(clocked_app, case_id, point, WORKER, "forbidden")
    refused(clocked_app, case_id, point, MUM, "forbidden")
    stranger = c.MapReportPoint(report_id="nope", domain=Domain.DANGER, text="Shouting")
    refused(clocked_app, case_id, stranger, CHAIR, "unknown_report")
    empty = c.MapReportPoint(report_id=report_id, domain=Domain.DANGER, text=" ")
    refused(clocked_app, case_id, empty, CHAIR, "empty_text")


# -- the record's own parts, on their edges ---------------------------------------


def _meeting(app: BoardApplication, case_id: UUID, kind: MeetingKind) -> str:
    opened, *_ = app.execute(case_id, c.OpenMeeting(kind=kind), CHAIR)
    return opened.fact.meeting_id  # type: ignore[attr-defined, no-any-return]


def _close(app: BoardApplication, case_id: UUID) -> None:
    app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)


def test_a_report_is_in_the_record_of_the_next_meeting_of_its_kind_only(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(clocked_app)
    clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    first = c.SubmitAgencyReport(
        agency="Health",
        author="Nurse Okafor",
        text="Lily's checks are up to date.",
        for_meeting=MeetingKind.REVIEW_CONFERENCE,
        meeting_on=date(2027, 3, 9),
    )
    clocked_app.execute(case_id, first, WORKER)
    clocked_app.execute(case_id, _report(), WORKER)  # for the initial conference
    clock.now = datetime(2027, 3, 9, 10, 0, tzinfo=UTC)
    review = _meeting(clocked_app, case_id, MeetingKind.REVIEW_CONFERENCE)
    _close(clocked_app, case_id)
    second = c.SubmitAgencyReport(
        agency="School",
        author="Ms Hughes",
        text="Attendance is 97%.",
        for_meeting=MeetingKind.REVIEW_CONFERENCE,
        meeting_on=date(2027, 9, 7),
    )
    clocked_app.execute(case_id, second, WORKER)
    clock.now = datetime(2027, 9, 7, 10, 0, tzinfo=UTC)
    later = _meeting(clocked_app, case_id, MeetingKind.REVIEW_CONFERENCE)
    _close(clocked_app, case_id)

    board = clocked_app.board(case_id)
    first_record = conference_record(board, board.meetings[review])
    assert [(r.report.agency, r.mapped) for r in first_record.reports] == [("Health", [])]
    later_record = conference_record(board, board.meetings[later])
    assert [r.report.agency for r in later_record.reports] == ["School"]


def test_closed_statements_views_steps_plan_and_trajectory_in_the_record(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(clocked_app)
    board = clocked_app.board(case_id)
    lily = next(iter(board.children))
    sarah = next(iter(board.people))
    old, kept_on = (
        clocked_app.execute(case_id, c.WriteDangerStatement(text=text), WORKER)[0].fact.statement_id  # type: ignore[attr-defined]
        for text in ("Lily misses school when Sarah is low", "Lily is hit when Sarah drinks")
    )
    clock.now = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    _meeting(clocked_app, case_id, MeetingKind.ICPC)
    clocked_app.execute(
        case_id,
        c.RecordChildView(child_id=lily, house=House.WORRIES, text="Before: shouting"),
        WORKER,
    )
    step = c.AgreeNextStep(text="Book the GP", owner=sarah, due=date(2027, 1, 20))
    done_step = clocked_app.execute(case_id, step, CHAIR)[0].fact.step_id  # type: ignore[attr-defined]
    clocked_app.execute(
        case_id,
        c.AgreeNextStep(text="Visit at home", owner=sarah, due=date(2027, 1, 5)),
        CHAIR,
    )
    _close(clocked_app, case_id)
    # Between meetings: a statement retired and a view heard, both brought to the core
    # group; the GP booked.
    clock.now = datetime(2026, 12, 21, 11, 0, tzinfo=UTC)
    clocked_app.execute(
        case_id, c.RetireDangerStatement(statement_id=old, reason="Lily is at school daily"), WORKER
    )
    clocked_app.execute(
        case_id,
        c.RecordChildView(child_id=lily, house=House.DREAMS, text="A dog", how="at school"),
        WORKER,
    )
    clocked_app.execute(case_id, c.MarkNextStep(step_id=done_step), WORKER)
    clock.now = datetime(2026, 12, 22, 10, 0, tzinfo=UTC)
    core = _meeting(clocked_app, case_id, MeetingKind.CORE_GROUP)
    clocked_app.execute(
        case_id, c.RecordChildView(child_id=lily, house=House.GOOD_THINGS, text="Gran"), WORKER
    )
    for kind, what in (
        (PlanRuleKind.CONTINGENCY, "If the plan is not kept, a family network meeting is called"),
        (PlanRuleKind.PROFESSIONALS, "visits every two weeks"),
        (PlanRuleKind.RED_FLAG, "calls Gran if Lily goes quiet"),
        (PlanRuleKind.BOTTOM_LINE, "Lily is never cared for by an adult who has been drinking"),
        (PlanRuleKind.RULE, "takes Lily to school"),
    ):
        clocked_app.execute(
            case_id, c.AddPlanRule(who="Sarah", what=what, kind=kind, addresses=(kept_on,)), WORKER
        )
    clocked_app.execute(
        case_id, c.AgreeMilestone(text="Plan ends", target=date(2027, 6, 30)), WORKER
    )
    clocked_app.execute(
        case_id, c.AgreeMilestone(text="First review", target=date(2027, 3, 9)), WORKER
    )
    _close(clocked_app, case_id)

    board = clocked_app.board(case_id)
    record = conference_record(board, board.meetings[core])
    assert [(s.number, s.reason, s.when) for s in record.closed_statements] == [
        (1, "Lily is at school daily", "on 21 December 2026, between meetings")
    ]
    assert [(h.view.text, h.at_this_meeting) for h in record.views_heard] == [
        ("A dog", False),
        ("Gran", True),
    ]
    assert [(p.heading, [r.what for r in p.rules]) for p in record.plan_parts] == [
        ("Bottom lines", ["Lily is never cared for by an adult who has been drinking"]),
        ("The family's plan", ["takes Lily to school", "calls Gran if Lily goes quiet"]),
        ("What professionals will do", ["visits every two weeks"]),
        (
            "If the plan cannot be kept: what children's services will do",
            ["If the plan is not kept, a family network meeting is called"],
        ),
    ]
    assert [(m.text, m.target) for m in record.trajectory] == [
        ("First review", date(2027, 3, 9)),
        ("Plan ends", date(2027, 6, 30)),
    ]
    # One list, whichever meeting agreed each: still to do first, then done.
    assert [(n.step.text, n.step.done, n.agreed_at) for n in record.steps_now] == [
        (
            "Visit at home",
            False,
            "the initial child protection conference, 15 December 2026",
        ),
        ("Book the GP", True, "the initial child protection conference, 15 December 2026"),
    ]
    # The initial conference's record: nothing closed, its own view only.
    first = conference_record(
        board, next(m for m in board.meetings.values() if m.kind is MeetingKind.ICPC)
    )
    assert first.closed_statements == []
    assert [h.view.text for h in first.views_heard] == ["Before: shouting"]
