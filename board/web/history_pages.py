"""Time travel pages: replay, compare two points, and the records people take away.

All are rendered on the server from projections (board at a point, diff, history,
scaling history, conference record), so there is one way of drawing the board at
any point, and each page prints well.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.practice import (
    COLUMN_DOMAINS,
    COLUMN_HEADINGS,
    FAMILY_AND_NETWORK,
    MEETING_NAMES,
    PLAN_RULE_NAMES,
    ROLE_NAMES,
    Domain,
    MeetingKind,
    danger_statement_words,
    domain_heading,
    plan_words,
    safety_goal_words,
    scale_words,
)
from board.projections.board import Board, Meeting, evolve
from board.projections.history import Wording, rule_words, wordings_from
from board.projections.narration import in_words
from board.projections.record import conference_record
from board.projections.scaling import scaling_history
from board.projections.side_by_side import MARK_NAMES, side_by_side
from board.projections.summary import summary
from board.projections.timeline import UnknownPoint, find_meeting, meeting_end, meetings_in_order
from board.projections.visibility import board_for, event_for
from board.thread_index import ThreadIndexes
from board.web.chart import scaling_chart
from board.web.gate import CaseAccess, case_page
from board.web.printing import PrinterBusy, can_print
from board.web.services import BoardServer
from board.wording import day, day_and_time, meeting_title, named, point_title, when_in_case

ROWS_SHOWN = 50  # rows of one section of the compare page, before "Show all"
CHARTS_SHOWN = 10  # scaling questions charted, and per person, before "Show all"
STATIC = Path(__file__).resolve().parent.parent.parent / "static"


@dataclass(frozen=True)
class _Case:
    server: BoardServer
    access: CaseAccess
    latest: Board  # as this viewer may see it

    @property
    def case_id(self) -> UUID:
        return self.access.case_id


def history_page(
    handler: Callable[[Request, _Case], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    """A page of one case's history: through the gate, with the latest board (as the
    viewer may see it) at hand."""

    async def with_latest(request: Request, access: CaseAccess) -> Response:
        server: BoardServer = request.app.state.board
        latest = board_for(
            await run_in_threadpool(server.app.board, access.case_id), access.audience
        )
        return await handler(request, _Case(server, access, latest))

    return case_page(with_latest)


def _not_found(request: Request) -> Response:
    server: BoardServer = request.app.state.board
    return server.templates.TemplateResponse(request, "not_found.html", {}, status_code=404)


def _words(board: Board) -> dict[str, Any]:
    """The wording every history template uses, for this case's framework."""
    fw = board.framework
    return {
        "danger_words": danger_statement_words(fw),
        "goal_words": safety_goal_words(fw),
        "heading": lambda domain: domain_heading(fw, domain),
        "column_headings": COLUMN_HEADINGS,
        "column_domains": COLUMN_DOMAINS,
        "meeting_names": MEETING_NAMES,
        "role_names": ROLE_NAMES,
        "rule_names": PLAN_RULE_NAMES,
        "family_roles": FAMILY_AND_NETWORK,
        "plan_words": plan_words(fw),
        "scale_words": scale_words(fw),
        "named": named,
        "day": day,
    }


def _render(request: Request, case: _Case, template: str, **context: Any) -> Response:
    # Links to each thread and person, made once: url_for costs ~0.1 ms a call, and a
    # long case's compare page links thousands of rows.
    thread_base = request.url_for("thread", case_id=str(case.case_id), thread_id="-").path
    return case.server.templates.TemplateResponse(
        request,
        template,
        {
            "thread_base": thread_base[:-1],
            "people_base": thread_base[: -len("threads/-")] + "people/",
            "case_id": case.case_id,
            "latest": case.latest,
            "who": case.access.viewer,
            **_words(case.latest),
            **context,
        },
    )


async def _position(case: _Case, point: str) -> int:
    return await run_in_threadpool(case.server.app.resolve_point, case.case_id, point)


def _point_name(latest: Board, point: str, board: Board) -> str:
    """A point in words, for a sentence: "the end of the initial child protection
    conference (24 March 2026)", never "position 16"."""
    meeting = find_meeting(latest, point)
    if meeting is not None:
        return f"the end of the {MEETING_NAMES[meeting.kind].lower()} ({day(meeting.opened.at)})"
    if point in ("latest", "now", "end"):
        return "now"
    if board.at is None:
        return "the start"
    return day_and_time(board.at)


def _point_title(latest: Board, point: str, board: Board) -> str:
    return point_title(latest, point, board)


def _bad_point(request: Request, case: _Case, error: UnknownPoint) -> Response:
    return case.server.templates.TemplateResponse(
        request,
        "point_error.html",
        {"message": str(error), "case_id": case.case_id},
        status_code=400,
    )


