"""A thing keeps its audience wherever it goes (issue 21, item 1), on a real server.

The finding: a social worker rewords, at the initial conference, an item written in a
strategy meeting (legal advice); every family phone received the new wording in the
event's `fact` and `said`, and the HTTP readers told it too. Here the family's phones
get nothing of it (proved with a barrier: a later event they do see has arrived), nor
does any page or answer they can read; once staff share the item with the family, it
and its later changes reach them, live.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from live import LiveServer, frames_sent_to, get_page, guest, prepare_store, running_server, staff
from websockets.exceptions import InvalidStatus

from board.client import BoardClient, CommandError
from board.commands import (
    AddItem,
    AddPerson,
    AddPlanRule,
    AgreeToShareChildView,
    CloseMeeting,
    ConfirmItem,
    EditItem,
    MoveItem,
    OpenMeeting,
    RecordChildView,
    ShareWithFamily,
    WriteDangerStatement,
)
from board.events import SharedWithFamily
from board.practice import Domain, House, ItemKind, MeetingKind, Role

LEGAL_ADVICE = "Legal advice: threshold for care proceedings is met"
REWORDED = "Counsel says threshold met; issue proceedings if the plan fails"
STATEMENT = "Police intelligence about Dan the family have not been told"
AFTER_SHARE = "Threshold is met; proceedings if the plan is not kept"
SECRETS = (LEGAL_ADVICE, REWORDED, STATEMENT)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID]]:
    url = str(tmp_path_factory.mktemp("audience") / "board.sqlite3")
    case_id = prepare_store(url)
    with running_server(url, tmp_path_factory.mktemp("logs")) as live:
        yield live, case_id


def _gap_free(client: BoardClient) -> None:
    """A guest's frames carry ranks: one after another, never a gap to count."""
    positions = [f.position for f in client.received]
    assert positions == list(range(positions[0], positions[0] + len(positions))), positions


def _readable(live: LiveServer, case_id: UUID, cookie: str | None, positions: list[int]) -> str:
    """Everything a guest can read over HTTP about these positions, and the pages."""
    case = f"/cases/{case_id}"
    paths = [
        f"/api/cases/{case_id}/state?at=latest",
        f"/api/cases/{case_id}/diff?from=start&to=latest",
        f"{case}/replay",
        f"{case}/compare?from=start&to=latest",
        f"{case}/record",
        f"{case}/plan",
    ]
    for position in positions:
        paths += [
            f"/api/cases/{case_id}/state?at={position}",
            f"{case}/board-at?at={position}",
            f"{case}/replay?at={position}",
        ]
    found = []
    for path in paths:
        status, body = get_page(live, path, cookie)
        assert status in (200, 400, 404), (path, status)
        found.append(body)
    return "\n".join(found)


