"""Partner agencies' reports before the conference (issue #22 item 4, E72): staff record a
report an agency sent in for a coming meeting, the chair maps its points into the
domains, and the record of that meeting lists it. A report is for professionals only
until staff share it. Bad input records nothing. Through the application, with its
clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from board import commands as c
from board.application.service import BoardApplication
from board.events import AgencyReportSubmitted, Author
from board.practice import REPORT_LIMIT, Domain, Framework, ItemKind, MeetingKind, Role
from board.projections.board import project
from board.projections.narration import told_to
from board.projections.record import conference_record
from board.projections.visibility import ANY_GUEST, Audience, board_for, event_for
from board.storage.store import CaseStore

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
MUM = Author("mum", "Sarah", Role.PARENT)
POLICE = Author("pc", "DC Ray Patel", Role.PROFESSIONAL)  # a guest of the meeting

REPORT = (
    "Police were called to the home twice in November after neighbours heard shouting.\n"
    "No one was arrested; Lily was asleep upstairs both times."
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # the case opens on 1 December

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def course_app(store: CaseStore, clock: Clock) -> BoardApplication:
    return BoardApplication(store, clock=clock)


def _case(app: BoardApplication) -> UUID:
    case_id = app.open_case("Lily", "the Carter family", Framework.SAFETY, WORKER)
    app.execute(case_id, c.AddChild(name="Lily", age=6), WORKER)
    app.execute(case_id, c.AddPerson(name="Sarah", role=Role.PARENT, relationship="mum"), WORKER)
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


def _refused(
    app: BoardApplication, case_id: UUID, command: c.Command, by: Author, code: str
) -> None:
    """The command is refused with `code`, and nothing is recorded."""
    before = list(app.store.read(case_id))
    with pytest.raises(c.CommandRefused) as refusal:
        app.execute(case_id, command, by)
    assert refusal.value.code == code, refusal.value.message
    assert refusal.value.message
    assert list(app.store.read(case_id)) == before
    assert app.board(case_id) == project(before)


def _submitted(app: BoardApplication, case_id: UUID, by: Author = WORKER) -> str:
    (event,) = app.execute(case_id, _report(), by)
    assert isinstance(event.fact, AgencyReportSubmitted)
    return event.fact.report_id


def test_a_report_mapped_at_the_conference_is_in_its_record(
    course_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(course_app)
    clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    report_id = _submitted(course_app, case_id)
    clock.now = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    opened, *_ = course_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    point = c.MapReportPoint(
        report_id=report_id,
        domain=Domain.COMPLICATING_FACTORS,
        text="Police were called twice in November after shouting at home",
        kind=ItemKind.FACT,
    )
    item_added, _mapped = course_app.execute(case_id, point, CHAIR)
    item_id = item_added.fact.item_id  # type: ignore[attr-defined]
    course_app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)

    board = course_app.board(case_id)
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
    course_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(course_app)
    (event,) = course_app.execute(case_id, _report(), WORKER)
    board = course_app.board(case_id)
    guest = Audience.guest("mum")
    assert event_for(event, board, guest) is None
    assert told_to(event, board, guest) is None
    said = told_to(event, board, Audience.member_of_staff("staff-amira"))
    assert said is not None
    assert "recorded the Police report by DC Ray Patel" in said
    assert "initial child protection conference on 15 December 2026" in said
    report_id = event.fact.report_id  # type: ignore[attr-defined]
    assert report_id not in board_for(board, guest).agency_reports

    course_app.execute(
        case_id, c.ShareWithFamily(thing_id=report_id, how="read with Sarah by phone"), WORKER
    )
    shared = board_for(course_app.board(case_id), guest).agency_reports[report_id]
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
    course_app: BoardApplication,
    clock: Clock,
    why: str,
    command: c.SubmitAgencyReport,
    by: Author,
    code: str,
) -> None:
    case_id = _case(course_app)
    clock.now = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
    _refused(course_app, case_id, command, by, code)


def test_no_report_for_a_conference_already_held(
    course_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(course_app)
    clock.now = datetime(2026, 12, 15, 10, 0, tzinfo=UTC)
    course_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    # Held today (it is open): a report for it now is too late.
    _refused(
        course_app,
        case_id,
        _report(meeting_on=date(2026, 12, 15)),
        WORKER,
        "meeting_already_held",
    )
    course_app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)
    # There is one initial conference: a report for another day is for none.
    _refused(
        course_app,
        case_id,
        _report(meeting_on=date(2026, 12, 18)),
        WORKER,
        "meeting_already_held",
    )
    # A review conference is still to come.
    course_app.execute(
        case_id,
        _report(for_meeting=MeetingKind.REVIEW_CONFERENCE, meeting_on=date(2027, 3, 12)),
        WORKER,
    )


def test_only_the_chair_maps_a_report_and_only_a_report_of_the_case(
    course_app: BoardApplication, clock: Clock
) -> None:
    case_id = _case(course_app)
    report_id = _submitted(course_app, case_id)
    point = c.MapReportPoint(report_id=report_id, domain=Domain.DANGER, text="Shouting at home")
    _refused(course_app, case_id, point, WORKER, "forbidden")
    _refused(course_app, case_id, point, MUM, "forbidden")
    stranger = c.MapReportPoint(report_id="nope", domain=Domain.DANGER, text="Shouting")
    _refused(course_app, case_id, stranger, CHAIR, "unknown_report")
    empty = c.MapReportPoint(report_id=report_id, domain=Domain.DANGER, text=" ")
    _refused(course_app, case_id, empty, CHAIR, "empty_text")
