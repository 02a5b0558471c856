"""Nobody's phone holds another person's score before the reveal, nor their name after
an anonymous reveal, while the round is open; the record keeps everything."""

from __future__ import annotations

import json
import urllib.request
from uuid import UUID

import pytest
from live import LiveServer, frames_sent_to, guest, staff
from shared_server import SharedServer

from board.client import BoardClient
from board.commands import CastVote, CloseScalingRound, OpenMeeting, OpenScalingRound, RevealVotes
from board.practice import MeetingKind, Role
from board.projections.visibility import HIDDEN_SCORE, SOMEONE

SECRET_REASON = "Because of what happened on Tuesday night"


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this module's own."""
    return shared_server.live, shared_server.new_case()


def votes(client: BoardClient, round_id: str) -> dict[str, tuple[str, int, str]]:
    assert client.board is not None
    found = client.board.scaling_rounds[round_id].votes
    return {pid: (v.name, v.score, v.narrative) for pid, v in found.items()}


def api_state(live: LiveServer, case_id: UUID, cookie: str | None) -> dict[str, object]:
    request = urllib.request.Request(f"{live.url}/api/cases/{case_id}/state?at=latest")
    request.add_header("Cookie", cookie or "")
    with urllib.request.urlopen(request, timeout=10) as response:
        found: dict[str, object] = json.loads(response.read())
        return found


async def test_scores_stay_on_the_voters_phone_until_the_reveal(
    server: tuple[LiveServer, UUID],
) -> None:
    live, case_id = server
    chair = await staff(live, case_id)
    await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    gran = await guest(live, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER)
    raw_frames = frames_sent_to(gran)
    await chair.send(
        OpenScalingRound(question="How safe is Lily?", zero_means="Not", ten_means="Safe")
    )
    # A guest counts in ranks (board.projections.guest_ranks), not staff's positions:
    # the barrier proves the event, published before its ack, has reached her phone.
    await gran.barrier()
    assert gran.board is not None
    (round_id,) = [r.round_id for r in gran.board.scaling_rounds.values() if not r.closed]
    mum_id = mum.welcome.participant_id if mum.welcome else ""
    gran_id = gran.welcome.participant_id if gran.welcome else ""

    voted = await mum.send(CastVote(round_id=round_id, score=3, narrative=SECRET_REASON))
    await gran.wait_for_position(voted.position)  # mum's ack says a rank, as gran's
    await chair.barrier()
    assert votes(gran, round_id)[mum_id] == ("Jess", HIDDEN_SCORE, "")  # who voted, not what
    assert votes(mum, round_id)[mum_id] == ("Jess", 3, SECRET_REASON)  # her own, in full
    assert votes(chair, round_id)[mum_id] == ("Jess", 3, SECRET_REASON)  # staff keep the record
    assert not any(SECRET_REASON in frame for frame in raw_frames)
    hidden = api_state(live, case_id, gran.cookie)["board"]
    assert SECRET_REASON not in json.dumps(hidden)

    # A phone that was away catches up without learning more.
    gran.reconnect = False
    await gran.drop()
    changed = await mum.send(CastVote(round_id=round_id, score=4, narrative=SECRET_REASON))
    gran.reconnect = True
    await gran.resume()
    await gran.wait_for_position(changed.position)
    assert votes(gran, round_id)[mum_id] == ("Jess", HIDDEN_SCORE, "")
    assert not any(SECRET_REASON in frame for frame in raw_frames)

    await gran.send(CastVote(round_id=round_id, score=6, narrative="Gran's reasons"))
    await chair.send(RevealVotes(round_id=round_id, show_names=False))
    await gran.barrier()
    await gran.wait_for(lambda: _revealed(gran, round_id))
    await gran.wait_for(lambda: mum_id not in votes(gran, round_id))  # the fresh board follows
    shown = votes(gran, round_id)
    assert shown[gran_id] == ("Gran Pat", 6, "Gran's reasons")
    others = [v for pid, v in shown.items() if pid != gran_id]
    assert others == [(SOMEONE, 4, SECRET_REASON)]  # the scores, without the name
    assert not any(pid == mum_id for pid in shown)

    await chair.send(CloseScalingRound(round_id=round_id))
    await gran.barrier()
    await gran.wait_for(lambda: _closed(gran, round_id))
    await gran.wait_for(lambda: mum_id in votes(gran, round_id))  # the fresh board follows
    assert votes(gran, round_id)[mum_id] == ("Jess", 4, SECRET_REASON)  # the record, in full
    for client in (mum, gran, chair):
        await client.close()


def _revealed(client: BoardClient, round_id: str) -> bool:
    return client.board is not None and client.board.scaling_rounds[round_id].revealed


def _closed(client: BoardClient, round_id: str) -> bool:
    return client.board is not None and client.board.scaling_rounds[round_id].closed