async def test_a_reworded_strategy_item_never_reaches_the_familys_phones(
    server: tuple[LiveServer, UUID],
) -> None:
    live, case_id = server
    chair = await staff(live, case_id)
    worker = await staff(live, case_id, "worker")
    opened = await chair.send(OpenMeeting(kind=MeetingKind.STRATEGY))
    (strategy,) = opened.created
    added = await worker.send(
        AddItem(domain=Domain.DANGER, text=LEGAL_ADVICE, kind=ItemKind.JUDGEMENT, source="legal")
    )
    (item_id,) = added.created
    written = await worker.send(WriteDangerStatement(text=STATEMENT))
    (statement_id,) = written.created
    await chair.send(CloseMeeting())

    icpc = await chair.send(OpenMeeting(kind=MeetingKind.ICPC))
    (icpc_id,) = icpc.created
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    gran = await guest(live, chair, case_id, "Gran Pat", Role.NETWORK_MEMBER)
    phones = {"mum": (mum, frames_sent_to(mum)), "gran": (gran, frames_sent_to(gran))}

    # At the conference the worker rewords it, moves it, and the chair confirms it.
    touched = [
        await worker.send(
            EditItem(item_id=item_id, text=REWORDED, kind=ItemKind.JUDGEMENT, source="legal")
        ),
        await worker.send(MoveItem(item_id=item_id, domain=Domain.HARM)),
        await chair.send(ConfirmItem(item_id=item_id)),
    ]
    await chair.send(
        AddItem(
            domain=Domain.EXISTING_STRENGTHS,
            text="Gran collects Lily",
            kind=ItemKind.FACT,
            source="",
        )
    )
    for client, frames in phones.values():
        # A guest counts in ranks (they are not sent the withheld events): the barrier
        # proves the staff's event, published before its ack, has arrived.
        await client.barrier()
        held = "\n".join(frames)
        assert "Gran collects Lily" in held  # the barrier: a later event they do see
        for secret in SECRETS:
            assert secret not in held
        assert client.board is not None
        assert item_id not in client.board.items
        assert statement_id not in client.board.danger_statements
        # Withheld: not sent at all, so the phone's positions run on without a gap.
        assert all(f.fact is not None for f in client.received)
        _gap_free(client)
    # Staff hear it all.
    assert chair.board is not None and chair.board.items[item_id].text == REWORDED

    # Nothing any HTTP reader a guest can reach says of it either.
    positions = [a.position for a in touched]
    readable = _readable(live, case_id, mum.cookie, positions)
    for secret in SECRETS:
        assert secret not in readable
    for path in (
        f"/cases/{case_id}/replay?meeting={icpc_id}",
        f"/cases/{case_id}/threads/{item_id}",
    ):
        _, body = get_page(live, path, mum.cookie)
        assert not any(secret in body for secret in SECRETS), path
    assert get_page(live, f"/cases/{case_id}/replay?meeting={strategy}", mum.cookie)[0] == 404
    assert get_page(live, f"/cases/{case_id}/threads/{item_id}", mum.cookie)[0] == 404
    staff_view = _readable(live, case_id, chair.cookie, positions)
    assert REWORDED in staff_view  # the readers still tell staff

    # Shared at the conference: from here the family sees it, and what follows.
    await worker.send(
        ShareWithFamily(thing_id=item_id, how="at the initial child protection conference")
    )
    for client, _ in phones.values():
        await client.barrier()
        assert client.board is not None
        assert client.board.items[item_id].text == REWORDED
        (frame,) = [f for f in client.received if isinstance(f.fact, SharedWithFamily)]
        assert frame.fact is not None and "shared the item" in frame.said
        assert REWORDED in frame.said
    await worker.send(
        EditItem(item_id=item_id, text=AFTER_SHARE, kind=ItemKind.JUDGEMENT, source="legal")
    )
    for client, _ in phones.values():
        await client.barrier()
        assert client.board is not None
        assert client.board.items[item_id].text == AFTER_SHARE
    # The statement stays theirs: never shared. And the earlier rewording stays out of
    # the history told to the family (shared from its position on, not before).
    # A guest cannot name the rewording's position (theirs are ranks); asked for its
    # time, they are answered at the last change they see before it.
    (reworded,) = [f for f in chair.received if f.position == positions[0]]
    assert reworded.at is not None
    when = urllib.parse.quote(reworded.at.isoformat())
    status, told = get_page(live, f"/api/cases/{case_id}/state?at={when}", mum.cookie)
    assert status == 200 and REWORDED not in told
    assert json.loads(told)["position"] < positions[0]
    assert mum.board is not None and statement_id not in mum.board.danger_statements

    # A guest may not share: refused by role, nothing recorded.
    head = chair.position
    with pytest.raises(CommandError) as refused:
        await mum.send(ShareWithFamily(thing_id=statement_id, how="I saw it"))
    assert refused.value.code == "forbidden"
    await chair.barrier()
    assert chair.position == head
    await chair.send(CloseMeeting())
    for client in (mum, gran, worker, chair):
        await client.close()


