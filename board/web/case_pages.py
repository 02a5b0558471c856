"""What every page of a case's history shares: the gate with the latest board at hand,
the words for the case's framework, how a point is named, and how a page is drawn."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

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
    SENIOR_ROLE_NAMES,
    danger_statement_words,
    domain_heading,
    harm_statement_words,
    plan_heading,
    plan_purpose,
    plan_words,
    role_names,
    safety_goal_words,
    scale_words,
)
from board.projections.board import Board
from board.projections.timeline import find_meeting, meeting_end, meetings_in_order
from board.projections.visibility import Audience, board_for
from board.projections.wording import day, day_and_time, meeting_title, named, point_title
from board.web.gate import CaseAccess, case_page
from board.web.services import Services

ROWS_SHOWN = 50  # rows of one section of the compare page, before "Show all"
CHARTS_SHOWN = 10  # scaling questions charted, and per person, before "Show all"
STATIC = Path(__file__).resolve().parent.parent.parent / "static"


@dataclass(frozen=True)
class Case:
    services: Services
    access: CaseAccess
    latest: Board  # as this viewer may see it

    @property
    def case_id(self) -> UUID:
        return self.access.case_id


def history_page(
    handler: Callable[[Request, Case], Awaitable[Response]], *, plan_link: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """A page of one case's history: through the gate, with the latest board (as the
    viewer may see it) at hand. `plan_link`: a personal plan link may read it."""

    async def with_latest(request: Request, access: CaseAccess) -> Response:
        services: Services = request.app.state.services
        latest = board_for(
            await run_in_threadpool(services.application.board, access.case_id), access.audience
        )
        return await handler(request, Case(services, access, latest))

    return case_page(with_latest, plan_link=plan_link)


def not_found(request: Request) -> Response:
    services: Services = request.app.state.services
    return services.templates.TemplateResponse(request, "not_found.html", {}, status_code=404)


def words(board: Board) -> dict[str, Any]:
    """The wording every history template uses, for this case's framework."""
    fw = board.framework
    return {
        "danger_words": danger_statement_words(fw),
        "goal_words": safety_goal_words(fw),
        "heading": lambda domain: domain_heading(fw, domain),
        "column_headings": COLUMN_HEADINGS,
        "column_domains": COLUMN_DOMAINS,
        "meeting_names": MEETING_NAMES,
        # Roles as the framework names them ("family keyworker" in early help).
        "role_names": role_names(fw),
        "rule_names": PLAN_RULE_NAMES,
        "family_roles": FAMILY_AND_NETWORK,
        "category_names": CATEGORY_NAMES,  # the record's decisions (board.events.outcomes)
        "placement_names": PLACEMENT_OUTCOME_NAMES,
        "senior_role_names": SENIOR_ROLE_NAMES,  # a late conference's sign-off
        "house_names": HOUSE_NAMES,
        "drawing_colours": DRAWING_COLOURS,
        "pictures": PICTURES,
        "picture_credit": PICTURE_CREDIT,
        "copy_names": {copy.value: name for copy, name in PLAN_COPY_NAMES.items()},
        "plan_words": plan_words(fw),
        # "Our plan to keep Lily safe", "Our wellbeing plan for Jay" (W8).
        "plan_heading": lambda child: plan_heading(fw, child),
        "plan_purpose": lambda child: plan_purpose(fw, child),
        "harm_words": harm_statement_words(fw),  # W3
        "scale_words": scale_words(fw),
        "named": lambda name, role: named(name, role, fw),
        "day": day,
    }


def render(request: Request, case: Case, template: str, **context: Any) -> Response:
    # Links to each thread and person, made once: url_for costs ~0.1 ms a call, and a
    # long case's compare page links thousands of rows.
    thread_base = request.url_for("thread", case_id=str(case.case_id), thread_id="-").path
    return case.services.templates.TemplateResponse(
        request,
        template,
        {
            "thread_base": thread_base[:-1],
            "people_base": thread_base[: -len("threads/-")] + "people/",
            "case_id": case.case_id,
            "latest": case.latest,
            "who": case.access.viewer,
            "plan_only": case.access.plan_only,  # a plan link: no way to the rest
            **words(case.latest),
            **context,
        },
    )


async def position_of(case: Case, point: str, audience: Audience | None = None) -> int:
    """The position to read for a point, as this viewer (or the `audience` they print
    for) may ask for it: a guest names ranks, and their point is never inside a meeting
    for professionals only (BoardApplication.position_for)."""
    app = case.services.application
    return await run_in_threadpool(
        app.position_for, case.case_id, point, audience or case.access.audience
    )


def point_name(latest: Board, point: str, board: Board) -> str:
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


def point_heading(latest: Board, point: str, board: Board) -> str:
    return point_title(latest, point, board)


def bad_point(request: Request, case: Case, error: ValueError) -> Response:
    """A 400 page saying what was wrong with the point (or the record) asked for."""
    return case.services.templates.TemplateResponse(
        request,
        "point_error.html",
        {"message": str(error), "case_id": case.case_id},
        status_code=400,
    )


def meeting_marks(board: Board) -> list[dict[str, Any]]:
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


def visible_board(case: Case, position: int, audience: Audience | None = None) -> Board:
    """The board at a position, as this visitor (or the `audience` they print for) may
    see it."""
    board = case.services.application.board(case.case_id, position)
    return board_for(board, audience or case.access.audience)
