"""The chair's invites and lobby on a real server: invites listed with who joined with
each, revoked (nobody else gets in; whoever still waits with it is turned away), named
invites that bind to one of the case's people on one device, turning someone away; a
typed name only a claim, rejoining from another device, the wall's code, and a guest
session that ends with its meeting."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from uuid import UUID

import httpx
import msgspec
import pytest
import websockets
from live import STAFF_PASSWORD, LiveServer, staff
from shared_server import SharedServer
from websockets.exceptions import InvalidStatus

from board.client import BoardClient, ClientError, CommandError
from board.commands import (
    AddItem,
    AdmitParticipant,
    CastVote,
    CloseMeeting,
    OpenMeeting,
    OpenScalingRound,
)
from board.practice import Domain, MeetingKind, Role
from board.ws.protocol import CommandFrame


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

    # A name is a hint: "Gran Pat" is shown as a claim to check, never chosen; nobody
    # is proposed for either.
    status, lobby = await chair.api("GET", f"/api/cases/{case_id}/lobby")
    assert status == 200
    proposed = {w["name"]: (w["proposed_person_id"], w["says_they_are"]) for w in lobby}
    assert proposed == {"Gran Pat": (None, "p-pat"), "Someone": (None, None)}

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


async def join_refused(live: LiveServer, code: str, name: str, cookie: str = "") -> str:
    """A device tries to join with a code and is refused: the error's code."""
    async with httpx.AsyncClient() as http:
        response = await http.post(
            live.url + "/join",
            data={"code": code, "name": name},
            headers={"Origin": live.url, "Cookie": cookie},
            follow_redirects=False,
        )
    assert response.status_code == 400, response.status_code
    assert "set-cookie" not in response.headers or "guest" not in response.headers["set-cookie"]
    return response.headers["x-board-error"]


