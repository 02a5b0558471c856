"""Partner agencies' written reports for a coming meeting (E72: "Multi-agency Child
Protection Conference Report"): the police, the school, health... send their report
before the conference, and the chair maps its points into the domains."""

from __future__ import annotations

from datetime import date

from board.events.base import Fact
from board.practice import MeetingKind


class AgencyReportSubmitted(Fact, frozen=True):
    """A partner agency's report for a coming meeting, recorded by staff: which agency,
    who wrote it, its words, and the meeting it is for (its kind and booked day). It is
    for professionals only until staff share it with the family (SharedWithFamily)."""

    report_id: str
    agency: str
    author: str  # the name of the professional who wrote it
    text: str
    for_meeting: MeetingKind
    meeting_on: date


class AgencyReportPointMapped(Fact, frozen=True):
    """One point of a report mapped into a domain by the chair: the item it became (its
    ItemAdded, recorded with it, names the report as its source)."""

    report_id: str
    item_id: str