async def test_a_guest_sees_no_trace_of_what_is_withheld(
    server: tuple[LiveServer, UUID],
) -> None:
    """Item 6, no count: after a meeting for professionals only, a guest replaying from
    the start is sent frames at ranks 1..n, with no gap and no withheld frame at all
    (nothing of the meeting, not even that something happened), and `caught_up` says
    n; a rank asked for over HTTP (`state?at=`) is the board at that rank; staff keep
    real positions."""
    live, case_id = server
    chair = await staff(live, case_id)
    assert chair.board is not None
    if chair.board.open_meeting_id is not None:  # left open by another test here
        await chair.send(CloseMeeting())
    await chair.send(OpenMeeting(kind=MeetingKind.STRATEGY))
    written = await chair.send(WriteDangerStatement(text=STATEMENT + " (again)"))
    await chair.send(CloseMeeting())
    await chair.send(OpenMeeting(kind=MeetingKind.CORE_GROUP))
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    last = await chair.send(
        AddItem(domain=Domain.EXISTING_STRENGTHS, text="Jess's sister visits on Sundays")
    )
    await mum.barrier()

    again = BoardClient(live.url)
    again.cookie = mum.cookie
    frames = frames_sent_to(again)
    await again.connect(case_id, after=0)  # the whole story, from the start
    await again.barrier()  # the catch-up was queued before the pong
    events = [json.loads(f) for f in frames if f.startswith('{"type":"event"')]
    count = len(events)
    assert [e["position"] for e in events] == list(range(1, count + 1))
    for event in events:
        assert event["fact"] is not None and event["at"] is not None and event["by"]
    assert "Jess's sister visits on Sundays" in events[-1]["said"]
    (caught_up,) = [json.loads(f) for f in frames if f.startswith('{"type":"caught_up"')]
    assert (caught_up["position"], caught_up["missed"]) == (count, count)
    assert not any(STATEMENT in f for f in frames)
    # The demo case's strategy meeting and this one were withheld: fewer than staff
    # have, and the guest's live screen counts the same ranks.
    assert count < last.position == chair.position
    assert mum.position == count

    # A rank asked for over HTTP is the board at that rank, positions and all.
    status, body = get_page(live, f"/api/cases/{case_id}/state?at={count - 1}", mum.cookie)
    assert status == 200
    before = json.loads(body)
    assert before["position"] == before["board"]["position"] == count - 1
    assert before["event"].endswith(events[-2]["said"])  # the change at that rank
    assert "Jess's sister visits on Sundays" not in body
    _, body = get_page(live, f"/api/cases/{case_id}/state?at={count}", mum.cookie)
    assert "Jess's sister visits on Sundays" in body and json.loads(body)["position"] == count
    status, _ = get_page(live, f"/api/cases/{case_id}/state?at={count + 1}", mum.cookie)
    assert status == 400  # past their last rank: no such point, however many staff have
    _, body = get_page(live, f"/api/cases/{case_id}/diff?from={count - 1}&to=latest", mum.cookie)
    assert json.loads(body)["from"]["position"] == count - 1
    assert json.loads(body)["to"]["position"] == count
    _, body = get_page(live, f"/cases/{case_id}/replay", mum.cookie)
    assert f'max="{count}"' in body and f'max="{last.position}"' not in body
    (item_id,) = last.created
    _, body = get_page(live, f"/cases/{case_id}/threads/{item_id}", mum.cookie)
    assert f'?at={count}"' in body and f'?at={last.position}"' not in body

    # Staff are answered at the point they asked for, in real positions.
    _, staff_answer = get_page(
        live, f"/api/cases/{case_id}/state?at={written.position}", chair.cookie
    )
    assert json.loads(staff_answer)["position"] == written.position
    for client in (again, mum, chair):
        await client.close()


