"""Issue 22's "Done when", over a real server: a stability case worked through a
placement stability meeting, a wellbeing case through its planning meeting and its
review, and a child protection case that moves into care and changes rhythm. Each is
opened through `POST /api/cases` and worked over the websocket as a room would (people
added, the framework's own meeting opened, the map, a statement and its goal, a scale
with a family member scoring from their phone, a plan rule, the outcome, the close).
Then every page a worker and a family member can reach for the case is fetched, and
each must say the framework's own words and none of another framework's: the lists
below are written out by hand, so a word leaking from one framework into another fails
here by name."""

from __future__ import annotations

import asyncio
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from uuid import UUID

import httpx
import msgspec
import pytest
from live import guest, open_jays_case, signed_in, staff
from shared_server import SharedServer

from board.client import BoardClient
from board.commands import (
    AddItem,
    AddPerson,
    AddPlanRule,
    CastVote,
    ChangeFramework,
    CloseMeeting,
    CloseScalingRound,
    OpenMeeting,
    OpenScalingRound,
    PairSafetyGoal,
    RecordConferenceDecision,
    RecordMeetingOutcome,
    RevealVotes,
    WriteDangerStatement,
)
from board.events.outcomes import ChildDecision
from board.practice import SCALE_HINTS, Domain, Framework, MeetingKind, PlacementOutcome, Role

# -- what each journey must say, and must never say ------------------------------------

# Child protection's own steps and words: no other framework's page shows them. (The
# danger statement is not among them: the seed has "placement stability meetings will
# have clear danger statements and stability goals"; only wellbeing work says "worry
# statement", practice.danger_statement_words.)
CHILD_PROTECTION_WORDS = (
    "child protection conference",
    "strategy",
    "core group",
    "safety plan",
    "safety scale",
    "safety goal",
    "section 47",
)
WELLBEING_WORDS = (
    "wellbeing plan",
    "wellbeing scale",
    "wellbeing planning",
    "worry statement",
    "family keyworker",
    "wellbeing goal",
)
STABILITY_WORDS = ("safe care plan", "stability scale", "placement stability", "stability goal")
LOOKED_AFTER_WORDS = ("permanence plan", "success goal")


@dataclass(frozen=True)
class Words:
    """What every page of a case in this framework must say, and must never say."""

    plan: str  # the plan's name
    scale: str  # the scale's name
    facilitator: str  # who held the last meeting, with their role as the framework says
    meetings: tuple[str, ...]  # the meetings the journey held, as they are named
    shown_on_course: tuple[str, ...]  # the course's own steps and roles
    never: tuple[str, ...]  # other frameworks' words


STABILITY = Words(
    plan="safe care plan",
    scale="stability scale",
    facilitator="Amira Khan (social worker)",
    meetings=("Placement stability meeting",),
    shown_on_course=("Placement stability meeting", "Visit to the foster carers"),
    never=(*CHILD_PROTECTION_WORDS, *WELLBEING_WORDS, "success goal"),
)
WELLBEING = Words(
    plan="wellbeing plan",
    scale="wellbeing scale",
    facilitator="Amira Khan (family keyworker)",
    meetings=("Wellbeing planning meeting",),
    shown_on_course=(
        "Initial wellbeing planning meeting",
        "Review wellbeing planning meeting",
        "family keyworker",
        "Ending meeting",
    ),
    never=(
        *CHILD_PROTECTION_WORDS,
        "danger statement",
        *STABILITY_WORDS,
        *LOOKED_AFTER_WORDS,
        "looked after",
        "foster carer",
        "care plan",
        "(social worker)",  # the family keyworker, in early help
    ),
)
# A child protection case moved into care: its history keeps the conference (the
# record of the ICPC is a child protection record), but every page of the case as it
# stands now is in the looked-after words.
LOOKED_AFTER = Words(
    plan="care plan",
    scale="safety scale",  # looked-after work keeps the safety scale (practice.scale_words)
    facilitator="Sam Reid (independent reviewing officer)",
    meetings=("Looked after child review",),
    shown_on_course=(
        "First looked after child review",
        "Placement planning meeting",
        "Permanence plan",
        "independent reviewing officer",
    ),
    never=(*WELLBEING_WORDS, *STABILITY_WORDS),
)


