"""Replay by thread: the history of one statement, goal, harm statement, rule or item,
one person's scores, and the changes of one person or one meeting, each named by its
meeting and day (never a position), each through the gate and the visibility rule."""

from __future__ import annotations

import weakref
from typing import Any
from uuid import UUID

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from board.application.thread_index import ThreadIndexes
from board.practice import (
    PLAN_RULE_NAMES,
    Domain,
    danger_statement_words,
    domain_heading,
    harm_statement_words,
    safety_goal_words,
)
from board.projections.board import evolve
from board.projections.entities import Board
from board.projections.history import Wording, rule_words, wordings_from
from board.projections.narration import told_to
from board.projections.timeline import meeting_end
from board.projections.visibility import event_for
from board.projections.wording import meeting_title, named, when_in_case
from board.web.case_pages import ROWS_SHOWN, Case, history_page, not_found, render
from board.web.services import Services

CHANGES_LISTED = 500  # the latest this many changes of a person or a meeting


def filtered_changes(
    case: Case, person: str, meeting_id: str
) -> tuple[str, list[dict[str, Any]], int]:
    """(what the list is, its rows newest last, how many there are in all)."""
    app = case.services.application
    latest = case.latest
    meeting = latest.meetings.get(meeting_id) if meeting_id else None
    if meeting is not None:
        start, end = meeting.opened.position, meeting_end(latest, meeting)
        title = f"Every change at the {meeting_title(meeting)}"
        positions = list(range(start, end + 1))
    else:
        positions = _indexes(case.services).made_by(case.case_id, person, latest.position)
        title = "Every change by this person"
    audience = case.access.audience
    if audience.staff:
        total = len(positions)
    else:  # a guest counts only what they see (board.projections.guest_ranks)
        ranks = app.ranks(case.case_id)
        total = sum(1 for p in positions if ranks.sees(p))
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
    for event in events:
        shown = event_for(event, board, audience)
        if shown is not None and not (person and shown.by.participant_id != person):
            if meeting is None:
                title = f"Every change by {named(shown.by.name, shown.by.role, board.framework)}"
            # Told with the board as this viewer may see it: the words of a change may
            # quote something else on the board.
            rows.append(
                {
                    "position": app.shown_position(case.case_id, event.position, audience),
                    "words": told_to(event, board, audience),
                }
            )
        if meeting is not None:
            evolve(board, event)  # the next change is told with the board just before it
    return title, rows, total


# -- threads: one statement, goal, rule or item; one person's scores -------------


def _indexes(services: Services) -> ThreadIndexes:
    app = services.application
    indexes = _THREAD_INDEXES.get(app)
    if indexes is None:
        indexes = _THREAD_INDEXES[app] = ThreadIndexes(
            lambda case_id, after: app.events(case_id, after)
        )
    return indexes


_THREAD_INDEXES: weakref.WeakKeyDictionary[Any, ThreadIndexes] = weakref.WeakKeyDictionary()


def warm_index(services: Services, case_id: UUID, upto: int) -> None:
    """Build (or catch up) the case's thread index now, after a page that links to its
    threads was sent: the one pass over a long case's events is then done before anyone
    follows a link, not while they wait."""
    _indexes(services).positions(case_id, "", upto)


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
        return f"A {harm_statement_words(fw).one}", board.harm_statements[thread_id].text
    if thread_id in board.plan:
        rule = board.plan[thread_id]
        return (
            f"{PLAN_RULE_NAMES[rule.kind]} in the plan",
            rule_words(rule.who, rule.what, rule.when, rule.kind),
        )
    if thread_id in board.items:
        item = board.items[thread_id]
        return f"An item under {domain_heading(fw, item.domain)}", item.text
    return None


@history_page
async def thread(request: Request, case: Case) -> Response:
    """The history of one statement, goal, harm statement, rule or item: every wording,
    with the meeting, the day and who."""
    thread_id = request.path_params["thread_id"]
    found = _thread_of(case.latest, thread_id)
    if found is None:  # not in this case, or not for this viewer's eyes
        return not_found(request)

    def build() -> list[dict[str, Any]]:
        app = case.services.application
        positions = _indexes(case.services).positions(case.case_id, thread_id, case.latest.position)
        rows = []
        for position in positions:
            event = app.event_at(case.case_id, position)
            shown = event_for(event, case.latest, case.access.audience) if event else None
            if shown is None:
                continue
            for wording in wordings_from([shown]):
                rows.append(
                    {
                        # Its link to the replay names the point as they count it.
                        "wording": app.shown(case.case_id, wording, case.access.audience),
                        "when": when_in_case(case.latest, position, shown.at),
                        "who": named(shown.by.name, shown.by.role, case.latest.framework),
                        "domain": heading_of(case.latest, wording),
                    }
                )
        return rows

    what, words = found
    rows = await run_in_threadpool(build)
    return render(request, case, "thread.html", what=what, words=words, rows=rows)


def heading_of(board: Board, wording: Wording) -> str:
    """A move names the domain the item went to, in the case's wording."""
    if wording.change != "moved":
        return ""
    return domain_heading(board.framework, Domain(wording.text))


@history_page
async def person_scores(request: Request, case: Case) -> Response:
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
            return not_found(request)
        name, role = person.name, person.role
    total = len(rows)
    if not request.query_params.get("all"):
        rows = rows[-ROWS_SHOWN:]  # the latest: a long case has hundreds of rounds
    return render(
        request,
        case,
        "person_scores.html",
        person_name=named(name, role, case.latest.framework),
        rows=rows,
        total=total,
        person_id=person_id,
    )


routes = [
    Route("/cases/{case_id}/threads/{thread_id}", thread, name="thread"),
    Route("/cases/{case_id}/people/{person_id}/scores", person_scores, name="person_scores"),
]
