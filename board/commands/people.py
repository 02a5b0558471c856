"""The case's people: its children, the network, the staff allocated to it, and the
framework it is worked under."""

from __future__ import annotations

from dataclasses import dataclass

from board.commands.base import Command, CommandRefused, Context, checked_name, checked_text
from board.events import (
    ChildAdded,
    Fact,
    FrameworkChanged,
    PersonAdded,
    PersonCorrected,
    PersonRetired,
    StaffAllocated,
    StaffUnallocated,
)
from board.practice import STAFF_ROLES, Framework, Role
from board.projections.board import Board, Person

MAX_AGE = 25  # care leavers are supported to 25


class AddChild(Command, frozen=True, tag="add_child"):
    name: str
    age: int | None = None


class ChangeFramework(Command, frozen=True, tag="change_framework"):
    framework: Framework


class AddPerson(Command, frozen=True, tag="add_person"):
    name: str
    role: Role
    relationship: str = ""
    contact: str = ""
    agency: str = ""


class CorrectPerson(Command, frozen=True, tag="correct_person"):
    """Only the fields named are changed."""

    person_id: str
    name: str | None = None
    role: Role | None = None
    relationship: str | None = None
    contact: str | None = None
    agency: str | None = None


class RetirePerson(Command, frozen=True, tag="retire_person"):
    person_id: str
    reason: str = ""


class AllocateStaff(Command, frozen=True, tag="allocate_staff"):
    """Allocate a member of staff to the case (the server fills name and role from
    their account)."""

    username: str
    name: str
    role: Role


class UnallocateStaff(Command, frozen=True, tag="unallocate_staff"):
    username: str


def checked_age(age: int | None) -> int | None:
    if age is not None and not 0 <= age <= MAX_AGE:
        raise CommandRefused("invalid_age", f"An age is a whole number of years, 0 to {MAX_AGE}.")
    return age


def checked_person_role(role: Role) -> Role:
    if role in STAFF_ROLES:
        raise CommandRefused(
            "role_not_allowed",
            "Staff are allocated to the case with their own account, not added as people.",
        )
    return role


def person_or_refuse(board: Board, person_id: str) -> Person:
    person = board.people.get(person_id)
    if person is None:
        raise CommandRefused("unknown_person", "There is no such person on this case.")
    if person.retired:
        raise CommandRefused(
            "person_retired", f"{person.name} is no longer one of this case's people."
        )
    return person


def add_child(board: Board, command: AddChild, ctx: Context) -> list[Fact]:
    return [
        ChildAdded(
            child_id=ctx.new_id(),
            name=checked_name("child's name", command.name),
            age=checked_age(command.age),
        )
    ]


def change_framework(board: Board, command: ChangeFramework, ctx: Context) -> list[Fact]:
    if command.framework is board.framework:
        raise CommandRefused("no_change", "The case already uses that framework.")
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only:
        # Every screen's words and course follow the framework: a move made here would
        # tell the family what a meeting they are not shown decided.
        raise CommandRefused(
            "professionals_only",
            "Move the case to another framework after this meeting for professionals "
            "only closes, once the family can be told.",
        )
    return [FrameworkChanged(framework=command.framework)]


def add_person(board: Board, command: AddPerson, ctx: Context) -> list[Fact]:
    return [
        PersonAdded(
            person_id=ctx.new_id(),
            name=checked_name("name", command.name),
            role=checked_person_role(command.role),
            relationship=checked_text("relationship", command.relationship, required=False),
            contact=checked_text("contact details", command.contact, required=False),
            agency=checked_text("agency", command.agency, required=False),
        )
    ]


def correct_person(board: Board, command: CorrectPerson, ctx: Context) -> list[Fact]:
    person = person_or_refuse(board, command.person_id)
    corrected = PersonCorrected(
        person_id=person.person_id,
        name=person.name if command.name is None else checked_name("name", command.name),
        role=person.role if command.role is None else checked_person_role(command.role),
        relationship=person.relationship
        if command.relationship is None
        else checked_text("relationship", command.relationship, required=False),
        contact=person.contact
        if command.contact is None
        else checked_text("contact details", command.contact, required=False),
        agency=person.agency
        if command.agency is None
        else checked_text("agency", command.agency, required=False),
    )
    unchanged = (person.name, person.role, person.relationship, person.contact, person.agency)
    if (
        corrected.name,
        corrected.role,
        corrected.relationship,
        corrected.contact,
        corrected.agency,
    ) == unchanged:
        raise CommandRefused("no_change", "Those are already the person's details.")
    return [corrected]


def retire_person(board: Board, command: RetirePerson, ctx: Context) -> list[Fact]:
    person = person_or_refuse(board, command.person_id)
    reason = checked_text("reason", command.reason, required=False)
    return [PersonRetired(person_id=person.person_id, reason=reason)]


def allocate_staff(board: Board, command: AllocateStaff, ctx: Context) -> list[Fact]:
    if command.role not in STAFF_ROLES:
        raise CommandRefused("role_not_allowed", "Only staff are allocated to a case.")
    current = board.staff.get(command.username)
    if current is not None and current.role is command.role:
        raise CommandRefused("already_allocated", f"{current.name} is already allocated.")
    return [
        StaffAllocated(
            username=checked_name("username", command.username),
            name=checked_name("name", command.name),
            role=command.role,
        )
    ]


def unallocate_staff(board: Board, command: UnallocateStaff, ctx: Context) -> list[Fact]:
    if command.username not in board.staff:
        raise CommandRefused("not_allocated", "That person is not allocated to this case.")
    if len(board.staff) == 1:
        raise CommandRefused(
            "last_allocation", "A case always has someone allocated: allocate another first."
        )
    return [StaffUnallocated(username=command.username)]


def same_name(a: str, b: str) -> bool:
    """Names as people type them: case and spacing do not matter."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def proposed_person(board: Board, name: str, invited_as: str = "") -> Person | None:
    """Whom someone waiting is let in as, unless the chair chooses (pure): the person
    their named invite was for; else the one person of the case with the name they gave;
    else nobody (a new person). The chair's screen offers the same (board.web.invites_api)."""
    if invited_as:
        invited = board.people.get(invited_as)
        if invited is not None and not invited.retired:
            return invited
    named = [p for p in board.current_people() if same_name(p.name, name)]
    return named[0] if len(named) == 1 else None


@dataclass(frozen=True)
class LobbyProposal:
    """What the chair's screen offers for someone waiting (board.web.invites_api)."""

    person: Person | None  # chosen for them: only the person their named invite was for
    says: Person | None  # the person of the case whose name they typed: a hint to check
    role: Role  # that person's role; else the one their code gave
    here: bool  # that person is in the meeting now (on another device: a rejoin)


def lobby_proposal(board: Board, name: str, invited_as: str, role: Role) -> LobbyProposal:
    """Whom the chair is offered to let someone waiting in as (pure). Only a named
    invite (a code the chair gave one person, which works on one device) chooses the
    person; a typed name that matches one of the case's people is a claim for the
    chair to check, never chosen for them; the role offered is the person's, not the
    code's."""
    invited = board.people.get(invited_as) if invited_as else None
    if invited is not None and invited.retired:
        invited = None
    says = None
    if invited is None:
        named = [p for p in board.current_people() if same_name(p.name, name)]
        says = named[0] if len(named) == 1 else None
    person = invited or says
    meeting = board.open_meeting
    there = meeting.participants.get(person.person_id) if meeting and person else None
    return LobbyProposal(
        person=invited,
        says=says,
        role=person.role if person is not None else role,
        here=there is not None and there.present,
    )
