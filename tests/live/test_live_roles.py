"""Every cell of the role x command matrix, over the wire, against a real server.

Each command is sent with a stale `expected_position`, so a command the role may
send is refused as stale (nothing changes), and one it may not is refused as
forbidden: the two answers tell the cells apart without changing the board.
"""

from __future__ import annotations

import asyncio
import enum
import time
import typing
from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID

import msgspec
import pytest
import pytest_asyncio
from live import STAFF_PASSWORD, LiveServer, guest
from shared_server import SharedServer

from board.client import BoardClient, CommandError
from board.commands import (
    PERMISSIONS,
    AllocateStaff,
    AnyCommand,
    Command,
    OpenMeeting,
    UnallocateStaff,
    command_name,
)
from board.practice import STAFF_ROLES, MeetingKind, Role
from board.web.socket import FRAMES_PER_SECOND

# One loop for the module: the clients connect once and answer all 184 cells.
pytestmark = pytest.mark.asyncio(loop_scope="module")

STAFF_USERS = {Role.CHAIR: "chair", Role.SOCIAL_WORKER: "worker", Role.MANAGER: "manager"}


def sample(command_type: type[Command]) -> Command:
    """A well-formed instance of any command, its fields filled by their types."""
    hints = typing.get_type_hints(command_type)
    values: dict[str, object] = {}
    for field in msgspec.structs.fields(command_type):
        if field.required:
            kind = hints[field.name]
            if isinstance(kind, type) and issubclass(kind, enum.Enum):
                values[field.name] = next(iter(kind)).value
            elif kind is int:
                values[field.name] = 1
            elif kind is date:
                values[field.name] = "2030-01-01"
            elif typing.get_origin(kind) is tuple:
                values[field.name] = []
            else:
                values[field.name] = "something plain"
    values["type"] = command_name(command_type)
    command: Command = msgspec.convert(values, command_type)
    return command


@pytest.fixture(scope="module")
def server(shared_server: SharedServer) -> tuple[LiveServer, UUID]:
    """The session's server and a demo case of this module's own."""
    return shared_server.live, shared_server.new_case()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def clients(
    server: tuple[LiveServer, UUID],
) -> AsyncIterator[dict[Role, BoardClient]]:
    live, case_id = server
    by_role: dict[Role, BoardClient] = {}
    for role, username in STAFF_USERS.items():
        client = BoardClient(live.url)
        await client.sign_in(username, STAFF_PASSWORD)
        await client.connect(case_id)
        await client.wait_for(lambda c=client: c.board is not None)
        by_role[role] = client
    await by_role[Role.CHAIR].send(OpenMeeting(kind=MeetingKind.ICPC))
    for role in Role:
        if role not in STAFF_ROLES:
            by_role[role] = await guest(live, by_role[Role.CHAIR], case_id, f"A {role.value}", role)
    yield by_role
    for client in by_role.values():
        await client.close()


