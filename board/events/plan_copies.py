"""Facts about the family's copies of the plan: who was given which, and when."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import PlanCopy


class PlanCopyGiven(Fact, frozen=True):
    """A person of the case was given a copy of the plan (the event says when and by
    whom); `position` is the point of the plan they were given."""

    copy_id: str
    person_id: str
    copy: PlanCopy
    position: int
    how: str = ""  # "printed, at the core group", "sent by email"
