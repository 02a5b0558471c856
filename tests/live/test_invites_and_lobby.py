"""The chair's invites and lobby on a real server: invites listed with who joined with
each, revoked (nobody else gets in; whoever still waits with it is turned away), named
invites that bind to one of the case's people, and turning someone away."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import httpx
import pytest
from live import STAFF_PASSWORD, LiveServer, staff
from shared_server import SharedServer
from websockets.exceptions import InvalidStatus

from board.client import BoardClient, ClientError
from board.commands import AdmitParticipant, OpenMeeting
from board.practice import MeetingKind, Role


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this module's own."""
    return shared_server.live, shared_server.new_case()


@pytest.fixture
async def chair(server: tuple[LiveServer, UUID]) -> AsyncIterator[BoardClient]:
    live, case_id = server
    client = await staff(live, case_id)
    assert client.board is not None
    if client.board.open_meeting_id is None:
        await client.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    yield client
    await client.close()


async def waiting_phone(live: LiveServer, case_id: UUID, code: str, name: str) -> BoardClient:
    phone = BoardClient(live.url)
    await phone.join(code, name)
    await phone.connect(case_id)
    assert phone.welcome is not None and not phone.welcome.admitted
    return phone


async def status_of(live: LiveServer, path: str, cookie: str | None) -> int:
    async with httpx.AsyncClient() as http:
        response = await http.get(
            live.url + path, headers={"Cookie": cookie or ""}, follow_redirects=False
        )
    return response.status_code