# Who may send what, written out here (not read from board.commands.PERMISSIONS), so a
# change to the rules must be made in both places on purpose. One letter a role:
# C chair, S social worker, M manager, P parent, N family or network member,
# K child, O other professional, B observer (reads only), F foster carer.
MATRIX = {
    "open_case": "CSM",
    "open_meeting": "CS",  # a social worker facilitates family network and core group meetings
    "admit_participant": "CS",
    "leave_meeting": "CSMPNKOBF",
    "close_meeting": "CS",
    "add_item": "CSMPNKOF",
    "edit_item": "CSMPNKOF",
    "move_item": "CSMPNKOF",
    "remove_item": "CSMPNKOF",
    "write_danger_statement": "CSM",
    "revise_danger_statement": "CSM",
    "retire_danger_statement": "CSM",
    "pair_safety_goal": "CSM",
    "revise_safety_goal": "CSM",
    "write_harm_statement": "CSM",
    "revise_harm_statement": "CSM",
    "lock_statement": "CS",
    "unlock_statement": "CS",
    "record_family_view": "PNK",
    "open_scaling_round": "CS",
    "cast_vote": "CSMPNKOF",
    "record_vote_for": "CSM",
    "reveal_votes": "CS",
    "close_scaling_round": "CS",
    "add_plan_rule": "CSMPNKOF",
    "amend_plan_rule": "CSMPNKOF",
    "retire_plan_rule": "CSMPNKOF",
    "agree_plan_rule": "CSM",  # the chair or worker agrees a suggestion with the room
    "set_aside_plan_rule": "CSM",
    "record_child_view": "CSMK",  # the child, or a worker on their behalf
    "put_rule_in_childs_words": "CSMK",
    "agree_to_share_child_view": "CSMK",  # the child's own yes, or staff recording it
    "give_plan_copy": "CSM",
    "undo": "CSMPNKOF",
    "add_child": "CSM",
    "change_framework": "CSM",
    "add_person": "CSM",
    "correct_person": "CSM",
    "retire_person": "CSM",
    "allocate_staff": "CSM",
    "unallocate_staff": "M",
    "join_meeting": "CSM",
    # The case's course: the conference's decision is the chair's; a family network or
    # placement stability meeting's outcome its facilitator's; next steps are marked by
    # staff or the person they are for (the rule checks which).
    "record_conference_decision": "C",
    "record_meeting_outcome": "CSM",  # a manager: a strategy discussion's decision
    "record_meeting_afterwards": "CSM",
    "record_apologies": "CSM",
    "record_strategy_discussion": "CSM",
    "record_mapping_shared": "CSM",
    "record_case_date": "CSM",
    "agree_review_interval": "CSM",
    "sign_off_late_conference": "CM",  # the chair or the manager records the senior sign-off
    "agree_next_step": "CSM",
    "change_next_step": "CSM",
    "mark_next_step": "CSMPNKOF",
    "agree_milestone": "CSM",
    "mark_milestone": "CSM",
    "confirm_item": "CSM",  # the room agrees; staff record it
    "mark_item_no_longer_true": "CSM",
    # Who a thing is for: staff share it, and record the steps after a meeting for
    # professionals only.
    "share_with_family": "CSM",
    "record_family_told": "CSM",
    "record_outcome_discussed": "CSM",
    # A partner agency's report is recorded by staff, never a guest (not even the agency's
    # own professional at a meeting); the chair maps its points into the domains.
    "submit_agency_report": "CSM",
    "map_report_point": "C",
}
LETTERS = {
    Role.CHAIR: "C",
    Role.SOCIAL_WORKER: "S",
    Role.MANAGER: "M",
    Role.PARENT: "P",
    Role.NETWORK_MEMBER: "N",
    Role.CHILD: "K",
    Role.PROFESSIONAL: "O",
    Role.OBSERVER: "B",
    Role.FOSTER_CARER: "F",
}


async def test_the_matrix_names_every_command_and_role() -> None:
    assert set(MATRIX) == {command_name(c) for c in PERMISSIONS}
    assert set(LETTERS) == set(Role)


# Every command a screen can send (allocating staff goes through the HTTP API).
ON_THE_WIRE = typing.get_args(AnyCommand)
CELLS = [(command, role) for command in ON_THE_WIRE for role in Role]


async def test_allocation_is_not_sent_over_the_websocket() -> None:
    assert AllocateStaff not in ON_THE_WIRE and UnallocateStaff not in ON_THE_WIRE


_LAST_SENT: dict[Role, float] = {}


async def _within_the_frame_limit(role: Role) -> None:
    """Each role's client sends one command a cell, one after another: kept under the
    server's frames a second (a frame over the limit is answered `rate_limited` without
    being read, so its command's answer would never come)."""
    gap = 1 / FRAMES_PER_SECOND - (time.monotonic() - _LAST_SENT.get(role, 0.0))
    if gap > 0:
        await asyncio.sleep(gap)
    _LAST_SENT[role] = time.monotonic()


@pytest.mark.parametrize(
    ("command_type", "role"), CELLS, ids=[f"{command_name(c)}-{r.value}" for c, r in CELLS]
)
async def test_role_matrix_cell(
    clients: dict[Role, BoardClient], command_type: type[Command], role: Role
) -> None:
    await _within_the_frame_limit(role)
    with pytest.raises(CommandError) as refused:
        await clients[role].send(sample(command_type), expected_position=0)
    allowed = LETTERS[role] in MATRIX[command_name(command_type)]
    expected = "stale_position" if allowed else "forbidden"
    assert refused.value.code == expected
