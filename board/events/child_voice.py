"""Facts about the child's voice: their Three Houses, in their own words and pictures."""

from __future__ import annotations

from datetime import date

import msgspec

from board.events.base import Fact
from board.practice import House


class Stroke(msgspec.Struct, frozen=True, gc=False):
    """One line of a drawing: a colour name and its points, flat (x0, y0, x1, y1, …),
    in units of a square DRAWING_SIZE a side, so it replays at any size."""

    colour: str
    points: tuple[int, ...]


class ChildViewRecorded(Fact, frozen=True):
    """Something a child says goes in one of their three houses. Recorded by the child
    from their own phone, or by a worker on their behalf ("Lily told me…": the event's
    author is who wrote it down, and `how` says how it was heard).

    `kept_for_professionals`: the child's own channel. The child (or the worker, as the
    child asked) keeps it for the professionals only, until the child agrees to share
    it with the room (ChildAgreedToShare)."""

    view_id: str
    child_id: str
    house: House
    text: str
    drawing: tuple[Stroke, ...] = ()
    how: str = ""
    kept_for_professionals: bool = False


class ChildAgreedToShare(Fact, frozen=True):
    """The child agreed that a view they had kept for the professionals only is shared
    with the room: from this point on, not before, the family sees it. Recorded by the
    child from their own phone, or by staff ("Lily said yes at the home visit").
    `how`: how they agreed; `agreed_on`: the day, when it was not the day this was
    recorded."""

    view_id: str
    how: str = ""
    agreed_on: date | None = None


class RulePutInChildsWords(Fact, frozen=True):
    """For the child's Words and Pictures plan, made with them: a rule in the child's
    own words, with a picture (one of PICTURES) or their own drawing."""

    rule_id: str
    child_id: str
    text: str
    picture: str = ""
    drawing: tuple[Stroke, ...] = ()