async def test_a_stranger_typing_a_persons_name_is_not_proposed_as_them(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    # The code on the wall: for anyone, made for a network member.
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    stranger = await waiting_phone(live, case_id, code, "  jess (MUM) ")
    assert stranger.welcome is not None
    waiting_id = stranger.welcome.participant_id
    await chair.wait_for(lambda: any(p.participant_id == waiting_id for p in chair.presence))

    status, lobby = await chair.api("GET", f"/api/cases/{case_id}/lobby")
    assert status == 200
    (claim,) = [w for w in lobby if w["participant_id"] == waiting_id]
    # Never chosen as Jess: a claim to check, with Jess's role (not the code's).
    assert claim["proposed_person_id"] is None
    assert claim["says_they_are"] == "p-jess"
    assert claim["proposed_role"] == "parent"
    assert claim["already_here"] is False
    # Nothing of the case reaches them while they wait.
    assert stranger.board is None
    await stranger.close()


async def test_a_named_code_works_once_on_the_device_that_used_it(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    code = await chair.create_invite(case_id, None, person_id="p-jess")
    jess = await waiting_phone(live, case_id, code, "")
    assert jess.welcome is not None
    first = jess.welcome.participant_id

    # A second device with the same code: refused, with its code, and no session.
    assert await join_refused(live, code, "Jess (mum)") == "invite_used"
    # The device that used it may open the link again: it carries on as it was.
    await jess.join(code, "")
    status, session = await jess.api("GET", "/api/session")
    assert status == 200 and session["participant_id"] == first

    # The wall never shows a named invite's code: its QR code is refused.
    assert await status_of(live, f"/cases/{case_id}/join-code.svg?code={code}", chair.cookie) == 404
    _, invites = await chair.api("GET", f"/api/cases/{case_id}/invites")
    (listed,) = [i for i in invites if i["code_ends"] == code[-2:] and i["person_id"]]
    assert [j["joined_as"] for j in listed["joined"]] == [first]  # one device joined
    await jess.close()


async def test_the_wall_shows_only_the_open_meetings_code_for_anyone(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    anyone = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    named = await chair.create_invite(case_id, None, person_id="p-pat")
    path = f"/cases/{case_id}/join-code.svg?code="
    assert await status_of(live, path + anyone, chair.cookie) == 200
    assert await status_of(live, path + named, chair.cookie) == 404
    assert await status_of(live, path + "ABCDEFGH", chair.cookie) == 404  # no such code


async def test_a_parent_rejoining_from_a_second_device_is_let_in_as_herself(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    named = await chair.create_invite(case_id, None, person_id="p-dan")
    first = await waiting_phone(live, case_id, named, "")
    assert first.welcome is not None
    first_id = first.welcome.participant_id
    await chair.wait_for(lambda: any(p.participant_id == first_id for p in chair.presence))
    await chair.send(
        AdmitParticipant(participant_id=first_id, name="Dan", role=Role.PARENT, person_id="p-dan")
    )
    await first.wait_for(lambda: first.board is not None)
    ack = await chair.send(
        OpenScalingRound(question="How safe is Lily?", zero_means="Not", ten_means="Safe")
    )
    (round_id,) = ack.created
    await first.send(CastVote(round_id=round_id, score=4))

    # His phone dies. From a second device, with the wall's code, he says who he is.
    anyone = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    second = await waiting_phone(live, case_id, anyone, "Dan (Jess's partner)")
    assert second.welcome is not None
    second_id = second.welcome.participant_id
    await chair.wait_for(lambda: any(p.participant_id == second_id for p in chair.presence))
    _, lobby = await chair.api("GET", f"/api/cases/{case_id}/lobby")
    (waiting,) = [w for w in lobby if w["participant_id"] == second_id]
    assert (waiting["says_they_are"], waiting["already_here"]) == ("p-dan", True)

    # The chair checks, and lets the new device in as Dan, who is already here.
    await chair.send(
        AdmitParticipant(participant_id=second_id, name="Dan", role=Role.PARENT, person_id="p-dan")
    )
    await second.wait_for(lambda: second.board is not None)
    assert second.welcome is not None and second.welcome.participant_id == "p-dan"
    # The old device is signed out: told, closed, and its session no longer works.
    await first.wait_for(lambda: first.goodbye is not None)
    assert first.goodbye is not None and "another device" in first.goodbye.message
    assert await status_of(live, f"/api/cases/{case_id}/state", first.cookie) == 403
    assert await status_of(live, f"/cases/{case_id}/phone", first.cookie) == 403
    assert await status_of(live, f"/api/cases/{case_id}/state", second.cookie) == 200

    # He votes again from the new device: his vote counts once, the latest.
    await second.send(CastVote(round_id=round_id, score=6))
    await chair.wait_for(
        lambda: (
            chair.board is not None
            and chair.board.scaling_rounds[round_id].votes.get("p-dan") is not None
            and chair.board.scaling_rounds[round_id].votes["p-dan"].score == 6
        )
    )
    assert chair.board is not None
    votes = chair.board.scaling_rounds[round_id].votes
    assert [v.participant_id for v in votes.values()].count("p-dan") == 1
    assert len(votes) == 1
    # Letting the same device in again is refused, and records nothing.
    with pytest.raises(CommandError) as refused:
        await chair.send(
            AdmitParticipant(
                participant_id=second_id, name="Dan", role=Role.PARENT, person_id="p-dan"
            )
        )
    assert refused.value.code == "already_admitted"
    await first.close()
    await second.close()


async def test_a_replaced_devices_burst_is_refused_after_the_rejoin(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    """Ms Hughes's first device sends 40 commands at once while the chair lets her in
    from a second device: none of them is recorded after the rejoin, each later one is
    refused `signed_out` (or never answered, as the socket is closed)."""
    live, case_id = server
    named = await chair.create_invite(case_id, None, person_id="p-hughes")
    first = await waiting_phone(live, case_id, named, "")
    assert first.welcome is not None
    first_id = first.welcome.participant_id
    await chair.wait_for(lambda: any(p.participant_id == first_id for p in chair.presence))
    await chair.send(
        AdmitParticipant(
            participant_id=first_id,
            name="Ms Hughes",
            role=Role.PROFESSIONAL,
            person_id="p-hughes",
        )
    )
    await first.wait_for(lambda: first.board is not None)
    anyone = await chair.create_invite(case_id, Role.PROFESSIONAL)
    second = await waiting_phone(live, case_id, anyone, "Ms Hughes")
    assert second.welcome is not None
    second_id = second.welcome.participant_id
    await chair.wait_for(lambda: any(p.participant_id == second_id for p in chair.presence))

    headers = {"Origin": live.url, "Cookie": first.cookie or ""}
    url = f"ws://127.0.0.1:{live.port}/ws/cases/{case_id}?after={first.position}"
    async with websockets.connect(url, additional_headers=headers) as socket:
        welcome = json.loads(await socket.recv())
        assert welcome["admitted"] and welcome["participant_id"] == "p-hughes"
        frames = [
            msgspec.json.encode(
                CommandFrame(
                    id=f"old-{k}",
                    command=AddItem(domain=Domain.EXISTING_SAFETY, text=f"Old phone {k}"),
                )
            ).decode()
            for k in range(40)
        ]
        answers: dict[str, str] = {}

        async def burst() -> None:
            await asyncio.gather(*(socket.send(frame) for frame in frames))
            with contextlib.suppress(websockets.ConnectionClosed):
                async for raw in socket:
                    frame = json.loads(raw)
                    if frame["type"] in ("ack", "error") and frame.get("id"):
                        answers[frame["id"]] = frame.get("code", "ack")

        sending = asyncio.create_task(burst())
        await chair.wait_for(
            lambda: any(e.by.participant_id == "p-hughes" for e in chair.received), 30
        )
        rejoin = await chair.send(
            AdmitParticipant(
                participant_id=second_id,
                name="Ms Hughes",
                role=Role.PROFESSIONAL,
                person_id="p-hughes",
            )
        )
        await asyncio.wait_for(sending, 60)
    # Her ack says a guest rank (board.projections.guest_ranks): the chair's real
    # positions are told apart by what was written.
    await second.send(AddItem(domain=Domain.NEXT_STEPS, text="From the new device"))
    await chair.barrier()
    (later,) = [e for e in chair.received if "From the new device" in e.said]
    by_hughes = [
        e.position
        for e in chair.received
        if e.by.participant_id == "p-hughes" and e.position != later.position
    ]
    assert by_hughes, "some of the burst was recorded before the rejoin"
    assert all(position < rejoin.position for position in by_hughes)
    assert set(answers.values()) <= {"ack", "signed_out"}, answers
    await first.close()
    await second.close()


async def test_bad_admissions_and_codes_are_refused_and_record_nothing(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    phone = await waiting_phone(live, case_id, code, "Someone")
    assert phone.welcome is not None
    before = chair.position
    # A person of another case (or of none) is no person of this one.
    with pytest.raises(CommandError) as refused:
        await chair.send(
            AdmitParticipant(
                participant_id=phone.welcome.participant_id,
                name="Someone",
                role=Role.PARENT,
                person_id="p-of-another-case",
            )
        )
    assert refused.value.code == "unknown_person"
    # A revoked code (an expired one: tests/live/test_security.py, by its code).
    revoked = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    _, invites = await chair.api("GET", f"/api/cases/{case_id}/invites")
    await chair.api("POST", f"/api/cases/{case_id}/invites/{invites[0]['invite_id']}/revoke")
    assert await join_refused(live, revoked, "Late") == "invite_revoked"
    assert await join_refused(live, "ABCD-EFGH", "Late") == "invite_unknown"
    assert chair.position == before  # nothing recorded
    await phone.close()


async def test_a_guest_session_ends_with_its_meeting(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    code = await chair.create_invite(case_id, Role.NETWORK_MEMBER)
    early = await waiting_phone(live, case_id, code, "Early bird")
    await chair.send(CloseMeeting())
    await early.wait_for(lambda: early.goodbye is not None)
    await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    # The session of the closed meeting does not wait in the next meeting's lobby.
    assert await status_of(live, f"/cases/{case_id}/phone", early.cookie) == 403
    with pytest.raises(InvalidStatus) as refused:
        await early.connect(case_id)
    assert refused.value.response.status_code == 403
    await asyncio.sleep(0.5)
    status, lobby = await chair.api("GET", f"/api/cases/{case_id}/lobby")
    assert status == 200 and lobby == []
    await early.close()
