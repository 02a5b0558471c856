"""The case's course page: the meetings the timescales ask for and when each is due, the
meetings held and what they decided, next steps, the trajectory, and the chair's
readiness check before a conference; with the forms staff record them with.

Through the one gate (case_page) and the one rule (board_for). The course is for staff:
timescales are the professionals' duty, and the family sees their next steps and the
decisions on the board and in the record.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from board import commands as c
from board.commands import CommandRefused
from board.commands.meetings import SECTION_47_DECIDERS
from board.events import ChildDecision
from board.practice import (
    CASE_DATE_NAMES,
    CASE_DATES,
    CATEGORY_NAMES,
    CONFERENCES,
    FRAMEWORK_NAMES,
    ITEM_KIND_NAMES,
    MEETING_KINDS,
    MEETING_NAMES,
    OWN_OUTCOME,
    PLACEMENT_OUTCOME_NAMES,
    REPORT_LIMIT,
    SENIOR_ROLE_NAMES,
    AbuseCategory,
    CaseDate,
    Domain,
    Framework,
    ItemKind,
    MeetingKind,
    PlacementOutcome,
    Role,
    SeniorRole,
    domain_heading,
    plan_words,
    role_names,
)
from board.projections.board import Board
from board.projections.course import STATUS_NAMES, course, late_by
from board.projections.readiness import next_conference, readiness
from board.projections.visibility import board_for
from board.timescales import day_in_england
from board.web.gate import CaseAccess, case_page
from board.web.services import Services

STAFF_ONLY = "Timescales and trajectory are for the staff working on the case."


class FormProblem(Exception):
    """A form field that cannot be read as what it asks for."""


def _day(form: FormData, name: str, label: str, required: bool = True) -> date | None:
    value = str(form.get(name, "")).strip()
    if not value:
        if required:
            raise FormProblem(f"Please give the {label}.")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FormProblem(f"The {label} is not a date: please give day, month and year.") from None


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, ""))


def _decision(form: FormData, board: Board) -> c.Command:
    children = []
    for child in board.children.values():
        plan = _text(form, f"plan_{child.child_id}")
        if plan not in ("yes", "no"):
            raise FormProblem(f"Please say whether {child.name} is subject to a plan.")
        category = _text(form, f"category_{child.child_id}")
        try:
            chosen = AbuseCategory(category) if category else None
        except ValueError:
            raise FormProblem("Please choose one of the categories listed.") from None
        children.append(
            ChildDecision(
                child.child_id, plan == "yes", _text(form, f"reasons_{child.child_id}"), chosen
            )
        )
    return c.RecordConferenceDecision(
        meeting_id=_text(form, "meeting_id"),
        children=tuple(children),
        core_group=tuple(str(p) for p in form.getlist("core_group")),
        lead_social_worker=_text(form, "lead_social_worker"),
        next_review=_day(form, "next_review", "next review date", required=False),
    )


def _outcome(form: FormData) -> c.Command:
    agreed = _text(form, "safety_plan_agreed")
    placement = _text(form, "placement")
    try:
        chosen = PlacementOutcome(placement) if placement else None
    except ValueError:
        raise FormProblem("Please choose one of the placement outcomes listed.") from None
    return c.RecordMeetingOutcome(
        meeting_id=_text(form, "meeting_id"),
        outcome=_text(form, "outcome"),
        safety_plan_agreed={"yes": True, "no": False}.get(agreed),
        placement=chosen,
    )


def _case_date(form: FormData) -> c.Command:
    try:
        which = CaseDate(_text(form, "which"))
    except ValueError:
        raise FormProblem("That is not a date the course records.") from None
    on = _day(form, "on", CASE_DATE_NAMES[which].removeprefix("the ") + " date")
    assert on is not None
    return c.RecordCaseDate(which=which, on=on)


def _review_interval(form: FormData) -> c.Command:
    try:
        weeks = int(_text(form, "weeks"))
    except ValueError:
        raise FormProblem("Please give how often as a number of weeks.") from None
    return c.AgreeReviewInterval(weeks=weeks, reason=_text(form, "reason"))


def _sign_off(form: FormData) -> c.Command:
    try:
        senior = SeniorRole(_text(form, "senior_role"))
    except ValueError:
        raise FormProblem("Please choose Head of Service or Deputy Director.") from None
    booked = _day(form, "conference_on", "day the conference is booked for")
    assert booked is not None
    return c.SignOffLateConference(
        signed_by=_text(form, "signed_by"),
        senior_role=senior,
        reason=_text(form, "reason"),
        conference_on=booked,
    )


def _afterwards(form: FormData) -> c.Command:
    """A meeting held away from the board, recorded with the day it was held."""
    held = _day(form, "held_on", "day the meeting was held")
    assert held is not None
    try:
        kind = MeetingKind(_text(form, "kind"))
    except ValueError:
        raise FormProblem("Please choose one of the meetings listed.") from None
    return c.RecordMeetingAfterwards(
        kind=kind,
        held_on=held,
        took_part=tuple(str(p) for p in form.getlist("took_part")),
        outcome=_text(form, "outcome"),
        title=_text(form, "title"),
        section_47=_yes_no(form, "section_47"),
    )


def _agency_report(form: FormData) -> c.Command:
    """A partner agency's report for a coming meeting (E72)."""
    on = _day(form, "meeting_on", "day the meeting is booked for")
    assert on is not None
    try:
        kind = MeetingKind(_text(form, "for_meeting"))
    except ValueError:
        raise FormProblem("Please choose one of the meetings listed.") from None
    return c.SubmitAgencyReport(
        agency=_text(form, "agency"),
        author=_text(form, "author"),
        text=_text(form, "text"),
        for_meeting=kind,
        meeting_on=on,
    )


