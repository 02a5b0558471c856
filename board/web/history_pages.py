"""Time travel pages: replay, compare two points, and the records people take away.

All are rendered on the server from projections (board at a point, diff, history,
scaling history, conference record), so there is one way of drawing the board at
any point, and each page prints well.
"""

from __future__ import annotations

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
    CATEGORY_NAMES,
    COLUMN_DOMAINS,
    COLUMN_HEADINGS,
    DRAWING_COLOURS,
    FAMILY_AND_NETWORK,
    HOUSE_NAMES,
    MEETING_NAMES,
    PICTURE_CREDIT,
    PICTURES,
    PLACEMENT_OUTCOME_NAMES,
    PLAN_COPY_NAMES,
    PLAN_RULE_NAMES,
    ROLE_NAMES,
    MeetingKind,
    danger_statement_words,
    domain_heading,
    safety_goal_words,
)
from board.projections.board import Board, Meeting, copy_board
from board.projections.child_voice import child_views_since_last_conference
from board.projections.diff import diff
from board.projections.family_plan import family_plan
from board.projections.history import history
from board.projections.narration import in_words
from board.projections.record import conference_record, with_decision_since
from board.projections.scaling import scaling_history
from board.projections.timeline import UnknownPoint, find_meeting, meeting_end, meetings_in_order
from board.projections.visibility import board_for, event_for
from board.web.chart import scaling_chart
from board.web.gate import CaseAccess, case_page
from board.web.printing import PrinterBusy, can_print
from board.web.services import BoardServer

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
    handler: Callable[[Request, _Case], Awaitable[Response]], *, plan_link: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """A page of one case's history: through the gate, with the latest board (as the
    viewer may see it) at hand. `plan_link`: a personal plan link may read it."""

    async def with_latest(request: Request, access: CaseAccess) -> Response:
        server: BoardServer = request.app.state.board
        latest = board_for(
            await run_in_threadpool(server.app.board, access.case_id), access.audience
        )
        return await handler(request, _Case(server, access, latest))

    return case_page(with_latest, plan_link=plan_link)


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
        "category_names": CATEGORY_NAMES,  # the record's decisions (board.events.outcomes)
        "placement_names": PLACEMENT_OUTCOME_NAMES,
        "house_names": HOUSE_NAMES,
        "drawing_colours": DRAWING_COLOURS,
        "pictures": PICTURES,
        "picture_credit": PICTURE_CREDIT,
        "copy_names": {copy.value: name for copy, name in PLAN_COPY_NAMES.items()},
    }


def _render(request: Request, case: _Case, template: str, **context: Any) -> Response:
    return case.server.templates.TemplateResponse(
        request,
        template,
        {
            "case_id": case.case_id,
            "latest": case.latest,
            "who": case.access.viewer,
            "plan_only": case.access.plan_only,  # a plan link: no way to the rest
            **_words(case.latest),
            **context,
        },
    )


async def _position(case: _Case, point: str) -> int:
    return await run_in_threadpool(case.server.app.resolve_point, case.case_id, point)


def _point_name(board: Board, point: str) -> str:
    meeting = find_meeting(board, point)
    if meeting is not None:
        return (
            f"the end of the {MEETING_NAMES[meeting.kind].lower()} ({meeting.opened.at:%d %B %Y})"
        )
    if point in ("latest", "now", "end"):
        return "now"
    return f"position {point}" if point.isdigit() else point


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
    return _render(
        request, case, template, board=board, position=position, words=words, marks=marks
    )


@history_page
async def replay(request: Request, case: _Case) -> Response:
    """A scrubber over every change, with the board as it stood."""
    return await _replay_page(request, case, "replay.html", whole_page=True)


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
    """Two points side by side: wording histories, scaling then and now, charts."""
    default_from, default_to = _default_points(case.latest)
    start = request.query_params.get("from") or default_from
    end = request.query_params.get("to") or default_to
    try:
        positions = await _position(case, start), await _position(case, end)
    except UnknownPoint as error:
        return _bad_point(request, case, error)

    def build() -> dict[str, Any]:
        app = case.server.app
        before, after = _board_at(case, positions[0]), _board_at(case, positions[1])
        events = list(app.events(case.case_id, 0, positions[1]))
        wording = {
            s.statement_id: history(events, s.statement_id)
            for s in after.danger_statements.values()
        }
        wording.update({g.goal_id: history(events, g.goal_id) for g in after.safety_goals.values()})
        return {
            "before": before,
            "after": after,
            "comparison": diff(before, after),
            "wording": wording,
            "charts": [scaling_chart(q, case.latest) for q in scaling_history(case.latest)],
        }

    return _render(
        request,
        case,
        "compare.html",
        start=start,
        end=end,
        start_name=_point_name(case.latest, start),
        end_name=_point_name(case.latest, end),
        positions=positions,
        marks=_meeting_marks(case.latest),
        **(await run_in_threadpool(build)),
    )


# -- records --------------------------------------------------------------------


async def _record_context(request: Request, case: _Case) -> dict[str, Any] | Response:
    point = request.query_params.get("at") or _default_points(case.latest)[1]
    if case.access.plan_only:
        point = "latest"  # a plan link reads the plan as it is now, never its history
    try:
        position = await _position(case, point)
    except UnknownPoint as error:
        return _bad_point(request, case, error)
    board = await run_in_threadpool(_board_at, case, position)
    meeting: Meeting | None = find_meeting(board, point)
    board = with_decision_since(copy_board(board), case.latest, meeting)
    record = conference_record(board, meeting)
    return {
        "record": record,
        "family_plan": family_plan(board),
        "views_check": child_views_since_last_conference(board, record.meeting),
        "board": board,
        "point": point,
        "point_name": _point_name(case.latest, point),
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


async def _fridge_plan(request: Request, case: _Case) -> Response:
    """The family's plan: large, plain, one page. The one page a personal plan link
    (board.plan_links) opens."""
    return await _record_page(request, case, "fridge_plan.html")


fridge_plan = history_page(_fridge_plan, plan_link=True)


@history_page
async def plan_pictures(request: Request, case: _Case) -> Response:
    """The child's Words and Pictures plan: their words and a picture for each rule."""
    return await _record_page(request, case, "words_and_pictures.html")


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
    Route("/cases/{case_id}/record", record, name="record"),
    Route("/cases/{case_id}/record.pdf", record_pdf, name="record_pdf"),
    Route("/cases/{case_id}/plan", fridge_plan, name="fridge_plan"),
    Route("/cases/{case_id}/plan/pictures", plan_pictures, name="plan_pictures"),
]
