"""Time travel pages: replay, compare two points, and the records people take away.

All are rendered on the server from projections (board at a point, diff, history,
scaling history, conference record), so there is one way of drawing the board at
any point, and each page prints well.
"""

from __future__ import annotations

from typing import Any

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.practice import MeetingKind
from board.projections.board import Board, Meeting, copy_board
from board.projections.child_voice import child_views_since_last_conference
from board.projections.family_plan import family_plan
from board.projections.narration import told_to
from board.projections.record import (
    FOR_PROFESSIONALS,
    FOR_THE_FAMILY,
    WHOSE_RECORD,
    UnknownRecord,
    conference_record,
    record_title,
    whose_record,
    with_decision_since,
)
from board.projections.scaling import scaling_history
from board.projections.side_by_side import ITEM_MARK_NAMES, MARK_NAMES, side_by_side
from board.projections.summary import summary
from board.projections.timeline import UnknownPoint, find_meeting, meetings_in_order
from board.projections.visibility import STAFF, board_for, withheld_from_guests
from board.projections.wording import when_in_case
from board.web import thread_pages
from board.web.case_pages import (
    CHARTS_SHOWN,
    ROWS_SHOWN,
    STATIC,
    Case,
    bad_point,
    history_page,
    meeting_marks,
    not_found,
    point_heading,
    point_name,
    position_of,
    render,
    visible_board,
    words,
)
from board.web.chart import scaling_chart
from board.web.printing import PrinterBusy, can_print
from board.web.thread_pages import filtered_changes, warm_index

# -- replay ---------------------------------------------------------------------


async def _replay_page(
    request: Request, case: Case, template: str, *, whole_page: bool
) -> Response:
    """The board at ?at= and the change that brought it there, drawn by `template`:
    the whole replay page, or only the part the scrubber swaps in."""
    try:
        position = await position_of(case, request.query_params.get("at", "latest"))
    except UnknownPoint as error:
        return bad_point(request, case, error)
    board, words = await run_in_threadpool(_board_and_words, case, position)
    # A guest's scrubber runs over ranks (board.projections.guest_ranks): its end,
    # its meetings' marks and the point shown say nothing of what is withheld.
    app, audience = case.services.application, case.access.audience
    latest = await run_in_threadpool(app.shown, case.case_id, case.latest, audience)
    shown = await run_in_threadpool(app.shown_position, case.case_id, position, audience)
    marks = meeting_marks(latest) if whole_page else []
    person = request.query_params.get("person", "").strip()
    meeting_id = request.query_params.get("meeting", "").strip()
    listed = None
    if whole_page and (person or meeting_id):
        # A meeting is named as everywhere else (`icpc`, `review`, a kind, an id); one
        # this viewer may not see is not found; a person is anyone who made a change
        # (staff are not among the case's people), and may have made none.
        if meeting_id:
            meeting = find_meeting(case.latest, meeting_id)
            if meeting is None:
                return not_found(request)
            meeting_id = meeting.meeting_id
        listed = await run_in_threadpool(filtered_changes, case, person, meeting_id)
    return render(
        request,
        case,
        template,
        board=board,
        position=shown,
        latest=latest,
        words=words,
        marks=marks,
        when=when_in_case(case.latest, position, board.at),
        listed=listed,
        person=person,
        meeting_id=meeting_id,
        people=sorted(case.latest.current_people(), key=lambda p: p.name),
    )


@history_page
async def replay(request: Request, case: Case) -> Response:
    """A scrubber over every change, with the board as it stood; with ?person= or
    ?meeting=, also the list of that person's changes, or that meeting's."""
    return await _replay_page(request, case, "replay.html", whole_page=True)


def _board_and_words(case: Case, position: int) -> tuple[Board, str | None]:
    board = case.services.application.board(case.case_id, position)
    event = case.services.application.event_at(case.case_id, position)
    audience = case.access.audience
    return board_for(board, audience), told_to(event, board, audience) if event else None


@history_page
async def board_at(request: Request, case: Case) -> Response:
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
async def compare(request: Request, case: Case) -> Response:
    """The two maps side by side (default: the initial conference and the latest
    review), each item marked; statements with their scales; the plan; each person."""
    default_from, default_to = _default_points(case.latest)
    start = request.query_params.get("from") or default_from
    end = request.query_params.get("to") or default_to
    try:
        positions = await position_of(case, start), await position_of(case, end)
    except UnknownPoint as error:
        return bad_point(request, case, error)

    show_all = bool(request.query_params.get("all"))

    def build() -> dict[str, Any]:
        # Two boards and one pass over each: no event is read (docs/benchmarks.md).
        before, after = visible_board(case, positions[0]), visible_board(case, positions[1])
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
    response = render(
        request,
        case,
        "compare_summary.html" if request.query_params.get("summary") else "compare.html",
        start=start,
        end=end,
        start_name=point_heading(case.latest, start, built["before"]),
        end_name=point_heading(case.latest, end, built["after"]),
        positions=positions,
        marks=meeting_marks(case.latest),
        mark_names=MARK_NAMES,
        item_mark_names=ITEM_MARK_NAMES,
        # A long case's sections are cut to their first rows, each with a link to all of
        # them: a page of 15,000 items is read by nobody, and takes seconds to draw.
        limit=1_000_000 if show_all else ROWS_SHOWN,
        questions_limit=1_000_000 if show_all else CHARTS_SHOWN,
        **built,
    )
    # Each row links to its thread's history: have the index ready before a click.
    response.background = BackgroundTask(
        warm_index, case.services, case.case_id, case.latest.position
    )
    return response