def _map_report(form: FormData) -> c.Command:
    try:
        domain = Domain(_text(form, "domain"))
        kind = ItemKind(_text(form, "kind") or ItemKind.JUDGEMENT.value)
    except ValueError:
        raise FormProblem("Please choose one of the domains, and fact or judgement.") from None
    return c.MapReportPoint(
        report_id=_text(form, "report_id"), domain=domain, text=_text(form, "text"), kind=kind
    )


def _yes_no(form: FormData, name: str) -> bool | None:
    return {"yes": True, "no": False}.get(_text(form, name))


def command_from(form: FormData, board: Board) -> c.Command:
    """The command a course form asks for (or a FormProblem)."""
    match _text(form, "action"):
        case "strategy":
            held = _day(form, "held_on", "date of the strategy discussion")
            assert held is not None
            return c.RecordStrategyDiscussion(held_on=held)
        case "mapping_shared":
            shared = _day(form, "shared_on", "date the mapping was shared")
            assert shared is not None
            return c.RecordMappingShared(shared_on=shared)
        case "next_step":
            due = _day(form, "due", "due date")
            assert due is not None
            return c.AgreeNextStep(text=_text(form, "text"), owner=_text(form, "owner"), due=due)
        case "mark_step":
            return c.MarkNextStep(step_id=_text(form, "step_id"), done=_text(form, "done") == "yes")
        case "milestone":
            target = _day(form, "target", "target date")
            assert target is not None
            return c.AgreeMilestone(text=_text(form, "text"), target=target)
        case "mark_milestone":
            return c.MarkMilestone(
                milestone_id=_text(form, "milestone_id"), reached=_text(form, "reached") == "yes"
            )
        case "decision":
            return _decision(form, board)
        case "outcome":
            return _outcome(form)
        case "case_date":
            return _case_date(form)
        case "sign_off":
            return _sign_off(form)
        case "review_interval":
            return _review_interval(form)
        case "afterwards":
            return _afterwards(form)
        case "agency_report":
            return _agency_report(form)
        case "map_report":
            return _map_report(form)
        case "apologies":
            return c.RecordApologies(
                meeting_id=_text(form, "meeting_id"), person_id=_text(form, "person_id")
            )
        case "section_47":
            return c.RecordMeetingOutcome(
                meeting_id=_text(form, "meeting_id"),
                outcome=_text(form, "outcome"),
                section_47=_yes_no(form, "section_47"),
            )
    raise FormProblem("That form is not one the course page knows.")


