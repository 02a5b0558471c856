"""Opening and closing meetings; admitting people to them."""

from __future__ import annotations

from datetime import date

from board.commands.base import Command, CommandRefused, Context, checked_name, checked_text
from board.commands.people import person_or_refuse, proposed_person
from board.events import (
    ApologiesSent,
    Author,
    Fact,
    MeetingClosed,
    MeetingOpened,
    MeetingRecordedAfterwards,
    ParticipantAdmitted,
    ParticipantLeft,
    PersonAdded,
    PersonCorrected,
    TookPart,
)
from board.practice import (
    FAMILY_AND_NETWORK,
    FRAMEWORK_NAMES,
    MEETING_KINDS,
    MEETING_NAMES,
    PROFESSIONALS_ONLY,
    SOCIAL_WORKER_FACILITATES,
    STAFF_ROLES,
    MeetingKind,
    Role,
)
from board.projections.board import Board, Meeting, Person
from board.projections.child_voice import child_views_since_last_conference
from board.projections.entities import device_of
from board.projections.visibility import WRITTEN_IN, fact_ids, shared_with_family
from board.projections.wording import day


class OpenMeeting(Command, frozen=True, tag="open_meeting"):
    kind: MeetingKind
    title: str = ""
    professionals_only: bool = False  # strategy and legal planning meetings always are


class RecordMeetingAfterwards(Command, frozen=True, tag="record_meeting_afterwards"):
    """A meeting held away from the board (a strategy discussion by phone, a meeting
    without a screen): the day it was held, who took part (people of the case by id,
    staff by username), what it decided in words and, for a strategy discussion, whether
    section 47 enquiries were started (the chair or a manager says so)."""

    kind: MeetingKind
    held_on: date
    took_part: tuple[str, ...]
    outcome: str
    title: str = ""
    professionals_only: bool = False  # strategy and legal planning meetings always are
    section_47: bool | None = None


class RecordApologies(Command, frozen=True, tag="record_apologies"):
    """One of the case's people was invited to a meeting (being held, or held) and
    could not come: they sent their apologies, and the record says so."""

    meeting_id: str
    person_id: str


class AdmitParticipant(Command, frozen=True, tag="admit_participant"):
    """Let someone in: `participant_id` is who is waiting (their place in the lobby), let
    in as one of the case's people. With `person_id`, as that person; without, as the
    one person of the case with the name they gave, or else as a new person (with
    `as_new_person`, always a new person). `role` corrects the person's role. A person
    already in the meeting on another device is moved to this one (a rejoin)."""

    participant_id: str
    name: str
    role: Role
    person_id: str = ""
    as_new_person: bool = False
    relationship: str = ""


class JoinMeeting(Command, frozen=True, tag="join_meeting"):
    """A member of staff is in the open meeting (their screen says so as it connects)."""


class LeaveMeeting(Command, frozen=True, tag="leave_meeting"):
    """The sender leaves the meeting; the chair may also mark someone as gone."""

    participant_id: str = ""


class CloseMeeting(Command, frozen=True, tag="close_meeting"):
    decision: str = ""
    # At a review with no child's views recorded since the last conference the chair is
    # asked first (board.projections.child_voice); True: they were, and went ahead.
    without_child_views: bool = False


def _open_meeting_or_refuse(board: Board) -> Meeting:
    meeting = board.open_meeting
    if meeting is None:
        raise CommandRefused("no_open_meeting", "No meeting is open on this case.")
    return meeting


def refuse_unless_this_frameworks(board: Board, kind: MeetingKind) -> None:
    """No framework holds another's meetings (a wellbeing case has no conference)."""
    if kind not in MEETING_KINDS[board.framework]:
        held = ", ".join(MEETING_NAMES[k].lower() for k in MEETING_KINDS[board.framework])
        raise CommandRefused(
            "not_this_framework",
            f"A {MEETING_NAMES[kind].lower()} is not one of this case's meetings "
            f"({FRAMEWORK_NAMES[board.framework]}): it holds {held}.",
        )


def facilitates(kind: MeetingKind, by: Author) -> bool:
    """The chair facilitates every meeting; a social worker may facilitate a family
    network meeting without a chair account."""
    return by.role is Role.CHAIR or (
        by.role is Role.SOCIAL_WORKER and kind in SOCIAL_WORKER_FACILITATES
    )


def refuse_unless_facilitating(board: Board, ctx: Context) -> None:
    """For the chair's commands in a meeting: the chair, or the social worker running
    a family network meeting."""
    meeting = board.open_meeting
    if ctx.by.role is Role.CHAIR:
        return
    if meeting is None or not facilitates(meeting.kind, ctx.by):
        raise CommandRefused("forbidden", "Only the person chairing the meeting can do this.")