async def test_the_wall_shows_the_rooms_cut_and_a_share_reaches_it_live(
    server: tuple[LiveServer, UUID],
) -> None:
    """Item 2: the wall's own socket (`?screen=wall`) is cut for the room. At a strategy
    meeting the room is staff and the wall shows its statement; once the family may be
    in the room (no meeting open, a family network meeting) the same wall holds none of
    it, until staff share it: then the wall and a family phone get it live."""
    live, case_id = server
    chair = await staff(live, case_id)
    assert chair.board is not None
    if chair.board.open_meeting_id is not None:  # left open by another test here
        await chair.send(CloseMeeting())
    wall = BoardClient(live.url, screen="wall")
    wall.cookie = chair.cookie
    wall_frames = frames_sent_to(wall)
    await chair.send(OpenMeeting(kind=MeetingKind.STRATEGY))
    await wall.connect(case_id)
    await wall.wait_for(lambda: wall.board is not None)
    secret = "Dan's bail conditions the family have not been told of"
    written = await chair.send(WriteDangerStatement(text=secret))
    (statement_id,) = written.created
    await wall.wait_for_position(written.position)
    assert wall.board is not None and statement_id in wall.board.danger_statements

    await chair.send(CloseMeeting())  # nobody can say who is in the room now
    await wall.barrier()  # the board again, cut for the room, came before the pong
    assert wall.board is not None and statement_id not in wall.board.danger_statements
    wall_frames.clear()
    fnm = await chair.send(OpenMeeting(kind=MeetingKind.FAMILY_NETWORK))
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    barrier = await chair.send(
        AddItem(
            domain=Domain.EXISTING_STRENGTHS,
            text="Jess walks Lily to school",
            kind=ItemKind.FACT,
            source="",
        )
    )
    await wall.barrier()
    assert fnm.position < barrier.position
    assert "Jess walks Lily to school" in "\n".join(wall_frames)  # the barrier arrived
    assert secret not in "\n".join(wall_frames)
    assert wall.board is not None and statement_id not in wall.board.danger_statements

    # The wall only shows: its commands are refused, nothing recorded.
    head = chair.position
    with pytest.raises(CommandError) as refused:
        await wall.send(
            AddItem(domain=Domain.DANGER, text="From the wall", kind=ItemKind.FACT, source="")
        )
    assert refused.value.code == "wall_only_shows"
    await chair.barrier()
    assert chair.position == head

    await chair.send(ShareWithFamily(thing_id=statement_id, how="at the family network meeting"))
    for screen in (wall, mum):
        await screen.barrier()
        assert screen.board is not None
        assert screen.board.danger_statements[statement_id].text == secret

    # Only staff put up a wall: a guest asking for one is refused at the door, and so
    # is a screen there is none of.
    for cookie, screen in ((mum.cookie, "wall"), (chair.cookie, "projector")):
        refused_screen = BoardClient(live.url, screen=screen, reconnect=False)
        refused_screen.cookie = cookie
        with pytest.raises(InvalidStatus) as at_door:
            await refused_screen.connect(case_id)
        assert at_door.value.response.status_code == 403, screen
    await chair.send(CloseMeeting())
    for client in (wall, mum, chair):
        await client.close()


