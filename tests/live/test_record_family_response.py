"""The record stands as the statutory one (issue #22 item 4, E52): every version of the
record, the page and its PDF, prints the family's response to each worry; a word of a
thousand letters wraps in the PDF instead of running off the page. Over a real server:
the family's view is said from Jess's own phone."""

from __future__ import annotations

import io
import urllib.request
from uuid import UUID

import pypdf
from browser import NEEDS_CHROMIUM
from live import LiveServer, guest, staff
from shared_server import SharedServer

from board.commands import AddItem, OpenMeeting, RecordFamilyView
from board.practice import Domain, ItemKind, MeetingKind, Role

JESS_SAYS = "We argue, but Dan has never hit me when Lily is there"
LONG_WORD = "Pneumonoultramicroscopic" * 41  # 984 letters, no space to break at


def _get(live: LiveServer, path: str, cookie: str) -> bytes:
    request = urllib.request.Request(f"{live.url}{path}")
    request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=60) as response:
        body: bytes = response.read()
        return body


@NEEDS_CHROMIUM
async def test_the_record_and_its_pdf_print_the_familys_response(
    shared_server: SharedServer,
) -> None:
    live, case_id = shared_server.live, shared_server.new_case()
    chair = await staff(live, case_id)
    await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    jess = await guest(live, chair, case_id, "Jess", Role.PARENT)
    assert chair.board is not None
    statement = next(
        s.statement_id for s in chair.board.danger_statements.values() if not s.retired
    )
    said = await jess.send(RecordFamilyView(statement_id=statement, text=JESS_SAYS))
    added = await chair.send(
        AddItem(domain=Domain.COMPLICATING_FACTORS, text=LONG_WORD, kind=ItemKind.FACT)
    )
    await chair.wait_for_position(max(said.position, added.position))
    await _check_record(live, case_id, chair.cookie or "")
    await jess.close()
    await chair.close()


async def _check_record(live: LiveServer, case_id: UUID, cookie: str) -> None:
    page = _get(live, f"/cases/{case_id}/record?at=latest", cookie).decode()
    response = page[page.index("How the family sees it") :]
    assert JESS_SAYS in response[: response.index("</ul>")]
    pdf = pypdf.PdfReader(io.BytesIO(_get(live, f"/cases/{case_id}/record.pdf?at=latest", cookie)))
    text = "\n".join(p.extract_text() or "" for p in pdf.pages)
    flat = " ".join(text.split())
    assert "How the family sees it" in flat
    assert JESS_SAYS in flat
    # The long word is all there, broken over many lines of the page's width, not one
    # line running off its edge.
    assert LONG_WORD in "".join(text.split())
    lines_of_it = [line for line in text.splitlines() if "Pneumono" in line or "scopic" in line]
    assert len(lines_of_it) > 5
    assert max(len(line) for line in text.splitlines()) < 150
