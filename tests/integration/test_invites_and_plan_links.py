"""The case's invites and plan links as the store keeps them, and the pure rules behind
them: whom someone waiting is proposed as, when a plan link reads, and the gate's answer
for a plan link's holder."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from board.commands.people import lobby_proposal, proposed_person
from board.events import Author
from board.practice import MeetingKind, Role
from board.projections.board import Board
from board.projections.entities import Meeting, Participant, Person, Stamp
from board.storage.invites import InviteError, Invites
from board.storage.invites import invite_id_of as invites_id
from board.storage.lobby import LobbyRecord
from board.storage.plan_links import PlanLinkError, PlanLinks
from board.storage.store import CaseStore
from board.web.gate import LINK_ENDED, NO_SUCH_CASE, NOT_ADMITTED, may_open
from board.web.viewers import Guest, PlanReader

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
CASE = UUID(int=7)


def person(person_id: str, name: str, role: Role, retired: bool = False) -> Person:
    by = Author("staff-sam", "Sam Reid", Role.CHAIR)
    stamp = Stamp(position=1, at=NOW, by=by, meeting_id=None)
    return Person(person_id, name, role, "", "", stamp, stamp, retired)


def board_of(*people: Person) -> Board:
    return Board(case_id=CASE, people={p.person_id: p for p in people})


def test_someone_waiting_is_proposed_as_their_named_invites_person_first() -> None:
    board = board_of(
        person("p-pat", "Gran Pat", Role.NETWORK_MEMBER),
        person("p-sue", "Sue", Role.PARENT),
        person("p-sue2", "sue", Role.NETWORK_MEMBER),
        person("p-old", "Old Friend", Role.NETWORK_MEMBER, retired=True),
    )
    assert proposed_person(board, "Pat", "p-pat") == board.people["p-pat"]
    assert proposed_person(board, "  gran   PAT ") == board.people["p-pat"]
    assert proposed_person(board, "Sue") is None  # two people by that name: the chair says
    assert proposed_person(board, "Old Friend") is None  # retired
    assert proposed_person(board, "Someone", "p-old") is None
    assert proposed_person(board, "Nobody") is None


def test_a_typed_name_is_a_claim_to_check_and_only_a_named_invite_chooses() -> None:
    board = board_of(
        person("p-esi", "Esi Osei", Role.PARENT),
        person("p-pat", "Gran Pat", Role.NETWORK_MEMBER),
        person("p-old", "Old Friend", Role.NETWORK_MEMBER, retired=True),
    )
    # The code for anyone said network member; the name matches Esi, a parent.
    claim = lobby_proposal(board, " esi  OSEI", "", Role.NETWORK_MEMBER)
    assert (claim.person, claim.says, claim.role, claim.here) == (
        None,
        board.people["p-esi"],
        Role.PARENT,
        False,
    )
    named = lobby_proposal(board, "Esi", "p-pat", Role.NETWORK_MEMBER)
    assert (named.person, named.says, named.role) == (
        board.people["p-pat"],
        None,
        Role.NETWORK_MEMBER,
    )
    nobody = lobby_proposal(board, "Someone", "p-old", Role.PROFESSIONAL)
    assert (nobody.person, nobody.says, nobody.role) == (None, None, Role.PROFESSIONAL)
    # Esi in the meeting already (on another device): the chair is told.
    stamp = board.people["p-esi"].added
    board.meetings["m"] = Meeting(
        "m",
        MeetingKind.CORE_GROUP,
        "Core group",
        stamp,
        participants={"p-esi": Participant("p-esi", "Esi Osei", Role.PARENT, joined_as="g-1")},
    )
    board.open_meeting_id = "m"
    assert lobby_proposal(board, "Esi Osei", "", Role.NETWORK_MEMBER).here is True
    assert board.admitted_as("g-1") is not None and board.admitted_as("p-esi") is None


def test_a_guest_session_is_for_one_meeting() -> None:
    board = board_of()
    stamp = Stamp(position=2, at=NOW, by=Author("staff-sam", "Sam", Role.CHAIR), meeting_id="m1")
    board.meetings["m1"] = Meeting("m1", MeetingKind.CORE_GROUP, "Core group", stamp)
    board.open_meeting_id = "m1"
    before, after = NOW - timedelta(hours=1), NOW + timedelta(minutes=1)
    assert not board.session_meeting_over("m1", before)
    assert not board.session_meeting_over(None, before)  # joined between meetings
    assert not board.session_meeting_over(None, after)  # waiting for the next
    assert not board.session_meeting_over(None, None)  # a session from before this rule
    board.meetings["m1"] = Meeting("m1", MeetingKind.CORE_GROUP, "Core group", stamp, closed=stamp)
    board.open_meeting_id = None
    assert board.session_meeting_over("m1", before)
    assert board.session_meeting_over(None, before)  # its meeting was m1, now closed
    assert not board.session_meeting_over(None, after)
    assert board.session_meeting_over("no-such-meeting", before)


def test_a_named_invite_is_claimed_by_one_device_even_at_once(tmp_path: Path) -> None:
    store = CaseStore(str(tmp_path / "board.sqlite3"))
    try:
        invites = Invites(store)
        code = invites.issue(CASE, Role.PARENT, None, "staff-sam", person_id="p-esi")
        with ThreadPoolExecutor(8) as pool:
            won = list(pool.map(lambda n: invites.claim(code, f"g-{n}"), range(8)))
        assert len(set(won)) == 1  # every device is told the same one
        assert invites.claimed_by(invites_id(code)) == won[0]
        assert invites.claim(code, "g-late") == won[0]
        assert invites.redeem(code).person_id == "p-esi"  # claimed, still readable
    finally:
        store.close()


def test_the_gate_lets_a_plan_link_read_only_while_it_holds() -> None:
    reader = PlanReader(Author("p-jess", "Jess", Role.PARENT), CASE, "link")
    assert may_open(reader, CASE, case_exists=True, admitted=True) is None
    assert may_open(reader, CASE, case_exists=True, admitted=False) is LINK_ENDED
    assert may_open(reader, uuid4(), case_exists=True, admitted=True) is NO_SUCH_CASE
    guest = Guest(Author("g-1", "Jess", Role.PARENT), CASE, None, "g-1")
    assert may_open(guest, CASE, case_exists=True, admitted=False) is NOT_ADMITTED


def test_a_plan_link_reads_until_it_expires_or_is_revoked(store: CaseStore) -> None:
    links = PlanLinks(store)
    token, link_id = links.issue(CASE, "p-jess", "staff-amira", days=30, now=NOW)
    assert links.redeem(token, NOW + timedelta(days=29))[0] == link_id
    assert links.valid(link_id, NOW + timedelta(days=30)) is None
    with pytest.raises(PlanLinkError, match="expired or was cancelled"):
        links.redeem(token, NOW + timedelta(days=31))
    links.revoke(CASE, link_id, now=NOW)
    assert links.valid(link_id, NOW) is None
    (listed,) = links.of_case(CASE)
    assert (listed.person_id, listed.revoked, listed.expires_at) == (
        "p-jess",
        True,
        NOW + timedelta(days=30),
    )
    assert token not in str(store.read_records(UUID(link_id)))  # only its hash is kept


@pytest.mark.parametrize("days", [0, 93, -1])
def test_a_plan_link_lasts_a_day_to_three_months(store: CaseStore, days: int) -> None:
    with pytest.raises(PlanLinkError, match="from 1 to 92 days"):
        PlanLinks(store).issue(CASE, "p-jess", "staff-amira", days=days, now=NOW)
    assert PlanLinks(store).of_case(CASE) == []  # nothing was kept


def test_a_plan_link_of_another_case_cannot_be_revoked_here(store: CaseStore) -> None:
    links = PlanLinks(store)
    _, link_id = links.issue(CASE, "p-jess", "staff-amira", now=NOW)
    with pytest.raises(PlanLinkError, match="no such plan link"):
        links.revoke(UUID(int=8), link_id)
    assert links.valid(link_id, NOW) is not None


def test_the_case_lists_its_invites_with_who_joined_and_revokes_by_id(
    store: CaseStore,
) -> None:
    invites = Invites(store)
    code = invites.issue(CASE, Role.NETWORK_MEMBER, "m1", "staff-sam", now=NOW)
    named = invites.issue(CASE, Role.PARENT, "m1", "staff-sam", now=NOW, person_id="p-jess")
    invites.used(code, invites.redeem(code, NOW), "g-1", "Gran Pat")
    newest, oldest = invites.of_case(CASE)
    assert (newest.person_id, newest.code_ends, newest.joined) == ("p-jess", named[-2:], [])
    assert [(j.joined_as, j.name) for j in oldest.joined] == [("g-1", "Gran Pat")]
    assert code not in str(invites.of_case(CASE))

    revoked = invites.revoke_listed(CASE, oldest.invite_id)
    assert [j.joined_as for j in revoked.joined] == ["g-1"]
    assert invites.is_revoked(oldest.invite_id)
    assert not invites.is_revoked(newest.invite_id)
    with pytest.raises(InviteError, match="cancelled"):
        invites.redeem(code, NOW)
    with pytest.raises(InviteError, match="no such invite"):
        invites.revoke_listed(UUID(int=8), newest.invite_id)
    assert [i.revoked for i in invites.of_case(CASE)] == [False, True]


def test_a_device_turned_away_is_remembered_for_its_case_only(store: CaseStore) -> None:
    lobby = LobbyRecord(store)
    lobby.turn_away(CASE, "g-abc", now=NOW)
    assert lobby.turned_away(CASE) == {"g-abc"}
    assert lobby.turned_away(UUID(int=8)) == set()