def open_meeting(board: Board, command: OpenMeeting, ctx: Context) -> list[Fact]:
    if not facilitates(command.kind, ctx.by):
        raise CommandRefused(
            "forbidden",
            "A social worker can open a family network meeting, a core group and the "
            "meetings a keyworker or fostering worker runs; other meetings need the chair.",
        )
    refuse_unless_this_frameworks(board, command.kind)
    if board.open_meeting is not None:
        raise CommandRefused(
            "meeting_already_open",
            f"'{board.open_meeting.title}' is still open. Close it before opening another.",
        )
    title = checked_text("title", command.title, required=False) or MEETING_NAMES[command.kind]
    professionals_only = command.professionals_only or command.kind in PROFESSIONALS_ONLY
    return [
        MeetingOpened(
            meeting_id=ctx.new_id(),
            kind=command.kind,
            title=title,
            professionals_only=professionals_only,
        ),
        # The person who opens the meeting is in it.
        ParticipantAdmitted(
            participant_id=ctx.by.participant_id, name=ctx.by.name, role=ctx.by.role
        ),
    ]


# Who may record whether a strategy discussion started section 47 enquiries.
SECTION_47_DECIDERS = frozenset({Role.CHAIR, Role.MANAGER})


def _took_part(
    board: Board, ids: tuple[str, ...], professionals_only: bool
) -> tuple[TookPart, ...]:
    if not ids:
        raise CommandRefused(
            "nobody_took_part", "Please say who took part in the meeting: at least one person."
        )
    took_part: dict[str, TookPart] = {}
    for person_id in ids:
        person = board.people.get(person_id)
        staff = board.staff.get(person_id)
        if person is not None and not person.retired:
            name, role = person.name, person.role
        elif staff is not None:
            name, role = staff.name, staff.role
        else:
            raise CommandRefused(
                "not_of_the_case",
                "Everyone who took part is one of the case's people or its staff; "
                "one of them is not.",
            )
        if professionals_only and role in FAMILY_AND_NETWORK:
            raise CommandRefused(
                "professionals_only",
                f"This meeting is for professionals only: {name} cannot have taken part.",
            )
        took_part[person_id] = TookPart(person_id=person_id, name=name, role=role)
    return tuple(took_part.values())


def record_meeting_afterwards(
    board: Board, command: RecordMeetingAfterwards, ctx: Context
) -> list[Fact]:
    if board.open_meeting is not None:
        raise CommandRefused(
            "meeting_already_open",
            f"'{board.open_meeting.title}' is open. Record a meeting held elsewhere once "
            "it has closed.",
        )
    refuse_unless_this_frameworks(board, command.kind)
    held = command.held_on
    if ctx.today is not None and held > ctx.today():
        raise CommandRefused(
            "date_in_future",
            f"The meeting is recorded after it was held; {day(held)} is still to come.",
        )
    if board.opened_on is not None and held < board.opened_on:
        raise CommandRefused(
            "before_case_opened",
            f"{day(held)} is before the case was opened ({day(board.opened_on)}).",
        )
    strategy = command.kind is MeetingKind.STRATEGY
    if command.section_47 is not None and not strategy:
        raise CommandRefused(
            "not_a_strategy_discussion",
            "Whether section 47 enquiries start is decided at a strategy discussion.",
        )
    if command.section_47 is not None and ctx.by.role not in SECTION_47_DECIDERS:
        raise CommandRefused(
            "forbidden",
            "The chair or a manager records whether section 47 enquiries start; record "
            "the discussion without it, and they can add it.",
        )
    professionals_only = command.professionals_only or command.kind in PROFESSIONALS_ONLY
    took_part = _took_part(board, command.took_part, professionals_only)
    outcome = checked_text("outcome", command.outcome)
    title = checked_text("title", command.title, required=False) or MEETING_NAMES[command.kind]
    return [
        MeetingRecordedAfterwards(
            meeting_id=ctx.new_id(),
            kind=command.kind,
            title=title,
            held_on=held,
            took_part=took_part,
            outcome=outcome,
            professionals_only=professionals_only,
            section_47=command.section_47,
        )
    ]


def record_apologies(board: Board, command: RecordApologies, ctx: Context) -> list[Fact]:
    meeting = board.meetings.get(command.meeting_id)
    if meeting is None:
        raise CommandRefused("unknown_meeting", "There is no such meeting on this case.")
    person = person_or_refuse(board, command.person_id)
    if person.person_id in meeting.apologies:
        raise CommandRefused(
            "apologies_already_sent", f"{person.name}'s apologies are already recorded."
        )
    if person.person_id in meeting.participants:
        raise CommandRefused(
            "was_there", f"{person.name} was at the meeting: they did not send apologies."
        )
    if meeting.professionals_only and person.role in FAMILY_AND_NETWORK:
        raise CommandRefused(
            "professionals_only",
            f"This meeting is for professionals only: {person.name} was not invited.",
        )
    return [
        ApologiesSent(
            meeting_id=meeting.meeting_id,
            person_id=person.person_id,
            name=person.name,
            role=person.role,
        )
    ]


