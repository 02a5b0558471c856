"""Who sent apologies, through the course page's form and into the record's page (issue
#22 item 4), over a real server: the meeting is held over the websocket, as in the room;
the form records Gran Pat's apologies, and both the professionals' record and the
family's say so under who was there. Sent twice: refused in words, nothing recorded."""

from __future__ import annotations

import html

import httpx
from live import STAFF_PASSWORD, staff
from shared_server import SharedServer

from board.commands import CloseMeeting, OpenMeeting
from board.practice import MeetingKind


def _who_was_there(page: str) -> str:
    text = html.unescape(page)
    start = text.index("<h2>Who was there</h2>")
    return text[start : text.index("<h2", start + 4)]


async def test_apologies_recorded_on_the_course_page_are_in_both_records(
    shared_server: SharedServer,
) -> None:
    case_id = shared_server.new_case()
    url = shared_server.live.url
    course = f"/cases/{case_id}/course"
    chair = await staff(shared_server.live, case_id)
    opened = await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    await chair.wait_for_position(opened.position)
    assert chair.board is not None and chair.board.open_meeting is not None
    meeting_id = chair.board.open_meeting.meeting_id
    (pat,) = [p for p in chair.board.people.values() if p.name == "Gran Pat"]
    closed = await chair.send(CloseMeeting(without_child_views=True))
    await chair.wait_for_position(closed.position)
    await chair.close()

    async with httpx.AsyncClient(base_url=url, headers={"Origin": url}, timeout=60) as http:
        signed_in = await http.post(
            "/signin", data={"username": "chair", "password": STAFF_PASSWORD}
        )
        assert signed_in.status_code == 303
        form = (await http.get(course)).text
        assert '<label for="apologies-person">Who was invited and could not come?</label>' in (form)
        sent = {"action": "apologies", "meeting_id": meeting_id, "person_id": pat.person_id}
        assert (await http.post(course, data=sent)).status_code == 303
        assert "(Sent apologies: Gran Pat.)" in html.unescape((await http.get(course)).text)

        # Sent twice: refused in words, and nothing recorded.
        head = shared_server.head(case_id)
        again = await http.post(course, data=sent)
        assert again.status_code == 400
        assert "Gran Pat's apologies are already recorded. Nothing was recorded." in (
            html.unescape(again.text)
        )
        assert shared_server.head(case_id) == head

        record = f"/cases/{case_id}/record?at={meeting_id}"
        for whose in ("professionals", "family"):
            page = (await http.get(f"{record}&for={whose}")).text
            there = _who_was_there(page)
            assert (
                '<p class="sent-apologies"><strong>Sent apologies:</strong> '
                "Gran Pat (family network member).</p>"
            ) in there, whose
            assert '<ul class="attendees"><li>Sam Reid (chair)</li></ul>' in there