def _context(board: Board, today: date) -> dict[str, Any]:
    now = course(board, today)
    return {
        "board": board,
        "course": now,
        "today": today,
        "late_by": late_by,
        "status_names": STATUS_NAMES,
        "checks": readiness(board),
        "next_conference": MEETING_NAMES[next_conference(board)],
        "meeting_names": MEETING_NAMES,
        # A meeting held away from the board: one of this framework's own.
        "own_meetings": {k: MEETING_NAMES[k] for k in MEETING_KINDS[board.framework]},
        "role_names": role_names(board.framework),
        "is_protection": board.framework is Framework.SAFETY,
        "framework_name": FRAMEWORK_NAMES[board.framework],
        "framework_names": FRAMEWORK_NAMES,
        "plan_name": plan_words(board.framework),
        "case_dates": CASE_DATES[board.framework],
        "case_date_names": CASE_DATE_NAMES,
        "senior_role_names": SENIOR_ROLE_NAMES,
        "category_names": CATEGORY_NAMES,
        "placement_names": PLACEMENT_OUTCOME_NAMES,
        "conferences": [m for m in now.meetings if m.meeting.kind in CONFERENCES],
        "own_outcome": [m for m in now.meetings if m.meeting.kind in OWN_OUTCOME],
        "placement_kind": MeetingKind.PLACEMENT_STABILITY,
        "strategy_meetings": [m for m in now.meetings if m.meeting.kind is MeetingKind.STRATEGY],
        "section_47_deciders": SECTION_47_DECIDERS,
        "people": board.current_people(),
        "reports": sorted(board.agency_reports.values(), key=lambda r: r.submitted.position),
        "report_limit": REPORT_LIMIT,
        "domains": list(Domain),
        "heading": lambda d: domain_heading(board.framework, d),
        "item_kind_names": ITEM_KIND_NAMES,
        "social_workers": [a for a in board.staff.values() if a.role is Role.SOCIAL_WORKER],
        # Each member of staff once by name and role: an account allocated twice under two
        # usernames (the demo's "sam" and a local "chair") is one person to choose (W15).
        "staff": list({(a.name, a.role): a for a in reversed(board.staff.values())}.values())[::-1],
    }


async def _course(request: Request, access: CaseAccess) -> Response:
    services: Services = request.app.state.services
    if access.staff is None:
        return services.templates.TemplateResponse(
            request, "not_admitted.html", {"message": STAFF_ONLY}, status_code=403
        )
    error, status = None, 200
    if request.method == "POST":
        form = await request.form()
        board = await run_in_threadpool(services.application.board, access.case_id)
        try:
            command = command_from(form, board)
            await run_in_threadpool(
                services.application.execute, access.case_id, command, access.viewer.who
            )
        except FormProblem as problem:
            error, status = str(problem), 400
        except CommandRefused as refused:
            error, status = refused.message, 403 if refused.code == "forbidden" else 400
        if error is None:
            return RedirectResponse(request.url_for("course", case_id=str(access.case_id)), 303)
    board = board_for(
        await run_in_threadpool(services.application.board, access.case_id), access.audience
    )
    today = day_in_england(services.application.clock())
    return services.templates.TemplateResponse(
        request,
        "course.html",
        {
            "case_id": access.case_id,
            "latest": board,
            "who": access.viewer,
            "error": error,
            **_context(board, today),
        },
        status_code=status,
    )


course_page = case_page(_course)

routes = [
    Route("/cases/{case_id}/course", course_page, methods=["GET", "POST"], name="course"),
]