def _meeting_marks(board: Board) -> list[dict[str, Any]]:
    return [
        {
            "meeting": m,
            "name": MEETING_NAMES[m.kind],
            "title": meeting_title(m),
            "start": m.opened.position,
            "end": meeting_end(board, m),
        }
        for m in meetings_in_order(board)
    ]


# -- replay ---------------------------------------------------------------------


async def _replay_page(
    request: Request, case: _Case, template: str, *, whole_page: bool
) -> Response:
    """The board at ?at= and the change that brought it there, drawn by `template`:
    the whole replay page, or only the part the scrubber swaps in."""
    try:
        position = await _position(case, request.query_params.get("at", "latest"))
    except UnknownPoint as error:
        return _bad_point(request, case, error)
    board, words = await run_in_threadpool(_board_and_words, case, position)
    marks = _meeting_marks(case.latest) if whole_page else []
    person = request.query_params.get("person", "")
    meeting_id = request.query_params.get("meeting", "")
    listed = None
    if whole_page and (person or meeting_id):
        # A meeting this viewer may not see is not found; a person is anyone who made a
        # change (staff are not among the case's people), and may have made none.
        if meeting_id and meeting_id not in case.latest.meetings:
            return _not_found(request)
        listed = await run_in_threadpool(_filtered_changes, case, person, meeting_id)
    return _render(
        request,
        case,
        template,
        board=board,
        position=position,
        words=words,
        marks=marks,
        when=when_in_case(case.latest, position, board.at),
        listed=listed,
        person=person,
        meeting_id=meeting_id,
        people=sorted(case.latest.current_people(), key=lambda p: p.name),
    )


@history_page
async def replay(request: Request, case: _Case) -> Response:
    """A scrubber over every change, with the board as it stood; with ?person= or
    ?meeting=, also the list of that person's changes, or that meeting's."""
    return await _replay_page(request, case, "replay.html", whole_page=True)


CHANGES_LISTED = 500  # the latest this many changes of a person or a meeting


def _filtered_changes(
    case: _Case, person: str, meeting_id: str
) -> tuple[str, list[dict[str, Any]], int]:
    """(what the list is, its rows newest last, how many there are in all)."""
    app = case.server.app
    latest = case.latest
    meeting = latest.meetings.get(meeting_id) if meeting_id else None
    if meeting is not None:
        start, end = meeting.opened.position, meeting_end(latest, meeting)
        title = f"Every change at the {meeting_title(meeting)}"
        positions = list(range(start, end + 1))
    else:
        positions = _indexes(case.server).made_by(case.case_id, person, latest.position)
        title = "Every change by this person"
    total = len(positions)
    positions = positions[-CHANGES_LISTED:]
    rows = []
    if meeting is not None and positions:
        # A meeting is one run of the stream: fold it, so each change is told with the
        # board as it was just before it.
        board = app.board(case.case_id, positions[0] - 1)
        events = list(app.events(case.case_id, positions[0] - 1, positions[-1]))
    else:
        board = app.board(case.case_id)
        found = (app.event_at(case.case_id, p) for p in positions)
        events = [e for e in found if e is not None]
    audience = case.access.audience
    for event in events:
        shown = event_for(event, board, audience)
        if shown is not None and not (person and shown.by.participant_id != person):
            if meeting is None:
                title = f"Every change by {named(shown.by.name, shown.by.role)}"
            # Told with the board as this viewer may see it: the words of a change may
            # quote something else on the board.
            seen = board if audience.staff else board_for(board, audience)
            rows.append({"position": event.position, "words": in_words(shown, seen)})
        if meeting is not None:
            evolve(board, event)  # the next change is told with the board just before it
    return title, rows, total


def _board_at(case: _Case, position: int) -> Board:
    """The board at a position, as this visitor may see it."""
    return board_for(case.server.app.board(case.case_id, position), case.access.audience)


def _board_and_words(case: _Case, position: int) -> tuple[Board, str | None]:
    board = case.server.app.board(case.case_id, position)
    event = case.server.app.event_at(case.case_id, position)
    if event is not None:
        event = event_for(event, board, case.access.audience)
    return board_for(board, case.access.audience), in_words(event, board) if event else None


@history_page
async def board_at(request: Request, case: _Case) -> Response:
    """The board at ?at= as an HTML fragment, for the replay's scrubber."""
    return await _replay_page(request, case, "_replay_frame.html", whole_page=False)


# -- compare --------------------------------------------------------------------


