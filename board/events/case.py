"""Facts about the case itself."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import Framework


class CaseOpened(Fact, frozen=True):
    """A case is opened. The worker chooses how the child and family are shown
    (first names or initials), so the board need not hold full legal names."""

    child_name: str
    family_name: str
    framework: Framework