async def test_invites_are_listed_with_who_joined_and_revoking_turns_the_waiting_away(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    pat = await waiting_phone(live, case_id, code, "Gran Pat")
    stranger = await waiting_phone(live, case_id, code, "Someone")
    await chair.wait_for(lambda: sum(p.in_lobby for p in chair.presence) >= 2)

    # The lobby proposes the case's Gran Pat for "Gran Pat", and nobody for "Someone".
    status, lobby = await chair.api("GET", f"/api/cases/{case_id}/lobby")
    assert status == 200
    proposed = {w["name"]: w["proposed_person_id"] for w in lobby}
    assert proposed == {"Gran Pat": "p-pat", "Someone": None}

    assert pat.welcome is not None
    await chair.send(
        AdmitParticipant(
            participant_id=pat.welcome.participant_id,
            name="Gran Pat",
            role=Role.NETWORK_MEMBER,
            person_id="p-pat",
        )
    )
    await pat.wait_for(lambda: pat.board is not None)

    status, invites = await chair.api("GET", f"/api/cases/{case_id}/invites")
    assert status == 200
    made = invites[0]
    assert made["code_ends"] == code[-2:]
    assert made["for_open_meeting"] is True
    assert made["revoked"] is False
    assert [(j["name"], j["let_in_as"]) for j in made["joined"]] == [
        ("Gran Pat", "Gran Pat"),
        ("Someone", None),
    ]
    assert code not in str(invites)  # the code itself is shown once, when it is made

    status, revoked = await chair.api(
        "POST", f"/api/cases/{case_id}/invites/{made['invite_id']}/revoke"
    )
    assert status == 200 and revoked["revoked"] is True
    # Whoever still waits with it is told and turned away; whoever is in stays in.
    await stranger.wait_for(lambda: stranger.goodbye is not None)
    assert stranger.goodbye is not None and "cancelled" in stranger.goodbye.message
    assert await status_of(live, f"/cases/{case_id}/phone", stranger.cookie) == 403
    assert await status_of(live, f"/api/cases/{case_id}/state", pat.cookie) == 200
    # And it lets nobody else in.
    latecomer = BoardClient(live.url)
    with pytest.raises(ClientError):
        await latecomer.join(code, "Latecomer")
    assert latecomer.cookie is None
    await pat.close()
    await stranger.close()


async def test_a_named_invite_shows_who_it_is_for_and_binds_to_them(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    worker = BoardClient(live.url)
    await worker.sign_in("worker", STAFF_PASSWORD)
    code = await worker.create_invite(case_id, None, person_id="p-sophie")
    phone = await waiting_phone(live, case_id, code, "Soph")
    assert phone.welcome is not None
    waiting_id = phone.welcome.participant_id

    await chair.wait_for(
        lambda: any(p.invited_as == "p-sophie" and p.in_lobby for p in chair.presence)
    )
    status, lobby = await chair.api("GET", f"/api/cases/{case_id}/lobby")
    assert status == 200
    (sophie,) = [w for w in lobby if w["participant_id"] == waiting_id]
    assert (sophie["name"], sophie["proposed_person_id"], sophie["proposed_role"]) == (
        "Soph",
        "p-sophie",
        "network_member",
    )

    await chair.send(
        AdmitParticipant(
            participant_id=waiting_id, name="Soph", role=Role.NETWORK_MEMBER, person_id="p-sophie"
        )
    )
    await phone.wait_for(lambda: phone.board is not None)
    assert phone.welcome is not None
    assert (phone.welcome.participant_id, phone.welcome.name) == ("p-sophie", "Aunt Sophie")
    await phone.close()


async def test_a_named_invite_knows_who_it_is_for_when_no_name_is_given(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    named = await chair.create_invite(case_id, None, person_id="p-dan")
    anyone = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    phone = BoardClient(live.url)
    with pytest.raises(ClientError):
        await phone.join(anyone, "")  # an invite for anyone needs their name
    assert phone.cookie is None
    await phone.join(named, "")
    status, session = await phone.api("GET", "/api/session")
    assert status == 200
    assert (session["name"], session["role"]) == ("Dan (Jess's partner)", "parent")


async def test_a_named_invite_for_someone_not_of_the_case_is_refused(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    _, case_id = server
    _, before = await chair.api("GET", f"/api/cases/{case_id}/invites")
    status, refused = await chair.api(
        "POST", f"/api/cases/{case_id}/invites", {"person_id": "p-nobody"}
    )
    assert (status, refused["code"]) == (400, "unknown_person")
    status, refused = await chair.api(
        "POST", f"/api/cases/{case_id}/invites", {"person_id": "p-jess", "role": "child"}
    )
    assert (status, refused["code"]) == (400, "role_mismatch")
    assert "Jess (mum) is on the case as a parent" in refused["message"]
    status, refused = await chair.api("POST", f"/api/cases/{case_id}/invites", {"hours": 2})
    assert (status, refused["code"]) == (400, "invalid")
    _, after = await chair.api("GET", f"/api/cases/{case_id}/invites")
    assert after == before  # nothing was made


async def test_the_chair_turns_someone_away(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    phone = await waiting_phone(live, case_id, code, "Not invited")
    assert phone.welcome is not None
    waiting_id = phone.welcome.participant_id
    await chair.wait_for(lambda: any(p.participant_id == waiting_id for p in chair.presence))

    # Only whoever chairs: not a guest, not the manager.
    manager = BoardClient(live.url)
    await manager.sign_in("manager", STAFF_PASSWORD)
    status, refused = await manager.api(
        "POST", f"/api/cases/{case_id}/lobby/{waiting_id}/turn-away"
    )
    assert (status, refused["code"]) == (403, "forbidden")
    status, _ = await phone.api("POST", f"/api/cases/{case_id}/lobby/{waiting_id}/turn-away")
    assert status == 403
    assert phone.goodbye is None

    status, _ = await chair.api("POST", f"/api/cases/{case_id}/lobby/{waiting_id}/turn-away")
    assert status == 204
    await phone.wait_for(lambda: phone.goodbye is not None)
    assert phone.goodbye is not None and "not let you in" in phone.goodbye.message
    await chair.wait_for(lambda: all(p.participant_id != waiting_id for p in chair.presence))
    # They cannot come back to wait with that session.
    assert await status_of(live, f"/cases/{case_id}/phone", phone.cookie) == 403
    with pytest.raises(InvalidStatus) as refused:
        await phone.connect(case_id)
    assert refused.value.response.status_code == 403
    await phone.close()
