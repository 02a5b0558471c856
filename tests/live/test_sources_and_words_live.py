"""Issue 22 items 7 and 8 on the pages and socket a real server serves. Item 8, the
wording left from the practice review: a wellbeing case's plan pages, course and record
read in its own words (W8, W17, W18, W20, W32), and a step that is not a meeting is
done, not held (W19); each test writes out the old string it must never show again.
Item 7: the replay and compare pages say where an item came from by its kind, and an
unknown kind sent over the socket is refused by its own code with nothing recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from uuid import UUID

import httpx
import pytest
from live import hold_meeting, open_jays_case, page_words, signed_in, staff
from shared_server import SharedServer

from board.client import CommandError
from board.commands import AddItem
from board.practice import Domain, MeetingKind


@pytest.fixture(scope="module")
def worker(shared_server: SharedServer) -> Iterator[httpx.Client]:
    with signed_in(shared_server.live, "worker") as http:
        yield http


def _open(worker: httpx.Client, framework: str) -> str:
    return open_jays_case(worker, framework, age=9)


def test_a_wellbeing_cases_plan_pages_use_its_plan_words(worker: httpx.Client) -> None:
    """W8: "Our plan to keep Jay safe" and "Jay's safety plan in words and pictures"
    were shown in a wellbeing case."""
    case_id = _open(worker, "wellbeing")
    fridge = page_words(worker.get(f"/cases/{case_id}/plan"))
    assert "Our wellbeing plan for Jay" in fridge
    assert "Our plan to keep Jay safe" not in fridge
    pictures = page_words(worker.get(f"/cases/{case_id}/plan/pictures"))
    assert "Jay's wellbeing plan in words and pictures" in pictures
    assert "What everyone will do to help Jay be healthy and well." in pictures
    assert "safety plan" not in pictures and "keep Jay safe" not in pictures


def test_a_wellbeing_cases_course_is_its_own(worker: httpx.Client) -> None:
    """W17, W18, W20, W32 on the course page of a wellbeing case."""
    case_id = _open(worker, "wellbeing")
    course = page_words(worker.get(f"/cases/{case_id}/course"))
    assert "Timescales and trajectory: Jay" in course  # W32
    assert "The case's course" not in course
    for old in (  # W17, W18, W20
        "record the strategy discussion",
        "the readiness check",
        "The core group has not set out a trajectory yet.",
        "was a safety plan agreed?",
    ):
        assert old not in course, old
    assert "No trajectory yet: agree the timeline to closure with the family." in course


def test_a_step_that_is_not_a_meeting_is_done_not_held(worker: httpx.Client) -> None:
    """W19: "Held in time" against "The mapping shared with the family"; and W18 in a
    child protection case: the trajectory is agreed with the family."""
    case_id = _open(worker, "safety")
    page = f"/cases/{case_id}/course"
    for form in (
        {"action": "strategy", "held_on": "2026-11-20"},
        {"action": "mapping_shared", "shared_on": "2026-12-01"},
    ):
        assert worker.post(page, data=form).status_code == 303
    course = page_words(worker.get(page))
    row = course[course.index("The mapping shared with the family") :]
    row = row[: row.index("Initial child protection conference")]
    assert "Done in time" in row and "Held in time" not in row, row
    assert "Held or done" in course
    assert "The core group has not set out a trajectory yet." not in course
    assert (
        "No trajectory yet: agree the timeline to closure with the family (the initial "
        "conference starts it, and the core group sets it out)." in course
    )


def test_a_wellbeing_records_outcome_names_its_plan(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    """W20: the record said "A safety plan was agreed." in every framework."""
    case_id = _open(worker, "wellbeing")
    meeting_id = asyncio.run(
        hold_meeting(
            shared_server.live,
            UUID(case_id),
            "worker",
            MeetingKind.FAMILY_NETWORK,
            outcome="Gran helps after school.",
            safety_plan_agreed=True,
        )
    )
    record = page_words(worker.get(f"/cases/{case_id}/record", params={"at": meeting_id}))
    assert "A wellbeing plan was agreed. Gran helps after school." in record
    assert "A safety plan was agreed." not in record


async def _add_items(shared_server: SharedServer, case_id: str) -> None:
    worker = await staff(shared_server.live, UUID(case_id), "worker")
    try:
        await worker.send(
            AddItem(
                domain=Domain.HARM, text="Jay hid", source="to his teacher", source_kind="child"
            )
        )
        await worker.send(AddItem(domain=Domain.HARM, text="A call in May", source="police"))
    finally:
        await worker.close()


def test_the_replay_and_compare_pages_say_where_an_item_came_from(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    """Issue 22 item 7 (E66): the kind beside the free text on the pages a worker reads
    back, the record among them; an item of no kind reads as before."""
    case_id = _open(worker, "safety")
    asyncio.run(_add_items(shared_server, case_id))
    for page in (
        f"/cases/{case_id}/board-at",
        f"/cases/{case_id}/compare",
        f"/cases/{case_id}/record",
    ):
        text = page_words(worker.get(page, params=None if "compare" in page else {"at": "latest"}))
        assert "Jay hid" in text and "from the child: to his teacher" in text, page
        assert "from police" in text, page


async def _refused_over_the_socket(shared_server: SharedServer, case_id: str) -> tuple[str, int]:
    worker = await staff(shared_server.live, UUID(case_id), "worker")
    try:
        assert worker.board is not None
        before = worker.board.position
        with pytest.raises(CommandError) as refused:
            await worker.send(AddItem(domain=Domain.HARM, text="x", source_kind="grandad"))
        assert worker.board is not None
        return refused.value.code, worker.board.position - before
    finally:
        await worker.close()


def test_an_unknown_source_kind_over_the_socket_is_refused_by_its_code(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    case_id = _open(worker, "safety")
    events = worker.get(f"/api/cases/{case_id}/events").text
    code, moved = asyncio.run(_refused_over_the_socket(shared_server, case_id))
    assert (code, moved) == ("unknown_source_kind", 0)
    assert worker.get(f"/api/cases/{case_id}/events").text == events  # nothing recorded
