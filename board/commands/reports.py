"""Partner agencies' reports before a meeting (E72): staff record a report an agency sent
in for a coming meeting, and the chair maps its points into the domains, each an item
whose source is the report."""

from __future__ import annotations

from datetime import date

from board.commands.base import Command, CommandRefused, Context, checked_name, checked_text
from board.commands.course import refuse_odd_date
from board.commands.meetings import refuse_unless_this_frameworks
from board.commands.outcomes import meeting_day
from board.events import AgencyReportPointMapped, AgencyReportSubmitted, Fact, ItemAdded
from board.practice import (
    MEETING_NAMES,
    NAME_LIMIT,
    REPORT_LIMIT,
    Domain,
    ItemKind,
    MeetingKind,
)
from board.projections.board import Board
from board.projections.wording import day


class SubmitAgencyReport(Command, frozen=True, tag="submit_agency_report"):
    """A partner agency's written report for a coming meeting (its kind and booked day),
    recorded by staff: the agency, who wrote it, and its words, whole."""

    agency: str
    author: str
    text: str
    for_meeting: MeetingKind
    meeting_on: date


class MapReportPoint(Command, frozen=True, tag="map_report_point"):
    """One point of a report, put by the chair into a domain as an item."""

    report_id: str
    domain: Domain
    text: str
    kind: ItemKind = ItemKind.JUDGEMENT


def _refuse_if_held(board: Board, kind: MeetingKind, on: date, ctx: Context) -> None:
    """A report comes in before its meeting: not for a day gone by, nor for a meeting of
    that kind already held (or open) that day, nor for a second initial conference."""
    name = MEETING_NAMES[kind].lower()
    if ctx.today is not None and on < ctx.today():
        raise CommandRefused(
            "meeting_already_held",
            f"The {name} on {day(on)} has already been held: a report comes in before it.",
        )
    held = [m for m in board.meetings.values() if m.kind is kind]
    if any(meeting_day(m) == on for m in held) or (kind is MeetingKind.ICPC and held):
        raise CommandRefused(
            "meeting_already_held",
            f"The {name} has already been held: a report comes in before it.",
        )


def submit_agency_report(board: Board, command: SubmitAgencyReport, ctx: Context) -> list[Fact]:
    refuse_unless_this_frameworks(board, command.for_meeting)
    refuse_odd_date(command.meeting_on, "day of the meeting")
    _refuse_if_held(board, command.for_meeting, command.meeting_on, ctx)
    return [
        AgencyReportSubmitted(
            report_id=ctx.new_id(),
            agency=checked_name("agency", command.agency),
            author=checked_name("author", command.author),
            text=checked_text("report", command.text, limit=REPORT_LIMIT),
            for_meeting=command.for_meeting,
            meeting_on=command.meeting_on,
        )
    ]


def map_report_point(board: Board, command: MapReportPoint, ctx: Context) -> list[Fact]:
    report = board.agency_reports.get(command.report_id)
    if report is None:
        raise CommandRefused("unknown_report", "There is no such report on this case.")
    item_id = ctx.new_id()
    # The item's source names the report, within a source's length ("police report
    # (DC Ray Patel)"); the link itself is the report's, kept whole.
    source = f"{report.agency} report ({report.author})"
    if len(source) > NAME_LIMIT:
        source = report.agency  # at most NAME_LIMIT itself
    return [
        ItemAdded(
            item_id=item_id,
            domain=command.domain,
            text=checked_text("text", command.text),
            kind=command.kind,
            source=source,
        ),
        AgencyReportPointMapped(report_id=report.report_id, item_id=item_id),
    ]
