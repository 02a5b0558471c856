"""A thread's history, a person's scores and the filtered replay go through the gate and
the visibility rule: a guest never reads what was written in a meeting for
professionals only, nor that meeting's changes."""

from __future__ import annotations

import urllib.error
import urllib.request
from uuid import UUID

import pytest
from live import LiveServer, guest, staff
from shared_server import SharedServer

from board.commands import CloseMeeting, OpenMeeting, WriteDangerStatement
from board.practice import MeetingKind, Role

IN_CAMERA = "Police intelligence about Dan that the family has not been told"


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this module's own."""
    return shared_server.live, shared_server.new_case()


def page(live: LiveServer, path: str, cookie: str | None) -> tuple[int, str]:
    request = urllib.request.Request(f"{live.url}{path}")
    request.add_header("Cookie", cookie or "")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        error.close()
        return error.code, body


async def test_a_guest_never_reads_a_professionals_only_thread(
    server: tuple[LiveServer, UUID],
) -> None:
    live, case_id = server
    chair = await staff(live, case_id)
    opened = await chair.send(OpenMeeting(kind=MeetingKind.STRATEGY))
    (strategy,) = opened.created
    written = await chair.send(WriteDangerStatement(text=IN_CAMERA))
    (secret,) = written.created
    await chair.send(CloseMeeting())
    await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    gran = await guest(live, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER)
    case = f"/cases/{case_id}"

    # Staff read it all.
    status, body = page(live, f"{case}/threads/{secret}", chair.cookie)
    assert status == 200 and IN_CAMERA in body
    assert page(live, f"{case}/replay?meeting={strategy}", chair.cookie)[0] == 200

    # The guest: not found, said as for a thread that does not exist; nothing of it
    # in the lists they may read.
    assert page(live, f"{case}/threads/{secret}", gran.cookie)[0] == 404
    assert page(live, f"{case}/threads/no-such-thread", gran.cookie)[0] == 404
    assert page(live, f"{case}/replay?meeting={strategy}", gran.cookie)[0] == 404
    assert chair.welcome is not None
    chair_id = chair.welcome.participant_id
    status, body = page(live, f"{case}/replay?person={chair_id}", chair.cookie)
    assert status == 200 and IN_CAMERA in body  # staff see the chair wrote it
    for path in (f"{case}/replay?person={chair_id}", f"{case}/compare?from=start"):
        status, body = page(live, path, gran.cookie)
        assert status == 200, path
        assert IN_CAMERA not in body, path
    for client in (gran, chair):
        await client.close()
