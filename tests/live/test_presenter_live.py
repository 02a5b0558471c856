"""The presenter view drives the wall through the server (issue 23, item 1): the wall
hears what to show and how many wait, never who; phones hear neither."""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from live import LiveServer, frames_sent_to, staff
from shared_server import SharedServer

from board.client import BoardClient
from board.commands import AdmitParticipant, OpenMeeting
from board.practice import MeetingKind, Role


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    return shared_server.live, shared_server.new_case()


async def test_the_wall_follows_the_presenter_and_hears_only_a_count(
    server: tuple[LiveServer, UUID],
) -> None:
    live, case_id = server
    chair = await staff(live, case_id)
    assert chair.board is not None
    if chair.board.open_meeting_id is None:
        await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    wall = BoardClient(live.url, screen="wall")
    wall.cookie = chair.cookie
    wall_frames = frames_sent_to(wall)
    await wall.connect(case_id)
    await wall.wait_for(lambda: wall.board is not None)

    # Rosa waits in the lobby: the chair sees her name, the wall only that one waits.
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    gran = BoardClient(live.url)
    await gran.join(code, "Rosa Quill")
    await gran.connect(case_id)
    await chair.wait_for(lambda: any(p.name == "Rosa Quill" and p.in_lobby for p in chair.presence))
    await wall.wait_for(lambda: wall.waiting is not None and wall.waiting.count == 1)
    await wall.barrier()
    assert '"type":"presence"' not in "".join(wall_frames)
    assert "Rosa Quill" not in "".join(wall_frames)

    # The presenter moves the wall; the wall and the chair's screens hear it.
    await chair.show_on_wall("plan")
    for screen in (wall, chair):
        await screen.wait_for(lambda s=screen: s.on_wall is not None and s.on_wall.view == "plan")
    assert chair.on_wall is not None
    assert (chair.on_wall.page, chair.on_wall.pages, chair.on_wall.focus) == (0, 0, "")

    # The wall says the plan takes 3 pages on its screen; the presenter is told, and a
    # page past the last is the last.
    await wall.send_raw(json.dumps({"type": "wall_fitted", "view": "plan", "pages": 3}))
    await chair.wait_for(lambda: chair.on_wall is not None and chair.on_wall.pages == 3)
    await chair.show_on_wall("plan", page=7)
    await wall.wait_for(lambda: wall.on_wall is not None and wall.on_wall.page == 2)
    # A count for a view the chair has moved on from is old news.
    await chair.show_on_wall("round")
    await wall.wait_for(lambda: wall.on_wall is not None and wall.on_wall.view == "round")
    await wall.send_raw(json.dumps({"type": "wall_fitted", "view": "plan", "pages": 5}))
    await wall.barrier()
    await chair.barrier()
    assert chair.on_wall is not None and (chair.on_wall.view, chair.on_wall.pages) == ("round", 0)

    # Let in: the wall's count goes to none; the phone never hears what the wall shows.
    assert gran.welcome is not None
    await chair.send(
        AdmitParticipant(
            participant_id=gran.welcome.participant_id, name="Rosa Quill", role=Role.NETWORK_MEMBER
        )
    )
    await gran.wait_for(lambda: gran.board is not None)
    await wall.wait_for(lambda: wall.waiting is not None and wall.waiting.count == 0)
    await chair.show_on_wall("mapping", focus="domain:danger")
    await wall.wait_for(lambda: wall.on_wall is not None and wall.on_wall.focus == "domain:danger")
    await gran.barrier()
    assert gran.on_wall is None

    # The join screen's code for anyone goes on the wall (the server keeps only its
    # hash, so the presenter, who made it, says it); a named invite's never does.
    assert code[4] == "-"  # as people read it, KQ7M-2XPD; typed any way, shown so
    await chair.show_on_wall("join", code=code.replace("-", "").lower())
    await wall.wait_for(lambda: wall.on_wall is not None and wall.on_wall.code == code)
    named = await chair.create_invite(case_id, Role.PARENT, person_id="p-jess")
    await chair.show_on_wall("join", code=named)
    await chair.show_on_wall("mapping", code=code)

    # Refused, each with its own code, nothing changed.
    await chair.send_raw(json.dumps({"type": "wall", "view": "slides"}))
    await chair.send_raw(json.dumps({"type": "wall_fitted", "view": "mapping", "pages": 2}))
    await wall.send_raw(json.dumps({"type": "wall", "view": "plan"}))
    await gran.send_raw(json.dumps({"type": "wall", "view": "plan"}))
    for screen in (chair, wall, gran):
        await screen.barrier()
    assert [e.code for e in chair.errors[-4:]] == [
        "not_for_the_wall",
        "not_for_the_wall",
        "unknown_view",
        "not_a_wall",
    ]
    assert wall.errors[-1].code == "wall_only_shows"
    assert gran.errors[-1].code == "forbidden"
    assert wall.on_wall is not None and (wall.on_wall.view, wall.on_wall.code) == ("join", code)
    for client in (gran, wall, chair):
        await client.close()
