"""The record stands as the statutory one (issue #22 item 4): the record of a meeting, its
page and its PDF, in the professionals' record and the record for the family, prints who
sent a report, the statements closed at the meeting and why, the plan in its parts, the
trajectory, one list of next steps as they stand, the children's views heard at it (a
view the child keeps for the professionals only in theirs) and the partner agencies'
reports sent in before it (theirs only, until shared), with the points the chair mapped
from them. Over a real server: the report comes in through the course page, the meeting
is held over the websocket, as in the room."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

import httpx
import pypdf
from browser import NEEDS_CHROMIUM
from live import STAFF_PASSWORD, guest, staff
from shared_server import SharedServer

from board.commands import (
    AddPlanRule,
    CloseMeeting,
    MapReportPoint,
    OpenMeeting,
    RecordChildView,
    RecordFamilyView,
    RetireDangerStatement,
)
from board.practice import (
    REPORT_LIMIT,
    Domain,
    House,
    ItemKind,
    MeetingKind,
    PlanRuleKind,
    Role,
)
from board.timescales import day_in_england

SCHOOL_REPORT = (
    "Lily has been on time every day this term and her attendance is 98%.\n"
    "She told her teacher she likes staying at Gran's."
)
MAPPED = "Lily's attendance this term is 98%, the school reports"
CLOSED_WHY = "Dan has not drunk at home for six months and the rows have stopped"
HEARD = "I like it when Dan plays football with me"
KEPT = "Sometimes I still worry when Dan comes home late"
JESS_SEES = "We argue, but Dan has never hit me when Lily is there"


def _section(page: str, heading: str) -> str:
    """The part of a page from an <h2> heading to the next <h2>, its entities read."""
    text = html.unescape(page)
    start = text.index(f"<h2>{heading}</h2>")
    end = text.find("<h2", start + 4)
    return text[start : end if end != -1 else len(text)]


async def _pdf_text(http: httpx.AsyncClient, path: str) -> str:
    answer = await http.get(path)
    assert answer.status_code == 200, answer.text
    pdf = pypdf.PdfReader(io.BytesIO(answer.content))
    return " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())


@NEEDS_CHROMIUM
async def test_every_part_of_the_statutory_record_in_both_cuts(
    shared_server: SharedServer,
) -> None:
    case_id = shared_server.new_case()
    url = shared_server.live.url
    course = f"/cases/{case_id}/course"
    booked = day_in_england(datetime.now(UTC)) + timedelta(days=14)
    async with httpx.AsyncClient(base_url=url, headers={"Origin": url}, timeout=60) as http:
        assert (
            await http.post("/signin", data={"username": "chair", "password": STAFF_PASSWORD})
        ).status_code == 303
        report = {
            "action": "agency_report",
            "agency": "School",
            "author": "Ms Hughes",
            "for_meeting": "review_conference",
            "meeting_on": booked.isoformat(),
            "text": SCHOOL_REPORT,
        }
        # Over-long: refused in words, never cut, nothing recorded.
        head = shared_server.head(case_id)
        too_long = await http.post(course, data={**report, "text": "a" * (REPORT_LIMIT + 1)})
        assert too_long.status_code == 400
        assert f"the most it can hold is {REPORT_LIMIT}" in too_long.text
        assert shared_server.head(case_id) == head
        assert (await http.post(course, data=report)).status_code == 303
        assert "School report, by Ms Hughes, for the review child protection conference" in (
            (await http.get(course)).text
        )

        # The next review, held in the room.
        chair = await staff(shared_server.live, case_id)
        await chair.send(OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE))
        assert chair.board is not None
        (school,) = [r for r in chair.board.agency_reports.values() if r.agency == "School"]
        await chair.send(
            MapReportPoint(
                report_id=school.report_id,
                domain=Domain.EXISTING_SAFETY,
                text=MAPPED,
                kind=ItemKind.FACT,
            )
        )
        await chair.send(RecordChildView(house=House.GOOD_THINGS, text=HEARD))
        await chair.send(
            RecordChildView(house=House.WORRIES, text=KEPT, kept_for_professionals=True)
        )
        (danger,) = [s for s in chair.board.danger_statements.values() if not s.retired]
        number = list(chair.board.danger_statements).index(danger.statement_id) + 1
        await chair.send(RetireDangerStatement(statement_id=danger.statement_id, reason=CLOSED_WHY))
        closed = await chair.send(CloseMeeting())
        await chair.wait_for_position(closed.position)
        await chair.close()

        record = f"/cases/{case_id}/record?at=latest"
        pro = (await http.get(f"{record}&for=professionals")).text
        family = (await http.get(f"{record}&for=family")).text
        for page in (pro, family):
            # Statements closed at this meeting, and why.
            gone = _section(page, "Danger statements closed at this meeting")
            assert f"Danger statement {number}, closed at this meeting" in gone
            assert f"Why it was closed:</strong> {CLOSED_WHY}" in gone
            # The plan in its parts, each rule under its own.
            plan = _section(page, "The safety plan")
            parts = re.findall(r"<h3>([^<]+)</h3>", plan)
            assert parts == [
                "Bottom lines",
                "The family's plan",
                "What professionals will do",
                "If the plan cannot be kept: what children's services will do",
            ]
            bottom = plan[plan.index("<h3>Bottom lines") : plan.index("<h3>The family's plan")]
            assert (
                "<li>Lily is never looked after by an adult who has been drinking (always).</li>"
                in bottom
            )
            contingency = plan[plan.index("<h3>If the plan cannot be kept") :]
            assert "Amira calls a family network meeting within a week" in contingency
            # The trajectory.
            trajectory = _section(page, "The trajectory")
            assert re.search(
                r"Lily no longer needs a child protection plan</th><td>15 December 2026</td>"
                r"<td>Not yet</td>",
                trajectory,
            )
            assert re.search(
                r"Three months of the plan working, shown at the first review</th>"
                r"<td>16 June 2026</td><td>Reached</td>",
                trajectory,
            )
            # One list of next steps as they stand, from every meeting.
            steps = _section(page, "Next steps")
            assert steps.count("<tbody>") == 1
            assert re.search(
                r"Finish the twelve sessions at the alcohol service</th><td>Dan[^<]*</td>"
                r"<td>30 September 2026</td><td>Not done yet</td>",
                steps,
            )
            assert re.search(
                r"Refer Dan to the community alcohol service</th><td>Amira Khan</td>"
                r"<td>31 March 2026</td><td>Done</td>"
                r"<td>the initial child protection conference, 24 March 2026</td>",
                steps,
            )
            # The children's views heard at this meeting.
            assert HEARD in _section(page, "Children's views heard at this meeting")
            # The point mapped from the report is on the map, for everyone.
            assert MAPPED in _section(page, "The mapping")

        heard = _section(pro, "Children's views heard at this meeting")
        assert KEPT in heard
        assert "keeps this for the professionals until they agree to share it" in heard
        assert KEPT not in html.unescape(family)
        reports = _section(pro, "Reports from partner agencies")
        assert "School report, by Ms Hughes" in reports and "(professionals only)" in reports
        assert "Lily has been on time every day this term and her attendance is 98%." in reports
        assert MAPPED in reports
        assert "Sent a report:</strong> Ms Hughes (School)" in html.unescape(
            pro[: pro.index("<h2>Reports from partner agencies</h2>")]
        )
        family_reports = _section(family, "Reports from partner agencies")
        assert "No partner agency's report has been shared with the family" in family_reports
        assert "Sent a report" not in family
        assert "her attendance is 98%." not in html.unescape(family)

        # The PDFs say the same, each of its own cut.
        pro_pdf = await _pdf_text(http, f"/cases/{case_id}/record.pdf?at=latest&for=professionals")
        family_pdf = await _pdf_text(http, f"/cases/{case_id}/record.pdf?at=latest&for=family")
        for text in (pro_pdf, family_pdf):
            assert f"Why it was closed: {CLOSED_WHY}" in text
            assert "If the plan cannot be kept: what children" in text
            assert "Lily no longer needs a child protection plan 15 December 2026 Not yet" in text
            assert "Finish the twelve sessions at the alcohol service" in text
            assert (
                "Refer Dan to the community alcohol service Amira Khan 31 March 2026 Done" in text
            )
            assert HEARD in text
            assert MAPPED in text
        assert KEPT in pro_pdf and KEPT not in family_pdf
        assert "Sent a report: Ms Hughes (School)" in pro_pdf
        assert "School report, by Ms Hughes" in pro_pdf
        assert "School report, by Ms Hughes" not in family_pdf
        assert "her attendance is 98%." in pro_pdf and "her attendance is 98%." not in family_pdf


@NEEDS_CHROMIUM
async def test_a_new_fostering_case_s_record_says_what_is_not_there_yet(
    shared_server: SharedServer,
) -> None:
    """A placement stability meeting in a case opened through the API: the record names
    the safe care plan in its parts and says, in words, that there is no trajectory, no
    next step, no report and nothing closed yet."""
    url = shared_server.live.url
    async with httpx.AsyncClient(base_url=url, headers={"Origin": url}, timeout=60) as http:
        signed_in = await http.post(
            "/signin", data={"username": "worker", "password": STAFF_PASSWORD}
        )
        assert signed_in.status_code == 303
        opened = await http.post(
            "/api/cases",
            json={
                "children": [{"name": "Jay", "age": 12}],
                "family_name": "the Okafor family",
                "framework": "stability",
            },
        )
        assert opened.status_code == 201, opened.text
        case_id = UUID(opened.json()["case_id"])
        worker = await staff(shared_server.live, case_id, "worker")
        await worker.send(OpenMeeting(kind=MeetingKind.PLACEMENT_STABILITY))
        await worker.send(
            AddPlanRule(
                who="Maria (foster carer)",
                what="sits with Jay at bedtime when he cannot sleep",
                kind=PlanRuleKind.RULE,
            )
        )
        closed = await worker.send(CloseMeeting())
        await worker.wait_for_position(closed.position)
        await worker.close()

        for whose in ("professionals", "family"):
            answer = await http.get(f"/cases/{case_id}/record", params={"for": whose})
            assert answer.status_code == 200
            page = answer.text
            plan = _section(page, "The safe care plan")
            assert re.findall(r"<h3>([^<]+)</h3>", plan)[:2] == [
                "Bottom lines",
                "The family's plan",
            ]
            assert "No bottom lines." in plan
            assert "Maria (foster carer) sits with Jay at bedtime when he cannot sleep." in plan
            assert "No trajectory set out yet." in _section(page, "The trajectory")
            assert "No next steps agreed yet." in _section(page, "Next steps")
            assert "None was closed at this meeting." in _section(
                page, "Danger statements closed at this meeting"
            )
            assert "No child's views were heard at this meeting." in _section(
                page, "Children's views heard at this meeting"
            )
        assert "No partner agency sent in a report for this meeting." in _section(
            (await http.get(f"/cases/{case_id}/record", params={"for": "professionals"})).text,
            "Reports from partner agencies",
        )
        pdf = await _pdf_text(http, f"/cases/{case_id}/record.pdf?for=family")
        assert "The safe care plan" in pdf and "No trajectory set out yet." in pdf


async def test_compare_puts_the_familys_response_beside_each_worry(
    shared_server: SharedServer,
) -> None:
    """E52 on the compare page: how the family sees each danger statement, at each
    point, in their own words (said from Jess's own phone)."""
    live, case_id = shared_server.live, shared_server.new_case()
    chair = await staff(live, case_id)
    await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    jess = await guest(live, chair, case_id, "Jess", Role.PARENT)
    assert chair.board is not None
    (danger,) = [s for s in chair.board.danger_statements.values() if not s.retired]
    said = await jess.send(RecordFamilyView(statement_id=danger.statement_id, text=JESS_SEES))
    closed = await chair.send(CloseMeeting())
    await chair.wait_for_position(max(said.position, closed.position))
    await jess.close()
    await chair.close()
    url = live.url
    async with httpx.AsyncClient(base_url=url, headers={"Origin": url}, timeout=60) as http:
        await http.post("/signin", data={"username": "chair", "password": STAFF_PASSWORD})
        answer = await http.get(
            f"/cases/{case_id}/compare", params={"from": "icpc", "to": "latest"}
        )
        assert answer.status_code == 200
    page = html.unescape(answer.text)
    row = re.search(r'<th scope="row">How the family sees it</th>(.*?)</tr>', page, re.S)
    assert row is not None
    before, after = re.findall(r"<td[^>]*>(.*?)</td>", row[1], re.S)
    assert "No one in the family has said they see it differently." in before
    assert JESS_SEES not in before
    assert f"{JESS_SEES}</li>" in after and "Jess" in after
