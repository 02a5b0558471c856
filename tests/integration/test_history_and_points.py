"""The history of a statement or rule (every wording, who and when), and points in a
case's history (a position, a time, a meeting) resolved to positions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from random_cases import CHAIR, MANAGER, NETWORK, WORKER, StepClock, counting_ids

from board import commands as c
from board import events as ev
from board.application.service import BoardApplication
from board.cli.demo import write_demo_case
from board.events import Author, CaseEvent
from board.practice import Framework, MeetingKind
from board.projections.board import Meeting
from board.projections.history import Wording, history
from board.projections.timeline import UnknownPoint, meetings_in_order
from board.projections.visibility import Audience
from board.storage.store import CaseStore


def recorded(app: BoardApplication, case_id: UUID, by: Author, command: c.Command) -> CaseEvent:
    """Run a command that records one event (or opens a meeting); return its first."""
    return app.execute(case_id, command, by)[0]


def check_wording(wording: Wording, event: CaseEvent, change: str) -> None:
    """A wording is the change one event made: its position, time, author and meeting."""
    assert wording.position == event.position
    assert wording.at == event.at.isoformat()
    assert datetime.fromisoformat(wording.at) == event.at
    assert wording.by == event.by
    assert wording.meeting_id == event.meeting_id
    assert wording.change == change


# -- 7a. history ----------------------------------------------------------------------


def test_every_wording_of_a_danger_statement_with_who_and_when(store: CaseStore) -> None:
    app = BoardApplication(store, clock=StepClock(), make_id=counting_ids())
    case_id = app.open_case("Kit", "Test", Framework.SAFETY, WORKER)
    written = recorded(app, case_id, WORKER, c.WriteDangerStatement(text="Kit may be hurt."))
    statement_id = written.fact.statement_id  # type: ignore[attr-defined]
    opened = recorded(app, case_id, CHAIR, c.OpenMeeting(kind=MeetingKind.ICPC))
    revised = recorded(
        app,
        case_id,
        CHAIR,
        c.ReviseDangerStatement(statement_id=statement_id, text="We worry Kit will be hurt."),
    )
    # Another statement changes in between: it is not part of this history.
    other = recorded(app, case_id, WORKER, c.WriteDangerStatement(text="Kit misses meals."))
    other_id = other.fact.statement_id  # type: ignore[attr-defined]
    recorded(app, case_id, WORKER, c.ReviseDangerStatement(statement_id=other_id, text="Meals."))
    goal = recorded(app, case_id, WORKER, c.PairSafetyGoal(statement_id=statement_id, text="Safe"))
    revised_again = recorded(
        app,
        case_id,
        MANAGER,
        c.ReviseDangerStatement(
            statement_id=statement_id, text="Police and school worry Kit will be hurt."
        ),
    )
    recorded(app, case_id, CHAIR, c.CloseMeeting())
    retired = recorded(
        app,
        case_id,
        WORKER,
        c.RetireDangerStatement(statement_id=statement_id, reason="Kit is safe now."),
    )

    events = list(store.read(case_id))
    wordings = history(events, statement_id)
    assert [w.text for w in wordings] == [
        "Kit may be hurt.",
        "We worry Kit will be hurt.",
        "Police and school worry Kit will be hurt.",
        "Kit is safe now.",  # a retirement's words are its reason
    ]
    check_wording(wordings[0], written, "written")
    check_wording(wordings[1], revised, "revised")
    check_wording(wordings[2], revised_again, "revised")
    check_wording(wordings[3], retired, "retired")
    # Who and when, as people would read them.
    assert [w.by.name for w in wordings] == [WORKER.name, CHAIR.name, MANAGER.name, WORKER.name]
    assert wordings[1].meeting_id == opened.fact.meeting_id  # type: ignore[attr-defined]
    assert wordings[0].meeting_id is None and wordings[3].meeting_id is None
    assert [w.at for w in wordings] == sorted(w.at for w in wordings)
    # Each wording is what the board said right after it.
    for wording in wordings[:3]:
        board = store.board_at(case_id, wording.position)
        assert board.danger_statements[statement_id].text == wording.text

    assert [w.text for w in history(events, other_id)] == ["Kit misses meals.", "Meals."]
    goal_id = goal.fact.goal_id  # type: ignore[attr-defined]
    assert [(w.change, w.text) for w in history(events, goal_id)] == [("written", "Safe")]
    assert history(events, "no-such-thing") == []


def test_every_wording_of_a_plan_rule_with_who_and_when(store: CaseStore) -> None:
    app = BoardApplication(store, clock=StepClock(), make_id=counting_ids())
    case_id = app.open_case("Kit", "Test", Framework.SAFETY, WORKER)
    danger = recorded(app, case_id, WORKER, c.WriteDangerStatement(text="Kit may be hurt."))
    statement_id = danger.fact.statement_id  # type: ignore[attr-defined]
    recorded(app, case_id, CHAIR, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK))
    added = recorded(
        app,
        case_id,
        NETWORK,
        c.AddPlanRule(
            who="Nan", what="has Kit on Fridays", when="every week", addresses=(statement_id,)
        ),
    )
    rule_id = added.fact.rule_id  # type: ignore[attr-defined]
    amended = recorded(
        app,
        case_id,
        NETWORK,
        # Only the words, and the time cleared (named empty); who stays as it was.
        c.AmendPlanRule(rule_id=rule_id, what="has Kit on Fridays and Saturdays", when=""),
    )
    amended_by_worker = recorded(
        app,
        case_id,
        WORKER,
        c.AmendPlanRule(
            rule_id=rule_id, who="Nan and Grandad", what="have Kit at weekends", when="until June"
        ),
    )
    recorded(app, case_id, CHAIR, c.CloseMeeting())
    retired = recorded(
        app, case_id, NETWORK, c.RetirePlanRule(rule_id=rule_id, reason="Mum manages weekends.")
    )

    wordings = history(list(store.read(case_id)), rule_id)
    assert len(wordings) == 4
    check_wording(wordings[0], added, "added")
    check_wording(wordings[1], amended, "amended")
    check_wording(wordings[2], amended_by_worker, "amended")
    check_wording(wordings[3], retired, "retired")
    first, second, third, last = (w.text for w in wordings)
    assert "Nan" in first and "has Kit on Fridays" in first and "every week" in first
    assert second.startswith("Nan has Kit on Fridays and Saturdays")
    assert "every week" not in second
    assert "Nan and Grandad" in third and "have Kit at weekends" in third and "until June" in third
    assert last == "Mum manages weekends."
    assert [w.by for w in wordings] == [NETWORK, NETWORK, WORKER, NETWORK]
    assert wordings[0].meeting_id is not None and wordings[0].meeting_id == wordings[2].meeting_id
    assert wordings[3].meeting_id is None


def test_the_demo_safety_goal_history_spans_the_meetings(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    events = list(store.read(case_id))
    board = store.board_at(case_id)
    revisions = [e.fact for e in events if isinstance(e.fact, ev.SafetyGoalRevised)]
    assert len(revisions) == 1  # the demo rewords one goal, at the review
    goal_id = revisions[0].goal_id
    wordings = history(events, goal_id)
    assert [w.change for w in wordings] == ["written", "revised"]
    kinds = [board.meetings[w.meeting_id].kind for w in wordings if w.meeting_id]
    assert kinds == [MeetingKind.FAMILY_NETWORK, MeetingKind.REVIEW_CONFERENCE]
    assert wordings[-1].text == board.safety_goals[goal_id].text
    assert wordings[0].text != wordings[-1].text


# -- 7b. points in time ---------------------------------------------------------------


@pytest.fixture
def demo(store: CaseStore) -> tuple[BoardApplication, UUID, list[CaseEvent]]:
    case_id = write_demo_case(store)
    return BoardApplication(store), case_id, list(store.read(case_id))


def meeting_of(app: BoardApplication, case_id: UUID, kind: MeetingKind) -> Meeting:
    (meeting,) = [m for m in app.board(case_id).meetings.values() if m.kind is kind]
    return meeting


def closes(events: list[CaseEvent], position: int, meeting: Meeting) -> bool:
    fact = events[position - 1].fact
    return isinstance(fact, ev.MeetingClosed) and fact.meeting_id == meeting.meeting_id


def test_a_position_and_the_named_ends(
    demo: tuple[BoardApplication, UUID, list[CaseEvent]],
) -> None:
    app, case_id, events = demo
    head = len(events)
    assert app.resolve_point(case_id, "42") == 42
    assert app.resolve_point(case_id, f" {head} ") == head
    assert app.resolve_point(case_id, "0") == 0
    assert app.resolve_point(case_id, "start") == 0
    assert app.resolve_point(case_id, "latest") == head
    with pytest.raises(UnknownPoint, match=str(head)):
        app.resolve_point(case_id, str(head + 1))
    # Digits int() refuses, and numbers past any store, are unknown points, not errors.
    for strange in ("\u00b2", "\u0663", "9" * 19, "1" * 5000):
        with pytest.raises(UnknownPoint):
            app.resolve_point(case_id, strange)


def test_meetings_by_alias_kind_and_id(
    demo: tuple[BoardApplication, UUID, list[CaseEvent]],
) -> None:
    app, case_id, events = demo
    icpc = meeting_of(app, case_id, MeetingKind.ICPC)
    review = meeting_of(app, case_id, MeetingKind.REVIEW_CONFERENCE)
    core = meeting_of(app, case_id, MeetingKind.CORE_GROUP)
    fnm = meeting_of(app, case_id, MeetingKind.FAMILY_NETWORK)

    at_icpc = app.resolve_point(case_id, "icpc")
    assert closes(events, at_icpc, icpc)  # the board at the close of the conference
    assert app.resolve_point(case_id, "review") == len(events)  # the review closes the case
    assert closes(events, len(events), review)
    assert fnm.closed is not None and core.closed is not None
    for name in (core.meeting_id, "core", "core_group"):
        assert app.resolve_point(case_id, name) == core.closed.position
    assert app.resolve_point(case_id, "fnm") == fnm.closed.position
    assert app.resolve_point(case_id, fnm.meeting_id) == fnm.closed.position
    order = [fnm.closed.position, at_icpc, core.closed.position, len(events)]
    assert order == sorted(order) and len(set(order)) == 4


def test_a_meeting_still_open_resolves_to_now(store: CaseStore) -> None:
    app = BoardApplication(store)
    case_id = app.open_case("Kit", "Test", Framework.SAFETY, WORKER)
    (opened, _) = app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    app.execute(case_id, c.WriteDangerStatement(text="We worry."), WORKER)
    meeting_id = opened.fact.meeting_id  # type: ignore[attr-defined]
    assert app.resolve_point(case_id, meeting_id) == app.resolve_point(case_id, "icpc") == 4
    with pytest.raises(UnknownPoint, match="review"):
        app.resolve_point(case_id, "review")  # there has been no review


def test_a_meeting_id_with_no_letter_is_the_meeting_not_a_position(store: CaseStore) -> None:
    """A meeting id is twelve hex digits; about one in 300 has no letter. Its record's
    link (`?at=` the id) named the position of that number and was refused; it is the
    meeting, for staff and for a guest alike."""
    app = BoardApplication(store, clock=StepClock(), make_id=counting_ids(prefix="5243896"))
    case_id = app.open_case("Kit", "Test", Framework.SAFETY, WORKER)
    (opened, _) = app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    app.execute(case_id, c.WriteDangerStatement(text="We worry."), WORKER)
    closed = app.execute(case_id, c.CloseMeeting(), CHAIR)[-1]
    app.execute(case_id, c.WriteDangerStatement(text="We worry more."), WORKER)
    meeting_id = opened.fact.meeting_id  # type: ignore[attr-defined]
    assert meeting_id.isdigit() and len(meeting_id) == 12
    assert app.resolve_point(case_id, meeting_id) == closed.position
    # A guest sees every change of this case: their ranks are its positions.
    assert app.position_for(case_id, meeting_id, Audience.guest(None)) == closed.position
    with pytest.raises(UnknownPoint, match="only"):
        app.resolve_point(case_id, "524389600099")  # a number that is no meeting's id


def last_at_or_before(events: list[CaseEvent], when: datetime) -> int:
    return max((e.position for e in events if e.at <= when), default=0)


def test_an_iso_time(demo: tuple[BoardApplication, UUID, list[CaseEvent]]) -> None:
    app, case_id, events = demo
    second = timedelta(seconds=1)
    # Every event's own time, and just before it, in UTC as people type it.
    for event in events:
        for when in (event.at, event.at - second):
            point = when.astimezone(UTC).isoformat()
            assert app.resolve_point(case_id, point) == last_at_or_before(events, when)
    first = events[0].at
    assert app.resolve_point(case_id, (first - timedelta(days=1)).isoformat()) == 0
    last = events[-1].at + timedelta(days=365)
    assert app.resolve_point(case_id, last.isoformat()) == len(events)

    # The morning of the conference, before it started: the board as it stood before
    # the conference opened (the family network meeting, then the mapping shared with
    # the family). A time without a zone is UTC; +01:00 is an hour ahead.
    icpc = meeting_of(app, case_id, MeetingKind.ICPC)
    fnm = meeting_of(app, case_id, MeetingKind.FAMILY_NETWORK)
    morning = icpc.opened.at - timedelta(minutes=1)
    assert fnm.closed is not None
    before = icpc.opened.position - 1
    assert fnm.closed.position < before
    assert last_at_or_before(events, morning) == before
    naive = morning.replace(tzinfo=None).isoformat(timespec="minutes")
    assert app.resolve_point(case_id, naive) == before
    an_hour_ahead = morning.astimezone(UTC).replace(tzinfo=None) + timedelta(hours=1)
    assert app.resolve_point(case_id, an_hour_ahead.isoformat() + "+01:00") == before
    # Read as UTC, the same wall-clock time an hour later would be inside the conference.
    assert app.resolve_point(case_id, an_hour_ahead.isoformat()) > before


@pytest.mark.parametrize(
    "nonsense", ["next tuesday", "icpc2", "-3", "", "review conference", "3.5", "2026-13-45"]
)
def test_nonsense_is_an_unknown_point(
    demo: tuple[BoardApplication, UUID, list[CaseEvent]], nonsense: str
) -> None:
    app, case_id, _ = demo
    with pytest.raises(UnknownPoint) as unknown:
        app.resolve_point(case_id, nonsense)
    message = str(unknown.value)
    assert f"'{nonsense.strip()}'" in message
    assert "icpc" in message  # it says what would work


def test_meetings_in_order_follow_the_stream(
    demo: tuple[BoardApplication, UUID, list[CaseEvent]],
) -> None:
    app, case_id, events = demo
    # A meeting recorded afterwards is opened and closed in its one fact.
    kinds = (ev.MeetingOpened, ev.MeetingRecordedAfterwards)
    opened = [e.fact.kind for e in events if isinstance(e.fact, kinds)]
    assert [m.kind for m in meetings_in_order(app.board(case_id))] == opened
