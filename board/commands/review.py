"""Going through an earlier meeting's mapping at a review: still true, or no longer
true and why. (Changed is an edit: board.commands.mapping.EditItem.)

The room agrees; a member of staff records it, in a meeting: a finding about the
family's life is made with the family, not between meetings.
"""

from __future__ import annotations

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.events import Fact, ItemConfirmed, ItemNoLongerTrue
from board.projections.board import Board, Item


class ConfirmItem(Command, frozen=True, tag="confirm_item"):
    """The item is still true."""

    item_id: str


class MarkItemNoLongerTrue(Command, frozen=True, tag="mark_item_no_longer_true"):
    """The item is no longer true; `reason` says why, in the room's words."""

    item_id: str
    reason: str


def _reviewable(board: Board, item_id: str) -> Item:
    item = board.items.get(item_id)
    if item is None:
        raise CommandRefused("item_not_found", "There is no such item on this board.")
    if item.removed:
        raise CommandRefused("item_removed", "That item is no longer on the board.")
    if board.open_meeting is None:
        raise CommandRefused(
            "no_open_meeting", "Items are gone through at a meeting: open the meeting first."
        )
    return item


def confirm_item(board: Board, command: ConfirmItem, ctx: Context) -> list[Fact]:
    item = _reviewable(board, command.item_id)
    if item.confirmed is not None and item.confirmed.meeting_id == board.open_meeting_id:
        raise CommandRefused("no_change", "This item is already marked still true at this meeting.")
    return [ItemConfirmed(item_id=item.item_id)]


def mark_item_no_longer_true(
    board: Board, command: MarkItemNoLongerTrue, ctx: Context
) -> list[Fact]:
    item = _reviewable(board, command.item_id)
    reason = checked_text("reason", command.reason)
    return [ItemNoLongerTrue(item_id=item.item_id, reason=reason)]