# -- the room, over the websocket ------------------------------------------------------


@dataclass(frozen=True)
class Worked:
    case_id: str
    statement_id: str
    goal_id: str
    rule_id: str
    parent_id: str
    meeting_ids: tuple[str, ...]
    phone_board: str  # the words of the board the family member's phone was sent
    family_pages: dict[str, httpx.Response]  # what their phone reached, in the meeting


async def _meeting(
    server: SharedServer,
    facilitator: BoardClient,
    kind: MeetingKind,
    framework: Framework,
    *,
    worry: str,
    parent_id: str,
    child_id: str,
) -> tuple[tuple[str, str, str, str], str, dict[str, httpx.Response]]:
    """One meeting of the framework's own kind, worked through: the parent let in from
    their phone, the map, a statement and its goal, a scale the parent scores, a plan
    rule, the outcome; then closed. Also the board the parent's phone was sent, and the
    pages it reached."""
    await facilitator.send(OpenMeeting(kind=kind))
    assert facilitator.board is not None and facilitator.board.open_meeting_id is not None
    meeting_id = facilitator.board.open_meeting_id
    assert facilitator.case_id is not None
    parent = await guest(server.live, facilitator, facilitator.case_id, "Amira", Role.PARENT)
    try:
        return await _worked_meeting(
            facilitator,
            parent,
            meeting_id,
            kind,
            framework,
            worry=worry,
            parent_id=parent_id,
            child_id=child_id,
        )
    finally:
        await parent.close()


async def _worked_meeting(
    facilitator: BoardClient,
    parent: BoardClient,
    meeting_id: str,
    kind: MeetingKind,
    framework: Framework,
    *,
    worry: str,
    parent_id: str,
    child_id: str,
) -> tuple[tuple[str, str, str, str], str, dict[str, httpx.Response]]:
    assert facilitator.board is not None
    await facilitator.send(AddItem(domain=Domain.HARM, text=worry))
    await facilitator.send(
        AddItem(domain=Domain.EXISTING_STRENGTHS, text="Amira walks Jay to school each day.")
    )
    statements = facilitator.board.danger_statements
    if statements:
        statement_id = next(iter(statements))
        goal_id = next(iter(facilitator.board.safety_goals))
    else:
        written = await facilitator.send(
            WriteDangerStatement(text=f"We are worried that {worry[0].lower()}{worry[1:]}")
        )
        statement_id = written.created[0]
        paired = await facilitator.send(
            PairSafetyGoal(statement_id=statement_id, text="Jay is settled and well cared for.")
        )
        goal_id = paired.created[0]
    hints = {key: text.format(child="Jay") for key, text in SCALE_HINTS[framework].items()}
    opened = await facilitator.send(
        OpenScalingRound(
            question=hints["question"],
            zero_means=hints["zero_means"],
            ten_means=hints["ten_means"],
            statement_id=statement_id,
        )
    )
    round_id = opened.created[0]
    await parent.wait_for(
        lambda: parent.board is not None and round_id in parent.board.scaling_rounds
    )
    await parent.send(CastVote(round_id=round_id, score=6, narrative="Things are better."))
    await facilitator.send(RevealVotes(round_id=round_id))
    await facilitator.send(CloseScalingRound(round_id=round_id))
    added = await facilitator.send(
        AddPlanRule(
            who="Amira",
            what="Amira checks in with Jay every evening.",
            addresses=(statement_id,),
            person_ids=(parent_id,),
        )
    )
    rule_id = added.created[0]
    if kind in (MeetingKind.ICPC, MeetingKind.REVIEW_CONFERENCE):
        await facilitator.send(
            RecordConferenceDecision(
                meeting_id=meeting_id,
                children=(
                    ChildDecision(
                        child_id=child_id,
                        subject_to_plan=False,
                        reasons="Jay is to be looked after by the local authority.",
                    ),
                ),
            )
        )
    else:
        await facilitator.send(
            RecordMeetingOutcome(
                meeting_id=meeting_id,
                outcome="Jay stays where he is, with the plan updated.",
                placement=(
                    PlacementOutcome.CONTINUES_WITH_SUPPORT
                    if kind is MeetingKind.PLACEMENT_STABILITY
                    else None
                ),
                safety_plan_agreed=None if kind is MeetingKind.PLACEMENT_STABILITY else True,
            )
        )
    # What the phone was sent and the pages it reaches, taken before the close ends
    # the guest's visit.
    await parent.barrier()
    phone_board = " | ".join(_strings(msgspec.to_builtins(parent.board)))
    assert facilitator.case_id is not None
    family_pages = await asyncio.to_thread(
        _family_pages, facilitator.base_url, parent.cookies, str(facilitator.case_id)
    )
    # The phone leaves before the close ends its visit, so it has no socket left to
    # reopen when the server closes its own.
    await parent.close()
    await facilitator.send(CloseMeeting())
    return (meeting_id, statement_id, goal_id, rule_id), phone_board, family_pages