def _default_points(board: Board) -> tuple[str, str]:
    """The end of the initial conference and the latest review, when there are both."""
    meetings = meetings_in_order(board)
    first = next(
        (m for m in meetings if m.kind is MeetingKind.ICPC), meetings[0] if meetings else None
    )
    reviews = [m for m in meetings if m.kind is MeetingKind.REVIEW_CONFERENCE]
    last = reviews[-1] if reviews else (meetings[-1] if meetings else None)
    return (first.meeting_id if first else "start"), (last.meeting_id if last else "latest")


@history_page
async def compare(request: Request, case: _Case) -> Response:
    """The two maps side by side (default: the initial conference and the latest
    review), each item marked; statements with their scales; the plan; each person."""
    default_from, default_to = _default_points(case.latest)
    start = request.query_params.get("from") or default_from
    end = request.query_params.get("to") or default_to
    try:
        positions = await _position(case, start), await _position(case, end)
    except UnknownPoint as error:
        return _bad_point(request, case, error)

    show_all = bool(request.query_params.get("all"))

    def build() -> dict[str, Any]:
        # Two boards and one pass over each: no event is read (docs/benchmarks.md).
        before, after = _board_at(case, positions[0]), _board_at(case, positions[1])
        rows = side_by_side(before, after)
        questions = scaling_history(case.latest)
        shown = questions if show_all else questions[:CHARTS_SHOWN]
        return {
            "before": before,
            "after": after,
            "rows": rows,
            "summary": summary(rows, before, after),
            "charts": [scaling_chart(q, case.latest) for q in shown],
            "questions": len(questions),
        }

    built = await run_in_threadpool(build)
    return _render(
        request,
        case,
        "compare_summary.html" if request.query_params.get("summary") else "compare.html",
        start=start,
        end=end,
        start_name=_point_title(case.latest, start, built["before"]),
        end_name=_point_title(case.latest, end, built["after"]),
        positions=positions,
        marks=_meeting_marks(case.latest),
        mark_names=MARK_NAMES,
        # A long case's sections are cut to their first rows, each with a link to all of
        # them: a page of 15,000 items is read by nobody, and takes seconds to draw.
        limit=1_000_000 if show_all else ROWS_SHOWN,
        questions_limit=1_000_000 if show_all else CHARTS_SHOWN,
        **built,
    )


# -- threads: one statement, goal, rule or item; one person's scores -------------


def _indexes(server: BoardServer) -> ThreadIndexes:
    app = server.app
    indexes = _THREAD_INDEXES.get(app)
    if indexes is None:
        indexes = _THREAD_INDEXES[app] = ThreadIndexes(
            lambda case_id, after: app.events(case_id, after)
        )
    return indexes


_THREAD_INDEXES: weakref.WeakKeyDictionary[Any, ThreadIndexes] = weakref.WeakKeyDictionary()


def _thread_of(board: Board, thread_id: str) -> tuple[str, str] | None:
    """(what the thread is, in words; its current words) if this board holds it."""
    fw = board.framework
    if thread_id in board.danger_statements:
        statement = board.danger_statements[thread_id]
        name = danger_statement_words(fw).capitalize()
        return f"{name} {board.danger_statement_number(thread_id)}", statement.text
    if thread_id in board.safety_goals:
        goal = board.safety_goals[thread_id]
        number: int | str = (
            board.danger_statement_number(goal.statement_id)
            if goal.statement_id in board.danger_statements
            else "?"
        )
        return f"The {safety_goal_words(fw)} for {danger_statement_words(fw)} {number}", goal.text
    if thread_id in board.harm_statements:
        return "A harm statement", board.harm_statements[thread_id].text
    if thread_id in board.plan:
        rule = board.plan[thread_id]
        return (
            f"{PLAN_RULE_NAMES[rule.kind]} in the plan",
            rule_words(rule.who, rule.what, rule.when),
        )
    if thread_id in board.items:
        item = board.items[thread_id]
        return f"An item under {domain_heading(fw, item.domain)}", item.text
    return None


@history_page
async def thread(request: Request, case: _Case) -> Response:
    """The history of one statement, goal, harm statement, rule or item: every wording,
    with the meeting, the day and who."""
    thread_id = request.path_params["thread_id"]
    found = _thread_of(case.latest, thread_id)
    if found is None:  # not in this case, or not for this viewer's eyes
        return _not_found(request)

    def build() -> list[dict[str, Any]]:
        app = case.server.app
        positions = _indexes(case.server).positions(case.case_id, thread_id, case.latest.position)
        rows = []
        for position in positions:
            event = app.event_at(case.case_id, position)
            shown = event_for(event, case.latest, case.access.audience) if event else None
            if shown is None:
                continue
            for wording in wordings_from([shown]):
                rows.append(
                    {
                        "wording": wording,
                        "when": when_in_case(case.latest, position, shown.at),
                        "who": named(shown.by.name, shown.by.role),
                        "domain": heading_of(case.latest, wording),
                    }
                )
        return rows

    what, words = found
    rows = await run_in_threadpool(build)
    return _render(request, case, "thread.html", what=what, words=words, rows=rows)


