"""Facts of a review going through an earlier meeting's mapping, item by item.

At a review conference "the case mapping exercise from the ICPC should be displayed,
and a newly mapped assessment undertaken" (seed 002): the room says of each item
whether it is still true, changed (an ItemEdited), or no longer true, and why. An
item no longer true leaves the current map but keeps its words and the reason, so
the compare page can lay both maps side by side.
"""

from __future__ import annotations

from board.events.base import Fact


class ItemConfirmed(Fact, frozen=True):
    """The room agreed the item is still true, at the meeting it was recorded in."""

    item_id: str


class ItemNoLongerTrue(Fact, frozen=True):
    """The room agreed the item is no longer true, and said why. Unlike ItemRemoved
    (taken off: a mistake, a duplicate), this is a finding about the family's life."""

    item_id: str
    reason: str