async def _work_through(
    server: SharedServer,
    case_id: str,
    framework: Framework,
    kinds: tuple[tuple[str, MeetingKind], ...],
    move_to: Framework | None = None,
    before_move: Callable[[], object] | None = None,
) -> Worked:
    """The case worked through by `who` for each meeting (a username), with the parent
    scoring from their phone; `move_to`: the framework the case moves into after the
    first meeting."""
    live = server.live
    # One connection for each member of staff (a dict comprehension over `kinds` would
    # open one per meeting and drop all but the last unclosed).
    facilitators = {who: await staff(live, UUID(case_id), who) for who in dict(kinds)}
    first = facilitators[kinds[0][0]]
    try:
        person = await first.send(AddPerson(name="Amira", role=Role.PARENT, relationship="mum"))
        parent_id = person.created[0]
        if framework is Framework.STABILITY:
            await first.send(AddPerson(name="Maria", role=Role.FOSTER_CARER))
        assert first.board is not None
        child_id = next(iter(first.board.children))
        meeting_ids: list[str] = []
        statement_id = goal_id = rule_id = ""
        phone_board = ""
        family_pages: dict[str, httpx.Response] = {}
        fw = framework
        for number, (who, kind) in enumerate(kinds):
            facilitator = facilitators[who]
            await facilitator.barrier()
            if number == 1 and move_to is not None:
                if before_move is not None:
                    await asyncio.to_thread(before_move)
                await facilitator.send(ChangeFramework(framework=move_to))
                fw = move_to
            made, phone_board, family_pages = await _meeting(
                server,
                facilitator,
                kind,
                fw,
                worry="Jay has been left alone at night twice this month.",
                parent_id=parent_id,
                child_id=child_id,
            )
            meeting_ids.append(made[0])
            statement_id, goal_id, rule_id = made[1], made[2], made[3]
    finally:
        for client in facilitators.values():
            await client.close()
    return Worked(
        case_id,
        statement_id,
        goal_id,
        rule_id,
        parent_id,
        tuple(meeting_ids),
        phone_board,
        family_pages,
    )


# -- the pages -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def worker(shared_server: SharedServer) -> Iterator[httpx.Client]:
    with signed_in(shared_server.live, "worker") as http:
        yield http


