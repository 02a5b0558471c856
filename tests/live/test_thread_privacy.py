"""A thread's history, a person's scores and the filtered replay go through the gate and
the visibility rule: a guest never reads what was written in a meeting for
professionals only, nor that meeting's changes."""

from __future__ import annotations

from uuid import UUID

import pytest
from live import LiveServer, get_page, guest, staff
from shared_server import SharedServer

from board.commands import CloseMeeting, OpenMeeting, WriteDangerStatement
from board.practice import MeetingKind, Role

IN_CAMERA = "Police intelligence about Dan that the family has not been told"


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this module's own."""
    return shared_server.live, shared_server.new_case()


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
    status, body = get_page(live, f"{case}/threads/{secret}", chair.cookie)
    assert status == 200 and IN_CAMERA in body
    assert get_page(live, f"{case}/replay?meeting={strategy}", chair.cookie)[0] == 200

    # The guest: not found, said as for a thread that does not exist; nothing of it
    # in the lists they may read.
    assert get_page(live, f"{case}/threads/{secret}", gran.cookie)[0] == 404
    assert get_page(live, f"{case}/threads/no-such-thread", gran.cookie)[0] == 404
    assert get_page(live, f"{case}/replay?meeting={strategy}", gran.cookie)[0] == 404
    assert chair.welcome is not None
    chair_id = chair.welcome.participant_id
    status, body = get_page(live, f"{case}/replay?person={chair_id}", chair.cookie)
    assert status == 200 and IN_CAMERA in body  # staff see the chair wrote it
    for path in (f"{case}/replay?person={chair_id}", f"{case}/compare?from=start"):
        status, body = get_page(live, path, gran.cookie)
        assert status == 200, path
        assert IN_CAMERA not in body, path
    for client in (gran, chair):
        await client.close()
