"""Facilitation over the wire: undo, locking agreed words, the family's own view,
"follow me" and the agenda timer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID

import pytest
from live import LiveServer, guest, staff
from shared_server import SharedServer

from board.client import BoardClient, CommandError
from board.commands import (
    AddItem,
    EditItem,
    LockStatement,
    OpenMeeting,
    RecordFamilyView,
    ReviseDangerStatement,
    Undo,
    UnlockStatement,
)
from board.practice import Domain, MeetingKind, Role


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


async def test_a_person_undoes_their_own_changes_one_by_one(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    gran = await guest(live, chair, case_id, "Nana Joan", Role.NETWORK_MEMBER)
    added = await gran.send(AddItem(domain=Domain.EXISTING_STRENGTHS, text="Gran cooks tea"))
    (item_id,) = added.created
    await gran.send(
        EditItem(item_id=item_id, text="Gran cooks tea on Sundays", based_on=added.position)
    )
    await gran.send(Undo())
    await chair.wait_for_position(gran.position)
    assert chair.board is not None and chair.board.items[item_id].text == "Gran cooks tea"
    await gran.send(Undo())
    await chair.wait_for_position(gran.position)
    assert chair.board.items[item_id].removed
    with pytest.raises(CommandError) as nothing:
        await gran.send(Undo())
    assert nothing.value.code == "nothing_to_undo"
    # Undo never erases: the stream holds every step.
    kinds = [type(e.fact).__name__ for e in chair.received[-4:]]
    assert kinds == ["ItemAdded", "ItemEdited", "ItemEdited", "ItemRemoved"]
    await gran.close()


async def test_agreed_words_are_locked_and_the_family_view_sits_beside_them(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    assert chair.board is not None
    statement = chair.board.current_danger_statements()[0]
    await chair.send(LockStatement(statement_id=statement.statement_id))
    with pytest.raises(CommandError) as locked:
        await chair.send(
            ReviseDangerStatement(statement_id=statement.statement_id, text="New words")
        )
    assert locked.value.code == "statement_locked"
    mum = await guest(live, chair, case_id, "Jess", Role.PARENT)
    view = "We don't agree that Lily would be hurt; it happened once."
    ack = await mum.send(RecordFamilyView(statement_id=statement.statement_id, text=view))
    await chair.wait_for_position(ack.position)
    views = chair.board.danger_statements[statement.statement_id].family_views
    assert [(v.name, v.text) for v in views.values()] == [("Jess", view)]
    assert chair.board.danger_statements[statement.statement_id].text == statement.text
    with pytest.raises(CommandError) as forbidden:
        await mum.send(UnlockStatement(statement_id=statement.statement_id))
    assert forbidden.value.code == "forbidden"
    await chair.send(UnlockStatement(statement_id=statement.statement_id))
    await mum.close()


async def test_follow_me_and_the_timer_reach_every_screen_and_late_joiners(
    server: tuple[LiveServer, UUID], chair: BoardClient
) -> None:
    live, case_id = server
    phone = await guest(live, chair, case_id, "Aunt Sophie", Role.NETWORK_MEMBER)
    await chair.follow_me("scaling")
    await chair.start_timer("Scaling the first worry", 300)
    await phone.wait_for(lambda: phone.follow is not None and phone.timer is not None)
    assert phone.follow is not None and phone.follow.view == "scaling"
    assert phone.timer is not None and phone.timer.seconds == 300 and phone.timer.ends_at
    late = await guest(live, chair, case_id, "Uncle Ray", Role.NETWORK_MEMBER)
    await late.wait_for(lambda: late.follow is not None and late.timer is not None)
    assert late.follow is not None and late.follow.view == "scaling"
    await phone.follow_me("plan")  # only the chair leads
    await phone.wait_for(lambda: any(e.code == "forbidden" for e in phone.errors))
    assert late.follow.view == "scaling"
    await phone.close()
    await late.close()