def _text(page: httpx.Response) -> str:
    """The page's words as a reader meets them: no markup, no script's data."""
    assert page.status_code == 200, (page.url, page.text[:500])
    body = re.sub(r"<script[^>]*>.*?</script>", " ", page.text, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def _script_words(page: httpx.Response, framework: Framework) -> str:
    """The words the page gives its script for the case's framework."""
    found = re.search(
        r'<script type="application/json" id="board-words">(.*?)</script>', page.text, re.S
    )
    assert found is not None, "no words for the script"
    words = json.loads(html.unescape(found.group(1)))
    return json.dumps(words["frameworks"][framework.value])


def _without_roles(script_words: str) -> str:
    """The script's words but its role names: every role may be of any case (a foster
    carer invited to a wellbeing meeting is named so), so they are not a framework's."""
    words = json.loads(script_words)
    del words["roles"]
    return json.dumps(words).casefold()


def _open(worker: httpx.Client, framework: Framework) -> str:
    case_id = open_jays_case(worker, framework.value, age=12)
    allocated = worker.post(f"/api/cases/{case_id}/staff", json={"username": "chair"})
    assert allocated.status_code == 201, allocated.text
    return case_id


def _strings(value: object) -> Iterator[str]:
    """Every text in a JSON value (what a script may show), not its keys."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


def _staff_pages(worker: httpx.Client, worked: Worked) -> dict[str, str]:
    """Every page a worker reaches for the case, as a reader sees it."""
    case = f"/cases/{worked.case_id}"
    last = worked.meeting_ids[-1]
    paths = {
        "screen": case,
        "wall": f"{case}/wall",
        "the board at the meeting's end": f"{case}/board-at?at={last}",
        "course": f"{case}/course",
        "record for professionals": f"{case}/record?at={last}",
        "record for the family": f"{case}/record?at={last}&for=family",
        "plan": f"{case}/plan",
        "plan pictures": f"{case}/plan/pictures",
        "replay": f"{case}/replay",
        "replay of the meeting": f"{case}/replay?meeting={last}",
        "compare": f"{case}/compare",
        "compare summary": f"{case}/compare?summary=1",
        "statement thread": f"{case}/threads/{worked.statement_id}",
        "goal thread": f"{case}/threads/{worked.goal_id}",
        "rule thread": f"{case}/threads/{worked.rule_id}",
        "scores": f"{case}/people/{worked.parent_id}/scores",
    }
    pages = {name: _text(worker.get(path)) for name, path in paths.items()}
    # The home page lists every case of the worker's, in every framework, and the form
    # to open one in any: what it says of this case is its rows.
    pages["home"] = _home_rows(worker.get("/"), worked.case_id)
    return pages


def _home_rows(page: httpx.Response, case_id: str) -> str:
    """The home page's rows about one case: its place in the list, and what is due."""
    assert page.status_code == 200
    rows = [row for row in re.findall(r"<li>(.*?)</li>", page.text, re.S) if case_id in row]
    assert rows, "the case is not on the worker's home page"
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(rows)))


def _family_pages(base_url: str, cookies: httpx.Cookies, case_id: str) -> dict[str, httpx.Response]:
    """Every page the family member reaches for the case from the phone they joined on
    (the plan pages where a guest may read them)."""
    case = f"/cases/{case_id}"
    with httpx.Client(base_url=base_url, cookies=cookies, timeout=20) as phone:
        pages = {"phone": phone.get(f"{case}/phone")}
        assert pages["phone"].status_code == 200, pages["phone"].text[:300]
        for name, path in (("plan", f"{case}/plan"), ("plan pictures", f"{case}/plan/pictures")):
            answer = phone.get(path)
            if answer.status_code == 200:
                pages[name] = answer
    return pages


def _check(pages: dict[str, str], words: Words, framework: Framework) -> None:
    for name, text in pages.items():
        folded = text.casefold()
        for never in words.never:
            at = folded.find(never.casefold())
            assert at < 0, f"{name} shows {never!r}: ...{text[max(0, at - 150) : at + 80]}..."
    course = pages["course"]
    for shown in words.shown_on_course:
        assert shown.casefold() in course.casefold(), f"course lacks {shown!r}"
    assert f"Our {words.plan}" in pages["plan"] or words.plan in pages["plan"]
    for meeting in words.meetings:
        assert meeting in pages["record for professionals"], meeting
        assert meeting in pages["record for the family"], meeting
    assert f"The {words.plan}" in pages["record for professionals"]
    for record in ("record for professionals", "record for the family"):
        assert f"Scaling: the {words.scale}" in pages[record]
        assert words.facilitator in pages[record]  # who was there
        assert ".." not in pages[record]  # "…if nothing changes.." (a 0 and 10's stop)
    assert words.facilitator in pages["replay"]