def admit_participant(board: Board, command: AdmitParticipant, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    waiting = checked_name("participant", command.participant_id)
    if command.role in STAFF_ROLES:
        raise CommandRefused(
            "role_not_allowed", "Staff join with their own account; they cannot be let in."
        )
    if meeting.professionals_only and command.role in FAMILY_AND_NETWORK:
        raise CommandRefused(
            "professionals_only",
            "This meeting is for professionals only: family, network and children "
            "cannot be let in.",
        )
    facts: list[Fact] = []
    person = _admitted_as(board, command, waiting)
    if person is None:
        person_id = waiting
        facts.append(
            PersonAdded(
                person_id=person_id,
                name=checked_name("name", command.name),
                role=command.role,
                relationship=checked_text("relationship", command.relationship, required=False),
            )
        )
        name = command.name.strip()
    else:
        person_id, name = person.person_id, person.name
        if person.role is not command.role:  # the chair corrects the role as they let them in
            facts.append(
                PersonCorrected(
                    person_id=person_id,
                    name=person.name,
                    role=command.role,
                    relationship=person.relationship,
                    contact=person.contact,
                    agency=person.agency,
                )
            )
    # Rejoining: someone in the meeting on one device is let in from another (their
    # phone died): the new device takes their place, and the old one is signed out.
    replaces = ""
    present = meeting.participants.get(person_id)
    if present is not None and present.present:
        if present.role in STAFF_ROLES or device_of(present) == waiting:
            raise CommandRefused("already_admitted", f"{present.name} is already in the meeting.")
        replaces = device_of(present)
    joined_as = waiting if waiting != person_id else ""
    facts.append(
        ParticipantAdmitted(
            participant_id=person_id,
            name=name,
            role=command.role,
            joined_as=joined_as,
            replaces=replaces,
        )
    )
    return facts


def _admitted_as(board: Board, command: AdmitParticipant, waiting: str) -> Person | None:
    """The case's person this is, or None for someone new."""
    if command.person_id:
        return person_or_refuse(board, command.person_id)
    if waiting in board.people:
        return person_or_refuse(board, waiting)
    if command.as_new_person:
        return None
    return proposed_person(board, command.name)


def join_meeting(board: Board, command: JoinMeeting, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    present = meeting.participants.get(ctx.by.participant_id)
    if present is not None and present.present:
        raise CommandRefused("already_admitted", "You are already in the meeting.")
    return [
        ParticipantAdmitted(
            participant_id=ctx.by.participant_id, name=ctx.by.name, role=ctx.by.role
        )
    ]


def leave_meeting(board: Board, command: LeaveMeeting, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    leaving = command.participant_id or ctx.by.participant_id
    if leaving != ctx.by.participant_id and not facilitates(meeting.kind, ctx.by):
        raise CommandRefused("not_yours", "Only the chair can mark someone else as gone.")
    participant = meeting.participants.get(leaving)
    if participant is None or not participant.present:
        raise CommandRefused("not_in_meeting", "That person is not in the meeting.")
    return [ParticipantLeft(participant_id=leaving)]


def close_meeting(board: Board, command: CloseMeeting, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    decision = checked_text("decision", command.decision, required=False)
    views = child_views_since_last_conference(board)
    if views.ask_chair and not command.without_child_views:
        raise CommandRefused("child_views_not_heard", views.question)
    return [
        MeetingClosed(
            meeting_id=meeting.meeting_id,
            decision=decision,
            without_child_views=views.ask_chair,
        )
    ]


# Facts about who is in a meeting name people, but change nothing the family has seen.
_MEMBERSHIP = (MeetingOpened, ParticipantAdmitted, ParticipantLeft, MeetingClosed)


def refuse_changing_what_the_family_saw(board: Board, facts: list[Fact]) -> None:
    """In a meeting for professionals only, what the family has seen stays as it is:
    change it in a meeting with them, or write something new here. (So what is written
    in such a meeting is exactly what is withheld from them.)"""
    meeting = board.open_meeting
    if meeting is None or not meeting.professionals_only:
        return
    for fact in facts:
        if isinstance(fact, _MEMBERSHIP):
            continue
        for entity_id in fact_ids(fact):
            for collection in WRITTEN_IN:
                if shared_with_family(board, collection, entity_id):
                    raise CommandRefused(
                        "shared_with_family",
                        "The family has seen this, so it cannot be changed in a meeting for "
                        "professionals only. Change it in a meeting with them, or write "
                        "something new here.",
                    )
