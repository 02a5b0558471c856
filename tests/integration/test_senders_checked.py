"""A command from a live connection is decided only while its sender is still where
they must be, checked by the application on the board it decides on: a guest in the
open meeting (and never in one for professionals only), staff allocated to the case.
Each refusal has its code and records nothing; without a sender (the command line,
the HTTP routes the gate has just checked) nothing changes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import pytest

from board import commands as c
from board import events as ev
from board.application.service import BoardApplication
from board.application.writer import Sender
from board.commands.case import NewChild
from board.events import Author
from board.practice import Domain, MeetingKind, Role

CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
MANAGER = Author("staff-helen", "Helen Ward", Role.MANAGER)
GRAN = Author("gran", "Gran Pat", Role.NETWORK_MEMBER)
POLICE = Author("pc-jones", "PC Jones", Role.PROFESSIONAL)
GUEST = Sender.of_guest()


def _case(app: BoardApplication) -> UUID:
    opened = c.OpenCase(
        children=(NewChild(name="Lily"),), family_name="the Carters", allocate_to="sam"
    )
    return app.open_new_case(opened, CHAIR)


def _admit(app: BoardApplication, case_id: UUID, who: Author) -> None:
    admit = c.AdmitParticipant(
        participant_id=who.participant_id, name=who.name, role=who.role, as_new_person=True
    )
    app.execute(case_id, admit, CHAIR)


def _refused(
    app: BoardApplication, case_id: UUID, command: c.Command, by: Author, **kw: object
) -> str:
    head = app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(case_id, command, by, **kw)  # type: ignore[arg-type]
    assert app.head(case_id) == head, "a refusal records nothing"
    return refused.value.code


ITEM = c.AddItem(domain=Domain.EXISTING_SAFETY, text="Gran collects Lily")


def test_a_guest_decides_only_while_in_the_open_meeting(app: BoardApplication) -> None:
    case_id = _case(app)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), CHAIR)
    assert _refused(app, case_id, ITEM, GRAN, sender=GUEST) == "not_in_meeting"  # not let in
    _admit(app, case_id, GRAN)
    app.execute(case_id, ITEM, GRAN, sender=GUEST)
    app.execute(case_id, c.LeaveMeeting(participant_id=GRAN.participant_id), CHAIR)
    assert _refused(app, case_id, ITEM, GRAN, sender=GUEST) == "not_in_meeting"  # removed
    _admit(app, case_id, GRAN)  # let in again: her commands count again
    app.execute(case_id, ITEM, GRAN, sender=GUEST)
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    assert _refused(app, case_id, ITEM, GRAN, sender=GUEST) == "not_in_meeting"  # closed
    # Without a sender (the command line, a test) the rule alone decides, as before.
    app.execute(case_id, ITEM, GRAN)


def test_no_guest_command_while_a_meeting_for_professionals_only_is_open(
    app: BoardApplication,
) -> None:
    case_id = _case(app)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    _admit(app, case_id, POLICE)  # a professional may be let in; their screen sends nothing
    for command in (ITEM, c.LeaveMeeting()):
        assert _refused(app, case_id, command, POLICE, sender=GUEST) == "professionals_only"


def test_staff_decide_only_while_the_case_is_allocated_to_them(app: BoardApplication) -> None:
    case_id = _case(app)
    app.execute(case_id, ITEM, CHAIR, sender=Sender.of_staff("sam"))
    assert _refused(app, case_id, ITEM, MANAGER, sender=Sender.of_staff("helen")) == (
        "not_allocated"
    )
    allocate = c.AllocateStaff(username="helen", name=MANAGER.name, role=MANAGER.role)
    app.execute(case_id, allocate, MANAGER)
    app.execute(case_id, ITEM, MANAGER, sender=Sender.of_staff("helen"))
    app.execute(case_id, c.UnallocateStaff(username="sam"), MANAGER)
    assert _refused(app, case_id, ITEM, CHAIR, sender=Sender.of_staff("sam")) == "not_allocated"


@contextmanager
def _burst(app: BoardApplication, case_id: UUID, sender: Sender) -> Iterator[list[str]]:
    """Gran sends 200 items from eight threads; the body runs once some are recorded,
    racing the rest. Yields the codes of those refused (complete once the body ends)."""
    go = threading.Barrier(8)
    some_recorded = threading.Event()
    codes: list[str] = []

    def send(n: int) -> None:
        go.wait()
        for k in range(25):
            item = c.AddItem(domain=Domain.EXISTING_SAFETY, text=f"Item {n}-{k}")
            try:
                app.execute(case_id, item, GRAN, sender=sender)
            except c.CommandRefused as refused:
                codes.append(refused.code)
            if k == 2:
                some_recorded.set()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    assert some_recorded.wait(30)
    try:
        yield codes
    finally:
        for thread in threads:
            thread.join()


def test_a_removed_guests_queued_commands_are_refused_and_never_recorded(
    app: BoardApplication,
) -> None:
    """Commands from eight threads race the chair's removal through the same writer:
    every one decided after the removal is refused, so each of the guest's events is
    before the removal's position."""
    case_id = _case(app)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), CHAIR)
    _admit(app, case_id, GRAN)
    with _burst(app, case_id, GUEST) as codes:
        removed = app.execute(case_id, c.LeaveMeeting(participant_id=GRAN.participant_id), CHAIR)
    removal = removed[-1].position
    by_gran = [e.position for e in app.events(case_id) if e.by.participant_id == "gran"]
    assert by_gran and all(position < removal for position in by_gran)
    assert set(codes) <= {"not_in_meeting"}
    assert len(by_gran) + len(codes) == 200


def test_a_replaced_devices_queued_commands_are_refused_and_never_recorded(
    app: BoardApplication,
) -> None:
    """Gran's first phone sends from eight threads while the chair lets her in again
    from a second device: every command decided after that is refused, `signed_out`;
    the second device's commands count."""
    case_id = _case(app)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), CHAIR)
    _admit(app, case_id, GRAN)  # on the device "gran" (let in as someone new)
    old, new = Sender.of_guest("gran"), Sender.of_guest("gran-phone-2")
    rejoin = c.AdmitParticipant(
        participant_id="gran-phone-2", name=GRAN.name, role=GRAN.role, person_id="gran"
    )
    with _burst(app, case_id, old) as codes:
        (admitted,) = app.execute(case_id, rejoin, CHAIR)
    assert admitted.fact == ev.ParticipantAdmitted(
        participant_id="gran",
        name=GRAN.name,
        role=GRAN.role,
        joined_as="gran-phone-2",
        replaces="gran",
    )
    by_gran = [e.position for e in app.events(case_id) if e.by.participant_id == "gran"]
    assert by_gran and all(position < admitted.position for position in by_gran)
    assert set(codes) <= {"signed_out"}
    assert len(by_gran) + len(codes) == 200
    assert _refused(app, case_id, ITEM, GRAN, sender=old) == "signed_out"
    (added,) = app.execute(case_id, ITEM, GRAN, sender=new)
    assert added.position > admitted.position