def _check_phone(
    worker: httpx.Client, server: SharedServer, worked: Worked, words: Words, framework: Framework
) -> None:
    screen = worker.get(f"/cases/{worked.case_id}")
    script = _without_roles(_script_words(screen, framework))
    assert words.plan in script and words.scale in script
    for never in words.never:
        assert never.casefold() not in script, f"the screen's script words show {never!r}"
    # The role the facilitator was named by, as the phone's script names it.
    role = words.facilitator.rsplit("(", 1)[1].rstrip(")")
    phone_words = _script_words(worked.family_pages["phone"], framework)
    assert role in json.loads(phone_words)["roles"].values()
    script = _without_roles(phone_words)
    assert words.plan in script and words.scale in script
    for never in words.never:
        assert never.casefold() not in script, f"the phone's script words show {never!r}"
    board = worked.phone_board.casefold()
    assert "amira checks in with jay every evening." in board
    for never in words.never:
        assert never.casefold() not in board, f"the phone's board shows {never!r}"


def _pages_say_their_own_words(
    worker: httpx.Client, server: SharedServer, worked: Worked, words: Words, framework: Framework
) -> dict[str, str]:
    """Every page the worker and the family member reach, read and checked for the
    framework's words; the worker's pages, for a journey's own checks."""
    pages = _staff_pages(worker, worked)
    _check(pages, words, framework)
    family = {name: _text(page) for name, page in worked.family_pages.items()}
    for name, text in family.items():
        for never in words.never:
            assert never.casefold() not in text.casefold(), f"family {name} shows {never!r}"
    _check_phone(worker, server, worked, words, framework)
    return pages


# -- the three journeys ----------------------------------------------------------------


def test_a_stability_case_worked_through_a_placement_stability_meeting(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    case_id = _open(worker, Framework.STABILITY)
    worked = asyncio.run(
        _work_through(
            shared_server,
            case_id,
            Framework.STABILITY,
            (("worker", MeetingKind.PLACEMENT_STABILITY),),
        )
    )
    pages = _pages_say_their_own_words(
        worker, shared_server, worked, STABILITY, Framework.STABILITY
    )
    assert "The placement continues, with more support." in pages["record for professionals"]


def test_a_wellbeing_case_worked_through_its_planning_meeting_and_review(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    case_id = _open(worker, Framework.WELLBEING)
    worked = asyncio.run(
        _work_through(
            shared_server,
            case_id,
            Framework.WELLBEING,
            (
                ("worker", MeetingKind.WELLBEING_PLANNING),
                ("worker", MeetingKind.WELLBEING_PLANNING),
            ),
        )
    )
    pages = _pages_say_their_own_words(
        worker, shared_server, worked, WELLBEING, Framework.WELLBEING
    )
    course = pages["course"]
    # The worker is named on the shared screen as early help names them.
    assert "Amira Khan, family keyworker" in pages["screen"]
    assert "Amira Khan, family keyworker" in pages["wall"]
    # The second planning meeting is the first review, held; the next review is due.
    assert course.count("Review wellbeing planning meeting") == 2


def test_a_child_protection_case_moving_into_care_changes_rhythm(
    shared_server: SharedServer, worker: httpx.Client
) -> None:
    case_id = _open(worker, Framework.SAFETY)
    before: list[str] = []  # the course after the conference, before the move
    worked = asyncio.run(
        _work_through(
            shared_server,
            case_id,
            Framework.SAFETY,
            (("chair", MeetingKind.ICPC), ("chair", MeetingKind.LOOKED_AFTER_REVIEW)),
            move_to=Framework.SUCCESS,
            before_move=lambda: before.append(_text(worker.get(f"/cases/{case_id}/course"))),
        )
    )
    # In child protection, the conference held: the core group and the review are due.
    (course_before,) = before
    for due in ("Core group meeting", "Review child protection conference"):
        assert due in course_before, due
    assert "looked after child review" not in course_before.casefold()
    pages = _pages_say_their_own_words(
        worker, shared_server, worked, LOOKED_AFTER, Framework.SUCCESS
    )
    course = pages["course"]
    # The new rhythm, with the prompt to review each rule's "who"; child protection's
    # steps are gone from what is due.
    for gone in ("Review child protection conference", "Core group meeting", "readiness check"):
        assert gone not in course, gone
    assert "who" in course
    # The ICPC's own record stays a child protection record: history is kept.
    icpc = _text(worker.get(f"/cases/{case_id}/record", params={"at": worked.meeting_ids[0]}))
    assert "Initial child protection conference" in icpc
