"""Opening and closing meetings; admitting people to them."""

from __future__ import annotations

from board.commands.base import Command, CommandRefused, Context, checked_name, checked_text
from board.events import Fact, MeetingClosed, MeetingOpened, ParticipantAdmitted, ParticipantLeft
from board.practice import MEETING_NAMES, MeetingKind, Role
from board.projections.board import Board, Meeting


class OpenMeeting(Command, frozen=True, tag="open_meeting"):
    kind: MeetingKind
    title: str = ""


class AdmitParticipant(Command, frozen=True, tag="admit_participant"):
    participant_id: str
    name: str
    role: Role


class LeaveMeeting(Command, frozen=True, tag="leave_meeting"):
    """The sender leaves the meeting; the chair may also mark someone as gone."""

    participant_id: str = ""


class CloseMeeting(Command, frozen=True, tag="close_meeting"):
    decision: str = ""


def _open_meeting_or_refuse(board: Board) -> Meeting:
    meeting = board.open_meeting
    if meeting is None:
        raise CommandRefused("no_open_meeting", "No meeting is open on this case.")
    return meeting


def open_meeting(board: Board, command: OpenMeeting, ctx: Context) -> list[Fact]:
    if board.open_meeting is not None:
        raise CommandRefused(
            "meeting_already_open",
            f"'{board.open_meeting.title}' is still open. Close it before opening another.",
        )
    title = checked_text("title", command.title, required=False) or MEETING_NAMES[command.kind]
    return [
        MeetingOpened(meeting_id=ctx.new_id(), kind=command.kind, title=title),
        # The person who opens the meeting is in it.
        ParticipantAdmitted(
            participant_id=ctx.by.participant_id, name=ctx.by.name, role=ctx.by.role
        ),
    ]


def admit_participant(board: Board, command: AdmitParticipant, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    participant_id = checked_name("participant", command.participant_id)
    present = meeting.participants.get(participant_id)
    if present is not None and present.present:
        raise CommandRefused("already_admitted", f"{present.name} is already in the meeting.")
    return [
        ParticipantAdmitted(
            participant_id=participant_id,
            name=checked_name("name", command.name),
            role=command.role,
        )
    ]


def leave_meeting(board: Board, command: LeaveMeeting, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    leaving = command.participant_id or ctx.by.participant_id
    if leaving != ctx.by.participant_id and ctx.by.role is not Role.CHAIR:
        raise CommandRefused("not_yours", "Only the chair can mark someone else as gone.")
    participant = meeting.participants.get(leaving)
    if participant is None or not participant.present:
        raise CommandRefused("not_in_meeting", "That person is not in the meeting.")
    return [ParticipantLeft(participant_id=leaving)]


def close_meeting(board: Board, command: CloseMeeting, ctx: Context) -> list[Fact]:
    meeting = _open_meeting_or_refuse(board)
    decision = checked_text("decision", command.decision, required=False)
    return [MeetingClosed(meeting_id=meeting.meeting_id, decision=decision)]