def heading_of(board: Board, wording: Wording) -> str:
    """A move names the domain the item went to, in the case's wording."""
    if wording.change != "moved":
        return ""
    return domain_heading(board.framework, Domain(wording.text))


@history_page
async def person_scores(request: Request, case: _Case) -> Response:
    """One person's scores at every scaling question, meeting by meeting, from the
    latest board (every round keeps its votes): no event is read."""
    person_id = request.path_params["person_id"]
    rounds = sorted(case.latest.scaling_rounds.values(), key=lambda r: r.opened.position)
    rows = []
    name, role = "", None
    for scaling_round in rounds:
        vote = scaling_round.votes.get(person_id)
        if vote is None:
            continue
        name, role = vote.name, vote.role
        meeting = case.latest.meetings.get(scaling_round.opened.meeting_id or "")
        rows.append(
            {
                "round": scaling_round,
                "vote": vote,
                "meeting": meeting_title(meeting) if meeting else "Between meetings",
            }
        )
    if role is None:
        person = case.latest.people.get(person_id)
        if person is None:
            return _not_found(request)
        name, role = person.name, person.role
    total = len(rows)
    if not request.query_params.get("all"):
        rows = rows[-ROWS_SHOWN:]  # the latest: a long case has hundreds of rounds
    return _render(
        request,
        case,
        "person_scores.html",
        person_name=named(name, role),
        rows=rows,
        total=total,
        person_id=person_id,
    )


# -- records --------------------------------------------------------------------


async def _record_context(request: Request, case: _Case) -> dict[str, Any] | Response:
    point = request.query_params.get("at") or _default_points(case.latest)[1]
    try:
        position = await _position(case, point)
    except UnknownPoint as error:
        return _bad_point(request, case, error)
    board = await run_in_threadpool(_board_at, case, position)
    meeting: Meeting | None = find_meeting(board, point)
    return {
        "record": conference_record(board, meeting),
        "board": board,
        "point": point,
        "point_name": _point_name(case.latest, point, board),
        "marks": _meeting_marks(case.latest),
    }


async def _record_page(request: Request, case: _Case, template: str) -> Response:
    context = await _record_context(request, case)
    if isinstance(context, Response):
        return context
    return _render(request, case, template, **context)


@history_page
async def record(request: Request, case: _Case) -> Response:
    """The conference record: attendees, mapping, statements, scaling, plan, decision."""
    return await _record_page(request, case, "record.html")


@history_page
async def fridge_plan(request: Request, case: _Case) -> Response:
    """The family's plan: large, plain, one page."""
    return await _record_page(request, case, "fridge_plan.html")


@history_page
async def record_pdf(request: Request, case: _Case) -> Response:
    """The conference record as a PDF, printed by Chromium from the same page."""
    if not can_print():
        return Response(
            "Printing to PDF needs Chromium on the server. Use your browser's Print instead.",
            status_code=503,
            media_type="text/plain",
        )
    context = await _record_context(request, case)
    if isinstance(context, Response):
        return context
    html = case.server.templates.get_template("record.html").render(
        {
            "request": request,
            "case_id": case.case_id,
            "latest": case.latest,
            "who": case.access.viewer,
            "inline_css": (STATIC / "records.css").read_text(),
            **_words(case.latest),
            **context,
        }
    )
    try:
        pdf = await case.server.printer.print_pdf(html)
    except PrinterBusy:
        return Response(
            "The printer is busy with other records just now. Please try again in a minute.",
            status_code=503,
            media_type="text/plain",
            headers={"Retry-After": "30"},
        )
    if pdf is None:
        return Response(
            "The PDF could not be made just now. Please try again.",
            status_code=503,
            media_type="text/plain",
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": 'attachment; filename="conference-record.pdf"',
            "Cache-Control": "no-store",
        },
    )


routes = [
    Route("/cases/{case_id}/replay", replay, name="replay"),
    Route("/cases/{case_id}/board-at", board_at, name="board_at"),
    Route("/cases/{case_id}/compare", compare, name="compare"),
    Route("/cases/{case_id}/threads/{thread_id}", thread, name="thread"),
    Route("/cases/{case_id}/people/{person_id}/scores", person_scores, name="person_scores"),
    Route("/cases/{case_id}/record", record, name="record"),
    Route("/cases/{case_id}/record.pdf", record_pdf, name="record_pdf"),
    Route("/cases/{case_id}/plan", fridge_plan, name="fridge_plan"),
]
