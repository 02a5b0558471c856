"""Every kind of case the practice runs, over a real server (issue 22): a case opened in
each framework through `POST /api/cases` shows its own framework's steps on its course
page and none of another's, and its plan page uses its own plan's name; a placement
stability meeting is held in a stability case from open to record."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest
from live import hold_meeting, open_jays_case, page_words, signed_in
from shared_server import SharedServer

from board.practice import MeetingKind, PlacementOutcome

# What each framework's course page must show, and what it must never show.
CHILD_PROTECTION = ("Initial child protection conference", "strategy discussion", "core group")
EXPECTED = {
    "safety": (
        ("Family network meeting", "Initial child protection conference", "readiness check"),
        ("Wellbeing planning", "Placement stability", "looked after child review"),
        "safety plan",
    ),
    "wellbeing": (
        ("Initial wellbeing planning meeting", "family keyworker", "Ending meeting"),
        (*CHILD_PROTECTION, "Placement stability", "looked after child review"),
        "wellbeing plan",
    ),
    "success": (
        ("Placement planning meeting", "First looked after child review", "Permanence plan"),
        (*CHILD_PROTECTION, "Wellbeing planning", "Placement stability meeting"),
        "care plan",
    ),
    "stability": (
        ("Placement stability meeting", "Visit to the foster carers"),
        (*CHILD_PROTECTION, "Wellbeing planning", "Permanence plan"),
        "safe care plan",
    ),
}


@pytest.fixture(scope="module")
def worker(shared_server: SharedServer) -> Iterator[httpx.Client]:
    with signed_in(shared_server.live, "worker") as http:
        yield http


def _open(worker: httpx.Client, framework: str) -> str:
    return open_jays_case(worker, framework, age=12)


@pytest.mark.parametrize("framework", sorted(EXPECTED))
def test_a_case_in_each_framework_shows_its_own_course_and_plan(
    worker: httpx.Client, framework: str
) -> None:
    shown, never, plan = EXPECTED[framework]
    case_id = _open(worker, framework)
    course = page_words(worker.get(f"/cases/{case_id}/course"))
    for words in shown:
        assert words.casefold() in course.casefold(), words
    for words in never:
        assert words.casefold() not in course.casefold(), words
    fridge = page_words(worker.get(f"/cases/{case_id}/plan"))
    assert f"Our {plan}" in fridge


async def _hold_placement_stability_meeting(shared_server: SharedServer, case_id: str) -> str:
    """The fostering social worker opens the meeting, records its outcome, closes it."""
    return await hold_meeting(
        shared_server.live,
        UUID(case_id),
        "worker",
        MeetingKind.PLACEMENT_STABILITY,
        outcome="Jay stays with Maria, with a bedtime routine in the safe care plan.",
        placement=PlacementOutcome.CONTINUES_WITH_SUPPORT,
    )


def test_a_placement_stability_meeting_is_held_from_open_to_record(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    case_id = _open(worker, "stability")
    meeting_id = asyncio.run(_hold_placement_stability_meeting(shared_server, case_id))
    record = page_words(worker.get(f"/cases/{case_id}/record", params={"at": meeting_id}))
    assert "Placement stability meeting" in record
    assert "The placement continues, with more support." in record
    assert "a bedtime routine in the safe care plan" in record
    course = page_words(worker.get(f"/cases/{case_id}/course"))
    assert "Placement stability meeting" in course and "Held in time" in course


def test_a_late_conference_sign_off_is_refused_without_a_reason_and_then_shown(
    worker: httpx.Client, shared_server: SharedServer
) -> None:
    """From the course page's forms: the sign-off of a conference later than 15 working
    days asks who and why; without the why nothing is recorded."""
    case_id = _open(worker, "safety")
    page = f"/cases/{case_id}/course"
    strategy = {"action": "strategy", "held_on": "2026-12-10"}
    assert worker.post(page, data=strategy).status_code == 303
    sign_off = {
        "action": "sign_off",
        "signed_by": "Priya Shah",
        "senior_role": "head_of_service",
        "conference_on": "2027-01-12",
        "reason": " ",
    }
    allocated = worker.post(f"/api/cases/{case_id}/staff", json={"username": "manager"})
    assert allocated.status_code == 201, allocated.text
    events = worker.get(f"/api/cases/{case_id}/events").text  # NDJSON, as it stands
    with signed_in(shared_server.live, "manager") as manager:
        refused = manager.post(page, data=sign_off)
        assert "needs the reason for the delay" in page_words(refused, status=400)
        # The chair or the manager records it; a social worker may not.
        with_reason = {**sign_off, "reason": "The interpreter is away."}
        assert worker.post(page, data=with_reason).status_code == 403
        assert worker.get(f"/api/cases/{case_id}/events").text == events
        assert manager.post(page, data=with_reason).status_code == 303
    course = page_words(worker.get(page))
    assert (
        "Signed off by Priya Shah (Head of Service) for 12 January 2027: "
        "The interpreter is away." in course
    )
    # The conference's record carries the sign-off (E58).
    assert worker.post(f"/api/cases/{case_id}/staff", json={"username": "chair"}).status_code == 201
    meeting_id = asyncio.run(
        hold_meeting(shared_server.live, UUID(case_id), "chair", MeetingKind.ICPC)
    )
    record = page_words(worker.get(f"/cases/{case_id}/record", params={"at": meeting_id}))
    assert (
        "Signed off by Priya Shah (Head of Service) for 12 January 2027. "
        "Why: The interpreter is away." in record
    )