async def test_the_record_prints_either_cut_and_says_whose_it_is(
    server: tuple[LiveServer, UUID],
) -> None:
    """Item 2 and the sharing note: staff choose the professionals' record (the default:
    everything, what is for professionals only marked so) or the record for the family
    (none of it); a guest gets the family's whatever they ask for; a shared thing says
    when and how it was shared."""
    live, case_id = server
    chair = await staff(live, case_id)
    assert chair.board is not None
    if chair.board.open_meeting_id is not None:
        await chair.send(CloseMeeting())
    police = "Police hold a warning marker on the home address of Dan"
    statement = "Dan may hurt Jess when he drinks, and Lily could be hurt in the middle"
    strategy = await chair.send(OpenMeeting(kind=MeetingKind.STRATEGY))
    (strategy_id,) = strategy.created
    await chair.send(AddItem(domain=Domain.DANGER, text=police, kind=ItemKind.FACT))
    written = await chair.send(WriteDangerStatement(text=statement))
    (statement_id,) = written.created
    await chair.send(CloseMeeting())
    fnm = await chair.send(OpenMeeting(kind=MeetingKind.FAMILY_NETWORK))
    (fnm_id,) = fnm.created
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    await chair.send(
        ShareWithFamily(thing_id=statement_id, how="by phone with Esi", shared_on=date(2026, 12, 8))
    )
    record = f"/cases/{case_id}/record?at={fnm_id}"
    shared_note = "(shared with the family on 8 December 2026, by phone with Esi)"
    # A guest may not have the professionals' record: asked for it, they get theirs.
    status, mums = get_page(live, f"{record}&for=professionals", mum.cookie)
    assert status == 200
    assert "<title>Meeting record for the family" in mums
    assert police not in mums and statement in mums and shared_note in mums
    await chair.send(CloseMeeting())

    status, professionals = get_page(live, record, chair.cookie)
    assert status == 200
    assert "<title>Meeting record: professionals' record" in professionals
    assert "Professionals' record.</strong>" in professionals
    assert police in professionals
    (marked,) = [line for line in professionals.splitlines() if police in line]
    assert "(professionals only)" in marked
    assert f"{statement}" in professionals and shared_note in professionals

    status, for_family = get_page(live, f"{record}&for=family", chair.cookie)
    assert status == 200
    assert "<title>Meeting record for the family" in for_family
    assert police not in for_family and "(professionals only)" not in for_family
    assert statement in for_family and shared_note in for_family

    # The strategy meeting's own record, printed for the family: the board before it,
    # and no word of the meeting.
    status, picked = get_page(
        live, f"{record}&for=family".replace(fnm_id, strategy_id), chair.cookie
    )
    assert status == 200 and police not in picked and "strategy" not in picked.lower()
    _, staffs = get_page(live, record.replace(fnm_id, strategy_id), chair.cookie)
    assert "strategy" in staffs.lower() and police in staffs  # staff's own names it
    status, nonsense = get_page(live, f"{record}&for=the-press", chair.cookie)
    assert status == 400 and "ask for &#39;family&#39; or &#39;professionals&#39;" in nonsense
    for client in (mum, chair):
        await client.close()


KEPT = "I don't like it when Dan shouts, please don't tell mum yet"