# -- records --------------------------------------------------------------------


async def _record_context(
    request: Request, case: Case, *, for_the_family: bool = False
) -> dict[str, Any] | Response:
    """What the record and the family's plans are drawn from. The record is printed for
    whom `?for=` says (staff choose: board.projections.record.whose_record); the
    family's plans (`for_the_family`) always hold the family's cut, whoever prints them."""
    point = request.query_params.get("at") or _default_points(case.latest)[1]
    if case.access.plan_only:
        point = "latest"  # a plan link reads the plan as it is now, never its history
    try:
        asked = FOR_THE_FAMILY if for_the_family else request.query_params.get("for")
        whose, audience = whose_record(case.access.audience, asked)
        position = await position_of(case, point, audience)
    except (UnknownPoint, UnknownRecord) as error:
        return bad_point(request, case, error)
    board = await run_in_threadpool(visible_board, case, position, audience)
    # A guest's cut holds nobody's contact: the family's plan prints its safety people's
    # numbers from the staff board (board.projections.visibility.holds_contacts).
    contacts = (
        None
        if audience.staff
        else {
            key: person.contact
            for key, person in (
                await run_in_threadpool(visible_board, case, position, STAFF)
            ).people.items()
        }
    )
    latest = case.latest if audience == case.access.audience else board_for(case.latest, audience)
    meeting: Meeting | None = find_meeting(board, point)
    board = with_decision_since(copy_board(board), latest, meeting)
    record = conference_record(board, meeting)
    return {
        # The page's title names the children as this record's reader may (a child
        # added in a meeting for professionals only is not in the family's).
        "latest": latest,
        "whose": whose,
        "whose_names": WHOSE_RECORD,
        "may_choose": case.access.audience.staff and not for_the_family,
        # What the professionals' record marks "professionals only" (none in the family's).
        "staff_only": withheld_from_guests(board).entities
        if whose == FOR_PROFESSIONALS
        else frozenset(),
        "record": record,
        "record_title": record_title(record.meeting),
        "family_plan": family_plan(board, contacts),
        "views_check": child_views_since_last_conference(board, record.meeting),
        "board": board,
        "point": point,
        # Named from the board the record is cut from: a record for the family names
        # no meeting for professionals only, even one staff picked.
        "point_name": point_name(latest, point, board),
        "marks": meeting_marks(latest),
    }


async def _record_page(
    request: Request, case: Case, template: str, *, for_the_family: bool = False
) -> Response:
    context = await _record_context(request, case, for_the_family=for_the_family)
    if isinstance(context, Response):
        return context
    return render(request, case, template, **context)


@history_page
async def record(request: Request, case: Case) -> Response:
    """The conference record: attendees, mapping, statements, scaling, plan, decision."""
    return await _record_page(request, case, "record.html")


async def _fridge_plan(request: Request, case: Case) -> Response:
    """The family's plan: large, plain, one page. The one page a personal plan link
    (board.storage.plan_links) opens."""
    return await _record_page(request, case, "fridge_plan.html", for_the_family=True)


fridge_plan = history_page(_fridge_plan, plan_link=True)


@history_page
async def plan_pictures(request: Request, case: Case) -> Response:
    """The child's Words and Pictures plan: their words and a picture for each rule."""
    return await _record_page(request, case, "words_and_pictures.html", for_the_family=True)


@history_page
async def record_pdf(request: Request, case: Case) -> Response:
    """The conference record as a PDF, printed by Chromium from the same page."""
    context = await _record_context(request, case)  # an odd point is a 400 either way
    if isinstance(context, Response):
        return context
    if not can_print():
        return Response(
            "Printing to PDF needs Chromium on the server. Use your browser's Print instead.",
            status_code=503,
            media_type="text/plain",
        )
    html = case.services.templates.get_template("record.html").render(
        {
            "request": request,
            "case_id": case.case_id,
            "latest": case.latest,
            "who": case.access.viewer,
            "inline_css": (STATIC / "records.css").read_text(),
            **words(case.latest),
            **context,
        }
    )
    try:
        pdf = await case.services.printer.print_pdf(html)
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
    name = "for-the-family" if context["whose"] == FOR_THE_FAMILY else "professionals"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="conference-record-{name}.pdf"',
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
    *thread_pages.routes,
]
