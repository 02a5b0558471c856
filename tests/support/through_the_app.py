"""For tests that drive the application directly: a clock of the test's own, Lily's case
with her mum, and the check that a refused command records nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

import pytest

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author
from board.practice import Framework, Role
from board.projections.board import project


class Clock:
    """Starts at `start` and moves a minute on at each reading, so every event has a
    time of its own; a test sets `now` (or calls `on`) to jump to a day of its story."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now

    def on(self, day: date) -> None:
        """That day, at the start's time of day."""
        self.now = datetime.combine(day, self.start.timetz())


def lily_and_her_mum(app: BoardApplication, by: Author) -> tuple[UUID, str, str]:
    """A case for Lily (6) of the Carter family, with Sarah, her mum, as one of its
    people; (case, Lily's child id, Sarah's person id)."""
    case_id = app.open_case("Lily", "the Carter family", Framework.SAFETY, by)
    (child,) = app.execute(case_id, c.AddChild(name="Lily", age=6), by)
    (mum,) = app.execute(
        case_id, c.AddPerson(name="Sarah", role=Role.PARENT, relationship="mum"), by
    )
    return case_id, child.fact.child_id, mum.fact.person_id  # type: ignore[attr-defined]


def allocate(app: BoardApplication, case_id: UUID, by: Author, staff: dict[str, Author]) -> None:
    """Allocate each member of staff (username: who) to the case."""
    for username, who in staff.items():
        app.execute(case_id, c.AllocateStaff(username=username, name=who.name, role=who.role), by)


def refused(
    app: BoardApplication, case_id: UUID, command: c.Command, by: Author, code: str
) -> None:
    """The command is refused with `code`, and nothing is recorded."""
    before = list(app.store.read(case_id))
    with pytest.raises(c.CommandRefused) as refusal:
        app.execute(case_id, command, by)
    assert refusal.value.code == code, refusal.value.message
    assert refusal.value.message
    assert list(app.store.read(case_id)) == before
    assert app.board(case_id) == project(before)