async def test_a_childs_kept_view_reaches_the_room_only_when_the_child_agrees(
    server: tuple[LiveServer, UUID],
) -> None:
    """Lily keeps a worry "just for my worker" from her own phone at a family network
    meeting: her mum's phone gets nothing of it (a barrier: a later event arrives), nor
    do the pages mum can read; the worker's screen has it. Lily says yes: it reaches
    mum's phone live, with the agreement's own frame."""
    live, case_id = server
    chair = await staff(live, case_id)
    worker = await staff(live, case_id, "worker")
    assert chair.board is not None
    if chair.board.open_meeting_id is not None:
        await chair.send(CloseMeeting())
    await chair.send(OpenMeeting(kind=MeetingKind.FAMILY_NETWORK))
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    lily = await guest(live, chair, case_id, "Lily", Role.CHILD)
    mum_frames = frames_sent_to(mum)
    assert chair.board is not None
    (child_id,) = [k for k, child in chair.board.children.items() if child.name == "Lily"]

    kept = await lily.send(
        RecordChildView(
            house=House.WORRIES, text=KEPT, child_id=child_id, kept_for_professionals=True
        )
    )
    (view_id,) = kept.created
    await chair.send(
        AddItem(domain=Domain.EXISTING_STRENGTHS, text="Mum walks Lily to school", source="")
    )
    await mum.barrier()
    held = "\n".join(mum_frames)
    assert "Mum walks Lily to school" in held
    assert KEPT not in held and view_id not in held
    assert mum.board is not None and view_id not in mum.board.child_views
    # Withheld: nothing of it is sent (not even a frame without its fact).
    assert not any(f.fact is None or KEPT in f.said for f in mum.received)
    _gap_free(mum)
    readable = _readable(live, case_id, mum.cookie, [kept.position])
    assert KEPT not in readable
    await worker.wait_for_position(kept.position)
    assert worker.board is not None and worker.board.child_views[view_id].text == KEPT
    assert KEPT in _readable(live, case_id, worker.cookie, [kept.position])

    # A parent may not say yes for her.
    with pytest.raises(CommandError) as refused:
        await mum.send(AgreeToShareChildView(view_id=view_id))
    assert refused.value.code == "forbidden"

    agreed = await lily.send(AgreeToShareChildView(view_id=view_id, how="on my phone"))
    await mum.wait_for_position(agreed.position)  # a guest's ack says a rank, as mum's frames
    assert mum.board is not None and mum.board.child_views[view_id].text == KEPT
    (frame,) = [f for f in mum.received if f.position == agreed.position]
    assert frame.fact is not None and KEPT in frame.said
    # From the agreement on, not before: the board at the kept view's own position
    # still holds nothing of it for mum.
    _, at_kept = get_page(live, f"/api/cases/{case_id}/state?at={kept.position}", mum.cookie)
    assert KEPT not in at_kept
    for client in (lily, mum, worker, chair):
        await client.close()


AUNT_PHONE = "07700 900321"  # fictional (Ofcom's drama range)
REFUGE_PHONE = "07700 900654"


async def test_no_guest_is_sent_how_to_reach_a_person_but_the_plan_prints_its_own(
    server: tuple[LiveServer, UUID],
) -> None:
    """A person's phone or address is for staff: mum's phone gets none in frames, state or
    catch-up (a barrier: a later event arrives), even of a safety person; the family's
    own plan prints its safety people's numbers, and nobody else's."""
    live, case_id = server
    chair = await staff(live, case_id)
    assert chair.board is not None
    if chair.board.open_meeting_id is not None:
        await chair.send(CloseMeeting())
    await chair.send(OpenMeeting(kind=MeetingKind.FAMILY_NETWORK))
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    mum_frames = frames_sent_to(mum)
    aunt = await chair.send(
        AddPerson(name="Aunt Rose", role=Role.NETWORK_MEMBER, contact=AUNT_PHONE)
    )
    (aunt_id,) = aunt.created
    await chair.send(
        AddPerson(
            name="Dee", role=Role.PROFESSIONAL, relationship="refuge worker", contact=REFUGE_PHONE
        )
    )
    await chair.send(
        AddPlanRule(who="Aunt Rose", what="rings Jess every evening", person_ids=(aunt_id,))
    )
    await chair.send(
        AddItem(domain=Domain.EXISTING_STRENGTHS, text="Aunt Rose lives nearby", source="")
    )
    await mum.barrier()
    held = "\n".join(mum_frames)
    assert "Aunt Rose lives nearby" in held
    assert mum.board is not None and mum.board.people[aunt_id].contact == ""
    _, state = get_page(live, f"/api/cases/{case_id}/state", mum.cookie)
    for phone in (AUNT_PHONE, REFUGE_PHONE):
        assert phone not in held and phone not in state
    status, plan = get_page(live, f"/cases/{case_id}/plan?at=latest", mum.cookie)
    assert status == 200
    assert AUNT_PHONE in plan and REFUGE_PHONE not in plan
    assert chair.board is not None and chair.board.people[aunt_id].contact == AUNT_PHONE
    await chair.send(CloseMeeting())
    for client in (mum, chair):
        await client.close()
